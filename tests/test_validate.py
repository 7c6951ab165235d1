"""Text checks of `kc validate` and its command-line behaviour."""

from __future__ import annotations

import json
import shutil
from datetime import date

from kc.checks.validate import check_consultation_period, validate
from kc.cli import main
from kc.content.model import Project

HOUSING_SV = "docs/sv/guidelines/housing/index.md"
HOUSING_EN = "docs/en/guidelines/housing/index.md"


def errors_of(root):
    return [str(f) for f in validate(Project.load(root)) if f.severity == "error"]


def test_basic_fixture_is_valid(site_copy):
    assert errors_of(site_copy("basic")) == []


def test_missing_swedish_text(site_copy):
    root = site_copy("basic")
    shutil.rmtree(root / "docs/sv/guidelines/schools")
    assert (
        "docs/guidelines/schools.yml:1: guideline SC has no Swedish text; "
        "add docs/sv/guidelines/schools/index.md" in errors_of(root)
    )


def test_missing_english_text_is_a_warning(site_copy):
    root = site_copy("basic")
    found = [f for f in validate(Project.load(root)) if f.rule == "translation-missing"]
    assert [(f.path, f.severity) for f in found] == [("docs/guidelines/schools.yml", "warning")]


def test_orphan_text(site_copy):
    root = site_copy("basic")
    (root / "docs/en/guidelines/ghost").mkdir()
    (root / "docs/en/guidelines/ghost/index.md").write_text("## 1 Syfte\n\nText.\n", encoding="utf-8")
    assert any(
        e.startswith("docs/en/guidelines/ghost/index.md:1: text without a record") for e in errors_of(root)
    )


def test_duplicate_id(site_copy):
    root = site_copy("basic")
    path = root / "docs/guidelines/schools.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: SC", "id: HO"), encoding="utf-8")
    assert any(
        e.startswith("docs/guidelines/schools.yml:1: id 'HO' is also used by docs/guidelines/housing.yml")
        for e in errors_of(root)
    )


def test_title_in_text(site_copy):
    root = site_copy("basic")
    path = root / HOUSING_SV
    path.write_text("# Boende\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert any(e.startswith(f"{HOUSING_SV}:1: guideline texts have no '# ' title") for e in errors_of(root))


def test_clause_numbered_twice(site_copy):
    root = site_copy("basic")
    path = root / HOUSING_SV
    path.write_text(path.read_text(encoding="utf-8") + "\n### 1.1 Igen\n\nText.\n", encoding="utf-8")
    assert any(
        e.startswith(f"{HOUSING_SV}:13: clause 1.1 is numbered twice (also on line 5)")
        for e in errors_of(root)
    )


def test_swedish_clause_without_english_counterpart(site_copy):
    root = site_copy("basic")
    path = root / HOUSING_SV
    path.write_text(path.read_text(encoding="utf-8") + "\n### 1.2 Uppföljning\n\nText.\n", encoding="utf-8")
    assert (
        f"{HOUSING_SV}:13: clause 1.2 has no English counterpart; add it to {HOUSING_EN}"
        in errors_of(root)
    )


def test_english_clause_not_in_swedish(site_copy):
    root = site_copy("basic")
    path = root / HOUSING_EN
    path.write_text(
        path.read_text(encoding="utf-8").replace("### 1.1 Scope", "### 1.3 Scope"), encoding="utf-8"
    )
    found = errors_of(root)
    assert any(e.startswith(f"{HOUSING_EN}:8: clause 1.3 is not in the Swedish text") for e in found), found


def test_english_text_must_name_its_source_version(site_copy):
    root = site_copy("basic")
    path = root / HOUSING_EN
    path.write_text(
        path.read_text(encoding="utf-8").replace('translation_of: "2.0"', 'translation_of: "9.9"'),
        encoding="utf-8",
    )
    assert any(e.startswith(f"{HOUSING_EN}:2: 'translation_of' names version '9.9'") for e in errors_of(root))
    path.write_text(path.read_text(encoding="utf-8").split("---\n", 2)[2], encoding="utf-8")
    assert any(
        e.startswith(f"{HOUSING_EN}:1: the English text does not say which Swedish version")
        for e in errors_of(root)
    )


def test_cli_exit_codes_and_formats(site_copy, capsys):
    root = site_copy("basic")
    assert main(["--root", str(root), "validate"]) == 0  # a warning alone does not fail
    assert main(["--root", str(root), "validate", "--strict"]) == 1
    capsys.readouterr()
    assert main(["--root", str(root), "validate", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"path": "docs/guidelines/schools.yml", "line": 1, "severity": "warning"}.items() <= (
        data[0].items()
    )
    path = root / "docs/guidelines/housing.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: HO", "id: h"), encoding="utf-8")
    assert main(["--root", str(root), "validate"]) == 1
    out, err = capsys.readouterr()
    assert "docs/guidelines/housing.yml:1: 'id' must be 2-4 capital letters" in out
    assert "1 error(s)" in err


def test_cli_root_after_the_command(site_copy, capsys):
    root = site_copy("basic")
    assert main(["validate", "--root", str(root), "--strict"]) == 1  # the fixture has one warning
    out = capsys.readouterr().out
    # --strict: the missing translation is an error, printed without the 'warning:' prefix.
    assert "docs/guidelines/schools.yml:1: guideline SC has no English translation yet" in out
    assert main(["translations", "--root", str(root)]) == 0


def test_cli_without_project(tmp_path, capsys):
    assert main(["--root", str(tmp_path), "validate"]) == 2
    assert "has no docs/ folder" in capsys.readouterr().err


def test_real_content_is_valid():
    from conftest import ROOT

    assert errors_of(ROOT) == []


def test_consultation_period(site_copy):
    root = site_copy("basic")
    before, after = date(2026, 12, 1), date(2027, 1, 1)  # the fixture's consultation closes on 2026-12-31
    assert list(check_consultation_period(Project.load(root), before)) == []
    closed = list(check_consultation_period(Project.load(root), after))
    assert [(f.path, f.line, f.severity) for f in closed] == [("docs/guidelines/schools.yml", 11, "warning")]
    assert "closed on 2026-12-31 but its status is still 'consultation'" in closed[0].message
    record = root / "docs/guidelines/schools.yml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("consultation_closes: 2026-12-31\n", ""), encoding="utf-8"
    )
    missing = list(check_consultation_period(Project.load(root), before))
    assert [(f.path, f.line) for f in missing] == [("docs/guidelines/schools.yml", 7)]
    assert "has no 'consultation_closes' date" in missing[0].message

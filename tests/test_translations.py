"""Translation tracking: `kc translations` and the outdated-translation banner."""

from __future__ import annotations

import json
import re

from conftest import build
from kc.cli import main
from kc.content.model import Project
from kc.pages.translations import translations


def test_states(site_copy):
    root = site_copy("basic")
    rows = {r.guideline: (r.sv_version, r.en_version, r.state) for r in translations(Project.load(root))}
    assert rows == {"HO": ("2.0", "2.0", "current"), "SC": ("1.0", None, "missing")}


def test_outdated_translation_in_json_and_on_the_page(site_copy, tmp_path, capsys):
    root = site_copy("basic")
    en = root / "docs/en/guidelines/housing/index.md"
    # An English text still translating the earlier version, with that version's clauses.
    en.write_text(
        (root / "docs/en/guidelines/housing/v1.0/index.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert main(["--root", str(root), "translations", "--json"]) == 0
    data = {r["guideline"]: r for r in json.loads(capsys.readouterr().out)}
    assert data["HO"] == {
        "guideline": "HO",
        "slug": "housing",
        "sv_version": "2.0",
        "en_version": "1.0",
        "state": "outdated",
        "outdated_clauses": [],  # not tracked per clause: the fixture has no _translations.yml
    }
    assert data["SC"]["state"] == "missing"
    site = build(root, tmp_path / "site")
    page = (site / "en/guidelines/housing/index.html").read_text(encoding="utf-8")
    assert (
        "This translation is of version 1.0. The Swedish text has since been revised to version 2.0" in page
    )
    # The banner links the Swedish text, which the language switcher also leads to.
    link = '<a href="../../../guidelines/housing/" hreflang="sv">read the Swedish text</a>'
    assert link in page
    assert (site / "guidelines/housing/index.html").is_file()


def test_table_output(site_copy, capsys):
    assert main(["--root", str(site_copy("basic")), "translations"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split() == ["HO", "housing", "2.0", "2.0", "current"]
    assert lines[2].split() == ["SC", "schools", "1.0", "-", "missing"]


def test_translators_page_marks_consultation_versions(site_copy, tmp_path):
    root = site_copy("basic")  # HO is adopted, SC out for consultation
    (root / "docs/en/translations.md").write_text(
        "# Translations\n\n<!-- kc:translations -->\n", encoding="utf-8"
    )
    page = (build(root, tmp_path / "site") / "en/translations/index.html").read_text(encoding="utf-8")
    rows = {
        re.search(r"<td>(\w+)</td>", row).group(1): row for row in re.findall(r"(?s)<tr>.*?</tr>", page)[1:]
    }
    assert "kc-badge--consultation" in rows["SC"] and "Out for consultation" in rows["SC"]
    assert "kc-badge" not in rows["HO"]


def test_unreadable_record_is_named_not_dropped_silently(site_copy, capsys):
    root = site_copy("basic")
    record = root / "docs/guidelines/schools.yml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("status: consultation\n", "status: remiss\n", 1),
        encoding="utf-8",
    )
    assert main(["--root", str(root), "translations"]) == 1
    out, err = capsys.readouterr()
    assert "SC" not in out and "HO" in out
    assert "docs/guidelines/schools.yml is left out because it has errors; run 'kc validate'" in err

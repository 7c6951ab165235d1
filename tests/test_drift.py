"""Per-clause translation drift: kc translations --mark, the report, the notice on the English page."""

from __future__ import annotations

import json
import re

import pytest

from conftest import build
from kc.checks.validate import validate
from kc.cli import main
from kc.content.model import Project

SV_RL = "docs/sv/guidelines/relocation/index.md"
MARKS = "docs/guidelines/_translations.yml"


def _report(root, capsys) -> dict[str, list[dict]]:
    assert main(["--root", str(root), "translations", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    return {r["guideline"]: r["outdated_clauses"] for r in rows}


def _outdated(root, capsys) -> list[tuple[str, str, str]]:
    return [(gid, c["clause"], c["state"]) for gid, cs in _report(root, capsys).items() for c in cs]


def _change_clause(root, heading: str, sentence: str) -> None:
    path = root / SV_RL
    text = path.read_text(encoding="utf-8")
    assert heading in text
    path.write_text(text.replace(heading, heading + "\n\n" + sentence, 1), encoding="utf-8")


def _drift_notes(page: str) -> list[str]:
    return re.findall(r'class="admonition warning kc-drift" role="note" data-clause="([^"]+)"', page)


def test_real_content_is_current_clause_by_clause(capsys):
    from conftest import ROOT

    assert _outdated(ROOT, capsys) == []
    assert not [f for f in validate(Project.load(ROOT), strict=True) if f.rule == "translations"]


def test_one_changed_swedish_clause_marks_exactly_that_english_clause(site_copy, tmp_path, capsys):
    root = site_copy("real")
    _change_clause(root, "### 5.3 Bedömning av orten – graderad riskbedömning",
                   "Bedömningen dokumenteras i akten.")
    assert _outdated(root, capsys) == [("RL", "5.3", "outdated")]
    # The table for people names it too, under its guideline's summary row.
    assert main(["--root", str(root), "translations"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [ln.split()[:2] for ln in lines if ln.startswith("     ")] == [["5.3", "outdated"]]

    site = build(root, tmp_path / "site")
    english = (site / "en/guidelines/relocation/index.html").read_text(encoding="utf-8")
    assert _drift_notes(english) == ["5.3"]
    assert "The translation of this paragraph may be out of date." in english
    # The notice comes after the heading of 5.3 and before the next clause, and links the Swedish 5.3.
    at = english.index('data-clause="5.3"')
    assert english.rindex('id="c5-3"', 0, at) > english.rindex('id="c5-2"', 0, at)
    end = english.index('id="c5-4"')
    assert end > at
    assert '<a href="../../../guidelines/relocation/#c5-3" hreflang="sv">' in english[at:end]
    assert (site / "guidelines/relocation/index.html").is_file()
    # Not on the Swedish page, the archived English texts or the other guidelines.
    for page in ("guidelines/relocation/index.html", "en/guidelines/relocation/v1.2/index.html",
                 "en/guidelines/responsibilities/index.html", "en/guidelines/providers/index.html"):
        assert _drift_notes((site / page).read_text(encoding="utf-8")) == [], page
    # The translators' page lists it.
    translators = (site / "en/translations/index.html").read_text(encoding="utf-8")
    assert "RL 5.3" in translators and "the Swedish text has changed" in translators

    # Marking it as translated removes the mark, and nothing else changes.
    assert main(["--root", str(root), "translations", "--mark", "RL", "5.3"]) == 0
    capsys.readouterr()
    assert _outdated(root, capsys) == []
    site = build(root, tmp_path / "site2")
    assert _drift_notes((site / "en/guidelines/relocation/index.html").read_text(encoding="utf-8")) == []


def test_a_changed_sub_clause_leaves_its_parent_current_and_a_title_change_counts(site_copy, capsys):
    root = site_copy("real")
    path = root / SV_RL
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("### 7.2 Plan för stödet", "### 7.2 Plan för det fortsatta stödet"),
                    encoding="utf-8")
    assert _outdated(root, capsys) == [("RL", "7.2", "outdated")]


def test_whitespace_and_unicode_form_do_not_count_as_a_change(site_copy, capsys):
    root = site_copy("real")
    path = root / SV_RL
    text = path.read_text(encoding="utf-8")
    # Decomposed ö (o + U+0308), as some editors paste it, and a paragraph re-wrapped.
    changed = text.replace("### 5.3 Bedömning", "### 5.3 Bedo\u0308mning").replace(
        "## 4 Hot- och riskbedömning", "## 4   Hot- och riskbedömning  ")
    assert changed != text
    path.write_text(changed, encoding="utf-8")
    assert _outdated(root, capsys) == []


def test_mark_all_for_one_guideline_and_stale_entries_are_dropped(site_copy, capsys):
    root = site_copy("real")
    _change_clause(root, "### 5.3 Bedömning av orten – graderad riskbedömning", "Ny mening.")
    _change_clause(root, "### 8.4 Avslut", "Ännu en mening.")
    assert _outdated(root, capsys) == [("RL", "5.3", "outdated"), ("RL", "8.4", "outdated")]
    marks = root / MARKS
    marks.write_text(marks.read_text(encoding="utf-8").replace('RL:\n', 'RL:\n  "99.1": ' + "a" * 64 + "\n"),
                     encoding="utf-8")
    assert main(["--root", str(root), "translations", "--mark", "RL", "--all"]) == 0
    assert "marked as translated: 1, 1.1" in capsys.readouterr().out
    assert _outdated(root, capsys) == []
    assert '"99.1"' not in marks.read_text(encoding="utf-8")


def test_a_never_marked_clause_of_a_tracked_guideline_is_reported(site_copy, capsys):
    root = site_copy("real")
    marks = root / MARKS
    text = marks.read_text(encoding="utf-8")
    rl = text.index("\nRL:\n")
    line = next(ln for ln in text[rl:].splitlines() if ln.startswith('  "6.2":'))
    marks.write_text(text[:rl] + text[rl:].replace(line + "\n", "", 1), encoding="utf-8")
    assert _outdated(root, capsys) == [("RL", "6.2", "unmarked")]


def test_a_guideline_without_marks_is_not_tracked_per_clause(site_copy, capsys):
    root = site_copy("basic")
    assert not (root / MARKS).exists()
    assert _outdated(root, capsys) == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--mark", "XX", "3.2"], f"kc: error: {MARKS}: unknown guideline id: XX; use one of PO, RL, RS"),
        (["--mark", "RL", "9.9"], f"kc: error: {SV_RL}:1: no clause 9.9 in the current Swedish text of RL; "
                                  "its clauses are 1, 1.1,"),
        (["--mark", "RL"], "kc: error: translations: name the clauses to mark ('--mark RL 3.2 3.3') or"),
        (["--mark", "RL", "3.2", "--all"], "kc: error: translations: name the clauses to mark"),
        (["--mark-all", "--all"], "kc: error: translations: --mark-all marks every guideline"),
    ],
)
def test_mark_failures_name_the_file_and_change_nothing(site_copy, capsys, args, expected):
    root = site_copy("real")
    before = (root / MARKS).read_bytes()
    assert main(["--root", str(root), "translations", *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith(expected), err
    assert "Traceback" not in err
    assert (root / MARKS).read_bytes() == before


def test_mark_refuses_a_clause_missing_from_the_english_text(site_copy, capsys):
    root = site_copy("real")
    en = root / "docs/en/guidelines/relocation/index.md"
    en.write_text(en.read_text(encoding="utf-8").replace("### 8.4 ", "### 8.9 "), encoding="utf-8")
    assert main(["--root", str(root), "translations", "--mark", "RL", "8.4"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kc: error: docs/en/guidelines/relocation/index.md:1: clause 8.4 is missing from "
                          "the English text of RL; translate it, then mark it"), err


def test_a_broken_marks_file_is_reported_with_its_line_and_never_overwritten(site_copy, capsys):
    root = site_copy("real")
    marks = root / MARKS
    text = marks.read_text(encoding="utf-8")
    broken = text.replace('  "1.1": ', '  "1.1": zz', 1)
    marks.write_text(broken, encoding="utf-8")
    line = next(i for i, ln in enumerate(broken.splitlines(), 1) if '"1.1": zz' in ln)
    found = [f for f in validate(Project.load(root)) if f.rule == "translations"]
    assert [(f.path, f.line, f.severity) for f in found] == [(MARKS, line, "error")]
    assert "not a SHA-256 hash" in found[0].message and "kc translations --mark PO 1.1" in found[0].message
    assert main(["--root", str(root), "translations", "--mark", "RL", "5.3"]) == 1
    assert f"{MARKS}:{line}: not a SHA-256 hash" in capsys.readouterr().err
    assert marks.read_text(encoding="utf-8") == broken


@pytest.mark.parametrize("content", ["- just\n- a list\n", "RL: [1, 2]\n", "XX:\n  \"1\": " + "0" * 64 + "\n",
                                     "RL:\n  \"1\": [unclosed\n"])
def test_malformed_marks_files_are_findings_not_crashes(site_copy, content):
    root = site_copy("real")
    (root / MARKS).write_text(content, encoding="utf-8")
    found = [f for f in validate(Project.load(root)) if f.rule == "translations"]
    assert found and all(f.path == MARKS and f.line >= 1 and f.severity == "error" for f in found)


def test_mark_all_marks_every_guideline_and_reminds_of_translation_of(site_copy, capsys):
    root = site_copy("real")
    (root / MARKS).unlink()
    _change_clause(root, "### 8.4 Avslut", "Ännu en mening.")
    en = root / "docs/en/guidelines/providers/index.md"
    en.write_text(en.read_text(encoding="utf-8").replace('translation_of: "1.2"', 'translation_of: "1.1"'),
                  encoding="utf-8")
    assert main(["--root", str(root), "translations", "--mark-all"]) == 0
    out, err = capsys.readouterr()
    assert [ln.split(":")[1].strip() for ln in out.splitlines()] == ["PO", "RL", "RS"]
    assert "the English text of PO still says translation_of: '1.1'" in err and "RL" not in err
    assert _outdated(root, capsys) == []
    assert not [f for f in validate(Project.load(root), strict=True) if f.rule == "translations"]


def test_the_notice_links_the_swedish_file_in_the_offline_edition(site_copy):
    from kc.pages.drift import drift_notes

    root = site_copy("real")
    _change_clause(root, "### 5.3 Bedömning av orten – graderad riskbedömning", "Ny mening.")
    project = Project.load(root)
    g = project.by_id["RL"]
    src = "en/guidelines/relocation/index.md"
    assert list(drift_notes(project, g, src, dir_urls=True)) == ["5.3"]
    offline = drift_notes(project, g, src, dir_urls=False)["5.3"]
    assert 'href="../../../guidelines/relocation/index.html#c5-3"' in offline
    # Only the current English text: not the Swedish one, not an archived one.
    assert drift_notes(project, g, "sv/guidelines/relocation/index.md", True) == {}
    assert drift_notes(project, g, "en/guidelines/relocation/v1.2/index.md", True) == {}


def test_a_marks_file_that_is_not_utf8_or_a_link_is_reported_never_read_or_written(site_copy, capsys,
                                                                                     tmp_path):
    root = site_copy("real")
    marks = root / MARKS
    good = marks.read_bytes()
    marks.write_bytes(good.replace(b'RL:\n', b'RL:\n  "0": \xff\n', 1))
    line = marks.read_bytes().split(b"\n").index(b'  "0": \xff') + 1
    assert main(["--root", str(root), "translations"]) == 1
    err = capsys.readouterr().err
    assert f"{MARKS}:{line}: the file is not valid UTF-8 (byte 0xff" in err and "Traceback" not in err

    outside = tmp_path / "outside.txt"
    outside.write_text("not ours\n", encoding="utf-8")
    marks.unlink()
    marks.symlink_to(outside)
    assert main(["--root", str(root), "translations", "--mark", "RL", "--all"]) == 1
    err = capsys.readouterr().err  # refused by the layout check that every command runs first
    assert f"{MARKS}:1:" in err and "link" in err
    assert outside.read_text(encoding="utf-8") == "not ours\n" and marks.is_symlink()


def test_marking_leaves_no_temporary_file(site_copy, capsys):
    root = site_copy("real")
    assert main(["--root", str(root), "translations", "--mark", "RL", "1"]) == 0
    assert sorted(p.name for p in (root / "docs/guidelines").iterdir() if p.name.startswith(".")) == []

"""The archive lock, archived texts against the history, and `kc new-version`."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from conftest import build, commit_all
from kc.checks.archive import ArchiveError, bump, new_version, read_lock
from kc.checks.validate import check_review_due, validate
from kc.cli import main
from kc.content.model import Project

ARCHIVED_SV = "docs/sv/guidelines/housing/v1.0/index.md"


def errors_of(root):
    return [str(f) for f in validate(Project.load(root)) if f.severity == "error"]


def test_fixture_archive_is_locked(site_copy):
    root = site_copy("basic")
    assert errors_of(root) == []
    assert ARCHIVED_SV in read_lock(Project.load(root))


def test_changed_archived_text_is_an_error(site_copy):
    root = site_copy("basic")
    path = root / ARCHIVED_SV
    path.write_text(
        path.read_text(encoding="utf-8").replace("ordnar boende", "ordnar bostad"), encoding="utf-8"
    )
    assert (
        f"{ARCHIVED_SV}:1: archived text changed after publication; archived versions never change: "
        f"restore it with 'git checkout -- {ARCHIVED_SV}' and make the change in the current text"
        in errors_of(root)
    )


def test_changed_archived_text_names_the_edited_line_in_a_checkout(site_copy):
    root = site_copy("basic")
    commit_all(root)  # the published text is in git: the finding points at the first edited line
    path = root / ARCHIVED_SV
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    edited = next(i for i, line in enumerate(lines) if "ordnar boende" in line)
    lines[edited] = lines[edited].replace("ordnar boende", "ordnar bostad")
    path.write_text("".join(lines), encoding="utf-8")
    assert any(e.startswith(f"{ARCHIVED_SV}:{edited + 1}: archived text changed") for e in errors_of(root))


def test_archived_text_copied_by_hand_is_an_error(site_copy):
    root = site_copy("basic")
    folder = root / "docs/sv/guidelines/schools/v0.9"
    folder.mkdir()
    (folder / "index.md").write_text("## 1 Syfte\n\nText.\n", encoding="utf-8")
    found = errors_of(root)
    assert any(
        e.startswith(
            "docs/sv/guidelines/schools/v0.9/index.md:1: archived text is not in "
            "docs/guidelines/_archive.lock"
        )
        for e in found
    ), found


def test_deleted_archived_text_is_reported_at_its_lock_line(site_copy):
    root = site_copy("basic")
    (root / ARCHIVED_SV).unlink()
    lock = (root / "docs/guidelines/_archive.lock").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lock, 1) if ARCHIVED_SV in text)
    assert (
        f"docs/guidelines/_archive.lock:{line}: archived text {ARCHIVED_SV} is missing; restore it with "
        f"'git checkout -- {ARCHIVED_SV}'" in errors_of(root)
    )


def test_broken_lock_is_reported(site_copy):
    root = site_copy("basic")
    (root / "docs/guidelines/_archive.lock").write_text("{\n  broken\n", encoding="utf-8")
    assert any(
        e.startswith("docs/guidelines/_archive.lock:2: the archive lock is not valid JSON")
        for e in errors_of(root)
    )


def test_history_version_without_archived_text(site_copy):
    root = site_copy("basic")
    lock = root / "docs/guidelines/_archive.lock"
    data = json.loads(lock.read_text(encoding="utf-8"))
    for lang in ("sv", "en"):
        (root / f"docs/{lang}/guidelines/housing/v1.0/index.md").unlink()
        data["texts"].pop(f"docs/{lang}/guidelines/housing/v1.0/index.md")
    lock.write_text(json.dumps(data), encoding="utf-8")
    assert (
        "docs/guidelines/housing.yml:22: version 1.0 of HO is in the history but has no archived text "
        "(docs/sv/guidelines/housing/v1.0/index.md); archive versions with 'kc new-version housing'"
        in errors_of(root)
    )


@pytest.mark.parametrize(
    ("version", "major", "expected"), [("1.1", False, "1.2"), ("1.9", False, "1.10"), ("1.1", True, "2.0")]
)
def test_bump(version, major, expected):
    assert bump(version, major) == expected


def test_new_version_produces_a_valid_buildable_tree_once_summaries_are_written(site_copy, tmp_path, capsys):
    root = site_copy("basic")
    record = root / "docs/guidelines/housing.yml"
    assert main(["--root", str(root), "new-version", "housing"]) == 0
    assert "HO is now version 2.1 (draft)" in capsys.readouterr().out
    for lang in ("sv", "en"):
        archived = root / f"docs/{lang}/guidelines/housing/v2.0/index.md"
        assert archived.read_text(encoding="utf-8") == (
            root / f"docs/{lang}/guidelines/housing/index.md"
        ).read_text(encoding="utf-8")
        assert f"docs/{lang}/guidelines/housing/v2.0/index.md" in read_lock(Project.load(root))

    # The empty summaries are reported until the editor writes them.
    found = [str(f) for f in Project.load(root).load_findings]
    assert any(
        f.startswith("docs/guidelines/housing.yml:") and "version 2.1 has no Swedish summary" in f
        for f in found
    ), found
    assert main(["--root", str(root), "validate"]) == 1

    text = record.read_text(encoding="utf-8")
    text = text.replace(
        'sv: ""  # Skriv vad som ändras i den nya versionen och varför.', "sv: Nytt avsnitt om hyror."
    )
    text = text.replace(
        'en: ""  # Write what changes in the new version and why.', "en: New section on rents."
    )
    record.write_text(text, encoding="utf-8")
    assert errors_of(root) == []
    g = Project.load(root).by_slug["housing"]
    assert (g.version, g.status) == ("2.1", "draft")
    # 2.0 was adopted: it stays in force while 2.1 is drafted.
    assert [(h.version, h.status) for h in g.history] == [
        ("2.1", "draft"),
        ("2.0", "adopted"),
        ("1.0", "superseded"),
    ]
    site = build(root, tmp_path / "site")
    page = (site / "guidelines/housing/v2.0/index.html").read_text(encoding="utf-8")
    assert "Den här versionen gäller tills version 2.1 har beslutats." in page
    current = (site / "guidelines/housing/index.html").read_text(encoding="utf-8")
    assert "Tills den här versionen har beslutats gäller version 2.0." in current


def test_archived_text_links_its_own_clauses_in_its_own_version(site_copy, tmp_path):
    root = site_copy("basic")
    for lang in ("sv", "en"):
        text = root / f"docs/{lang}/guidelines/housing/index.md"
        text.write_text(text.read_text(encoding="utf-8") + "\nSe [[HO 1.1]].\n", encoding="utf-8")
    new_version(Project.load(root), "housing")
    fill_draft_summaries(root)
    assert errors_of(root) == []
    site = build(root, tmp_path / "site")
    for prefix in ("", "en/"):
        archived = (site / f"{prefix}guidelines/housing/v2.0/index.html").read_text(encoding="utf-8")
        current = (site / f"{prefix}guidelines/housing/index.html").read_text(encoding="utf-8")
        # The archived page stays on its own clause 1.1; the current page links the current one.
        assert re.search(r'<a href="(\./)?#c1-1"[^>]*>HO 1\.1</a>', archived), prefix
        assert not re.search(r'<a href="\.\./#c1-1"', archived)
        assert re.search(r'<a href="(\./)?#c1-1"[^>]*>HO 1\.1</a>', current), prefix


def test_new_version_moves_relative_links_along_with_the_copy(site_copy, tmp_path):
    root = site_copy("basic")
    links = {
        "sv": "Se [skolan](../schools/index.md#c1), [start](../../index.md) och [syftet](#c1).",
        "en": "See [the index](../index.md) and [the purpose](#c1).",
    }
    for lang, line in links.items():
        text = root / f"docs/{lang}/guidelines/housing/index.md"
        text.write_text(text.read_text(encoding="utf-8") + f"\n{line}\n`[kod](../x.md)`\n", encoding="utf-8")
    assert errors_of(root) == []
    new_version(Project.load(root), "housing")
    archived = (root / "docs/sv/guidelines/housing/v2.0/index.md").read_text(encoding="utf-8")
    assert "[skolan](../../schools/index.md#c1), [start](../../../index.md) och [syftet](#c1)." in archived
    assert "`[kod](../x.md)`" in archived  # code is left as written
    fill_draft_summaries(root)
    assert errors_of(root) == []  # every link of the archived copies resolves, and the lock matches them
    build(root, tmp_path / "site")


def test_new_version_keeps_comments_and_layout(site_copy):
    root = site_copy("basic")
    record = root / "docs/guidelines/housing.yml"
    record.write_text(
        "# Boende\n"
        + record.read_text(encoding="utf-8").replace(
            "review_by: 2027-01-01", "review_by: 2027-01-01  # efter utvärderingen"
        ),
        encoding="utf-8",
    )
    new_version(Project.load(root), "housing", major=True, today=date(2026, 3, 1))
    text = record.read_text(encoding="utf-8")
    assert text.startswith("# Boende\n") and "# efter utvärderingen" in text
    assert 'version: "3.0"' in text and "date: 2026-03-01" in text


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("nothing", "no guideline with slug 'nothing' (known: housing, schools)"),
    ],
)
def test_new_version_unknown_slug(site_copy, capsys, slug, message):
    root = site_copy("basic")
    assert main(["--root", str(root), "new-version", slug]) == 1
    assert message in capsys.readouterr().err


def test_new_version_refuses_a_second_archive_and_changes_nothing(site_copy):
    root = site_copy("basic")
    before = (root / "docs/guidelines/housing.yml").read_text(encoding="utf-8")
    (root / "docs/sv/guidelines/housing/v2.0").mkdir()
    (root / "docs/sv/guidelines/housing/v2.0/index.md").write_text("x", encoding="utf-8")
    lock_before = (root / "docs/guidelines/_archive.lock").read_text(encoding="utf-8")
    with pytest.raises(ArchiveError, match="v2.0/index.md already exists"):
        new_version(Project.load(root), "housing")
    assert (root / "docs/guidelines/housing.yml").read_text(encoding="utf-8") == before
    assert (root / "docs/guidelines/_archive.lock").read_text(encoding="utf-8") == lock_before


def test_new_version_refuses_a_draft_and_unfinished_records(site_copy):
    root = site_copy("basic")
    new_version(Project.load(root), "housing")
    with pytest.raises(ArchiveError, match="the records have errors .*version 2.1 has no Swedish summary"):
        new_version(Project.load(root), "housing")
    record = root / "docs/guidelines/housing.yml"
    record.write_text(record.read_text(encoding="utf-8").replace('""  #', "Ändrad. #"), encoding="utf-8")
    with pytest.raises(ArchiveError, match="still a draft"):
        new_version(Project.load(root), "housing")


def test_review_due_is_a_warning_naming_the_owner(site_copy):
    project = Project.load(site_copy("basic"))
    found = [str(f) for f in check_review_due(project, today=date(2027, 6, 1))]
    assert (
        "docs/guidelines/housing.yml:10: warning: HO was due for review on 2027-01-01; Collaboration Unit "
        "should review it and set a new 'review_by' date (or start a new version)" in found
    )
    assert list(check_review_due(project, today=date(2026, 6, 1))) == []


def fill_draft_summaries(root):
    """Write the summaries `kc new-version` leaves empty for the editor in the housing record."""
    record = root / "docs/guidelines/housing.yml"
    text = record.read_text(encoding="utf-8")
    assert '""  # Skriv' in text and '""  # Write' in text
    text = text.replace('""  # Skriv', '"Ny."  # Skriv').replace('""  # Write', '"New."  # Write')
    record.write_text(text, encoding="utf-8")

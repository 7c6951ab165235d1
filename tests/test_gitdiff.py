"""A changed current text needs a version bump or a history entry; `--since` lists changed files first."""

from __future__ import annotations

import subprocess

import pytest

from guardrails_util import (
    HOUSING_EN,
    HOUSING_SV,
    HOUSING_YML,
    INDEX_SV,
    SCHOOLS_SV,
    append,
    copy_fixture,
    guard_findings,
)
from kc.checks.validate import validate
from kc.cli import main
from kc.content.model import Project


def git(root, *args):
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path):
    """The guard-rail fixture as a git checkout on branch main with one commit."""
    root = copy_fixture(tmp_path / "site")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "base")
    return root


def bump_findings(root):
    return [f for f in validate(Project.load(root)) if f.rule == "version-bump"]


def edit(root, rel, old, new):
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    first = new.splitlines()[0]
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if first in line)


def bump(root):
    edit(root, HOUSING_YML, 'status: adopted\nversion: "2.0"', 'status: adopted\nversion: "2.1"')
    edit(
        root,
        HOUSING_YML,
        "history:\n",
        'history:\n  - version: "2.1"\n    date: 2026-02-01\n    status: adopted\n'
        "    summary: {sv: Förtydligande., en: Clarification.}\n",
    )
    edit(
        root,
        HOUSING_YML,
        '  - version: "2.0"\n    date: 2025-12-01\n    status: adopted',
        '  - version: "2.0"\n    date: 2025-12-01\n    status: superseded',
    )


def test_changed_text_without_bump_is_an_error(repo):
    line = edit(repo, HOUSING_SV, "Riktlinjen gäller socialtjänsten", "Riktlinjen gäller hela socialtjänsten")
    found = bump_findings(repo)
    assert [(f.path, f.line, f.severity) for f in found] == [(HOUSING_SV, line, "error")]
    assert found[0].message == (
        "the text has changed since the merge base with main but docs/guidelines/housing.yml still says "
        "version '2.0' with the same history: first change on this line; raise 'version' and add a history "
        "entry that says what changed (or update the current entry's date and summary while it is a draft)"
    )


def test_changed_consultation_text_is_a_warning(repo):
    # A typo fix in a text out for consultation needs no new version (CONTRIBUTING), so it must not block.
    line = edit(repo, SCHOOLS_SV, "skolgång efter en flytt", "skolgången efter en flytt")
    found = bump_findings(repo)
    assert [(f.path, f.line, f.severity) for f in found] == [(SCHOOLS_SV, line, "warning")]
    assert "consultation text has changed" in found[0].message
    assert "fine for a typo, but if the meaning changed, run 'kc new-version'" in found[0].message


def test_committed_change_on_a_branch_is_found(repo):
    git(repo, "checkout", "-q", "-b", "edit")
    line = edit(repo, HOUSING_EN, "It applies to", "It also applies to")
    git(repo, "commit", "-q", "-am", "edit")
    assert [(f.path, f.line) for f in bump_findings(repo)] == [(HOUSING_EN, line)]


def test_bump_with_history_entry_passes(repo):
    edit(repo, HOUSING_SV, "Riktlinjen gäller socialtjänsten", "Riktlinjen gäller hela socialtjänsten")
    bump(repo)
    assert bump_findings(repo) == []


def test_updated_translation_passes(repo):
    edit(repo, HOUSING_EN, 'translation_of: "2.0"', 'translation_of: "1.0"')
    edit(repo, HOUSING_EN, "It applies to", "It also applies to")
    assert bump_findings(repo) == []


def test_unchanged_or_new_texts_pass(repo):
    append(repo, INDEX_SV, "En ny mening på startsidan.")  # not a guideline text
    (repo / "docs/en/guidelines/schools").mkdir()
    (repo / "docs/en/guidelines/schools/index.md").write_text(
        '---\ntranslation_of: "1.0"\n---\n## 1 Purpose\n\nText.\n\n## 2 Cooperation\n\nText.\n',
        encoding="utf-8",
    )
    assert bump_findings(repo) == []


def test_skipped_without_git(tmp_path):
    root = copy_fixture(tmp_path / "site")
    edit(root, HOUSING_SV, "Riktlinjen gäller socialtjänsten", "Riktlinjen gäller hela socialtjänsten")
    assert bump_findings(root) == []


def test_since_reports_changed_files_first(repo, capsys):
    git(repo, "checkout", "-q", "-b", "edit")
    append(repo, INDEX_SV, "TODO")  # an old problem elsewhere, committed
    git(repo, "commit", "-q", "-am", "old problem")
    git(repo, "tag", "reviewed")
    line = edit(repo, HOUSING_SV, "Riktlinjen gäller socialtjänsten", "Riktlinjen gäller hela socialtjänsten")
    assert main(["--root", str(repo), "validate", "--since", "reviewed"]) == 1
    captured = capsys.readouterr()
    lines = [s for s in captured.out.splitlines() if s]
    assert lines[0].startswith(f"{HOUSING_SV}:{line}: the text has changed since reviewed but")
    assert any(s.startswith(f"{INDEX_SV}:") and "leftover 'TODO'" in s for s in lines[1:])
    # The rest holds the committed TODO and date warnings that depend on today's date: count, not fix, them.
    assert (
        f"1 finding(s) in files changed since reviewed, {len(lines) - 1} in the rest of the site"
        in captured.err
    )


def test_since_unknown_ref(repo, capsys):
    assert main(["--root", str(repo), "validate", "--since", "no-such-branch"]) == 1
    assert "--since no-such-branch: no such commit" in capsys.readouterr().err


def test_guard_rails_clean_in_repo(repo):
    assert guard_findings(repo) == []

"""The edition of a build: date, short commit, local changes and guideline versions."""

from __future__ import annotations

import datetime as dt

from conftest import commit_all, copy_site
from kc.content.model import Project
from kc.edition.info import edition, has_local_changes, short_commit


def test_outside_git_the_commit_is_unknown(tmp_path, monkeypatch):
    # Keep git from finding a checkout above the temporary folder.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = copy_site("basic", tmp_path / "root")
    ed = edition(Project.load(root), dt.date(2026, 11, 24))
    assert ed["date"] == "2026-11-24" and ed["commit"] == "unknown" and ed["local_changes"] is None


def test_in_git_the_short_commit_and_local_changes_of_the_content(tmp_path):
    root = copy_site("basic", tmp_path / "root")
    commit = commit_all(root)
    assert short_commit(root) == commit and len(commit) == 7
    assert has_local_changes(root) is False
    (root / "notes.txt").write_text("not content", encoding="utf-8")
    assert has_local_changes(root) is False  # not an input of the site
    (root / "docs/sv/index.md").write_text("Ändrad.\n", encoding="utf-8")
    assert has_local_changes(root) is True
    commit_all(root)
    (root / "tools").mkdir()
    (root / "tools" / "plugin.py").write_text("# the code that shapes the pages\n", encoding="utf-8")
    assert has_local_changes(root) is True


def test_every_guideline_with_its_version_sorted_by_id(tmp_path):
    root = copy_site("basic", tmp_path / "root")
    ed = edition(Project.load(root))
    assert [(g["id"], g["slug"], g["version"]) for g in ed["guidelines"]] == [
        ("HO", "housing", "2.0"),
        ("SC", "schools", "1.0"),
    ]

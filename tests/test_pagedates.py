"""Each page's publication and update dates, from git in one call; none outside git."""

from __future__ import annotations

import os
import subprocess

from conftest import build, commit_all
from kc.pages.pagedates import page_dates


def _git(root, *args, date=None):
    env = dict(os.environ, GIT_AUTHOR_DATE=date or "", GIT_COMMITTER_DATE=date or "")
    base = ["git", "-c", "user.name=kc tests", "-c", "user.email=tests@kc.invalid",
            "-c", "init.defaultBranch=main"]
    subprocess.run(base + list(args), cwd=root, check=True, capture_output=True, env=env)


def test_first_and_last_commit_dates_per_file(tmp_path):
    (tmp_path / "docs" / "sv").mkdir(parents=True)
    page = tmp_path / "docs" / "sv" / "about.md"
    page.write_text("# Om\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("x\n", encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "first", date="2026-01-05T10:00:00+00:00")
    page.write_text("# Om oss\n", encoding="utf-8")
    _git(tmp_path, "commit", "-qam", "second", date="2026-03-07T10:00:00+00:00")
    dates = page_dates(tmp_path)
    assert dates == {"sv/about.md": ("2026-01-05", "2026-03-07")}  # README.md is no page


def test_no_dates_outside_git(tmp_path):
    (tmp_path / "docs").mkdir()
    assert page_dates(tmp_path) == {}


def test_pages_show_their_dates_and_who_is_responsible(site_copy):
    root = site_copy("basic")
    commit_all(root)
    html = (build(root) / "index.html").read_text(encoding="utf-8")
    assert '<p class="kc-page-dates">' in html and "Publicerad <time datetime=" in html
    guideline = (build(root) / "guidelines" / "housing" / "index.html").read_text(encoding="utf-8")
    assert "kc-page-dates" not in guideline  # a guideline shows its record's dates in its header

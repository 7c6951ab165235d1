"""The edition of a build: date, short commit and the guideline versions it holds."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

SITE_INPUTS = ("docs", "mkdocs.yml", "overrides", "tools", "pyproject.toml")


def _git(root: Path, *args: str) -> str | None:
    """Output of `git args` in `root`, or None outside a git checkout or without git."""
    try:
        out = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout if out.returncode == 0 else None


def short_commit(root: Path) -> str:
    """The short commit of `root`'s checkout, or 'unknown' outside git."""
    out = _git(root, "rev-parse", "--short=7", "HEAD")
    return out.strip() if out and out.strip() else "unknown"


def has_local_changes(root: Path) -> bool | None:
    """Whether the content of `root` differs from its commit (None outside git)."""
    # The code and its pinned dependencies shape the pages as much as the content does.
    out = _git(root, "status", "--porcelain", "--", *SITE_INPUTS)
    return None if out is None else bool(out.strip())


def edition(project, today: dt.date | None = None) -> dict:
    """The edition facts of `project` as plain JSON-ready data."""
    return {
        "date": (today or dt.date.today()).isoformat(),
        "commit": short_commit(project.root),
        # True when built from content not (yet) committed: then the commit alone does not describe it.
        "local_changes": has_local_changes(project.root),
        "guidelines": [
            {"id": g.id, "slug": g.slug, "version": g.version, "status": g.status}
            for g in sorted(project.records, key=lambda g: g.id)
        ],
    }

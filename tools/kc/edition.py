"""The edition of a build: date, short commit and the guideline versions it holds."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def short_commit(root: Path) -> str:
    """The short commit of `root`'s checkout, or 'unknown' outside git."""
    try:
        out = subprocess.run(["git", "rev-parse", "--short=7", "HEAD"], cwd=root, capture_output=True,
                             text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else "unknown"


def edition(project, today: dt.date | None = None) -> dict:
    """The edition facts of `project` as plain JSON-ready data."""
    return {
        "date": (today or dt.date.today()).isoformat(),
        "commit": short_commit(project.root),
        "guidelines": [
            {"id": g.id, "slug": g.slug, "version": g.version, "status": g.status}
            for g in sorted(project.records, key=lambda g: g.id)
        ],
    }

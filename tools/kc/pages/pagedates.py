"""When each page's text was first published and last changed, read from git in one call per build.

Swedish public-sector web guidance (DIGG) asks that a page show when it was published and updated and who
is responsible for it. Guideline pages show their record's dates; the other pages take theirs from git.
"""

from __future__ import annotations

from pathlib import Path

from kc.edition.info import _git


def page_dates(root: Path) -> dict[str, tuple[str, str]]:
    """Map each file under docs/ (path relative to docs/) to (first commit date, last commit date), ISO.

    Empty when `root` is not a git checkout or git is missing: an edition built from a copy shows no dates
    rather than wrong ones. Names are relative to the checkout's top, so a project that is only a folder
    inside another checkout matches nothing.
    """
    out = _git(Path(root), "log", "--format=%x00%cs", "--name-only", "--no-renames", "--", "docs")
    dates: dict[str, tuple[str, str]] = {}
    for chunk in (out or "").split("\0")[1:]:
        day, _, names = chunk.partition("\n")
        for name in names.splitlines():
            if name.startswith("docs/"):
                rel = name[len("docs/"):]
                # git lists the newest commit first: the first date seen is the last change.
                dates[rel] = (day, dates.get(rel, (day, day))[1])
    return dates

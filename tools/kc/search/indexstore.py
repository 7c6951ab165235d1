"""Where the `kc search` index lives, so that concurrent `kc index` and `kc search` runs never collide.

The index folder (.cache/search/) holds complete generations, each built in a folder of its own, and a
pointer to the one in use:

    build.lock  held by the one process that builds; a second builder waits, then finds the index fresh
    read.lock   held shared by readers while they use a generation; a builder takes it exclusively only
                to delete generations that are no longer in use
    CURRENT     the name of the generation in use, replaced in one step (os.replace), so a reader sees
                either the old complete index or the new complete one, never half of one
    g-*/        a generation: state.json and one Whoosh folder per language and scope

A builder that is killed leaves at most an unfinished g-* folder that CURRENT never named; the next
builder deletes it. No Whoosh call lives here (kc.search.index does those).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kc.content.locks import locked

POINTER = "CURRENT"
PREFIX = "g-"
# Files of the index layout before generations (one index straight in the folder): deleted on the next build.
LEGACY = ("sv", "en", "sv-current", "en-current", "state.json")


def current(out: Path) -> Path | None:
    """The generation folder that CURRENT names, or None when there is no complete index."""
    try:
        name = (out / POINTER).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not name.startswith(PREFIX) or Path(name).name != name:
        return None
    folder = out / name
    return folder if folder.is_dir() else None


@contextmanager
def building(out: Path) -> Iterator[None]:
    """Be the only builder of the index in `out` for the `with` block."""
    out.mkdir(parents=True, exist_ok=True)
    with locked(out / "build.lock"):
        yield


@contextmanager
def reading(out: Path) -> Iterator[Path | None]:
    """Use the current generation (yielded; None if there is none) without a builder deleting it meanwhile."""
    if not out.is_dir():
        yield None
        return
    with locked(out / "read.lock", shared=True):
        yield current(out)


def new_generation(out: Path) -> Path:
    """An empty folder for a new generation (call while `building`)."""
    return Path(tempfile.mkdtemp(prefix=PREFIX, dir=out))


def publish(out: Path, generation: Path) -> None:
    """Make `generation` current in one step, then delete every other generation (call while `building`)."""
    staged = out / f"{POINTER}.tmp"
    staged.write_text(generation.name, encoding="utf-8")
    os.replace(staged, out / POINTER)
    with locked(out / "read.lock"):  # waits until readers of the previous generation are done
        for p in out.iterdir():
            if p.is_dir() and not p.is_symlink() and p.name.startswith(PREFIX) and p != generation:
                shutil.rmtree(p, ignore_errors=True)
        for name in LEGACY:
            p = out / name
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            elif p.is_file():
                p.unlink(missing_ok=True)
        shutil.rmtree(out.with_name(out.name + ".tmp"), ignore_errors=True)  # the old layout's staging


def discard(generation: Path) -> None:
    """Delete a generation that failed before it was published."""
    shutil.rmtree(generation, ignore_errors=True)

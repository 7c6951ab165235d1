"""Replacing the built site in one step, and cleaning up after builds that were killed half-way.

A build writes into a staging folder beside its target (`.site-staging-*` for site/) while it holds a
lock on the folder that holds both (kc.content.locks; the kernel drops it when the build dies). Whoever
holds that lock is the only build there, so any staging folder it finds is a leftover of a killed
build and is deleted.

On Linux the finished staging folder and site/ trade places in one renameat2(RENAME_EXCHANGE) call: there
is no moment without a site/. Elsewhere (or on a file system without it) site/ is first renamed to
`.site-old-*`, then the staging folder to site/; a build killed between the two leaves no site/, so the
next build puts the `.site-old-*` folder back before anything else.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kc.content.locks import locked

_rename = os.rename  # one name for both renames, so a test can stop between them


@contextmanager
def exclusive(target: Path) -> Iterator[None]:
    """Be the only build into the folder that holds `target` for the `with` block."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with locked(target.parent):
        yield


def staging(target: Path) -> Path:
    """A new, empty staging folder for `target` (call while `exclusive`)."""
    return Path(tempfile.mkdtemp(prefix=f".{target.name}-staging-", dir=target.parent))


def leftovers(target: Path) -> list[Path]:
    """Staging and replaced folders of earlier builds of `target`, newest first."""
    name = re.escape(target.name)
    # Also the names that builds before kc.siteswap used: `.site-` + 8 characters, `.site-old-.site-…`.
    ours = re.compile(rf"\.{name}-(?:staging-[\w]+|old-[\w.-]+|[a-z0-9_]{{8}})")
    found = [
        p
        for p in target.parent.iterdir()
        if ours.fullmatch(p.name) and p.is_dir() and not p.is_symlink()
    ]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def tidy(target: Path) -> list[str]:
    """Undo what a killed build left behind (call while `exclusive`); return what was done, for the log.

    If `target` is missing and a replaced site survives, that site goes back in place; every other staging
    or replaced folder is deleted."""
    done = []
    rest = leftovers(target)
    if not os.path.lexists(target):
        old = next((p for p in rest if p.name.startswith(f".{target.name}-old-")), None)
        if old is not None:
            _rename(old, target)
            rest.remove(old)
            done.append(f"restored {target.name}/ from {old.name}, left by an interrupted build")
    for p in rest:
        shutil.rmtree(p, ignore_errors=True)
        done.append(f"removed {p.name}, left by an interrupted build")
    return done


def swap(new: Path, target: Path) -> None:
    """Put the finished folder `new` in place of `target` (call while `exclusive`)."""
    if not os.path.lexists(target):
        _rename(new, target)
        return
    if exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # now the previous site
        return
    old = target.with_name(f".{target.name}-old-{new.name.rsplit('-', 1)[-1]}")
    _rename(target, old)
    _rename(new, target)
    shutil.rmtree(old, ignore_errors=True)


AT_FDCWD = -100
RENAME_EXCHANGE = 2


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system or file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without renameat2 (glibc < 2.28, some musl)
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    if fn(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))

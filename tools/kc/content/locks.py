"""Advisory inter-process locks, so that concurrent `kc` runs take turns instead of tearing files apart.

POSIX: flock(2), shared or exclusive, on a lock file or on a folder itself (which leaves no file behind).
The kernel drops a lock when its holder dies, so a killed run never leaves a lock that blocks the next.
Windows: msvcrt's byte-range lock on a lock file, always exclusive (it has no shared mode); readers then
simply take turns too.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None
    import msvcrt

WINDOWS_LOCK_NAME = ".kc-lock"


@contextmanager
def locked(path: Path, *, shared: bool = False, blocking: bool = True) -> Iterator[bool]:
    """Hold a lock on `path` (a file, created if missing, or an existing folder) for the `with` block.

    Yields True when the lock is held; with `blocking=False` it yields False at once if another process
    holds it (the block then runs without the lock, and must check the value)."""
    path = Path(path)
    if fcntl is None and path.is_dir():
        path = path / WINDOWS_LOCK_NAME
    if path.is_dir():
        fd = os.open(path, os.O_RDONLY)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except PermissionError:
            if fcntl is None or not path.is_file():
                raise
            fd = os.open(path, os.O_RDONLY)  # a read-only checkout: flock needs no write access
    try:
        held = _acquire(fd, shared, blocking)
        try:
            yield held
        finally:
            if held:
                _release(fd)
    finally:
        os.close(fd)


def _acquire(fd: int, shared: bool, blocking: bool) -> bool:
    if fcntl is not None:
        flags = (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | (0 if blocking else fcntl.LOCK_NB)
        try:
            fcntl.flock(fd, flags)
        except BlockingIOError:
            return False
        return True
    os.lseek(fd, 0, os.SEEK_SET)  # msvcrt locks bytes from the current position
    while True:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            if not blocking:
                return False
            time.sleep(0.05)


def _release(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
    else:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

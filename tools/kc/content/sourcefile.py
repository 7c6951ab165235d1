"""Reading the project's source files (texts, records, data files) as text, whatever bytes they hold.

Every problem (unreadable, a folder or device, too big, a byte order mark, NUL bytes, invalid UTF-8) is a
`SourceError` with the line it is on and how to fix it, never a traceback or a hang.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kc.content import memo

# The largest source file kc reads. The real files are far smaller (the largest text is ~22 KB, the
# largest data file ~22 KB); the cap keeps a planted or runaway file from costing time and memory.
MAX_BYTES = 1024 * 1024
RULE = "input"


class SourceError(Exception):
    """A source file that cannot be used as text; carries the 1-based line of the problem."""

    def __init__(self, line: int, message: str, rule: str = RULE):
        super().__init__(message)
        self.line = line
        self.message = message
        self.rule = rule


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them; SourceError otherwise."""
    outcome = memo.cached("read_bytes", (os.fspath(path), limit), lambda: _outcome(path, limit))
    if isinstance(outcome, SourceError):
        raise SourceError(outcome.line, outcome.message, outcome.rule)
    return outcome


def _outcome(path: Path, limit: int) -> bytes | SourceError:
    try:
        return _read_bytes(path, limit)
    except SourceError as exc:
        return exc


def _read_bytes(path: Path, limit: int) -> bytes:
    try:
        # O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise SourceError(
            1, "the file is a folder where a file is expected; remove or rename the folder"
        ) from None
    except FileNotFoundError:
        raise SourceError(
            1, "the file cannot be read: the file (or the file a link points to) does not exist"
        ) from None
    except PermissionError:
        raise SourceError(
            1, "the file cannot be read: permission denied; make the file readable (chmod a+r) or remove it"
        ) from None
    except OSError as exc:
        raise SourceError(1, f"the file cannot be read ({exc.strerror or exc}); check the file") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise SourceError(1, "the file is a folder where a file is expected; remove or rename the folder")
        if not stat.S_ISREG(mode):
            raise SourceError(
                1, "the file is not a regular file (a device, pipe or socket); replace it with a file"
            )
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 16, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise SourceError(1, f"the file cannot be read ({exc.strerror or exc}); check the file") from None
    finally:
        os.close(fd)
    if size > limit:
        raise SourceError(
            1,
            f"the file is larger than {limit // 1024} KiB; split it up or remove what does not belong in it",
        )
    return b"".join(chunks)


def decode(data: bytes) -> str:
    """`data` as UTF-8 text; SourceError at the line of a BOM, NUL byte or invalid byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(1, "the file is saved as UTF-16; save it as UTF-8 (without BOM)")
    if data.startswith(b"\xef\xbb\xbf"):
        raise SourceError(
            1, "the file starts with a byte order mark (BOM); save the file as UTF-8 without BOM"
        )
    nul = data.find(b"\0")
    if nul >= 0:
        raise SourceError(
            data.count(b"\n", 0, nul) + 1,
            "the file contains a NUL byte (character 0), so it is not a text file; remove it "
            "(or save the file as UTF-8 text)",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = data[exc.start : exc.start + 1].hex()
        raise SourceError(
            line,
            f"the file is not valid UTF-8 (byte 0x{bad} in column {column}); save the file as UTF-8 "
            "and retype the character there",
        ) from None


def read(path: Path, limit: int = MAX_BYTES) -> str:
    """The text of the source file `path`; SourceError when it cannot be used as UTF-8 text."""
    return decode(read_bytes(path, limit))


def read_lenient(path: Path) -> str:
    """The text of `path` for a check that only looks at it: '' when unreadable, bad bytes replaced.

    The problem itself is reported once, by `kc validate`'s check of readable sources."""
    try:
        return read(path)
    except SourceError:
        try:
            return read_bytes(path).replace(b"\0", b"").decode("utf-8", "replace").lstrip("\ufeff")
        except SourceError:
            return ""

"""The entries of an edition (zip or unpacked folder), listed without trusting any of them.

Only plain files and folders with plain names get through. Links, devices, FIFOs and sockets (a link to
`/` in a served folder serves the whole machine), names that unpack outside the folder or differently on
Windows and macOS, duplicates, and names that are not UTF-8 become one problem line each, naming the entry.
Files are read in chunks, never more than a given number of bytes, so memory stays flat whatever the sizes.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20
UTF8_FLAG = 0x800
# Info-ZIP's "Unicode Path" extra field: unzip unpacks under the name it holds instead of the entry's name.
UNICODE_PATH_EXTRA = 0x7075
TYPES = {stat.S_IFLNK: "symlink", stat.S_IFCHR: "device", stat.S_IFBLK: "device", stat.S_IFIFO: "fifo",
         stat.S_IFSOCK: "socket"}
WINDOWS_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?", re.IGNORECASE)
WINDOWS_FORBIDDEN = set('<>:"|?*')


def shown(name: str) -> str:
    """`name` printable on one line: undecodable bytes as \\xNN, control characters as \\uNNNN."""
    out = []
    for c in name:
        if 0xDC80 <= ord(c) <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
            out.append(f"\\x{ord(c) - 0xDC00:02x}")
        elif not c.isprintable():
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return "".join(out)


def name_problem(name: str) -> str | None:
    """Why `name` ('/'-separated, relative) cannot be a file of an edition, or None when it can."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "the name is not valid UTF-8"
    if name.startswith("/"):
        return "absolute name; an edition's names are relative to its folder"
    if re.match(r"[A-Za-z]:", name):
        return "drive-letter name; an edition's names are relative to its folder"
    if "\\" in name:
        return "backslash in the name, a folder separator on Windows"
    if any(not c.isprintable() for c in name):
        return "control or invisible format character in the name"
    parts = name.split("/")
    if ".." in parts:
        return "'..' in the name, which points outside the edition"
    if any(p in ("", ".") for p in parts):
        return "empty or '.' part in the name"
    for part in parts:
        if WINDOWS_FORBIDDEN & set(part) or part[-1] in ". " or WINDOWS_RESERVED.fullmatch(part):
            return f"{part!r} cannot be a file name on Windows"
    return None


def collision_key(name: str) -> str:
    """Names that Windows and macOS file systems treat as one (case, Unicode composition) share this key."""
    return unicodedata.normalize("NFC", name).casefold()


def _twin(name: str, other: str) -> str:
    """`name` shown beside its twin `other`; when they differ only in Unicode form they look the same, so
    say which form each is in."""
    if unicodedata.normalize("NFC", name) != unicodedata.normalize("NFC", other):
        return shown(name)
    return f"{shown(name)} ({'composed' if unicodedata.is_normalized('NFC', name) else 'decomposed'})"


@dataclass
class Entry:
    """A plain file of the edition: its name relative to the top folder, claimed size, how to open it."""

    name: str
    size: int
    open: Callable[[], BinaryIO]


@dataclass
class Listing:
    """The plain files of an edition and one problem line per entry that is not one."""

    files: dict[str, Entry] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)
    folder: Path | None = None  # the unpacked top folder (None for a zip)

    def refuse(self, name: str, line: str) -> None:
        """Record `line` as the one problem of `name` (later problems of the same entry are dropped)."""
        self.problems.setdefault(name, line)
        self.files.pop(name, None)

    def add(self, entry: Entry, dirs: dict[str, str]) -> None:
        """Add a plain file, refusing it when another entry has the same name on some file system."""
        if entry.name in self.problems:
            return
        key = collision_key(entry.name.rstrip("/"))  # a folder and a file of one name collide too
        other = dirs.get(key)
        if other is None:
            dirs[key] = entry.name
            self.files[entry.name] = entry
        elif other == entry.name:
            self.refuse(entry.name, f"duplicate: {shown(entry.name)}: the edition holds this name twice; "
                        "unpacking tools disagree about which copy wins")
        else:
            first, second = _twin(other, entry.name), _twin(entry.name, other)
            self.refuse(other, f"duplicate: {first}: {second} is the same name on Windows and macOS (it "
                        "differs only in case or Unicode form)")
            self.refuse(entry.name, self.problems[other])


def read_capped(entry: Entry, cap: int) -> tuple[str, int]:
    """(SHA-256 hex, bytes read) of `entry`, reading at most cap + 1 bytes in chunks."""
    digest, total = hashlib.sha256(), 0
    with entry.open() as fh:
        while total <= cap:
            chunk = fh.read(min(CHUNK, cap + 1 - total))
            if not chunk:
                break
            digest.update(chunk)
            total += len(chunk)
    return digest.hexdigest(), total


def read_small(entry: Entry, cap: int) -> bytes | None:
    """The bytes of a small file (manifest, signature), or None when it is larger than `cap`."""
    # In chunks: read(cap) would reserve `cap` bytes up front, however small the file.
    parts, total = [], 0
    with entry.open() as fh:
        while total <= cap and (chunk := fh.read(min(CHUNK, cap + 1 - total))):
            parts.append(chunk)
            total += len(chunk)
    return None if total > cap else b"".join(parts)


# --- folders --------------------------------------------------------------------------------------------

def _open_plain(path: str) -> BinaryIO:
    # No following a link swapped in since the listing, and no blocking on a FIFO.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(f"{path} is no longer a plain file")
    return os.fdopen(fd, "rb")


def list_folder(folder: Path) -> Listing:
    """Every entry under `folder`, walked without following links."""
    listing, keys = Listing(folder=folder), {}
    stack = [("", str(folder))]
    while stack:
        prefix, path = stack.pop()
        try:
            with os.scandir(path) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            listing.refuse(prefix.rstrip("/"), f"unreadable: {shown(prefix.rstrip('/'))}: {exc.strerror}")
            continue
        subfolders = []
        for e in entries:
            rel = prefix + e.name
            try:
                mode = e.stat(follow_symlinks=False).st_mode
            except OSError as exc:
                listing.refuse(rel, f"unreadable: {shown(rel)}: {exc.strerror}")
                continue
            kind = TYPES.get(stat.S_IFMT(mode))
            if kind == "symlink":
                try:
                    target = os.readlink(e.path)
                except OSError:
                    target = "?"
                listing.refuse(rel, f"symlink: {shown(rel)} (points to {shown(target)}); an edition holds "
                               "plain files only")
            elif kind:
                listing.refuse(rel, f"{kind}: {shown(rel)}; an edition holds plain files only")
            elif (why := name_problem(rel)) is not None:
                listing.refuse(rel, f"unsafe name: {shown(rel)}: {why}")
            elif stat.S_ISDIR(mode):
                listing.add(Entry(rel + "/", 0, lambda: None), keys)  # claims its name against twins
                listing.files.pop(rel + "/", None)
                subfolders.append((rel + "/", e.path))
            else:
                size = e.stat(follow_symlinks=False).st_size
                listing.add(Entry(rel, size, lambda p=e.path: _open_plain(p)), keys)
        # Once the whole level is known: a folder with a twin is refused as a whole, not walked.
        stack += [(rel, path) for rel, path in subfolders if rel not in listing.problems]
    return listing


# --- zips -----------------------------------------------------------------------------------------------

def _extra_ids(extra: bytes) -> set[int]:
    ids, i = set(), 0
    while i + 4 <= len(extra):
        ids.add(int.from_bytes(extra[i : i + 2], "little"))
        i += 4 + int.from_bytes(extra[i + 2 : i + 4], "little")
    return ids


def _zip_problem(info: zipfile.ZipInfo) -> tuple[str, str] | None:
    """(kind, reason) when the entry itself (not its name's meaning) is unacceptable."""
    name = info.filename
    if not info.flag_bits & UTF8_FLAG and not name.isascii():
        return "not utf-8", "the name is not marked as UTF-8 (zip flag 0x800), so tools unpack it under " \
                            "different names"
    if UNICODE_PATH_EXTRA in _extra_ids(info.extra):
        return "unsafe name", "a Unicode Path extra field, which unzip uses instead of the entry's name"
    fmt = stat.S_IFMT(info.external_attr >> 16)
    if fmt in TYPES:
        return TYPES[fmt], "an edition holds plain files only"
    if fmt == stat.S_IFDIR and not name.endswith("/"):
        return "unsafe name", "marked as a folder but named as a file"
    if info.flag_bits & 0x1:
        return "encrypted", "an edition's files are not encrypted"
    return None


class EditionError(Exception):
    """The zip is not one edition at all; the message says why."""


def top_folder(zf: zipfile.ZipFile, manifest: str) -> str:
    """The edition's top folder ('name/') in the zip, or '' when the manifest is at the top."""
    tops = sorted({i.filename[: -len(manifest)] for i in zf.infolist()
                   if i.filename.endswith("/" + manifest) and i.filename.count("/") == 1})
    if len(tops) > 1:
        raise EditionError(f"the zip holds {len(tops)} folders with a {manifest} "
                           f"({', '.join(shown(t) for t in tops[:5])}); an edition's zip holds one")
    return tops[0] if tops else ""


def list_zip(zf: zipfile.ZipFile, manifest: str) -> Listing:
    """Every entry of `zf`, named relative to the edition's top folder ('../x' for one beside it)."""
    listing, keys = Listing(), {}
    top = top_folder(zf, manifest)
    for info in zf.infolist():
        raw = info.filename
        rel = raw[len(top) :] if raw.startswith(top) else "../" + raw
        if not rel:  # the top folder's own entry
            continue
        # Problems name the entry as the zip does when it lies outside the top folder.
        label = rel if raw.startswith(top) else raw
        if (bad := _zip_problem(info)) is not None:
            if bad[0] == "not utf-8":  # show the name's bytes, not what cp437 makes of them
                label = label.encode("cp437").decode("utf-8", "surrogateescape")
            label = shown(label)
            listing.refuse(rel, f"{bad[0]}: {label}: {bad[1]}")
        elif (why := name_problem(raw.rstrip("/"))) is not None:
            listing.refuse(rel, f"unsafe name: {shown(label)}: {why}")
        elif info.is_dir():
            listing.add(Entry(rel, 0, lambda: None), keys)
            listing.files.pop(rel, None)
        else:
            listing.add(Entry(rel, info.file_size, lambda i=info: zf.open(i)), keys)
    return listing

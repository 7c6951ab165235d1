"""Checking an offline edition against its manifest of SHA-256 checksums."""

from __future__ import annotations

import hashlib
import string
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = "manifest.sha256"


class VerifyError(Exception):
    """The edition cannot be checked at all (no manifest, unreadable archive); the message says why."""


@dataclass
class Report:
    """What differs between an edition and its manifest, as paths relative to the edition's top folder."""

    modified: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    checked: int = 0

    @property
    def ok(self) -> bool:
        return not (self.modified or self.missing or self.unexpected)

    def lines(self) -> list[str]:
        return ([f"modified: {p}" for p in self.modified] + [f"missing: {p}" for p in self.missing]
                + [f"unexpected: {p}" for p in self.unexpected])


def manifest_text(files: dict[str, bytes]) -> str:
    """sha256sum-format lines ('<hex>  <path>') for `files`, sorted by path."""
    return "".join(f"{hashlib.sha256(data).hexdigest()}  {path}\n" for path, data in sorted(files.items()))


def write_manifest(folder: Path) -> Path:
    """Write folder/manifest.sha256 covering every file in `folder` except itself."""
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    files.pop(MANIFEST, None)
    target = folder / MANIFEST
    target.write_text(manifest_text(files), encoding="utf-8")
    return target


def parse_manifest(text: str) -> dict[str, str]:
    """Map path -> hex digest from sha256sum-format text; raise VerifyError on a malformed line."""
    entries: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        digest, sep, path = line.partition("  ")
        if not sep or len(digest) != 64 or not all(c in string.hexdigits for c in digest) or not path:
            raise VerifyError(f"{MANIFEST}:{n}: not a '<sha256>  <path>' line: {line!r}; "
                              "the manifest is damaged, get the edition again from its source")
        if path in entries:
            raise VerifyError(f"{MANIFEST}:{n}: {path} is listed twice; the manifest is damaged")
        entries[path] = digest.lower()
    return entries


def _read_folder(folder: Path) -> tuple[str | None, dict[str, bytes]]:
    files = {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}
    manifest = files.pop(MANIFEST, None)
    text = manifest.read_text(encoding="utf-8") if manifest else None
    return text, {k: v.read_bytes() for k, v in files.items()}


def _read_zip(path: Path) -> tuple[str | None, dict[str, bytes]]:
    with zipfile.ZipFile(path) as zf:
        files = {i.filename: zf.read(i) for i in zf.infolist() if not i.is_dir()}
    # An edition's zip holds one top folder with the manifest; its paths are relative to that folder, and
    # anything put beside the folder is named relative to it too ('../README.txt'), so it shows as unexpected.
    tops = [n[: -len(MANIFEST)] for n in files if n.count("/") == 1 and n.endswith("/" + MANIFEST)]
    if len(tops) == 1:
        top = tops[0]
        files = {(n[len(top) :] if n.startswith(top) else "../" + n): data for n, data in files.items()}
    manifest = files.pop(MANIFEST, None)
    return (manifest.decode("utf-8") if manifest is not None else None), files


def verify(path: Path) -> Report:
    """Compare the edition at `path` (zip or folder) with its manifest."""
    path = Path(path)
    if path.is_dir() and not (path / MANIFEST).exists():
        # The folder the zip was unpacked into, holding the edition's one top folder.
        inner = [p for p in path.iterdir() if (p / MANIFEST).is_file()]
        if len(inner) == 1 and len(list(path.iterdir())) == 1:
            path = inner[0]
    try:
        if path.is_dir():
            text, files = _read_folder(path)
        elif path.is_file():
            text, files = _read_zip(path)
        else:
            raise VerifyError(f"{path} does not exist; pass an edition's zip or its unpacked folder")
    except (zipfile.BadZipFile, OSError) as exc:
        raise VerifyError(f"cannot read {path}: {exc}") from None
    except UnicodeDecodeError:
        raise VerifyError(f"{MANIFEST} in {path} is not UTF-8 text") from None
    if text is None:
        raise VerifyError(f"{path} has no {MANIFEST}; it is not a kc edition or the manifest was removed")
    expected = parse_manifest(text)
    report = Report(checked=len(expected))
    for rel, digest in sorted(expected.items()):
        data = files.get(rel)
        if data is None:
            report.missing.append(rel)
        elif hashlib.sha256(data).hexdigest() != digest:
            report.modified.append(rel)
    report.unexpected = sorted(set(files) - set(expected))
    return report

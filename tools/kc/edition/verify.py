"""Checking an offline edition: its signature, then every file against the manifest of SHA-256 checksums."""

from __future__ import annotations

import hashlib
import string
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from kc.edition import signing
from kc.edition.editionfiles import (
    EditionError,
    Listing,
    list_folder,
    list_zip,
    name_problem,
    read_capped,
    read_small,
    shown,
)

MANIFEST = "manifest.sha256"
EDITION_FILE = "edition.json"
# Files beside the manifest that it cannot list: the signature covers the manifest itself.
UNLISTED = {MANIFEST, signing.SIGNATURE}
MAX_SMALL = 16 << 20  # manifest, signature and edition.json are a few hundred kB at most
# Without a signature that publishes each file's size, no file is read beyond this, nor all of them together
# beyond the total: time stays bounded too.
MAX_UNSIGNED_FILE = 1 << 30
MAX_UNSIGNED_TOTAL = 4 << 30
# A real edition holds a few thousand files; each zip entry costs memory before any check can run.
MAX_ENTRIES = 200_000


class VerifyError(Exception):
    """The edition cannot be checked at all (no manifest, unreadable archive); the message says why."""


@dataclass
class Report:
    """What is wrong with an edition, as paths relative to its top folder, and who signed it."""

    modified: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    unsafe: list[str] = field(default_factory=list)  # whole problem lines: symlinks, bad names, too large
    checked: int = 0
    integrity_only: bool = False
    signed: signing.Signed | None = None
    signature_problem: str | None = None

    @property
    def files_ok(self) -> bool:
        return not (self.modified or self.missing or self.unexpected or self.unsafe)

    @property
    def ok(self) -> bool:
        return self.files_ok and (self.integrity_only or self.signature_problem is None)

    def lines(self) -> list[str]:
        sig = [f"signature: {self.signature_problem}"] if self.signature_problem and not self.integrity_only \
            else []
        return (sig + self.unsafe + [f"modified: {p}" for p in self.modified]
                + [f"missing: {p}" for p in self.missing] + [f"unexpected: {p}" for p in self.unexpected])


def manifest_text(files: dict[str, bytes]) -> str:
    """sha256sum-format lines ('<hex>  <path>') for `files`, sorted by path."""
    return "".join(f"{hashlib.sha256(data).hexdigest()}  {path}\n" for path, data in sorted(files.items()))


def write_manifest(folder: Path) -> Path:
    """Write folder/manifest.sha256 covering every file in `folder` except itself and the signature."""
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    for name in UNLISTED:
        files.pop(name, None)
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
            raise VerifyError(f"{MANIFEST}:{n}: not a '<sha256>  <path>' line: {shown(line)!r}; "
                              "the manifest is damaged, get the edition again from its source")
        if path in entries:
            raise VerifyError(f"{MANIFEST}:{n}: {shown(path)} is listed twice; the manifest is damaged")
        entries[path] = digest.lower()
    return entries


def _unpacked_top(path: Path) -> Path:
    """The edition's folder: `path`, or the one folder in it when `path` is where the zip was unpacked."""
    if (path / MANIFEST).exists() or (path / MANIFEST).is_symlink():
        return path
    inner = list(path.iterdir())
    if len(inner) == 1 and not inner[0].is_symlink() and inner[0].is_dir() and (inner[0] / MANIFEST).exists():
        return inner[0]
    return path


def _small(listing: Listing, name: str) -> bytes | None:
    entry = listing.files.get(name)
    if entry is None:
        return None
    data = read_small(entry, MAX_SMALL)
    if data is None:
        listing.refuse(name, f"too large: {name}: larger than {MAX_SMALL >> 20} MiB")
    return data


def _check_signature(listing: Listing, manifest: bytes, report: Report, keys) -> None:
    sig = _small(listing, signing.SIGNATURE)
    if sig is None:
        report.signature_problem = (f"the edition is not signed ({signing.SIGNATURE} is missing or not a "
                                    "plain file); it may be a preview or a forgery, so nothing shows it "
                                    "comes from the centre")
        return
    try:
        report.signed = signing.check(sig, manifest, _small(listing, EDITION_FILE), keys)
    except signing.SigningError as exc:
        report.signature_problem = str(exc)


def _check_files(listing: Listing, expected: dict[str, str], sizes: dict[str, int] | None,
                 report: Report) -> None:
    reported = set(listing.problems)
    # Files under a refused folder (a link, a twin) were already reported with it.
    refused = tuple(name.rstrip("/") + "/" for name in listing.problems)
    report.unsafe += list(dict.fromkeys(listing.problems.values()))  # twins share one line
    budget = MAX_UNSIGNED_TOTAL
    for rel, digest in sorted(expected.items()):
        if rel in reported or rel.startswith(refused):
            continue
        if sizes is None and budget <= 0:
            report.unsafe.append(f"too large: the edition holds more than {MAX_UNSIGNED_TOTAL >> 20} MiB; "
                                 "the remaining files were not checked")
            break
        if (why := name_problem(rel)) is not None:
            report.unsafe.append(f"unsafe name: {shown(rel)}: {why} (listed in the manifest)")
            continue
        entry = listing.files.get(rel)
        if entry is None:
            report.missing.append(shown(rel))
            continue
        cap = sizes.get(rel, 0) if sizes is not None else MAX_UNSIGNED_FILE
        try:
            actual, total = read_capped(entry, cap)
        except Exception as exc:  # whatever a decompressor raises on hostile bytes is one finding
            report.unsafe.append(f"unreadable: {shown(rel)}: {type(exc).__name__}: {shown(str(exc))}")
            continue
        budget -= total
        if total > cap:
            limit = "published in the signature" if sizes is not None else "an edition's file may have"
            report.unsafe.append(f"too large: {shown(rel)}: larger than the {cap} bytes {limit}")
        elif actual != digest:
            report.modified.append(shown(rel))
    report.unexpected = sorted(shown(n) for n in listing.files if n not in expected and n not in UNLISTED)


def _open_zip(path: Path) -> zipfile.ZipFile:
    """The zip at `path`, refused before its directory is read when it claims too many entries."""
    with path.open("rb") as fh:
        end = zipfile._EndRecData(fh)  # the end record; stable since Python 2
    if end is None:
        raise VerifyError(f"{path} is not a zip archive; pass an edition's zip or its unpacked folder")
    if end[zipfile._ECD_ENTRIES_TOTAL] > MAX_ENTRIES:
        raise VerifyError(f"{path} claims {end[zipfile._ECD_ENTRIES_TOTAL]} entries, more than an edition "
                          f"holds ({MAX_ENTRIES}); it is not a kc edition")
    return zipfile.ZipFile(path)


def verify(path: Path, *, integrity_only: bool = False, keys: list | None = None) -> Report:
    """Check the edition at `path` (zip or folder): its signature (unless `integrity_only`) and its files."""
    path = Path(path)
    zf = None
    try:
        if path.is_dir():
            top = _unpacked_top(path.resolve())
            if not (top / MANIFEST).is_symlink() and not (top / MANIFEST).exists():
                # Before walking: a folder without a manifest may be anything, '/' included.
                raise VerifyError(f"{path} has no {MANIFEST}; it is not a kc edition or the manifest was "
                                  "removed")
            listing = list_folder(top)
        elif path.is_file():
            zf = _open_zip(path)
            listing = list_zip(zf, MANIFEST)
        else:
            raise VerifyError(f"{path} does not exist; pass an edition's zip or its unpacked folder")
        return _verify_listing(path, listing, integrity_only, keys)
    except EditionError as exc:
        raise VerifyError(f"{path}: {exc}") from None
    except UnicodeDecodeError:
        raise VerifyError(f"{path}: a name in the zip is marked as UTF-8 but is not; the archive is "
                          "damaged or forged") from None
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError, ValueError,
            zlib.error) as exc:
        raise VerifyError(f"cannot read {path}: {shown(str(exc))}") from None
    finally:
        if zf is not None:
            zf.close()


def _verify_listing(path: Path, listing: Listing, integrity_only: bool, keys) -> Report:
    if MANIFEST in listing.problems:
        raise VerifyError(f"{path}: {listing.problems[MANIFEST]}")
    manifest = _small(listing, MANIFEST)
    if manifest is None:
        if MANIFEST in listing.problems:
            raise VerifyError(f"{path}: {listing.problems[MANIFEST]}")
        raise VerifyError(f"{path} has no {MANIFEST}; it is not a kc edition or the manifest was removed")
    try:
        expected = parse_manifest(manifest.decode("utf-8"))
    except UnicodeDecodeError:
        raise VerifyError(f"{MANIFEST} in {path} is not UTF-8 text") from None
    report = Report(checked=len(expected), integrity_only=integrity_only)
    sizes = None
    if not integrity_only:
        _check_signature(listing, manifest, report, keys)
        if report.signed is not None:
            sizes = report.signed.sizes
            if set(sizes) != set(expected):
                report.signature_problem = "the signature's list of file sizes does not match the manifest"
                sizes = None
    _check_files(listing, expected, sizes, report)
    # The scan of an unpacked edition's pages (scripts, event handlers, outside resources) belongs here:
    # on listing.folder (None for a zip), adding its lines to report.unsafe.
    return report

"""`kc verify`: an edition (zip or unpacked folder) against its SHA-256 manifest; each kind of tampering,
and each kind of hostile entry (links, devices, FIFOs, duplicate and unsafe names, oversized files)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import socket
import stat
import tracemalloc
import unicodedata
import warnings
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from kc.cli import main
from kc.edition import signing
from kc.edition.bundle import sign_folder
from kc.edition.verify import MANIFEST, VerifyError, parse_manifest, verify, write_manifest

FILES = {
    "index.html": "<p>Start</p>",
    "en/index.html": "<p>Home</p>",
    "assets/kc/kc.css": "body{}",
    "edition.json": '{"date": "2026-11-24", "commit": "abc1234"}',
}
TOP = "kunskapscentrum-2026-11-24-abc1234"
SIGNED_AT = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)


def _folder(tmp_path: Path, key=None, files: dict | None = None) -> Path:
    """An unpacked edition with FILES, its manifest and (given a key) its signature."""
    folder = tmp_path / "unpacked" / TOP
    for rel, text in (files or FILES).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(text if isinstance(text, bytes) else text.encode())
    write_manifest(folder)
    if key is not None:
        sign_folder(folder, key, signing.signer_for(key, SIGNED_AT.date()),
                    {"date": "2026-11-24", "commit": "abc1234"}, SIGNED_AT)
    return folder


def _zip(folder: Path, dest: Path, extra=()) -> Path:
    """Zip `folder` under its top folder; `extra` adds (ZipInfo or name, bytes) entries after the files."""
    with zipfile.ZipFile(dest, "w") as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # duplicate names are what some tests want
        for info, data in extra:
            zf.writestr(info, data)
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            zf.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    return dest


def _kc_verify(path: Path, capsys, *options: str) -> tuple[int, str, str]:
    code = main(["--root", str(ROOT), "verify", *options, str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def test_manifest_lists_every_file_but_itself_with_its_sha256(tmp_path):
    folder = _folder(tmp_path)
    entries = parse_manifest((folder / MANIFEST).read_text(encoding="utf-8"))
    assert entries == {rel: hashlib.sha256(text.encode()).hexdigest() for rel, text in FILES.items()}


@pytest.mark.parametrize("packed", ["folder", "zip"])
def test_an_untouched_edition_passes(tmp_path, capsys, centre_key, packed):
    folder = _folder(tmp_path, centre_key)
    path = folder if packed == "folder" else _zip(folder, tmp_path / f"{TOP}.zip")
    code, out, err = _kc_verify(path, capsys)
    assert (code, out) == (0, "")
    assert f"all {len(FILES)} files match the manifest" in err and "signed by Test centre" in err


# Each kind of tampering, and the exact lines kc verify must print for it.
TAMPERING = [
    ("modified", lambda f: (f / "index.html").write_text("<p>Stark</p>", encoding="utf-8"),
     ["modified: index.html"]),
    # Longer than the signature says: read no further than that.
    ("grown", lambda f: (f / "index.html").write_text("<p>Start!</p>", encoding="utf-8"),
     ["too large: index.html: larger than the 12 bytes published in the signature"]),
    ("missing", lambda f: (f / "en/index.html").unlink(), ["missing: en/index.html"]),
    ("unexpected", lambda f: (f / "assets/kc/tracker.js").write_text("x", encoding="utf-8"),
     ["unexpected: assets/kc/tracker.js"]),
    # Touching the file without changing a byte is not a change.
    ("same bytes", lambda f: (f / "index.html").write_text("<p>Start</p>", encoding="utf-8"), []),
    ("all three", lambda f: ((f / "assets/kc/kc.css").write_bytes(b"html{}"),
                             (f / "en/index.html").unlink(), (f / "extra.html").write_text("")),
     ["modified: assets/kc/kc.css", "missing: en/index.html", "unexpected: extra.html"]),
]


@pytest.mark.parametrize("packed", ["folder", "zip"])
@pytest.mark.parametrize(("kind", "tamper", "expected"), TAMPERING, ids=[t[0] for t in TAMPERING])
def test_each_kind_of_tampering_is_listed(tmp_path, capsys, centre_key, packed, kind, tamper, expected):
    folder = _folder(tmp_path, centre_key)
    tamper(folder)
    path = folder if packed == "folder" else _zip(folder, tmp_path / f"{TOP}.zip")
    code, out, err = _kc_verify(path, capsys)
    assert out.splitlines() == expected
    assert code == (1 if expected else 0)
    if expected:
        assert f"{len(expected)} problem(s)" in err


def test_the_folder_the_zip_was_unpacked_into_is_accepted(tmp_path, capsys, centre_key):
    folder = _folder(tmp_path, centre_key)
    (folder / "index.html").write_text("changed", encoding="utf-8")
    code, out, _ = _kc_verify(folder.parent, capsys)
    assert (code, out) == (1, "modified: index.html\n")


def test_a_link_naming_the_edition_in_use_is_followed_once(tmp_path, capsys, centre_key):
    """The hosting guide's `current -> kunskapscentrum-...` link is how servers name the edition in use."""
    folder = _folder(tmp_path, centre_key)
    (tmp_path / "current").symlink_to(folder)
    assert _kc_verify(tmp_path / "current", capsys)[:2] == (0, "")


def test_a_file_added_beside_the_top_folder_of_a_zip_is_caught(tmp_path, capsys, centre_key):
    archive = _zip(_folder(tmp_path, centre_key), tmp_path / f"{TOP}.zip")
    with zipfile.ZipFile(archive, "a") as zf:
        zf.writestr("README.txt", "added")
    code, out, _ = _kc_verify(archive, capsys)
    assert code == 1 and "unexpected: ../README.txt" in out.splitlines()


@pytest.mark.parametrize("packed", ["folder", "zip"])
def test_a_removed_manifest_is_an_error_that_says_so(tmp_path, capsys, packed):
    folder = _folder(tmp_path)
    (folder / MANIFEST).unlink()
    path = folder if packed == "folder" else _zip(folder, tmp_path / f"{TOP}.zip")
    code, out, err = _kc_verify(path, capsys)
    assert code == 1 and out == ""
    assert f"has no {MANIFEST}" in err and "the manifest was removed" in err


MALFORMED = [
    "not a manifest at all\n",
    f"{'0' * 64} index.html\n",  # one space: not the '<sha256>  <path>' format
    f"{'0' * 63}  index.html\n",  # digest too short
    f"{'g' * 64}  index.html\n",  # not hexadecimal
    f"{'0' * 64}  index.html\n{'1' * 64}  index.html\n",  # the same file twice
]


@pytest.mark.parametrize("packed", ["folder", "zip"])
@pytest.mark.parametrize("text", MALFORMED)
def test_a_malformed_manifest_is_an_error_naming_its_line(tmp_path, capsys, packed, text):
    folder = _folder(tmp_path)
    (folder / MANIFEST).write_text(text, encoding="utf-8")
    path = folder if packed == "folder" else _zip(folder, tmp_path / f"{TOP}.zip")
    code, out, err = _kc_verify(path, capsys)
    assert code == 1 and out == ""
    assert f"kc: error: {MANIFEST}:" in err and "the manifest is damaged" in err


def test_a_manifest_that_is_not_utf8(tmp_path):
    folder = _folder(tmp_path)
    (folder / MANIFEST).write_bytes(b"\xff\xfe\x00")
    with pytest.raises(VerifyError, match="not UTF-8"):
        verify(folder)


@pytest.mark.parametrize("make", [
    lambda p: p / "nothing-here",  # does not exist
    lambda p: (p / "x.zip").write_bytes(b"not a zip") and p / "x.zip",  # not a zip archive
])
def test_what_is_not_an_edition_is_an_error(tmp_path, capsys, make):
    code, out, err = _kc_verify(make(tmp_path), capsys)
    assert code == 1 and out == "" and err.startswith("kc: error: ")


def test_verify_needs_no_project_folder(tmp_path, capsys, centre_key):
    """A municipality's server has the edition, not the portal's source: --root without docs/ is fine."""
    folder = _folder(tmp_path, centre_key)
    code = main(["--root", str(tmp_path), "verify", str(folder)])
    assert code == 0 and "files match the manifest" in capsys.readouterr().err


# --- hostile unpacked folders ---------------------------------------------------------------------------

def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path) -> None:
    # Bound by a relative name: a socket's absolute path may be longer than AF_UNIX allows.
    here = os.getcwd()
    os.chdir(path.parent)
    try:
        with socket.socket(socket.AF_UNIX) as s:
            s.bind(path.name)
    finally:
        os.chdir(here)


def _device(path: Path) -> None:
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # like /dev/null
    except PermissionError:
        pytest.skip("creating a device file needs CAP_MKNOD")


FOLDER_HOSTILE = [
    ("link to /", lambda f: (f / "root").symlink_to("/"),
     ["symlink: root (points to /); an edition holds plain files only"]),
    ("broken link", lambda f: (f / "assets/gone.css").symlink_to("nowhere"),
     ["symlink: assets/gone.css (points to nowhere); an edition holds plain files only"]),
    # A listed page replaced by a link: one line for it, not also 'missing'.
    ("listed page is a link",
     lambda f: ((f / "index.html").unlink(), (f / "index.html").symlink_to("/etc/hostname")),
     ["symlink: index.html (points to /etc/hostname); an edition holds plain files only"]),
    ("link to a folder", lambda f: (f / "etc").symlink_to("/etc", target_is_directory=True),
     ["symlink: etc (points to /etc); an edition holds plain files only"]),
    # A listed folder replaced by a link: one line, not also 'missing' for each file in it.
    ("listed folder is a link",
     lambda f: (shutil.rmtree(f / "en"), (f / "en").symlink_to("/", target_is_directory=True)),
     ["symlink: en (points to /); an edition holds plain files only"]),
    ("fifo", lambda f: _fifo(f / "assets/pipe"), ["fifo: assets/pipe; an edition holds plain files only"]),
    ("socket", lambda f: _socket(f / "s"), ["socket: s; an edition holds plain files only"]),
    ("device", lambda f: _device(f / "null"), ["device: null; an edition holds plain files only"]),
    ("backslash", lambda f: (f / "..\\evil.html").write_text("x"),
     ["unsafe name: ..\\evil.html: backslash in the name, a folder separator on Windows"]),
    ("not utf-8", lambda f: Path(os.fsdecode(bytes(f) + b"/bad\xff.html")).write_text("x"),
     ["unsafe name: bad\\xff.html: the name is not valid UTF-8"]),
    ("case twin", lambda f: (f / "Index.html").write_text("planted"),
     ["duplicate: Index.html: index.html is the same name on Windows and macOS (it differs only in case or "
      "Unicode form)"]),
    ("nfd twin", lambda f: (f / unicodedata.normalize("NFD", "å.html")).write_text("planted"),
     [f"duplicate: {unicodedata.normalize('NFD', 'å.html')} (decomposed): å.html (composed) is the same name "
      "on Windows and macOS (it differs only in case or Unicode form)"]),
    # A folder twin: the files inside are not looked at twice.
    ("folder twin", lambda f: ((f / "Assets").mkdir(), (f / "Assets/kc.css").write_text("planted")),
     ["duplicate: Assets/: assets/ is the same name on Windows and macOS (it differs only in case or "
      "Unicode form)"]),
    ("windows stream", lambda f: (f / "index.html:evil").write_text("x"),
     ["unsafe name: index.html:evil: 'index.html:evil' cannot be a file name on Windows"]),
]


@pytest.mark.parametrize(("kind", "plant", "expected"), FOLDER_HOSTILE, ids=[h[0] for h in FOLDER_HOSTILE])
def test_each_hostile_entry_in_a_folder_is_refused_once_by_name(tmp_path, capsys, centre_key, kind, plant,
                                                                 expected):
    folder = _folder(tmp_path, centre_key, {**FILES, "å.html": "<p>å</p>"})
    plant(folder)
    code, out, err = _kc_verify(folder, capsys)
    assert (code, out.splitlines()) == (1, expected)
    assert "1 problem(s); the edition was altered" in err


# --- hostile zips ---------------------------------------------------------------------------------------

def _info(name: str, mode: int = stat.S_IFREG | 0o644, flags: int = 0) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, (2026, 11, 24, 0, 0, 0))
    info.external_attr = mode << 16
    info.flag_bits |= flags
    return info


def _unicode_path_extra(info: zipfile.ZipInfo, name: str) -> zipfile.ZipInfo:
    data = b"\x01" + (0).to_bytes(4, "little") + name.encode()
    info.extra = (0x7075).to_bytes(2, "little") + len(data).to_bytes(2, "little") + data
    return info


ZIP_HOSTILE = [
    ("symlink entry", [(_info(f"{TOP}/root", stat.S_IFLNK | 0o777), "/")],
     ["symlink: root: an edition holds plain files only"]),
    ("listed page as symlink", [(_info(f"{TOP}/index.html", stat.S_IFLNK | 0o777), "/etc/passwd")],
     ["symlink: index.html: an edition holds plain files only"]),
    ("fifo entry", [(_info(f"{TOP}/p", stat.S_IFIFO | 0o644), "")],
     ["fifo: p: an edition holds plain files only"]),
    ("device entry", [(_info(f"{TOP}/d", stat.S_IFBLK | 0o644), "")],
     ["device: d: an edition holds plain files only"]),
    # The planted copy comes first: `unzip` keeps the first, Python the last.
    ("duplicate", [(_info(f"{TOP}/index.html"), "<script>planted</script>")],
     ["duplicate: index.html: the edition holds this name twice; unpacking tools disagree about which copy "
      "wins"]),
    ("case duplicate", [(_info(f"{TOP}/INDEX.html"), "planted")],
     ["duplicate: INDEX.html: index.html is the same name on Windows and macOS (it differs only in case or "
      "Unicode form)"]),
    ("absolute", [(_info("/etc/cron.d/x"), "x")],
     ["unsafe name: /etc/cron.d/x: absolute name; an edition's names are relative to its folder"]),
    ("drive letter", [(_info("C:/Windows/x.dll"), "x")],
     ["unsafe name: C:/Windows/x.dll: drive-letter name; an edition's names are relative to its folder"]),
    ("dot-dot", [(_info(f"{TOP}/../../evil.html"), "x")],
     ["unsafe name: ../../evil.html: '..' in the name, which points outside the edition"]),
    ("backslash", [(_info(f"{TOP}/..\\..\\evil.html"), "x")],
     ["unsafe name: ..\\..\\evil.html: backslash in the name, a folder separator on Windows"]),
    ("unicode path extra", [(_unicode_path_extra(_info(f"{TOP}/ok.html"), "../../evil.html"), "x")],
     ["unsafe name: ok.html: a Unicode Path extra field, which unzip uses instead of the entry's name"]),
]


@pytest.mark.parametrize(("kind", "extra", "expected"), ZIP_HOSTILE, ids=[h[0] for h in ZIP_HOSTILE])
def test_each_hostile_entry_in_a_zip_is_refused_once_by_name(tmp_path, capsys, centre_key, kind, extra,
                                                             expected):
    folder = _folder(tmp_path, centre_key)
    if kind == "listed page as symlink":
        (folder / "index.html").unlink()
    archive = _zip(folder, tmp_path / f"{TOP}.zip", extra)
    code, out, err = _kc_verify(archive, capsys)
    assert (code, out.splitlines()) == (1, expected)
    assert "1 problem(s)" in err


def test_a_dot_dot_name_listed_in_the_manifest_is_refused_once(tmp_path, capsys, centre_key):
    """A forged manifest lists '../x' and the zip holds it: one line, not also 'missing' or 'unexpected'."""
    folder = _folder(tmp_path)
    manifest = (folder / MANIFEST).read_text(encoding="utf-8")
    (folder / MANIFEST).write_text(manifest + f"{hashlib.sha256(b'x').hexdigest()}  ../evil.html\n",
                                   encoding="utf-8")
    archive = _zip(folder, tmp_path / f"{TOP}.zip", [(_info(f"{TOP}/../evil.html"), "x")])
    code, out, _ = _kc_verify(archive, capsys, "--integrity-only")
    assert code == 1
    assert out.splitlines() == [
        "unsafe name: ../evil.html: '..' in the name, which points outside the edition"]


def test_a_dot_dot_name_only_in_the_manifest_is_refused(tmp_path, capsys):
    folder = _folder(tmp_path)
    with (folder / MANIFEST).open("a", encoding="utf-8") as fh:
        fh.write(f"{'0' * 64}  ../../etc/passwd\n")
    code, out, _ = _kc_verify(folder, capsys, "--integrity-only")
    assert code == 1 and out.splitlines() == [
        "unsafe name: ../../etc/passwd: '..' in the name, which points outside the edition (listed in the "
        "manifest)"]


def test_an_encrypted_entry_is_refused(tmp_path, capsys, centre_key):
    archive = _zip(_folder(tmp_path, centre_key), tmp_path / f"{TOP}.zip",
                   [(_info(f"{TOP}/secret.html"), "x")])
    data = bytearray(archive.read_bytes())
    name = f"{TOP}/secret.html".encode()
    for pos in (i for i in range(len(data)) if data.startswith(name, i)):
        header = pos - 30 if data[pos - 30 : pos - 26] == b"PK\x03\x04" else pos - 46
        flags = 6 if header == pos - 30 else 8
        data[header + flags] |= 0x1  # the 'encrypted' bit, in the local header and the central directory
    archive.write_bytes(bytes(data))
    code, out, _ = _kc_verify(archive, capsys)
    assert (code, out.splitlines()) == (1, ["encrypted: secret.html: an edition's files are not encrypted"])


def _patch_name(archive: Path, old: bytes, new: bytes) -> None:
    """Replace a name's bytes in the local header and the central directory (same length)."""
    data = archive.read_bytes()
    assert len(old) == len(new) and data.count(old) == 2
    archive.write_bytes(data.replace(old, new))


def test_a_zip_name_that_is_not_utf8_is_refused_by_its_bytes(tmp_path, capsys, centre_key):
    archive = _zip(_folder(tmp_path, centre_key), tmp_path / f"{TOP}.zip", [(_info(f"{TOP}/badX.html"), "x")])
    _patch_name(archive, b"badX.html", b"bad\xff.html")
    code, out, _ = _kc_verify(archive, capsys)
    assert code == 1 and out.splitlines() == [
        "not utf-8: bad\\xff.html: the name is not marked as UTF-8 (zip flag 0x800), so tools unpack it "
        "under different names"]


def test_a_zip_name_marked_utf8_that_is_not_is_an_error(tmp_path, capsys, centre_key):
    archive = _zip(_folder(tmp_path, centre_key), tmp_path / f"{TOP}.zip",
                   [(_info(f"{TOP}/bad\u00e9.html"), "x")])  # Python marks it UTF-8
    _patch_name(archive, "bad\u00e9".encode(), b"bad\xff\xfe")
    code, out, err = _kc_verify(archive, capsys)
    assert code == 1 and "is marked as UTF-8 but is not" in err


def test_names_twinned_by_unicode_form_in_a_zip_are_refused(tmp_path, capsys, centre_key):
    folder = _folder(tmp_path, centre_key, {**FILES, "å.html": "<p>å</p>"})
    nfd = unicodedata.normalize("NFD", "å.html")
    archive = _zip(folder, tmp_path / f"{TOP}.zip", [(_info(f"{TOP}/{nfd}"), "planted")])
    code, out, _ = _kc_verify(archive, capsys)
    assert code == 1 and out.splitlines() == [
        f"duplicate: {nfd} (decomposed): å.html (composed) is the same name on Windows and macOS (it differs "
        "only in case or Unicode form)"]


# --- size caps: memory stays flat -----------------------------------------------------------------------

BIG = 200 << 20  # 200 MiB of zeros: about 200 kB deflated


def _big_zip(folder: Path, dest: Path) -> Path:
    """`folder` zipped, with its small big.bin replaced by BIG bytes of zeros, written in chunks."""
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = f"{TOP}/{path.relative_to(folder).as_posix()}"
            if path.name != "big.bin":
                zf.write(path, name)
                continue
            with zf.open(zipfile.ZipInfo(name), "w", force_zip64=True) as fh:
                for _ in range(BIG >> 20):
                    fh.write(bytes(1 << 20))
    return dest


def _peak(func) -> tuple[object, int]:
    tracemalloc.start()
    try:
        result = func()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_an_entry_larger_than_published_is_read_no_further_and_memory_stays_flat(tmp_path, centre_key):
    folder = _folder(tmp_path, centre_key, {**FILES, "big.bin": b"small"})
    archive = _big_zip(folder, tmp_path / f"{TOP}.zip")
    report, peak = _peak(lambda: verify(archive))
    assert report.lines() == ["too large: big.bin: larger than the 5 bytes published in the signature"]
    assert peak < 16 << 20


def test_without_a_signature_a_large_entry_is_streamed_in_flat_memory(tmp_path):
    folder = _folder(tmp_path, None, {**FILES, "big.bin": b"small"})
    archive = _big_zip(folder, tmp_path / f"{TOP}.zip")
    report, peak = _peak(lambda: verify(archive, integrity_only=True))
    assert report.lines() == ["modified: big.bin"]  # read to its end, one chunk at a time
    assert peak < 16 << 20


def test_a_grown_file_in_a_folder_is_read_only_to_its_published_size(tmp_path, centre_key):
    folder = _folder(tmp_path, centre_key, {**FILES, "big.bin": b"small"})
    with (folder / "big.bin").open("r+b") as fh:
        fh.truncate(2 << 30)  # 2 GiB, sparse: instant to make, slow to read in full
    report, peak = _peak(lambda: verify(folder))
    assert report.lines() == ["too large: big.bin: larger than the 5 bytes published in the signature"]
    assert peak < 16 << 20


def test_without_a_signature_the_total_read_is_capped_too(tmp_path, monkeypatch):
    monkeypatch.setattr("kc.edition.verify.MAX_UNSIGNED_TOTAL", 20)
    folder = _folder(tmp_path)
    report = verify(folder, integrity_only=True)
    assert report.lines()[-1].startswith("too large: the edition holds more than")
    assert report.lines()[-1].endswith("the remaining files were not checked")


# --- archives that are not one edition, and damaged bytes ------------------------------------------------

def test_a_zip_with_two_editions_in_it_is_an_error_naming_both(tmp_path, capsys):
    folder = _folder(tmp_path)
    archive = _zip(folder, tmp_path / f"{TOP}.zip", [(_info(f"other/{MANIFEST}"), "")])
    code, out, err = _kc_verify(archive, capsys)
    assert code == 1 and out == ""
    assert f"holds 2 folders with a {MANIFEST} ({TOP}/, other/); an edition's zip holds one" in err


def test_a_zip_claiming_more_entries_than_an_edition_holds_is_refused_before_reading(tmp_path, capsys,
                                                                                      monkeypatch):
    archive = _zip(_folder(tmp_path), tmp_path / f"{TOP}.zip")
    data = bytearray(archive.read_bytes())
    end = data.rindex(b"PK\x05\x06")
    data[end + 10 : end + 12] = (65535).to_bytes(2, "little")  # total entries in the end record
    archive.write_bytes(bytes(data))
    monkeypatch.setattr("kc.edition.verify.MAX_ENTRIES", 1000)
    code, out, err = _kc_verify(archive, capsys)
    assert code == 1 and "claims 65535 entries" in err


def test_damaged_bytes_anywhere_give_findings_or_an_error_never_a_traceback(tmp_path, centre_key):
    import random

    folder = _folder(tmp_path, centre_key)
    good = _zip(folder, tmp_path / "good.zip").read_bytes()
    rng = random.Random(10)
    outcomes = set()
    for n in range(150):
        data = bytearray(good)
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path = tmp_path / f"damaged-{n}.zip"
        path.write_bytes(bytes(data))
        try:
            outcomes.add("ok" if verify(path).ok else "findings")
        except VerifyError:
            outcomes.add("error")
    assert "error" in outcomes and "findings" in outcomes

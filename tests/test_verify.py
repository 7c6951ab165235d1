"""`kc verify`: an edition (zip or unpacked folder) against its SHA-256 manifest; each kind of tampering."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from kc.cli import main
from kc.verify import MANIFEST, VerifyError, parse_manifest, verify, write_manifest

FILES = {
    "index.html": "<p>Start</p>",
    "en/index.html": "<p>Home</p>",
    "assets/kc/kc.css": "body{}",
    "edition.json": '{"date": "2026-11-24"}',
}
TOP = "kunskapscentrum-2026-11-24-abc1234"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "unpacked" / TOP
    for rel, text in FILES.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    write_manifest(folder)
    return folder


def _zip(folder: Path, dest: Path) -> Path:
    with zipfile.ZipFile(dest, "w") as zf:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            zf.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    return dest


def _kc_verify(path: Path, capsys) -> tuple[int, str, str]:
    code = main(["--root", str(ROOT), "verify", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def test_manifest_lists_every_file_but_itself_with_its_sha256(tmp_path):
    folder = _folder(tmp_path)
    entries = parse_manifest((folder / MANIFEST).read_text(encoding="utf-8"))
    assert entries == {rel: hashlib.sha256(text.encode()).hexdigest() for rel, text in FILES.items()}


@pytest.mark.parametrize("packed", ["folder", "zip"])
def test_an_untouched_edition_passes(tmp_path, capsys, packed):
    folder = _folder(tmp_path)
    path = folder if packed == "folder" else _zip(folder, tmp_path / f"{TOP}.zip")
    code, out, err = _kc_verify(path, capsys)
    assert (code, out) == (0, "")
    assert f"all {len(FILES)} files match the manifest" in err


# Each kind of tampering, and the exact lines kc verify must print for it.
TAMPERING = [
    ("modified", lambda f: (f / "index.html").write_text("<p>Start!</p>", encoding="utf-8"),
     ["modified: index.html"]),
    ("missing", lambda f: (f / "en/index.html").unlink(), ["missing: en/index.html"]),
    ("unexpected", lambda f: (f / "assets/kc/tracker.js").write_text("x", encoding="utf-8"),
     ["unexpected: assets/kc/tracker.js"]),
    # Touching the file without changing a byte is not a change.
    ("same bytes", lambda f: (f / "index.html").write_text("<p>Start</p>", encoding="utf-8"), []),
    ("all three", lambda f: ((f / "assets/kc/kc.css").write_bytes(b"body{color:red}"),
                             (f / "edition.json").unlink(), (f / "extra.html").write_text("")),
     ["modified: assets/kc/kc.css", "missing: edition.json", "unexpected: extra.html"]),
]


@pytest.mark.parametrize("packed", ["folder", "zip"])
@pytest.mark.parametrize(("kind", "tamper", "expected"), TAMPERING, ids=[t[0] for t in TAMPERING])
def test_each_kind_of_tampering_is_listed(tmp_path, capsys, packed, kind, tamper, expected):
    folder = _folder(tmp_path)
    tamper(folder)
    path = folder if packed == "folder" else _zip(folder, tmp_path / f"{TOP}.zip")
    code, out, err = _kc_verify(path, capsys)
    assert out.splitlines() == expected
    assert code == (1 if expected else 0)
    if expected:
        assert f"{len(expected)} problem(s)" in err


def test_the_folder_the_zip_was_unpacked_into_is_accepted(tmp_path, capsys):
    folder = _folder(tmp_path)
    (folder / "index.html").write_text("changed", encoding="utf-8")
    code, out, _ = _kc_verify(folder.parent, capsys)
    assert (code, out) == (1, "modified: index.html\n")


def test_a_file_added_beside_the_top_folder_of_a_zip_is_caught(tmp_path, capsys):
    archive = _zip(_folder(tmp_path), tmp_path / f"{TOP}.zip")
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


def test_verify_needs_no_project_folder(tmp_path, capsys):
    """A municipality's server has the edition, not the portal's source: --root without docs/ is fine."""
    folder = _folder(tmp_path)
    code = main(["--root", str(tmp_path), "verify", str(folder)])
    assert code == 0 and "files match the manifest" in capsys.readouterr().err

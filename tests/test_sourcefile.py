"""Reading source files: every kind of unusable file is a SourceError with its line, never a hang or crash."""

from __future__ import annotations

import os
import time

import pytest

from kc.content import sourcefile

# (bytes of the file, line of the problem, part of the message)
BAD_BYTES = [
    (b"---\ntitle: x\n---\n\n## 1 Syfte\n\nR\xe4tt\n", 7, "not valid UTF-8 (byte 0xe4 in column 2)"),
    (b"a: 1\n\xc3\n", 2, "not valid UTF-8 (byte 0xc3 in column 1)"),
    (b"ok\n\xed\xa0\x80 surrogate\n", 2, "not valid UTF-8"),
    (b"\xef\xbb\xbfid: RL\n", 1, "byte order mark (BOM)"),
    (b"\xff\xfei\x00d\x00", 1, "saved as UTF-16"),
    (b"one\ntwo\nthr\x00ee\n", 3, "contains a NUL byte"),
]


@pytest.mark.parametrize("data, line, message", BAD_BYTES, ids=[b[2][:25] for b in BAD_BYTES])
def test_bad_bytes(tmp_path, data, line, message):
    path = tmp_path / "x.md"
    path.write_bytes(data)
    with pytest.raises(sourcefile.SourceError) as exc:
        sourcefile.read(path)
    assert (exc.value.line, message in exc.value.message) == (line, True), exc.value.message


def test_good_text(tmp_path):
    path = tmp_path / "x.md"
    path.write_bytes("Ålder – ok\n".encode())
    assert sourcefile.read(path) == "Ålder – ok\n"


def test_size_limit(tmp_path):
    path = tmp_path / "x.md"
    path.write_bytes(b"a" * 100)
    assert sourcefile.read(path, limit=100) == "a" * 100
    path.write_bytes(b"a" * 101)
    with pytest.raises(sourcefile.SourceError, match="larger than"):
        sourcefile.read(path, limit=100)


def test_folder_where_a_file_is_expected(tmp_path):
    (tmp_path / "index.md").mkdir()
    with pytest.raises(sourcefile.SourceError, match="is a folder where a file is expected"):
        sourcefile.read(tmp_path / "index.md")


def test_missing_file_and_broken_link(tmp_path):
    (tmp_path / "link.md").symlink_to(tmp_path / "nowhere.md")
    with pytest.raises(sourcefile.SourceError, match="does not exist"):
        sourcefile.read(tmp_path / "link.md")


def test_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "pipe.md")
    started = time.monotonic()
    with pytest.raises(sourcefile.SourceError, match="not a regular file"):
        sourcefile.read(tmp_path / "pipe.md")
    assert time.monotonic() - started < 2


def test_device_is_refused(tmp_path):
    (tmp_path / "zero.md").symlink_to("/dev/zero")
    with pytest.raises(sourcefile.SourceError, match="not a regular file"):
        sourcefile.read(tmp_path / "zero.md")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("text\n", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(sourcefile.SourceError, match="permission denied"):
        sourcefile.read(path)


def test_lenient_reading_never_fails(tmp_path):
    (tmp_path / "dir.md").mkdir()
    (tmp_path / "bad.md").write_bytes(b"\xef\xbb\xbfa\x00b\xffc\n")
    assert sourcefile.read_lenient(tmp_path / "dir.md") == ""
    assert sourcefile.read_lenient(tmp_path / "bad.md") == "ab\ufffdc\n"


def test_permission_denied_is_reported_as_such(tmp_path, monkeypatch):
    """The same as test_unreadable_file where the tests run as root (root may read any file)."""
    path = tmp_path / "x.md"
    path.write_text("text\n", encoding="utf-8")
    real_open = os.open

    def denied(name, *args, **kwargs):
        if os.fspath(name) == os.fspath(path):
            raise PermissionError(13, "Permission denied")
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(sourcefile.os, "open", denied)
    with pytest.raises(sourcefile.SourceError, match="permission denied; make the file readable"):
        sourcefile.read(path)
    assert sourcefile.read_lenient(path) == ""

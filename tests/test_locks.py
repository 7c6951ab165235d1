"""Inter-process locks: exclusive excludes, shared shares, and a killed holder never blocks the next run."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kc.content.locks import locked

HOLD = """
import sys, time
from kc.content.locks import locked
with locked(sys.argv[1], shared=sys.argv[2] == "shared"):
    print("held", flush=True)
    time.sleep(60)
"""


def release(proc):
    proc.kill()  # SIGKILL: no clean-up runs, the kernel drops the lock
    proc.wait()
    proc.stdout.close()


def hold(path, mode):
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path), mode], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "held\n"
    return proc


def test_an_exclusive_lock_excludes_everyone_until_its_holder_dies(tmp_path):
    path = tmp_path / "x.lock"
    holder = hold(path, "exclusive")
    try:
        with locked(path, blocking=False) as got:
            assert got is False
        with locked(path, shared=True, blocking=False) as got:
            assert got is False
    finally:
        release(holder)
    with locked(path, blocking=False) as got:
        assert got is True


def test_shared_locks_share_but_keep_an_exclusive_one_out(tmp_path):
    path = tmp_path / "x.lock"
    holder = hold(path, "shared")
    try:
        with locked(path, shared=True, blocking=False) as got:
            assert got is True
        with locked(path, blocking=False) as got:
            assert got is False
    finally:
        release(holder)


def test_a_folder_can_be_locked_without_leaving_a_file_in_it(tmp_path):
    holder = hold(tmp_path, "exclusive")
    try:
        with locked(tmp_path, blocking=False) as got:
            assert got is False
    finally:
        release(holder)
    assert list(tmp_path.iterdir()) == []


def test_a_lock_file_without_write_access_can_still_be_locked(tmp_path, monkeypatch):
    import os

    from kc.content import locks

    path = tmp_path / "x.lock"
    path.write_text("", encoding="utf-8")
    real_open = os.open

    def read_only_checkout(p, flags, *mode):  # as for a user without write access (the tests may run as root)
        if flags & os.O_RDWR:
            raise PermissionError(13, "Permission denied", str(p))
        return real_open(p, flags, *mode)

    monkeypatch.setattr(locks.os, "open", read_only_checkout)
    with locked(path, shared=True, blocking=False) as got:
        assert got is True
    with pytest.raises(PermissionError):  # a lock file that cannot be created: the error is not hidden
        with locked(tmp_path / "missing.lock"):
            pass

"""Replacing site/: never a moment without one, and a killed build is cleaned up by the next one."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kc import siteswap
from kc.build import build_site

ROOT = Path(__file__).resolve().parent.parent


class Killed(BaseException):
    """Stands for SIGKILL at a chosen point: nothing after it runs, no handler tidies up."""


def folders(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site"))


def site_with(root: Path, text: str) -> Path:
    (root / "site").mkdir(parents=True, exist_ok=True)
    (root / "site" / "index.html").write_text(text, encoding="utf-8")
    return root / "site"


def staged_with(root: Path, text: str) -> Path:
    new = siteswap.staging(root / "site")
    (new / "index.html").write_text(text, encoding="utf-8")
    return new


def test_the_exchange_swaps_in_one_step_where_linux_can(tmp_path):
    site, new = site_with(tmp_path, "old"), staged_with(tmp_path, "new")
    if not sys.platform.startswith("linux"):
        pytest.skip("renameat2 is Linux only; the two renames and the recovery are tested below")
    assert siteswap.exchange(new, site) is True
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert (new / "index.html").read_text(encoding="utf-8") == "old"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux only")
def test_a_kill_after_the_exchange_leaves_the_new_site_and_the_next_tidy_deletes_the_old(
    tmp_path, monkeypatch
):
    site, new = site_with(tmp_path, "old"), staged_with(tmp_path, "new")

    def killed(path, ignore_errors=False):
        raise Killed

    monkeypatch.setattr(siteswap.shutil, "rmtree", killed)
    with pytest.raises(Killed):
        siteswap.swap(new, site)
    monkeypatch.undo()
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert folders(tmp_path) == [new.name]
    assert siteswap.tidy(site) == [f"removed {new.name}, left by an interrupted build"]
    assert folders(tmp_path) == [] and (site / "index.html").read_text(encoding="utf-8") == "new"


def test_a_kill_between_the_two_renames_is_repaired_by_the_next_tidy(tmp_path, monkeypatch):
    site, new = site_with(tmp_path, "old"), staged_with(tmp_path, "new")
    monkeypatch.setattr(siteswap, "exchange", lambda a, b: False)  # a system without renameat2
    calls = []

    def rename(src, dst):
        calls.append((Path(src).name, Path(dst).name))
        if len(calls) == 2:
            raise Killed
        os.rename(src, dst)

    monkeypatch.setattr(siteswap, "_rename", rename)
    with pytest.raises(Killed):
        siteswap.swap(new, site)
    monkeypatch.undo()
    assert not site.exists()  # the window the next build must repair
    old = calls[0][1]
    assert old.startswith(".site-old-") and folders(tmp_path) == sorted([old, new.name])
    done = siteswap.tidy(site)
    assert done[0] == f"restored site/ from {old}, left by an interrupted build"
    assert (site / "index.html").read_text(encoding="utf-8") == "old"
    assert folders(tmp_path) == []


def test_tidy_removes_only_its_own_kind_of_folder(tmp_path):
    site = site_with(tmp_path, "good")
    ours = [".site-staging-k2j4_x9q", ".site-old-k2j4_x9q", ".site-ab12cd_3", ".site-old-.site-ab12cd_3"]
    theirs = [".site-notes", ".sites-staging-abc", ".site-staging-", ".siteabcdefgh"]
    for name in ours + theirs:
        (tmp_path / name).mkdir()
    (tmp_path / ".site-staging-file").write_text("a file, not a staging folder", encoding="utf-8")
    (tmp_path / ".site-staging-link").symlink_to(site)
    siteswap.tidy(site)
    assert folders(tmp_path) == sorted([*theirs, ".site-staging-file", ".site-staging-link"])
    assert (site / "index.html").read_text(encoding="utf-8") == "good"


@pytest.fixture
def built(site_copy):
    root = site_copy("basic")
    build_site(root)
    return root


def kc_build(root: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kc.cli", "--root", str(root), "build"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_build_killed_with_sigkill_keeps_the_site_and_the_next_build_cleans_up(built):
    before = (built / "site" / "index.html").read_bytes()
    proc = kc_build(built)
    deadline = time.monotonic() + 60
    while not any(n.startswith(".site-staging-") for n in folders(built)):
        assert proc.poll() is None and time.monotonic() < deadline, "the build never started staging"
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert (built / "site" / "index.html").read_bytes() == before
    assert folders(built)  # the killed build's staging folder is still there
    build_site(built)
    assert folders(built) == [] and (built / "site" / "index.html").is_file()


def test_two_concurrent_builds_take_turns_and_both_succeed(built):
    procs = [kc_build(built), kc_build(built)]
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0 and "Traceback" not in err, err
        assert out.strip() == str(built / "site")
    assert folders(built) == [] and (built / "site" / "index.html").is_file()


def test_make_clean_removes_staging_folders_of_sites_and_bundles(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    for name in ("site", ".site-staging-abc", ".site-old-abc", "dist/.kc-bundle-xyz", ".cache/search"):
        (tmp_path / name).mkdir(parents=True)
    (tmp_path / "docs").mkdir()
    subprocess.run(["make", "-s", "clean"], cwd=tmp_path, check=True, capture_output=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Makefile", "docs"]


def test_a_leftover_that_cannot_be_cleaned_is_a_clear_build_error(tmp_path, monkeypatch):
    from kc.content.errors import BuildError

    def refused(target):
        raise PermissionError(13, "Permission denied", str(target.parent / ".site-old-abc"))

    monkeypatch.setattr(siteswap, "tidy", refused)
    message = r"cannot clean up after an interrupted build .*\.site-old-abc.*make clean"
    with pytest.raises(BuildError, match=message):
        build_site(tmp_path, tmp_path / "site")

"""`kc build`: validate, then build into site/ atomically; a failed build leaves the previous site/ alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from kc.build import VALIDATION, build_site
from kc.cli import main
from kc.content.errors import BuildError


def _snapshot(folder: Path) -> dict[str, bytes]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


@pytest.fixture
def built(site_copy):
    root = site_copy("basic")
    build_site(root)
    return root


def test_a_good_build_replaces_the_site_and_leaves_no_work_folders(built, capsys):
    (built / "site" / "stale.html").write_text("left from an earlier build", encoding="utf-8")
    assert main(["--root", str(built), "build"]) == 0
    assert capsys.readouterr().out.strip() == str(built / "site")
    assert not (built / "site" / "stale.html").exists() and (built / "site" / "index.html").is_file()
    assert sorted(p.name for p in built.iterdir() if p.name.startswith(".")) == []


def test_invalid_content_builds_nothing_and_says_which_file(built, capsys):
    before = _snapshot(built / "site")
    record = built / "docs/guidelines/housing.yml"
    record.write_text(record.read_text(encoding="utf-8").replace('version: "2.0"', 'version: "two"', 1),
                      encoding="utf-8")
    assert main(["--root", str(built), "build"]) == 1
    err = capsys.readouterr().err
    assert "build failed, the previous site was left untouched" in err
    assert "docs/guidelines/housing.yml:" in err
    assert _snapshot(built / "site") == before


def test_a_failing_mkdocs_build_keeps_the_old_site_and_names_the_warning(built):
    before = _snapshot(built / "site")
    config = built / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("\nnav:\n", "\nnav:\n  - X: missing.md\n", 1), encoding="utf-8")
    with pytest.raises(BuildError, match="missing.md"):
        build_site(built)
    assert _snapshot(built / "site") == before
    assert sorted(p.name for p in built.iterdir() if p.name.startswith(".site")) == []


def test_the_content_is_validated_in_a_process_of_its_own_and_its_figures_reported(built):
    stats: dict = {}
    build_site(built, stats=stats)
    assert {"sv", "en", VALIDATION} == set(stats)
    assert stats[VALIDATION]["cpu_seconds"] > 0 and stats[VALIDATION]["peak_mb"] > 0
    # A language process reports what its own children (the steps in kc.content.forked) took too.
    assert stats["sv"]["children_peak_mb"] > 0 and stats["sv"]["peak_mb"] >= stats["sv"]["own_peak_mb"]


def test_a_validation_process_that_dies_is_a_clear_build_error(built, monkeypatch, capsys):
    import os
    import signal

    import kc.checks.validate

    def killed(*_args, **_kwargs):  # as the kernel's out-of-memory killer would
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(kc.checks.validate, "validate", killed)
    before = _snapshot(built / "site")
    assert main(["--root", str(built), "build"]) == 1
    err = capsys.readouterr().err
    assert "validating the content stopped" in err and f"killed by signal {signal.SIGKILL.value}" in err
    assert "internal error" not in err and "Traceback" not in err
    assert _snapshot(built / "site") == before
    assert sorted(p.name for p in built.iterdir() if p.name.startswith(".")) == []


def test_language_processes_that_cannot_start_are_a_clear_build_error(built, monkeypatch, capsys):
    from kc import parbuild

    def no_process(*_args, **_kwargs):
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(parbuild.subprocess, "Popen", no_process)
    before = _snapshot(built / "site")
    assert main(["--root", str(built), "build"]) == 1
    err = capsys.readouterr().err
    assert "cannot start the language builds" in err and "Resource temporarily unavailable" in err
    assert _snapshot(built / "site") == before


def test_an_interrupted_wait_for_the_languages_stops_them_and_keeps_the_old_site(built, monkeypatch):
    from kc import parbuild

    seen = []

    def interrupted(procs, work):
        seen.extend(procs.values())
        raise KeyboardInterrupt

    monkeypatch.setattr(parbuild, "finish_languages", interrupted)
    before = _snapshot(built / "site")
    with pytest.raises(KeyboardInterrupt):
        build_site(built)
    assert len(seen) == 2 and all(p.poll() is not None for p in seen)  # stopped, not building on unwatched
    assert _snapshot(built / "site") == before
    assert sorted(p.name for p in built.iterdir() if p.name.startswith(".")) == []

"""Parallel languages: the merged site is the sequential build's, file by file; failures keep site/."""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kc import parbuild
from kc.build import build_site, offline_overrides
from kc.content.errors import BuildError
from kc.content.model import Project
from kc.edition.info import edition


def _snapshot(folder: Path) -> dict[str, bytes]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


def _assert_same_sites(seq: Path, par: Path) -> None:
    a, b = _snapshot(seq), _snapshot(par)
    assert sorted(a) == sorted(b)
    # Byte for byte, build dates included: both builds run on the same day from the same content.
    assert [rel for rel in a if a[rel] != b[rel]] == []


def _both(root: Path, tmp: Path, **kwargs) -> tuple[Path, Path]:
    return (
        build_site(root, tmp / "seq", parallel=False, **kwargs),
        build_site(root, tmp / "par", **kwargs),
    )


@pytest.mark.slow
def test_the_real_site_built_in_parallel_is_the_sequential_build(site_copy, tmp_path):
    seq, par = _both(site_copy("real"), tmp_path)
    _assert_same_sites(seq, par)
    # What the merge had to get right is there: both languages, the Swedish error page, one sitemap of all.
    assert (par / "en" / "index.html").is_file() and (par / "guidelines").is_dir()
    assert '<html lang="sv"' in (par / "404.html").read_text("utf-8")
    sitemap = (par / "sitemap.xml").read_text("utf-8")
    assert "/en/</loc>" in sitemap and sitemap.count("<urlset") == 1
    assert gzip.decompress((par / "sitemap.xml.gz").read_bytes()).decode("utf-8") == sitemap
    assert list((par / "assets" / "kc" / "inline").glob("*.js"))


def test_the_offline_edition_built_in_parallel_is_the_sequential_build(site_copy, tmp_path):
    root = site_copy("basic")
    overrides = offline_overrides(root, edition(Project.load(root)))
    seq, par = _both(root, tmp_path, config_overrides=overrides)
    _assert_same_sites(seq, par)
    assert (par / "en" / "index.html").is_file()


HOOK = """
import logging, os
log = logging.getLogger("mkdocs.hooks.test")

def on_post_page(output, page, config):
    if page.file.src_uri.startswith("en/"):
        {action}
    return output
"""


@pytest.mark.parametrize(
    "action, said",
    [
        ('log.warning("the English page %s broke", page.file.src_uri)', "[en] "),
        ('raise RuntimeError("English build crashed")', "English build crashed"),
        ("os._exit(3)", "the 'en' build stopped"),
        ("raise SystemExit(3)", "[en] SystemExit: 3"),  # a hook that exits: a message, not a traceback
    ],
)
def test_a_failure_in_one_language_keeps_the_old_site(site_copy, action, said):
    root = site_copy("basic")
    build_site(root)
    before = _snapshot(root / "site")
    (root / "hook.py").write_text(HOOK.format(action=action), encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "\nhooks:\n  - hook.py\n", encoding="utf-8")
    with pytest.raises(BuildError, match=said.replace("[", r"\[")) as caught:
        build_site(root)
    assert "Traceback" not in str(caught.value)
    assert _snapshot(root / "site") == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".")] == []


def _part(folder: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return folder


def test_merge_keeps_the_default_languages_error_page_and_shared_files(tmp_path):
    sv = _part(tmp_path / "sv", {"404.html": "sv", "assets/a.css": "same", "index.html": "hem"})
    en = _part(tmp_path / "en", {"404.html": "en", "assets/a.css": "same", "en/index.html": "home"})
    parbuild.merge([sv, en], tmp_path / "site")
    got = {k: v.decode() for k, v in _snapshot(tmp_path / "site").items()}
    assert got == {"404.html": "sv", "assets/a.css": "same", "index.html": "hem", "en/index.html": "home"}
    assert not en.exists()


def test_merge_refuses_files_the_languages_wrote_differently(tmp_path):
    sv = _part(tmp_path / "sv", {"assets/a.css": "one"})
    en = _part(tmp_path / "en", {"assets/a.css": "two"})
    with pytest.raises(parbuild.MergeError, match="assets/a.css"):
        parbuild.merge([sv, en], tmp_path / "site")


def test_merge_refuses_a_sitemap_of_unexpected_form(tmp_path):
    sv = _part(tmp_path / "sv", {"sitemap.xml": "<urlset>\n</urlset>"})
    en = _part(tmp_path / "en", {"sitemap.xml": "not a sitemap"})
    with pytest.raises(parbuild.MergeError, match="sitemap.xml"):
        parbuild.merge([sv, en], tmp_path / "site")


def _workers_of(pid: int) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if not proc.name.isdigit():
                continue
            cmd = (proc / "cmdline").read_bytes().split(b"\0")
            ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if b"kc.langbuild" in cmd and ppid == pid:
            found.append(int(proc.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the workers die with their parent on Linux")
def test_a_killed_build_takes_its_language_processes_with_it(site_copy):
    root = site_copy("basic")
    # Language builds that would run for a minute on their own.
    (root / "hook.py").write_text("import time\n\ndef on_config(config):\n    time.sleep(60)\n", "utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "\nhooks:\n  - hook.py\n", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "kc.cli", "--root", str(root), "build"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while len(workers) < 2:
        assert proc.poll() is None and time.monotonic() < deadline, "the language processes never started"
        workers = _workers_of(proc.pid)
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 20
    while any(_alive(w) for w in workers):
        assert time.monotonic() < deadline, "a language process outlived the build that started it"
        time.sleep(0.05)


def test_merge_moves_a_languages_own_folders_whole_and_merges_shared_ones(tmp_path):
    sv = _part(tmp_path / "sv", {"guidelines/a/index.html": "a", "assets/a.css": "same"})
    en = _part(tmp_path / "en", {"en/guidelines/a/index.html": "A", "en/b/index.html": "B",
                                 "assets/a.css": "same", "assets/en.js": "x", "guidelines/en-only.txt": "e"})
    inode = (en / "en").stat().st_ino
    origin = parbuild.merge([sv, en], tmp_path / "site")
    assert origin == {"en": 1, "assets/en.js": 1, "guidelines/en-only.txt": 1}  # the rest is the first's
    got = {k: v.decode() for k, v in _snapshot(tmp_path / "site").items()}
    assert got == {"guidelines/a/index.html": "a", "assets/a.css": "same", "en/guidelines/a/index.html": "A",
                   "en/b/index.html": "B", "assets/en.js": "x", "guidelines/en-only.txt": "e"}
    assert (tmp_path / "site/en").stat().st_ino == inode  # one rename, not one per file


def test_merge_refuses_a_folder_the_other_language_wrote_as_a_file(tmp_path):
    sv = _part(tmp_path / "sv", {"assets/x": "a file"})
    en = _part(tmp_path / "en", {"assets/x/y.css": "a folder"})
    with pytest.raises(parbuild.MergeError, match="assets/x as a folder and as a file"):
        parbuild.merge([sv, en], tmp_path / "site")


SITEMAP_OF = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">'


@pytest.mark.parametrize("planted", ["sitemap.xml.gz", "sitemap.xml.part"])
def test_merge_writes_the_sitemap_through_no_link_planted_in_the_site(tmp_path, planted):
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", encoding="utf-8")
    sv = _part(tmp_path / "sv", {"sitemap.xml": f"{SITEMAP_OF}\n<url>sv</url>\n</urlset>"})
    en = _part(tmp_path / "en", {"sitemap.xml": f"{SITEMAP_OF}\n<url>en</url>\n</urlset>"})
    os.symlink(outside, sv / planted)  # a link where the merge writes: it must replace it, not write through
    parbuild.merge([sv, en], tmp_path / "site")
    assert outside.read_text(encoding="utf-8") == "keep me"
    site = tmp_path / "site"
    assert not (site / "sitemap.xml.gz").is_symlink()
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == (site / "sitemap.xml").read_bytes()
    assert b"<url>en</url>" in (site / "sitemap.xml").read_bytes()


@pytest.mark.parametrize("rel", ["assets/a.css", "sitemap.xml"])
def test_merge_never_reads_a_fifo(tmp_path, rel):
    sv = _part(tmp_path / "sv", {rel: ""})
    en = _part(tmp_path / "en", {})
    (en / rel).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(en / rel)  # reading it would wait for a writer for ever
    with pytest.raises(parbuild.MergeError, match=rel):
        parbuild.merge([sv, en], tmp_path / "site")


@pytest.mark.parametrize("last_line", ['{}', '{"ok": "yes", "warnings": []}', '{"ok": true, "warnings": "w"}',
                                       '{"ok": true, "warnings": [], "error": null}'])
def test_a_worker_result_of_the_wrong_shape_or_a_nonzero_exit_is_a_failure(tmp_path, last_line):
    code = f"import sys; print({last_line!r}); sys.stderr.write('the end of stderr'); sys.exit(3)"
    with open(tmp_path / "sv.out", "w") as out, open(tmp_path / "sv.err", "w") as err:
        procs = {"sv": subprocess.Popen([sys.executable, "-c", code], stdout=out, stderr=err)}
    got = parbuild.finish_languages(procs, tmp_path)["sv"]
    assert got["ok"] is False and got["warnings"] == []
    assert got["error"] == "the 'sv' build stopped: the end of stderr"


def test_languages_that_cannot_all_start_are_all_stopped(tmp_path, monkeypatch):
    started = []
    real = subprocess.Popen

    def popen(*args, **kwargs):
        if started:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        started.append(real([sys.executable, "-c", "import time; time.sleep(60)"]))
        return started[-1]

    monkeypatch.setattr(parbuild.subprocess, "Popen", popen)
    with pytest.raises(OSError, match="temporarily unavailable"):
        parbuild.start_languages(tmp_path / "mkdocs.yml", tmp_path, ["sv", "en"], {}, None)
    assert started[0].poll() is not None  # killed and reaped, not left building into a removed folder


def test_a_worker_that_dies_of_an_exception_is_reported_by_its_last_line_not_its_traceback(tmp_path):
    code = "def f():\n    raise MemoryError('out of memory in f')\nf()"
    with open(tmp_path / "en.out", "w") as out, open(tmp_path / "en.err", "w") as err:
        procs = {"en": subprocess.Popen([sys.executable, "-c", code], stdout=out, stderr=err)}
    got = parbuild.finish_languages(procs, tmp_path)["en"]
    assert got["error"] == "the 'en' build stopped: MemoryError: out of memory in f"


def test_merge_refuses_a_sitemap_that_is_not_utf8(tmp_path):
    sv = _part(tmp_path / "sv", {"sitemap.xml": f"{SITEMAP_OF}\n</urlset>"})
    en = _part(tmp_path / "en", {"sitemap.xml": ""})
    (en / "sitemap.xml").write_bytes(SITEMAP_OF.encode() + b"\n<url>\xff</url>\n</urlset>")
    with pytest.raises(parbuild.MergeError, match="sitemap.xml of a language build is not UTF-8"):
        parbuild.merge([sv, en], tmp_path / "site")


def test_a_worker_whose_output_files_are_gone_is_reported_as_stopped(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", "raise SystemExit(5)"])
    got = parbuild.finish_languages({"sv": proc}, tmp_path)["sv"]  # no sv.out, no sv.err
    assert got == {"ok": False, "error": "the 'sv' build stopped: exit status 5", "warnings": []}

"""Both languages built at once, each in its own process (kc.langbuild), merged into one site folder.

The languages' outputs are disjoint except for what both builds write at the site root: the shared assets
(identical), the inline-script files of tools/kc/edition/csp.py (named by content, so identical when both
write one),
404.html (the default language's bilingual page is kept, as the sequential build does) and the sitemap (each
process lists its own language's pages; the sequential build's last sitemap lists the default language's and
then the others', which is what the merge writes). Any other file the two builds write differently is an
error: the merge never picks one silently.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

from kc.content import forked

ERROR_PAGE = "404.html"
SITEMAP = "sitemap.xml"
SITEMAP_END = "\n</urlset>"


class MergeError(Exception):
    """The languages' builds wrote the same file differently."""


def start_languages(
    config_file: Path, work: Path, langs: list[str], overrides: dict, ed: dict | None, scan: bool = False
) -> dict:
    """Start building each language of `langs` into work/<lang>, each in its own process; {lang: process}.
    With `scan` each process also scans what it wrote (kc.edition.partscan; its result's "scan").

    The processes write into files, not pipes, so that nothing they print can block them while the caller
    does other work (validation) before `finish_languages`.
    """
    job = json.dumps({"overrides": overrides, "edition": ed, "scan": scan}, default=str)
    parent = os.getpid()
    # The kernel kills a worker when the build that started it dies, even by SIGKILL, so no orphan keeps
    # writing into a staging folder that the next build tidies away.
    guard = (lambda: forked.die_with_parent(parent)) if sys.platform.startswith("linux") else None
    procs: dict = {}
    try:
        for lang in langs:
            with open(work / f"{lang}.job", "w", encoding="utf-8") as f:
                f.write(job)
            with (
                open(work / f"{lang}.job", encoding="utf-8") as stdin,
                open(work / f"{lang}.out", "w", encoding="utf-8") as out,
                open(work / f"{lang}.err", "w", encoding="utf-8") as err,
            ):
                procs[lang] = subprocess.Popen(
                    [sys.executable, "-m", "kc.langbuild", str(config_file), str(work / lang), lang],
                    stdin=stdin,
                    stdout=out,
                    stderr=err,
                    preexec_fn=guard,  # only prctl and getppid run there: nothing that takes a lock
                )
    except BaseException:
        stop_languages(procs)  # (a build that failed to start them all must not leave one writing on)
        raise
    return procs


def stop_languages(procs: dict) -> None:
    """Stop the language processes (their output is thrown away with the staging folder)."""
    for proc in procs.values():
        proc.kill()
    for proc in procs.values():
        proc.wait()


def finish_languages(procs: dict, work: Path) -> dict:
    """Wait for the language processes; {lang: the worker's result}.

    A worker that dies without its result line is reported with the end of what it wrote to stderr.
    """
    results = {}
    for lang, proc in procs.items():
        proc.wait()
        lines = _text(work / f"{lang}.out").strip().splitlines()
        try:
            results[lang] = json.loads(lines[-1]) if lines else None
        except json.JSONDecodeError:
            results[lang] = None
        if not _well_formed(results[lang]) or (results[lang]["ok"] and proc.returncode != 0):
            # (a worker that said it succeeded and then exited otherwise did not finish as it should)
            err = _text(work / f"{lang}.err").strip()
            if "Traceback (most recent call last):" in err:
                err = err.splitlines()[-1]  # the exception itself, without the code's inner workings
            tail = err[-2000:] or f"exit status {proc.returncode}"
            results[lang] = {"ok": False, "error": f"the '{lang}' build stopped: {tail}", "warnings": []}
    return results


def _text(path: Path) -> str:
    """What a worker wrote to `path`, or "" when it cannot be read (then the worker counts as stopped)."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _well_formed(result) -> bool:
    """Whether `result` has the shape kc.langbuild writes (the parent reads "ok", "error" and "warnings")."""
    return (
        isinstance(result, dict)
        and isinstance(result.get("ok"), bool)
        and isinstance(result.get("error"), (str, type(None)))
        and isinstance(result.get("warnings"), list)
        and all(isinstance(w, str) for w in result["warnings"])
    )


def merge(parts: list[Path], target: Path) -> dict[str, int]:
    """Merge the language builds `parts` (default language first) into the new folder `target`.

    Returns where the merged files came from: {path of a file or folder moved from parts[i]: i} for i > 0;
    everything not under one of these paths is the default language's (kc.edition.partscan lets only the
    language a file came from vouch for it)."""
    first, others = parts[0], parts[1:]
    first.rename(target)
    origin: dict[str, int] = {}
    for i, part in enumerate(others, start=1):
        _merge_into(part, target, "", origin, i)
        if (part / SITEMAP).exists():
            _gzip_sitemap(target / SITEMAP, part / (SITEMAP + ".gz"))
        shutil.rmtree(part, ignore_errors=True)
    return origin


def _merge_into(folder: Path, target: Path, prefix: str, origin: dict[str, int], index: int) -> None:
    """Move what `folder` (at `prefix` below its part, parts[index]) holds into `target`: a folder that
    `target` does not have yet in one rename (a language's own pages: thousands of files, and as many folders
    that would otherwise be emptied and removed one by one), a file as `merge` says."""
    with os.scandir(folder) as it:
        names = sorted((e.name, e.is_dir(follow_symlinks=False)) for e in it)
    for name, is_dir in names:
        rel, path, dest = f"{prefix}{name}", folder / name, target / name
        if not os.path.lexists(dest):
            path.rename(dest)
            origin[rel] = index
        elif is_dir and dest.is_dir() and not dest.is_symlink():
            _merge_into(path, dest, f"{rel}/", origin, index)
        elif is_dir or dest.is_dir():
            raise MergeError(f"the language builds wrote {rel} as a folder and as a file; "
                             "report this as a bug")
        elif rel == ERROR_PAGE or _same(path, dest):
            continue
        elif rel == SITEMAP:
            _merge_sitemap(dest, path)
        elif rel == SITEMAP + ".gz":
            continue  # written again from the merged sitemap
        else:
            raise MergeError(f"the language builds wrote {rel} differently; report this as a bug")


def _same(a: Path, b: Path) -> bool:
    """Whether `a` and `b` are regular files (not links: the language builds never write one) with the same
    bytes. A FIFO would block the read for ever; whatever is not a regular file is `different`."""
    sa, sb = a.lstat(), b.lstat()
    if not (stat.S_ISREG(sa.st_mode) and stat.S_ISREG(sb.st_mode)) or sa.st_size != sb.st_size:
        return False
    return a.read_bytes() == b.read_bytes()


def _write_new(path: Path, data: bytes) -> None:
    """Write `path` as a new file: whatever was at that name (a link planted there, say) is replaced, never
    written through (O_EXCL creates the file itself or fails)."""
    if os.path.lexists(path):
        path.unlink()
    with open(path, "xb") as f:
        f.write(data)


def _merge_sitemap(base: Path, other: Path) -> None:
    """The other language's <url> entries after the default language's, as the sequential build lists them."""
    if not all(stat.S_ISREG(p.lstat().st_mode) for p in (base, other)):  # (a FIFO would block the read)
        raise MergeError(f"{SITEMAP} of a language build is not a regular file; report this as a bug")
    try:
        text, more = base.read_text("utf-8"), other.read_text("utf-8")
    except UnicodeDecodeError:
        raise MergeError(f"{SITEMAP} of a language build is not UTF-8; report this as a bug") from None
    head = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">'
    if not (text.endswith(SITEMAP_END) and more.endswith(SITEMAP_END) and head in more):
        raise MergeError(f"{SITEMAP} of a language build has an unexpected form; report this as a bug")
    entries = more.split(head, 1)[1][: -len(SITEMAP_END)]
    tmp = base.with_name(base.name + ".part")
    _write_new(tmp, (text[: -len(SITEMAP_END)] + entries + SITEMAP_END).encode("utf-8"))
    os.replace(tmp, base)


def _gzip_sitemap(sitemap: Path, source_gz: Path) -> None:
    """Gzip the merged sitemap as MkDocs does, with the time stamp MkDocs gave the last language's."""
    mtime = 0
    if source_gz.is_file() and not source_gz.is_symlink():
        with open(source_gz, "rb") as f:
            mtime = int.from_bytes(f.read(8)[4:8], "little")
    with io.BytesIO() as buf:
        with gzip.GzipFile(fileobj=buf, filename=f"{sitemap}.gz", mode="wb", mtime=mtime) as gz:
            gz.write(sitemap.read_bytes())
        data = buf.getvalue()
    _write_new(Path(f"{sitemap}.gz"), data)

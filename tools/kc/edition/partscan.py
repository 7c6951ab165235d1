"""The output scan of a parallel build (kc.parbuild), shared out: each language process scans what it wrote.

Each language process scans its own output folder as the whole-site scan would (kc.edition.outputscan) and
hands back its findings, the SHA-256 of every file as it read it, and the scripts its pages load with the
verdict they were judged with (one it did not write itself counts as the site's own: another process wrote
it). After the merge the
parent vouches for a file only by an allow-list: a regular file whose bytes are, at the same path, those the
language process it came from scanned (parbuild.merge says which: no process vouches for another's files,
even if its scan, or the file it was handed back in, lies). Everything else (the
merged sitemap, its gzip, whatever changed or appeared after a process scanned it) the parent scans itself,
and so it does any page whose scripts the merged site judges otherwise than the page's process did. The
findings are exactly those of scanning the merged site whole.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from kc.content.findings import Finding
from kc.edition.outputscan import (
    RULE,
    Entry,
    open_regular,
    own_script,
    report_lines,
    scan_context,
    scan_entries,
    site_entries,
)

CHUNK = 1 << 20


def scan_part(out: Path, context: tuple) -> dict:
    """In a language process: the scan of its output folder `out` with outputscan.scan_context's `context`,
    as JSON-able data for `check_merged`.

    {"findings": [[path, line, message]], "files": {path: sha256 or None if two reads differed},
    "scripts": {script path: [whether the pages took it as the site's own, [pages loading it]]}}. Links and
    special files are left to the parent, which walks the merged site itself.
    """
    sources, base, policy = context
    entries, _ = site_entries(Path(out))
    digests: dict[str, str | None] = {}

    def recorded(entry: Entry) -> Entry:
        def read() -> bytes:
            data = entry.read()
            digest = hashlib.sha256(data).hexdigest()
            if digests.setdefault(entry.rel, digest) != digest:
                digests[entry.rel] = None  # changed while being scanned: the parent scans it again
            return data

        return Entry(entry.rel, read, entry.source)

    loads: dict[str, dict[str, None]] = {}
    recording = [recorded(e) for e in entries]
    findings = scan_entries(recording, sources, base, policy, loads=loads)
    by_rel = {e.rel: e for e in recording}
    # The verdict the pages were judged with: a script this process did not write was taken as the site's own.
    verdicts = {rel: rel not in by_rel or own_script(by_rel[rel], sources) for rel in loads}
    for entry in recording:
        if entry.rel not in digests:  # a file the scan did not need to read (its path says what it is)
            try:
                entry.read()
            except OSError:
                digests[entry.rel] = None
    for rel in loads:
        if rel in by_rel and digests.get(rel) is None:
            verdicts[rel] = None  # changed while read: which verdict the pages got is unknown, rescan them
    return {
        "findings": [[f.path, f.line, f.message] for f in findings],
        "files": digests,
        "scripts": {rel: [verdicts[rel], list(pages)] for rel, pages in loads.items()},
    }


def check_merged(root: Path, site: Path, config, parts: list[dict | None], shown: str = "site",
                 origin: dict[str, int] | None = None) -> list[str]:
    """The output scan of the merged site `site` from its languages' scans `parts` (default language first;
    None for a process that scanned nothing), as outputscan.check_build's error lines.

    `origin` (what parbuild.merge returns) says which language each file came from: only that language's
    scan may vouch for it. Without it, any language's scan of the same bytes at the same path may."""
    sources, base, policy = scan_context(root, config)
    entries, findings = site_entries(Path(site))
    parts = [_well_formed(p) for p in parts]
    owner: dict[str, int] = {}
    for entry in entries:
        digest = _digest(entry.source)
        candidates = range(len(parts)) if origin is None else [_origin(entry.rel, origin)]
        for i in candidates:
            if digest is not None and (parts[i].get("files") or {}).get(entry.rel) == digest:
                owner[entry.rel] = i
                break
    rescan = {e.rel for e in entries if e.rel not in owner}
    by_rel = {e.rel: e for e in entries}
    verdicts: dict[str, bool] = {}
    for i, part in enumerate(parts):
        for script, (verdict, pages) in (part.get("scripts") or {}).items():
            if script not in verdicts:
                verdicts[script] = own_script(by_rel.get(script), sources)
            if verdicts[script] != verdict:  # the page was judged with a script the merged site does not hold
                rescan.update(p for p in pages if owner.get(p) == i)
    for i, part in enumerate(parts):
        for path, line, message in part.get("findings") or []:
            if owner.get(path) == i and path not in rescan:
                findings.append(Finding(path, line, message, rule=RULE))
    if rescan:
        findings += scan_entries(entries, sources, base, policy, only=rescan)
    return report_lines(sorted(findings), Path(root) / "docs", shown)


def _origin(rel: str, origin: dict[str, int]) -> int:
    """The language `rel` came from: that of the longest moved path it lies under, else the default one."""
    while True:
        if rel in origin:
            return origin[rel]
        if "/" not in rel:
            return 0
        rel = rel.rsplit("/", 1)[0]


def _well_formed(part) -> dict:
    """A process's scan as scan_part writes it, or {}: then the parent scans all that process wrote."""
    maybe, maybe_bool = (str, type(None)), (bool, type(None))
    try:
        files, scripts, findings = part["files"], part["scripts"], part["findings"]
        ok = (
            isinstance(files, dict)
            and all(isinstance(d, maybe) for d in files.values())
            and all(isinstance(v, maybe_bool) and isinstance(p, list) for v, p in scripts.values())
            and all(isinstance(page, str) for _, p in scripts.values() for page in p)
            and all(isinstance(f, str) and isinstance(n, int) and isinstance(m, str) for f, n, m in findings)
        )
    except (TypeError, KeyError, ValueError, AttributeError):
        return {}
    return part if ok else {}


def _digest(path: Path | None) -> str | None:
    if path is None:
        return None
    h = hashlib.sha256()
    try:
        with open(open_regular(path), "rb") as f:
            while chunk := f.read(CHUNK):
                h.update(chunk)
    except OSError:
        return None  # unreadable: not vouched for, the parent's own scan reports it
    return h.hexdigest()

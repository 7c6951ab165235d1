"""The versioned copies (kc.pages.versioncopy) in the output folder's sitemap, next to their current pages.

Search engines find a copy as they found it when it was rendered as a page of its own. A copy's entry is
its current page's entry with every address of the guideline's current pages moved to the copies.
"""

from __future__ import annotations

import gzip
import os
import re
from pathlib import Path

from kc.content.model import Guideline
from kc.pages.versioned import site_folder

SITEMAP = "sitemap.xml"
_URL_RE = re.compile(r"[ \t]*<url>\s*<loc>([^<]*)</loc>.*?</url>\n?", re.S)


def add_copies_to_sitemap(
    site_dir: Path, site_url: str, guidelines: list[tuple[Guideline, dict[str, str | None]]]
) -> None:
    """List the copies of `guidelines` (each with its copies' folders by language, kc.pages.versioned's
    copy_folder) whose folders exist in `site_dir` in its sitemap (and its gzip), each after its current
    page's entry. Entries already there are left as they are."""
    path = Path(site_dir) / SITEMAP
    if not site_url or not path.is_file():
        return  # MkDocs lists pages only when the site has an address
    base = site_url.rstrip("/") + "/"
    text = path.read_text(encoding="utf-8")
    moves: dict[str, tuple[str, list[tuple[str, str]]]] = {}  # current page's loc -> copy's loc, moves
    for g, folders in guidelines:
        # Alternates name every language's copy: a language's build may not hold the others' yet.
        pairs = [(base + site_folder(lang, g) + "/", base + folder + "/", folder)
                 for lang, folder in folders.items() if folder]
        for current, copy, folder in pairs:
            if (Path(site_dir) / folder / "index.html").is_file():
                moves[current] = (copy, [p[:2] for p in pairs])
    if not moves:
        return
    listed = set(_URL_RE.findall(text))
    out, changed = [], False
    pos = 0
    for m in _URL_RE.finditer(text):
        out.append(text[pos:m.end()])
        pos = m.end()
        loc = m[1].removesuffix("index.html")
        if loc not in moves or moves[loc][0] in listed or moves[loc][0] + "index.html" in listed:
            continue
        entry = m[0]
        for current, copy in moves[loc][1]:
            # Whole addresses only (in <loc> or an attribute), never the beginning of a longer one.
            for end in ("<", '"', "index.html<", 'index.html"'):
                entry = entry.replace(current + end, copy + end)
        out.append(entry if entry.endswith("\n") else entry + "\n")
        changed = True
    if not changed:
        return
    out.append(text[pos:])
    tmp = path.with_name(path.name + ".part")
    tmp.write_text("".join(out), encoding="utf-8")
    os.replace(tmp, path)
    _gzip(path)


def _gzip(sitemap: Path) -> None:
    """sitemap.xml.gz again, if the generator wrote one, with the time stamp it gave it."""
    gz_path = sitemap.with_name(sitemap.name + ".gz")
    if not gz_path.is_file():
        return
    mtime = int.from_bytes(gz_path.read_bytes()[4:8], "little")
    tmp = gz_path.with_name(gz_path.name + ".part")
    with open(tmp, "wb") as f, gzip.GzipFile(fileobj=f, filename=str(gz_path), mode="wb", mtime=mtime) as gz:
        gz.write(sitemap.read_bytes())
    os.replace(tmp, gz_path)

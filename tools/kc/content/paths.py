"""Where a guideline's texts live, as MkDocs source URIs, and relative links between them."""

from __future__ import annotations

import posixpath

from kc.content.model import Guideline


def rel_link(from_src: str, to_src: str) -> str:
    """A relative Markdown link from the page at `from_src` to the file at `to_src` (both src URIs)."""
    start = posixpath.dirname(from_src) or "."
    if not to_src or ".." in from_src or ".." in to_src or from_src[:1] == "/" or to_src[:1] == "/":
        return posixpath.relpath(to_src, start)
    # posixpath.relpath's steps without its two abspath calls (a getcwd each), which took most of the time
    # of a build's thousands of links: for paths below one folder, the working folder cancels out.
    start_parts = [x for x in start.split("/") if x and x != "."]
    path_parts = [x for x in to_src.split("/") if x and x != "."]
    i = 0
    while i < len(start_parts) and i < len(path_parts) and start_parts[i] == path_parts[i]:
        i += 1
    rel = [".."] * (len(start_parts) - i) + path_parts[i:]
    return "/".join(rel) if rel else "."


def text_src(g: Guideline, lang: str, version: str | None = None) -> str:
    """Source URI of a guideline text, as MkDocs knows it."""
    return f"{lang}/guidelines/{g.slug}/" + (f"v{version}/index.md" if version else "index.md")

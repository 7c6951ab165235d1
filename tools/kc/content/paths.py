"""Where a guideline's texts live, as MkDocs source URIs, and relative links between them."""

from __future__ import annotations

import posixpath

from kc.content.model import Guideline


def rel_link(from_src: str, to_src: str) -> str:
    """A relative Markdown link from the page at `from_src` to the file at `to_src` (both src URIs)."""
    return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")


def text_src(g: Guideline, lang: str, version: str | None = None) -> str:
    """Source URI of a guideline text, as MkDocs knows it."""
    return f"{lang}/guidelines/{g.slug}/" + (f"v{version}/index.md" if version else "index.md")

"""Each page's HTML and Markdown held compressed from MkDocs converting the page until it writes it.

MkDocs converts every page before it writes any (the menus show titles that only the converted pages
give), and until then each page keeps its HTML and its Markdown. At 2000 guidelines that held over 100 MB
in each language's process, above what plain Material + i18n takes to build both languages. Compressed
(zlib at its fastest level, HTML shrinks about tenfold), they take a fraction of that, for a few tenths of a
second of CPU time. Nothing reads another page's content meanwhile: a template shows only its own page's.
"""

from __future__ import annotations

import zlib

_HELD = "_kc_held"


def hold(page, html: str) -> str:
    """Keep the converted `html` of `page` and its Markdown compressed on the page; the (empty) content
    MkDocs keeps until `restore`. Emptied, not None: see Page.title, which reads neither then."""
    setattr(page, _HELD, (_pack(html), _pack(page.markdown or "")))
    page.markdown = ""
    return ""


def restore(page) -> None:
    """Put back what `hold` kept of `page`, just before its template is rendered (once: the copy goes)."""
    held = page.__dict__.pop(_HELD, None)
    if held is not None:
        page.content, page.markdown = _unpack(held[0]), _unpack(held[1])


def _pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 1)  # whatever the text holds


def _unpack(data: bytes) -> str:
    return zlib.decompress(data).decode("utf-8", "surrogatepass")

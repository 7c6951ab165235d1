"""Language marks for fallback content: a page built in one language from the other language's text."""

from __future__ import annotations

import re

from kc.content.model import DEFAULT_LANGUAGE

# Material's table of contents of the page (the right-hand sidebar), whose entries are the page's headings.
TOC_RE = re.compile(r'<ul class="md-nav__list" data-md-component="toc"')


def source_language(src_uri: str) -> str:
    """The language folder a page's text comes from ('sv/...' or 'en/...'; anything else is the default)."""
    first = src_uri.split("/", 1)[0]
    return first if first in ("sv", "en") else DEFAULT_LANGUAGE


def wrap(html: str, lang: str) -> str:
    """The rendered text of a page, marked as being in `lang` (WCAG 3.1.2, language of parts)."""
    return f'<div lang="{lang}">\n{html}\n</div>'


def mark_toc(output: str, lang: str) -> str:
    """Mark the table of contents as `lang`: its entries are the fallback text's headings."""
    return TOC_RE.sub(f'\\g<0> lang="{lang}"', output, count=1)

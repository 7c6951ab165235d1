"""Where a generated block is rendered (PageContext), and links from that page to a guideline."""

from __future__ import annotations

import html
from dataclasses import dataclass

from kc.content.clauses import anchor
from kc.content.model import Guideline
from kc.content.paths import rel_link, text_src
from kc.pages.strings import t


@dataclass(frozen=True)
class PageContext:
    """Where a block is rendered: reader's language, the page's source URI and language folder."""

    lang: str
    src: str
    lang_folder: str
    guideline: Guideline | None = None
    version: str | None = None
    site_url: str = ""  # the published site's address (mkdocs.yml site_url), for absolute addresses
    dir_urls: bool = True  # pages served as <page>/ (False in the offline edition: <page>.html)


def current_href(g: Guideline, ctx: PageContext) -> str:
    """Relative URL of the folder of `g`'s current text from the page in `ctx` ('' on that page itself)."""
    # Generated HTML is not rewritten by MkDocs, so link to the folder URL (the site uses directory URLs).
    target = rel_link(ctx.src, text_src(g, ctx.lang_folder)).removesuffix("index.md")
    if not ctx.src.endswith("index.md"):
        target = "../" + target  # a page 'x.md' is served as 'x/'
    return target


def clause_href(g: Guideline, clause: str, ctx: PageContext) -> str:
    """`#c3-1` on the guideline's own current page, else a link to that clause of its current text."""
    if ctx.guideline is not None and ctx.guideline.id == g.id and ctx.version is None:
        return f"#{anchor(clause)}"
    return f"{current_href(g, ctx)}#{anchor(clause)}"


def archived_note(g: Guideline, ctx: PageContext, what: str) -> str | None:
    """On an archived text, a pointer to the current one: the data describe the current version only."""
    if ctx.version is None:
        return None
    href = html.escape(current_href(g, ctx) or "./")
    link = f'<a href="{href}">{t(ctx.lang, "current_text")}</a>'
    return f'<p class="kc-note">{html.escape(t(ctx.lang, what))} {link}</p>'

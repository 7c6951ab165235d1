"""Changes to the finished HTML of every page (after the theme has rendered it)."""

from __future__ import annotations

import re

# Material's script fetches 'sitemap.xml' beside every <link rel="alternate"> target, to map pages between
# languages. Our language links already point at the same page in the other language, and the fetch 404s
# beside a page URL and is refused from file://, where it shows up as a console error; so we drop them.
_HREFLANG_LINK_RE = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?[ \t]*')


def drop_hreflang_links(html: str) -> str:
    """`html` without the theme's `<link rel="alternate" hreflang>` tags."""
    head, sep, body = html.partition("</head>")  # the links are in the head; the body can be large
    return _HREFLANG_LINK_RE.sub("", head) + sep + body


# Root-absolute URLs in attributes ("/assets/...", but not protocol-relative "//host/...").
_ROOT_ATTR_RE = re.compile(r'\b(href|src|data-base)="/(?!/)')


def relative_root_links(html: str) -> str:
    """`html` of a page in the site's root folder with its root-absolute links made relative ('./...')."""
    html = _ROOT_ATTR_RE.sub(r'\1="./', html)
    return html.replace('"base": "/"', '"base": "."', 1)


# A relative link to a folder ('../', 'guidelines/#c2'): not a scheme, not root-absolute, not just a fragment.
_DIR_LINK_RE = re.compile(r'\bhref="((?![a-zA-Z][a-zA-Z0-9+.-]*:|#|/)[^"#?]*/)([#?][^"]*)?"')


def file_links(html: str) -> str:
    """`html` with relative links to folders pointing at their index.html, as reading from disk needs."""
    return _DIR_LINK_RE.sub(lambda m: f'href="{m.group(1)}index.html{m.group(2) or ""}"', html)


# The theme's hidden toggles carry autocomplete="off" (so that Firefox does not restore an open drawer on
# reload), which HTML allows on text-like inputs only: the Nu HTML Checker reports it on every page.
_CHECKBOX_RE = re.compile(r'<input\b[^>]*\btype="checkbox"[^>]*>')
_TOC_LABEL = '<label class="md-nav__title" for="__toc">'


# The theme's inline script that opens a tab named by the address's fragment asks for an element with an
# empty id when there is none, which Firefox reports on every page ("Empty string passed to getElementById").
_TAB_SCRIPT = "var target=document.getElementById(location.hash.slice(1));"
_TAB_SCRIPT_GUARDED = "var target=location.hash.length>1&&document.getElementById(location.hash.slice(1));"


def valid_theme_markup(html: str) -> str:
    """`html` without the theme's invalid constructs: autocomplete on checkboxes, the table of contents'
    title labelling a toggle (`__toc`) that the page does not have, and a look-up of an empty id."""
    html = html.replace(_TAB_SCRIPT, _TAB_SCRIPT_GUARDED)
    html = _CHECKBOX_RE.sub(lambda m: m.group(0).replace(' autocomplete="off"', ""), html)
    if _TOC_LABEL in html and 'id="__toc"' not in html:
        html = html.replace(_TOC_LABEL, '<label class="md-nav__title">')
    return html

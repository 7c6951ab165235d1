"""Unsafe or outside markup: any HTML tag or attribute not on the allow-lists (so scripts, embedded pages,
forms, SVG), event handlers, javascript:/data: URLs (also entity-encoded or in attribute lists) and
resources (images, styles, media) loaded from other sites. Plain external hyperlinks are fine.

Fenced code blocks and inline code are skipped: they are shown as text, never run.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from kc.checks.pii import redact
from kc.content.findings import Finding
from kc.content.mdsyntax import ATTR_RE, AUTOLINK_RE, MD_LINK_RE, REF_DEF_RE, TAG_RE, iter_tags  # noqa: F401
from kc.content.sourcefile import read_lenient
from kc.content.sources import content_files, line_at, mask_code

# Allow-lists: raw HTML in texts may use these tags and attributes and nothing else (a new trick is refused
# until someone decides it is safe, rather than passed until someone notices it).
ALLOWED_TAGS = frozenset(
    "a abbr audio b blockquote br caption cite code col colgroup dd del details dfn div dl dt em "
    "figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p picture pre q s samp small source "
    "span strong sub summary sup table tbody td tfoot th thead time tr track u ul var video wbr".split()
)
GLOBAL_ATTRS = frozenset({"class", "id", "title", "lang", "role", "markdown", "style", "hidden"})
TAG_ATTRS = {
    "a": {"href", "hreflang", "rel", "type"},
    "img": {"src", "srcset", "alt", "width", "height", "loading", "sizes"},
    "source": {"src", "srcset", "type", "media", "sizes"},
    "audio": {"src", "controls", "preload", "loop", "muted"},
    "video": {"src", "controls", "preload", "loop", "muted", "poster", "width", "height"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "td": {"colspan", "rowspan", "align", "headers"},
    "th": {"colspan", "rowspan", "align", "scope", "headers", "abbr"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "details": {"open"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
}
# Attribute lists ({: ... } of attr_list) may set these on any element Markdown makes.
ATTR_LIST_ALLOWED = GLOBAL_ATTRS | {"href", "src", "alt", "width", "height", "colspan", "rowspan", "scope"}
ATTR_LIST_PAIR_RE = re.compile(r"""([^\s=#.{}:"']+)\s*=\s*("[^"]*"|'[^']*'|[^\s}]+)""")
ATTR_LIST_RE = re.compile(r"\{:?[^{}\n]*\}")
EVENT_RE = re.compile(r"(?<![\w-])(on[a-z]+)\s*=", re.I)
MD_REF_USE_RE = re.compile(r"(!?)\[((?:[^\[\]\\]|\\.)*)\](?:\[([^\]]*)\])?(?![(:])")
AUTOMAIL_RE = re.compile(r"<[^<>\s@]+@[^<>\s@]+>")
CSS_URL_RE = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)

# Attributes that hold a URL; and which (tag, attribute) pairs load a resource rather than link to one.
URL_ATTRS = {
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "xlink:href",
    "codebase",
    "cite",
    "ping",
    "manifest",
    "lowsrc",
    "dynsrc",
}
LINK_ONLY = {
    ("a", "href"),
    ("area", "href"),
    ("blockquote", "cite"),
    ("q", "cite"),
    ("del", "cite"),
    ("ins", "cite"),
}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


def normalise_url(url: str) -> str:
    """The URL as a browser reads its scheme: entities decoded, whitespace and controls dropped, lowercase."""
    url = html.unescape(url.strip().strip("<>").strip("\"'"))
    return re.sub(r"[\x00-\x20]", "", url).lower()


def is_external(url: str) -> bool:
    """True for absolute URLs and protocol-relative `//host/...` ones."""
    u = normalise_url(url)
    return u.startswith(("//", "\\\\", "/\\", "\\/")) or bool(re.match(r"^[a-z][a-z0-9+.-]*:", u))


def bad_scheme(url: str) -> str | None:
    """'javascript:', 'vbscript:' or 'data:' when `url` uses one of them."""
    u = normalise_url(url)
    return next((s for s in BAD_SCHEMES if u.startswith(s)), None)


def _short(value: str, limit: int = 70) -> str:
    value = redact(" ".join(value.split()))
    return value if len(value) <= limit else value[: limit - 1] + "…"


def find_unsafe_markup(text: str, skip_code: bool = True) -> Iterator[tuple[int, str]]:
    """(line, message) for every unsafe or outside markup in `text` (one file, front matter included)."""
    src = mask_code(text) if skip_code else text
    found: list[tuple[int, str]] = []

    def url_problem(offset: int, url: str, what: str, resource: bool) -> None:
        scheme = bad_scheme(url)
        if scheme:
            found.append(
                (
                    line_at(src, offset),
                    f"{scheme} URL in {what}: {_short(url)!r}; remove it – texts may only "
                    "link to ordinary web pages or to pages of this site",
                )
            )
        elif resource and is_external(url) and not normalise_url(url).startswith(("mailto:", "tel:")):
            found.append(
                (
                    line_at(src, offset),
                    f"{what} loaded from outside the site: {_short(url)!r}; save the file "
                    "under docs/ and refer to it with a relative path (outside resources can track readers)",
                )
            )

    for m in iter_tags(src):
        tag = m.group(1).lower()
        if AUTOLINK_RE.fullmatch(m.group(0)) or AUTOMAIL_RE.fullmatch(m.group(0)):
            continue  # a Markdown autolink, checked below
        if tag not in ALLOWED_TAGS:
            found.append(
                (
                    line_at(src, m.start()),
                    f"raw <{tag}> tag is not allowed in texts: {_short(m.group(0))!r}; remove it – "
                    "use Markdown only (scripts, styles, forms and embedded pages are never published; "
                    "see CONTRIBUTING.md for the few HTML tags texts may use)",
                )
            )
            continue
        attrs_start = m.start(2)
        for a in ATTR_RE.finditer(m.group(2)):
            name = a.group(1).lower()
            pos = attrs_start + a.start()
            if EVENT_RE.fullmatch(name + "=") and a.group(2) is not None:
                found.append(
                    (
                        line_at(src, pos),
                        f"event-handler attribute on <{tag}>: {name!r}; remove it – "
                        "texts may not run scripts",
                    )
                )
            elif not _attr_allowed(tag, name):
                found.append(
                    (
                        line_at(src, pos),
                        f"attribute {name!r} on <{tag}> is not allowed in texts; remove it – texts may use "
                        "only plain HTML attributes such as class, id, title, lang, href, src and alt",
                    )
                )
                continue
            value = (a.group(2) or "").strip("\"'")
            if name == "style":
                for u in CSS_URL_RE.finditer(value):
                    url_problem(pos, u.group(2), "style url()", True)
            if name not in URL_ATTRS or a.group(2) is None:
                continue
            urls = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
            for url in urls:
                resource = (tag, name) not in LINK_ONLY
                url_problem(pos, url, f"<{tag} {name}>" if resource else f"<{tag}> link", resource)

    for m in ATTR_LIST_RE.finditer(src):
        for e in EVENT_RE.finditer(m.group(0)):
            found.append(
                (
                    line_at(src, m.start() + e.start()),
                    f"event-handler attribute in an attribute list: "
                    f"{e.group(1)!r}; remove it – texts may not run scripts",
                )
            )
        for pair in ATTR_LIST_PAIR_RE.finditer(m.group(0)):
            name, pos = pair.group(1).lower(), m.start() + pair.start()
            if EVENT_RE.fullmatch(name + "="):
                continue  # reported above
            if name not in ATTR_LIST_ALLOWED:
                found.append(
                    (
                        line_at(src, pos),
                        f"attribute {name!r} in an attribute list is not allowed; remove it – attribute "
                        "lists may set only class, id, title, lang and the like",
                    )
                )
            elif name in ("href", "src"):
                url_problem(pos, pair.group(2).strip("\"'"), f"attribute-list {name}", name == "src")

    defs = {
        d.group(1).strip().lower(): (d.start(2), d.group(2).strip("<>")) for d in REF_DEF_RE.finditer(src)
    }
    for m in MD_LINK_RE.finditer(src):
        image = m.group(1) == "!"
        url = m.group(3).strip("<>")
        url_problem(m.start(3), url, "image" if image else "link", image)
    for m in MD_REF_USE_RE.finditer(src):
        if m.group(1) != "!":
            continue
        ref = (m.group(3) or m.group(2)).strip().lower()
        if ref in defs and is_external(defs[ref][1]):
            offset, url = defs[ref]
            url_problem(offset, url, "image", True)
    for offset, url in defs.values():
        if bad_scheme(url):
            url_problem(offset, url, "link", False)
    for m in AUTOLINK_RE.finditer(src):
        if bad_scheme(m.group(1)):
            url_problem(m.start(1), m.group(1), "link", False)
    for m in CSS_URL_RE.finditer(src):
        if not _inside_tag(src, m.start()):
            url_problem(m.start(2), m.group(2), "style url()", True)
    yield from sorted(set(found))


def _attr_allowed(tag: str, name: str) -> bool:
    """True for an attribute texts may use on `tag` (WAI-ARIA attributes are allowed everywhere)."""
    if name in GLOBAL_ATTRS or name in TAG_ATTRS.get(tag, ()):
        return True
    return re.fullmatch(r"aria-[a-z]+", name) is not None


def _inside_tag(src: str, offset: int) -> bool:
    """True when `offset` lies within an HTML tag (already checked with its attributes)."""
    return any(
        t.start() <= offset < t.end() for t in iter_tags(src, max(0, offset - 2000), offset + 2000)
    )


def check_unsafe_markup(project) -> Iterator[Finding]:
    """No scripts, embedded pages, event handlers, javascript:/data: URLs or resources from other sites."""
    for path in content_files(project.docs):
        text = read_lenient(path)
        for line, message in find_unsafe_markup(text, skip_code=path.suffix == ".md"):
            yield Finding(project.rel(path), line, message, rule="unsafe-markup")

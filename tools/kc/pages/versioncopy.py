"""An output step: the versioned copy of each current guideline text, made from the built current page.

The copy at guidelines/<slug>/v<X.Y>/ (kc.pages.versioned) shows the same text as the current page; only
what belongs to the address differs: the page's header says which version it is (the header of an archived
text, as `kc new-version` will later publish there), the canonical and permanent addresses name the copy,
the language switcher leads to the other language's copy, and every relative URL goes one folder up.
Rendering the page a second time through Markdown and the theme cost a quarter of a language's build;
rewriting the finished HTML costs almost nothing.

Works on the output folder of one language's build, whatever generator wrote it, after that build.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from pathlib import Path

from markdown import Markdown

from kc.content.model import LANGUAGES, Guideline, Project
from kc.edition import csp
from kc.pages import render
from kc.pages.versioned import copy_folder, site_folder
from kc.pages.versionsitemap import add_copies_to_sitemap

PAGE = "index.html"
# Attributes that hold one URL. data-base is the search box's site root (assets/kc/search.js).
# Without a leading \s, which would make the search try every space of the page: _attr checks it.
_URL_ATTR_RE = re.compile(r'((?:href|src|action|poster|data-base)=")([^"]*)(")')
_SRCSET_RE = re.compile(r'(srcset=")([^"]*)(")')
# Only inside style attributes: the same words in the text are text.
_STYLE_RE = re.compile(r'(style=")([^"]*)(")')
_STYLE_URL_RE = re.compile(r"""(url\(\s*(?:&quot;|&#39;|'?))([^)"'&]*)""")
# Material's configuration (base, search worker): JSON in a data block that its bundle reads.
_CONFIG_RE = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
_CONFIG_URL_RE = re.compile(r'("(?:base|search)": ")([^"]*)(")')
_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_SWITCH_RE = re.compile(r'(<a href=")([^"]*)(" hreflang="[a-z]+" class="md-select__link">)')
_SWITCH_TAIL_RE = re.compile(r'" hreflang="[a-z]+" class="md-select__link">')
_CANONICAL_RE = re.compile(r'(<link rel="canonical" href=")([^"]*)(">)')
_INLINE_SRC_RE = re.compile(r'(<script src=")([^"]*?)(' + re.escape(csp.INLINE_DIR) + r'/[0-9a-f]+\.js)(")')
# Material's local-storage scope, the one moved inline script that names the page's depth.
_SCOPE_RE = re.compile(r'new URL\("([^"]*)",location\)')
_SELF_RE = re.compile(r"^(?:\.|\./|index\.html|\./index\.html)(?:[#?]|$)")
_PRINT_FOOTER_RE = re.compile(r'<footer class="kc-print-footer".*?</footer>', re.S)
_PERMALINK_RE = re.compile(r'data-kc-permalink="([^"]*)"')
_HEADER_START = '<dl class="kc-facts"'
_HISTORY_LINK_RE = re.compile(r'<p class="kc-history-link">.*?</p>', re.S)
_OUTDATED_RE = re.compile(r'\s*<div class="admonition warning kc-outdated" role="note">.*?</div>', re.S)
_DRIFT_RE = re.compile(r'<div class="admonition warning kc-drift" role="note"[^>]*>.*?</div>\n?', re.S)
_MD_LINK_RE = re.compile(r'href="([^"#:]*?)([^"#/:]+)\.md(#[^"]*)?"')


class CopyError(Exception):
    """A versioned copy could not be made; the message names the file and says what to do."""


def write_copies(project: Project, site_dir: Path, lang: str, *, site_url: str = "", dir_urls: bool = True
                 ) -> list[str]:
    """Write the `lang` site's versioned copies into `site_dir` and list them in its sitemap; return the
    copies' folders. Raises CopyError when a current page is missing or not a guideline page kc built."""
    site_dir = Path(site_dir)
    scripts: dict[str, str] = {}  # moved inline script (path below the site root) -> the copy's
    made = []
    # Each guideline's copies in every language, found once: the sitemap's alternates name them all.
    folders = {g.id: {other: copy_folder(project, g, other) for other in LANGUAGES} for g in project.records}
    for g in project.records:
        folder = folders[g.id][lang]
        if folder is None:
            continue
        source = site_dir / site_folder(lang, g) / PAGE
        try:
            page = source.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CopyError(
                f"{source}: the built current page of {g.id} is missing, so its versioned copy "
                f"{folder}/ cannot be made; build the whole site again (kc build)"
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise CopyError(f"{source}: cannot read the built current page of {g.id}: {exc}; "
                            "build the whole site again (kc build)") from None
        copy = versioned_page(project, g, lang, page, str(source), dir_urls=dir_urls)
        copy = _inline_scripts(copy, site_dir, scripts)
        target = site_dir / folder / PAGE
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(copy, encoding="utf-8")
        made.append(folder)
    # Every language's copies on disk: a sequential build rewrites the sitemap for all languages at once.
    add_copies_to_sitemap(site_dir, site_url, [(g, folders[g.id]) for g in project.records])
    return made


def versioned_page(project: Project, g: Guideline, lang: str, page: str, name: str = "",
                   *, dir_urls: bool = True) -> str:
    """The current page's HTML `page` (read from `name`) as its copy one folder deeper, at v<X.Y>/."""
    start = page.find(_HEADER_START)
    link = _HISTORY_LINK_RE.search(page, start) if start >= 0 else None
    if link is None:
        raise CopyError(f"{name}: not a guideline page as kc builds it (no header with facts and history "
                        f"link), so {g.id}'s versioned copy cannot be made from it; build the whole site "
                        "again (kc build)")
    end = link.end()
    outdated = _OUTDATED_RE.match(page, end)
    if outdated:
        end = outdated.end()
    # Under the clauses of a current English text only (kc.pages.drift): an archived text has none.
    body = _DRIFT_RE.sub("", page[end:]) if "kc-drift" in page else page[end:]
    head = page[:start]
    current = "./" + site_folder(lang, g) + "/"
    version = f"v{g.version}/"
    head, body = (_addresses(_moved(part, current, version), version) for part in (head, body))
    # Written for the copy's address already: added after the rest has moved.
    return head + copy_header(project, g, lang, dir_urls) + body


def _moved(page: str, current: str, version: str) -> str:
    """`page` with every relative URL written for a page one folder deeper."""
    page = _SWITCH_RE.sub(lambda m: m[1] + _switch(m[2], current, version) + m[3], page)
    page = _URL_ATTR_RE.sub(lambda m: m[0] if _is_switch(m) or not _attr(m) else m[1] + deeper(m[2]) + m[3],
                            page)
    # Each pass only where its attribute or block occurs: a plain substring search skips a whole page far
    # faster than a pattern that begins with a group.
    if 'srcset="' in page:
        page = _SRCSET_RE.sub(lambda m: m[1] + _srcset(m[2]) + m[3] if _attr(m) else m[0], page)
    if 'style="' in page:
        page = _STYLE_RE.sub(lambda m: m[1] + _STYLE_URL_RE.sub(lambda u: u[1] + deeper(u[2]), m[2]) + m[3]
                             if _attr(m) else m[0], page)
    if '<script id="__config"' not in page:
        return page
    return _CONFIG_RE.sub(
        lambda m: m[1] + _CONFIG_URL_RE.sub(lambda c: c[1] + deeper(c[2]) + c[3], m[2]) + m[3], page
    )


def copy_header(project: Project, g: Guideline, lang: str, dir_urls: bool) -> str:
    """The header of the copy: the facts and notices of an archived text of version g.version, as the page
    rules (kc.pages.extension) write them for a text at that address."""
    src = f"{lang}/guidelines/{g.slug}/v{g.version}/index.md"
    blocks = render.guideline_header(project, g, lang, g.version).split("\n\n")
    notes = render.version_notices(project, g, lang, src, lang, g.version)
    # Laid out as Python-Markdown lays out the page rules' output: a blank line after the generated header.
    text = "\n".join(blocks) + "\n\n" + "\n".join(_note_html(note) for note in notes)
    # The notices link to other pages by their Markdown files, which the generator would have rewritten.
    return _MD_LINK_RE.sub(lambda m: f'href="{_md_url(m[1], m[2], dir_urls)}{m[3] or ""}"', text)


@functools.lru_cache(maxsize=256)
def _note_html(markdown: str) -> str:
    """A notice's HTML. Few notices differ (the history link is the same on every copy of a language), and a
    Markdown instance costs more to make than these take to convert: both are kept."""
    return _markdown().reset().convert(markdown)


@functools.lru_cache(maxsize=1)
def _markdown() -> Markdown:
    return Markdown(extensions=["md_in_html", "attr_list"])


def _md_url(folder: str, name: str, dir_urls: bool) -> str:
    if not dir_urls:
        return f"{folder}{name}.html"
    return (folder or "./") if name == "index" else f"{folder}{name}/"


def deeper(url: str) -> str:
    """`url`, written on a page, as written on a page one folder below; absolute URLs and links to the page
    itself (its fragments: in the copy they lead to the copy's own clauses) stay."""
    if not url or url.startswith(("#", "?", "/")) or _SCHEME_RE.match(url) or _SELF_RE.match(url):
        return url
    return "../" + (url[2:] if url.startswith("./") else url)


def _attr(m: re.Match) -> bool:
    """Whether `m` is an attribute of its own (after a space), not the end of another's name."""
    return m.start() > 0 and m.string[m.start() - 1].isspace()


def _is_switch(m: re.Match) -> bool:
    """Whether the URL `m` found is a language-switcher link, which _switch wrote for the copy already."""
    return _SWITCH_TAIL_RE.match(m.string, m.end() - 1) is not None


def _srcset(value: str) -> str:
    parts = []
    for candidate in value.split(","):
        words = candidate.strip().split(None, 1)
        parts.append(" ".join([deeper(words[0]), *words[1:]]) if words else candidate)
    return ", ".join(parts)


def _switch(href: str, current: str, version: str) -> str:
    """A language-switcher link of the current page (relative to `current`), rewritten to lead from the copy
    to the copy in that language; a link anywhere else is only moved one folder down."""
    file = "index.html" if href.endswith("index.html") else ""
    folder = href[: len(href) - len(file)] or "./"
    target = posixpath.normpath(posixpath.join(current, folder))
    if re.fullmatch(r"(?:[a-z]{2}/)?guidelines/[a-z0-9-]+", target) is None or _SCHEME_RE.match(href):
        return deeper(href)
    # From the copy's folder, the other copy is as far as the current page is from the current page.
    rel = posixpath.relpath(f"{target}/{version}", posixpath.normpath(current) + "/" + version)
    if rel == ".":
        return file or "./"
    return rel + "/" + file


def _addresses(page: str, version: str) -> str:
    """The canonical link and the printed permanent address name the copy's address."""
    m = _CANONICAL_RE.search(page)
    if m:
        url = m[2]
        file = "index.html" if url.endswith("index.html") else ""
        new = url[: len(url) - len(file)] + version + file
        page = page[: m.start(2)] + new + page[m.end(2):]
    # Only in the print footer (overrides/partials/kc-print.html): the text may name the address too.
    m = _PRINT_FOOTER_RE.search(page)
    permalink = _PERMALINK_RE.search(m[0]) if m else None
    if permalink and permalink[1].endswith("/"):
        old = permalink[1]
        # Exactly the address, not a longer one that begins with it.
        footer = _after_each(m[0], old, version)
        page = page[: m.start()] + footer + page[m.end():]
    return page


def _after_each(text: str, address: str, addition: str) -> str:
    """`text` with `addition` after each `address` that a quote or a tag ends (not after a longer address
    that begins with it); left to right, as re.sub(re.escape(address) + '(?=["<])', ...) would, without
    compiling a pattern for every page."""
    out, at = [], 0
    i = text.find(address)
    while i >= 0:
        end = i + len(address)
        if text[end : end + 1] in ('"', "<") and end < len(text):
            out += [text[at:end], addition]
            at = end
            i = text.find(address, end)
        else:
            i = text.find(address, i + 1)
    return "".join(out) + text[at:]


def _inline_scripts(page: str, site_dir: Path, done: dict[str, str]) -> str:
    """The page's moved inline scripts (kc.edition.csp) as the copy needs them: Material's scope names the
    site root relative to the page, so the copy gets its own file, written as csp.secure names it."""

    def replace(m: re.Match) -> str:
        path = m[3]
        if path not in done:
            try:
                code = (site_dir / path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise CopyError(f"{site_dir / path}: cannot read a script the current page uses: {exc}; "
                                "build the whole site again (kc build)") from None
            moved = _SCOPE_RE.sub(lambda s: f'new URL("{html.unescape(deeper(s[1]))}",location)', code)
            if moved == code:
                done[path] = path
            else:
                _, scripts = csp.secure(f"<script>{moved}</script>", ".", meta=False)
                csp.write_scripts(site_dir, scripts)
                done[path] = next(iter(scripts))
        return m[1] + m[2] + done[path] + m[4]

    return _INLINE_SRC_RE.sub(replace, page)

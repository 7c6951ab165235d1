"""An output step: each guideline's history page, written into a built site from its built current page.

The history page (kc.pages.history) shares everything around its text with the guideline's current page:
the menu in the same state, the breadcrumbs, the footer. Rendering it through the generator's page templates
cost most of a history page's share of the build (some 3 s of CPU per language at 500 guidelines), and the
generator held every page's text until the end. Here only the text goes through Python-Markdown (with the
site's extensions and kc's page rules); the rest is the current page's HTML with what belongs to the address
changed: title, table of contents, canonical and permanent addresses, the language switcher, and, with
folder URLs, every relative URL one folder deeper (kc.pages.versioncopy's helpers). One page at a time is
held, and the comparisons (the largest part) only while their page is written.

Works on the output folder of one language's build, whatever generator wrote it, before the pages are
finished (kc.pages.finish), which then treats a history page like every other page.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from markdown import Markdown

from kc.content.model import DEFAULT_LANGUAGE, LANGUAGES, Guideline, Project
from kc.pages import extension, history
from kc.pages.strings import t
from kc.pages.versioncopy import _CANONICAL_RE, _SCOPE_RE, PAGE, _addresses, _moved, deeper
from kc.pages.versioned import copy_folder, site_folder
from kc.pages.versionsitemap import SITEMAP, _gzip

_ARTICLE = '<article class="md-content__inner md-typeset">'
_PRINT_FOOTER = '<footer class="kc-print-footer"'
_META_SPACE = "\n  \n  \n"
_TITLE_RE = re.compile(r"<title>(.*?)</title>", re.S)
_SKIP_RE = re.compile(r'(<a href=")#[^"]*(" class="md-skip">)')
_TOC_NAV = '<nav class="md-nav md-nav--secondary"'
_TOC_LIST = '<ul class="md-nav__list" data-md-component="toc" data-md-scrollfix>'
_TOC_LIST_RE = re.compile(
    r'<ul class="md-nav__list" data-md-component="toc"(?: lang="[a-z]+")? data-md-scrollfix>')
_TOC_END = "</ul>\n  \n</nav>"
# Material's partials/toc-item.html for a heading without sub-headings, as Jinja lays it out in toc.html.
_TOC_ITEM = ('\n        <li class="md-nav__item">\n  <a href="#{id}" class="md-nav__link">\n'
             '    <span class="md-ellipsis">\n      \n        {name}\n      \n    </span>\n  </a>\n  \n'
             '</li>\n      ')
_CANONICAL_FILE_RE = re.compile(r'(<link rel="canonical" href="[^"]*/)index\.html(">)')
_SWITCH_FILE_RE = re.compile(r'(<a href="[^"]*?)index\.html(" hreflang="[a-z]+" class="md-select__link">)')
# A link the Markdown wrote to another page's Markdown file, which a generator rewrites to the page's URL.
_LINK_RE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_MD_LINK_RE = re.compile(r"([^#?]*\.md)(#.*)?")
_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_URL_RE = re.compile(r"[ \t]*<url>\s*<loc>([^<]*)</loc>.*?</url>\n?", re.S)


class HistoryError(Exception):
    """A history page could not be written; the message names the file and says what to do."""


def history_file(lang: str, g: Guideline, dir_urls: bool) -> str:
    """The history page's file below the site root."""
    return f"{site_folder(lang, g)}/history/{PAGE}" if dir_urls else f"{site_folder(lang, g)}/history.html"


def write_history_pages(project: Project, site_dir: Path, lang: str, *, extensions: list,
                        extension_configs: dict, dir_urls: bool = True, site_url: str = "",
                        page_rules: dict | None = None) -> list[str]:
    """Write the `lang` site's history pages into `site_dir` and list them in its sitemap; return their files.

    `extensions` and `extension_configs` are the site's Python-Markdown extensions (kc's page rules among
    them, configured here); `page_rules`: kc's options (glossary_tooltips, consultation_address).
    Raises HistoryError when a current page is missing or not a guideline page as kc builds it."""
    site_dir = Path(site_dir)
    if not project.records:
        return []
    md, rules = _markdown(project, lang, extensions, extension_configs, dir_urls, site_url, page_rules or {})
    # The versioned copies (kc.pages.versioncopy) are written after the pages are finished.
    copies = {f"{folder}/{PAGE}" for g in project.records if (folder := copy_folder(project, g, lang))}
    made = []
    for g in project.records:
        source = site_dir / site_folder(lang, g) / PAGE
        try:
            if source.is_symlink() or (site_dir / history_file(lang, g, dir_urls)).is_symlink():
                # Nothing the generator wrote: the output scan refuses links, and none may be followed here.
                raise HistoryError(f"{source}: the current page of {g.id} or its history page is a symbolic "
                                   "link, which no generator writes; build the whole site again (kc build)")
            shell = source.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise HistoryError(
                f"{source}: the built current page of {g.id} is missing, so its history page cannot be made; "
                "build the whole site again (kc build)"
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise HistoryError(f"{source}: cannot read the built current page of {g.id}: {exc}; "
                               "build the whole site again (kc build)") from None
        rules.set_page(history.history_src(g, lang))
        content = md.reset().convert(history.history_page(project, g, lang, lang, deferred=True))
        toc = getattr(md, "toc_tokens", [])
        rel = history_file(lang, g, dir_urls)
        content = page_links(content, history.history_src(g, lang), rel, site_dir, dir_urls, copies)
        content = history.fill_comparisons(project, g, lang, content)
        page = history_page_html(g, lang, shell, content, toc, str(source), dir_urls=dir_urls)
        target = site_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
        made.append(rel)
    add_history_to_sitemap(site_dir, site_url, lang, project.records, dir_urls)
    return made


def _markdown(project: Project, lang: str, extensions: list, configs: dict, dir_urls: bool, site_url: str,
              options: dict) -> tuple[Markdown, extension.KcExtension]:
    """One Markdown instance for all of a language's history pages, with the site's extensions in their
    order and kc's page rules in their place (reset and pointed at each page in turn)."""
    rules = extension.KcExtension(
        project=project, lang=lang, src=history.history_src(project.records[0], lang), dir_urls=dir_urls,
        site_url=site_url, glossary_tooltips=options.get("glossary_tooltips", True),
        consultation_address=options.get("consultation_address", ""),
    )
    names = [e for e in extensions if e != extension.NAME and not isinstance(e, extension.KcExtension)]
    at = next((i for i, e in enumerate(extensions) if e == extension.NAME), len(names))
    names.insert(at, rules)
    configs = {k: v for k, v in configs.items() if k != extension.NAME}
    return Markdown(extensions=names, extension_configs=configs), rules


def history_page_html(g: Guideline, lang: str, shell: str, content: str, toc: list[dict], name: str = "",
                      *, dir_urls: bool = True) -> str:
    """The history page: `shell` (the current page's HTML, read from `name`) with `content` (the history
    text's HTML) and `toc` (its Python-Markdown table of contents) in place of its own."""

    def odd(what: str) -> HistoryError:
        return HistoryError(f"{name}: not a guideline page as kc builds it ({what}), so {g.id}'s history "
                            "page cannot be made from it; build the whole site again (kc build)")

    opened = shell.find(_ARTICLE)
    if opened < 0:
        raise odd("no article")
    start = opened + len(_ARTICLE)
    start += len(shell[start:]) - len(shell[start:].lstrip())
    end = shell.rfind(_PRINT_FOOTER)
    if end < start:
        end = shell.rfind("</article>")
    if end < start or 'class="kc-page-dates"' in shell[start:end]:
        raise odd("no end of the text")
    text_end = len(shell[:end].rstrip())
    head = shell[:start]
    # Material's source-file partial writes this much more for a page with front matter (an English text
    # names its Swedish version there): the history page has none.
    tail = shell[text_end:end].replace(_META_SPACE, "", 1) + shell[end:]
    items = toc[0]["children"] if toc and toc[0]["level"] == 1 else toc
    if not toc or not items or any(item["children"] for item in items):
        raise HistoryError(f"{name}: the history page of {g.id} has no table of contents of its versions; "
                           "report this as a bug")
    head = _with_toc(head, items, odd)
    head = _SKIP_RE.sub(lambda m: f"{m[1]}#{toc[0]['id']}{m[2]}", head, count=1)
    m = _TITLE_RE.search(head)
    if m is None:
        raise odd("no title")
    # Material writes the page title as `title | striptags | e`; the history title is the guideline's title
    # (the current page's) after a prefix of plain words.
    prefix = _escape(f"{t(lang, 'history_title')}: {g.id} ")
    head = head[: m.start(1)] + prefix + head[m.start(1):]
    if dir_urls:
        # One folder deeper than the current page: the history page's own text is written for its address.
        current = "./" + site_folder(lang, g) + "/"
        head, tail = (_moved(part, current, "history/") for part in (head, tail))
        head = _SCOPE_RE.sub(lambda s: f'new URL("{deeper(s[1])}",location)', head)
        head = _CANONICAL_RE.sub(lambda c: c[1] + c[2] + "history/" + c[3], head, count=1)
    else:
        head = _SWITCH_FILE_RE.sub(r"\1history.html\2", head)
        head = _CANONICAL_FILE_RE.sub(r"\1history.html\2", head, count=1)
    # The print footer names the page's address as published (folder URLs), in either edition.
    return head + content + _addresses(tail, "history/")


def _with_toc(head: str, items: list[dict], odd) -> str:
    """`head` with the shell's table of contents listing `items` (Python-Markdown's tokens) instead."""
    nav = head.rfind(_TOC_NAV)
    m = _TOC_LIST_RE.search(head, nav) if nav >= 0 else None
    end = head.find(_TOC_END, m.end()) if m else -1
    if end < 0:
        raise odd("no table of contents")
    listing = "".join(_TOC_ITEM.format(id=item["id"], name=item["name"]) for item in items)
    # Without the language mark of a fallback page's list (kc.pages.fallback): these are the page's headings.
    return head[: m.start()] + _TOC_LIST + "\n      " + listing + "\n    " + head[end:]


def _escape(text: str) -> str:
    """`text` escaped as Jinja's `e` filter escapes it."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&#34;").replace("'", "&#39;"))


def page_links(content: str, src: str, rel: str, site_dir: Path, dir_urls: bool, copies: set[str]) -> str:
    """`content` of the page `src` (published as `rel`) with its links to Markdown files written as URLs
    relative to the page, as the generator writes them; raises HistoryError for a link to no page of
    `site_dir` or of `copies` (files of pages written later, as the versioned copies are)."""

    def replace(m: re.Match) -> str:
        value = m[2]
        if not value or value.startswith(("#", "/")) or _SCHEME_RE.match(value):
            return m[0]
        link = _MD_LINK_RE.fullmatch(value)
        if link is None:
            # Written for the text's source file, one folder above the page with folder URLs: a generator
            # would move it, and nothing here does (history.history_page links Markdown files only).
            raise HistoryError(f"{site_dir / rel}: the history page links to {value}, which is not a "
                               "Markdown file; link to the page's .md file in kc.pages.history")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src), link[1]))
        url = page_url(target, dir_urls)
        built = url + PAGE if url.endswith("/") else url
        if url.startswith("../") or not ((site_dir / built).is_file() or built in copies):
            raise HistoryError(f"{site_dir / rel}: the history page links to {link[1]}, which is no page of "
                               "the built site; build the whole site again (kc build)")
        return f'{m[1]}{relative_url(url, rel)}{link[2] or ""}{m[3]}'

    return _LINK_RE.sub(replace, content)


def page_url(src: str, dir_urls: bool) -> str:
    """The URL below the site root of the page built from the source URI `src` (sv/... at the root)."""
    folder, _, rest = src.partition("/")
    path = rest if folder == DEFAULT_LANGUAGE else src
    stem = path[: -len(".md")]
    if not dir_urls:
        return stem + ".html"
    if stem == "index":
        return "./"
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_url(url: str, page: str) -> str:
    """`url` (below the site root) relative to the page published as `page`, as MkDocs writes it."""
    folder = page.rpartition("/")[0] if page.endswith(".html") else page
    up, down = _parts(folder), _parts(url)
    common = 0
    for a, b in zip(up, down, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(up) - common) + down[common:]) or "."
    return rel + "/" if url.endswith("/") else rel


def _parts(path: str) -> list[str]:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            parts = parts[:-1]
        elif part not in ("", "."):
            parts.append(part)
    return parts


def add_history_to_sitemap(site_dir: Path, site_url: str, lang: str, guidelines: list[Guideline],
                           dir_urls: bool) -> None:
    """List the `lang` history pages of `guidelines` in `site_dir`'s sitemap (and its gzip) after the last
    page of that language, each with its current page's entry moved to the history pages' addresses.
    Entries already there are left as they are."""
    path = Path(site_dir) / SITEMAP
    if not site_url or not path.is_file():
        return  # MkDocs lists pages only when the site has an address
    base = site_url.rstrip("/") + "/"
    text = path.read_text(encoding="utf-8")
    entries = {m[1]: m for m in _URL_RE.finditer(text)}
    others = tuple(base + other + "/" for other in LANGUAGES if other != DEFAULT_LANGUAGE and other != lang)
    prefix = base if lang == DEFAULT_LANGUAGE else base + lang + "/"
    own = [m for m in entries.values() if m[1].startswith(prefix) and not m[1].startswith(others)]
    added = []
    for g in guidelines:
        pairs = [tuple(base + page_url(f"{other}/guidelines/{g.slug}/{name}.md", dir_urls)
                       for name in ("index", "history")) for other in LANGUAGES]
        current = dict(pairs)
        loc = pairs[LANGUAGES.index(lang)]
        if loc[1] in entries or loc[0] not in entries:
            continue
        entry = entries[loc[0]][0]
        for old, new in current.items():
            # Whole addresses only (in <loc> or an attribute), never the beginning of a longer one.
            entry = entry.replace(old + "<", new + "<").replace(old + '"', new + '"')
        added.append(_alternates_in_order(entry if entry.endswith("\n") else entry + "\n"))
    if not added or not own:
        return
    at = max(m.end() for m in own)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(text[:at] + "".join(added) + text[at:], encoding="utf-8")
    tmp.replace(path)
    _gzip(path)


_ALTERNATE_RE = re.compile(r'[ \t]*<xhtml:link rel="alternate" hreflang="([a-z]+)"[^>]*/>\n')


def _alternates_in_order(entry: str) -> str:
    """`entry` with its language alternates in the site's language order, as the generator lists a
    generated page's (a current page lists its own language first)."""
    links = list(_ALTERNATE_RE.finditer(entry))
    if not links or any(m[1] not in LANGUAGES for m in links):
        return entry
    ordered = sorted(links, key=lambda m: LANGUAGES.index(m[1]))
    return entry[: links[0].start()] + "".join(m[0] for m in ordered) + entry[links[-1].end():]

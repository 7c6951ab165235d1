"""Generated from the records' histories: each guideline's history page, "What's new", and its Atom feed."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape as xml_escape

from kc.content.clauses import parse_clauses
from kc.content.model import DEFAULT_LANGUAGE, Guideline, HistoryEntry, Project
from kc.content.paths import rel_link, text_src
from kc.content.plaintext import md_inline, md_literal
from kc.content.text import read_text
from kc.pages import diff
from kc.pages.badges import status_badge
from kc.pages.context import PageContext
from kc.pages.strings import format_date, t

LATEST = 5
# Where a comparison goes on a history page built with `deferred`: an HTML comment, which Markdown passes
# through untouched, filled in the finished page by `fill_comparisons`.
COMPARISON_SLOT_RE = re.compile(r"<!-- kc-comparison (\d+\.\d+) (\d+\.\d+) (open|closed) -->")


def history_src(g: Guideline, lang_folder: str) -> str:
    """Source URI of the generated history page of `g` (it has no file on disk)."""
    return f"{lang_folder}/guidelines/{g.slug}/history.md"


def entry_status(project: Project, g: Guideline, entry: HistoryEntry, lang: str) -> str:
    """The status badge of a history entry; a superseded one names its successor, so that a list of dated
    versions does not read as if the version was superseded on its own date."""
    badge = status_badge(project, entry.status, lang)
    n = g.history.index(entry)  # the history is newest first: the successor comes just before
    if entry.status != "superseded" or n == 0:
        return badge
    return f"{badge} ({t(lang, 'superseded_by', version=g.history[n - 1].version)})"


def version_src(g: Guideline, lang_folder: str, version: str) -> str:
    """Source URI of the text of `version`: the current text or an archived one."""
    return text_src(g, lang_folder, None if version == g.version else version)


def _body(project: Project, g: Guideline, lang: str, version: str) -> str | None:
    path = project.text_path(g.slug, lang, None if version == g.version else version)
    return read_text(path).body if path.exists() else None


# A clause number in running text ("(4.1)", "RL 5.4"), but not a version ("version 1.2") or a date part.
_NUMBER_RE = re.compile(r"(?<![\w.\[])(?:([A-Z]{2,4})\s)?(\d+(?:\.\d+)+)(?![\w]|\.\d)")
_VERSION_WORD_RE = re.compile(r"(?:version|versionen|v)\s*$", re.I)


def linked_summary(project: Project, g: Guideline, version: str, summary: str, lang_folder: str) -> str:
    """`summary` (plain text) as Markdown that shows it literally, except that the clause numbers it names
    become cross-references, and so links: bare numbers to that version of `g`, "RS 3.5" to the current
    text of that guideline. Only numbers that are clauses of the text they point to are linked."""

    def clauses_of(other: Guideline, v: str | None) -> set[str]:
        body = _body(project, other, lang_folder, v or other.version) or ""
        return {c.number for c in parse_clauses(body)}

    own = clauses_of(g, version)

    def xref(m: re.Match) -> str | None:
        gid, number = m.group(1), m.group(2)
        if _VERSION_WORD_RE.search(summary[: m.start()]):
            return None
        if gid is None or gid == g.id:
            return f"[[{g.id} {number} v{version}]]" if number in own else None
        other = project.by_id.get(gid)
        return f"[[{gid} {number}]]" if other is not None and number in clauses_of(other, None) else None

    out, last = [], 0
    for m in _NUMBER_RE.finditer(summary):
        ref = xref(m)
        if ref is not None:
            out += [md_literal(summary[last : m.start()]), ref]
            last = m.end()
    out.append(md_literal(summary[last:]))
    return "".join(out)


def history_page(project: Project, g: Guideline, lang: str, lang_folder: str, deferred: bool = False) -> str:
    """Markdown of the history page: every version newest first, with a comparison to the one before.

    With `deferred`, each comparison is a slot for `fill_comparisons`: the comparisons are HTML already, and
    leaving them out of the Markdown spares the build parsing them and holding them until the page is written.
    """
    src = history_src(g, lang_folder)
    parts = [f"# {t(lang, 'history_title')}: {g.id} {md_inline(g.title[lang])}", t(lang, "history_intro"),
             f"[{t(lang, 'current_text')}]({rel_link(src, text_src(g, lang_folder))})"]
    for n, entry in enumerate(g.history):
        link = rel_link(src, version_src(g, lang_folder, entry.version))
        parts.append(f"## {t(lang, 'version')} {entry.version} {{ #v{entry.version.replace('.', '-')} }}")
        parts.append(
            f'<p class="kc-history__meta">{entry_status(project, g, entry, lang)} '
            f"{t(lang, 'dated')}: {format_date(entry.date, lang)}</p>"
        )
        summary = " ".join(entry.summary[lang].split())
        parts.append(linked_summary(project, g, entry.version, summary, lang_folder))
        parts.append(f"[{t(lang, 'read_version', version=entry.version)}]({link})")
        if n + 1 < len(g.history):
            older = g.history[n + 1]
            if deferred:
                state = "open" if n == 0 else "closed"
                parts.append(f"<!-- kc-comparison {older.version} {entry.version} {state} -->")
            else:
                parts.append(comparison(project, g, older, entry, lang, open_=n == 0))
    return "\n\n".join(parts) + "\n"


def comparison(project: Project, g: Guideline, older: HistoryEntry, newer: HistoryEntry, lang: str,
               open_: bool) -> str:
    """The word-level comparison of two versions, in `lang` when both exist in it, else in Swedish."""
    text_lang = lang
    old, new = _body(project, g, lang, older.version), _body(project, g, lang, newer.version)
    if old is None or new is None:
        text_lang = DEFAULT_LANGUAGE
        old, new = _body(project, g, text_lang, older.version), _body(project, g, text_lang, newer.version)
    title = html.escape(t(lang, "compare_with", version=older.version))
    if old is None or new is None:
        return ""
    note = f'<p>{t(lang, "compare_in_swedish")}</p>' if text_lang != lang else ""
    return (f'<details class="kc-history__diff"{" open" if open_ else ""}><summary>{title}</summary>{note}'
            f'<div lang="{text_lang}">{diff.render(old, new, lang)}</div></details>')


def fill_comparisons(project: Project, g: Guideline, lang: str, html_text: str) -> str:
    """`html_text` of a history page built with `deferred`, each comparison slot filled in."""

    def replace(m: re.Match) -> str:
        older, newer = g.entry(m.group(1)), g.entry(m.group(2))
        if older is None or newer is None:
            return ""
        return comparison(project, g, older, newer, lang, open_=m.group(3) == "open")

    return COMPARISON_SLOT_RE.sub(replace, html_text)


@dataclass(frozen=True)
class News:
    guideline: Guideline
    entry: HistoryEntry


def news(project: Project) -> list[News]:
    """Every history entry of every guideline, newest first."""
    items = [News(g, e) for g in project.records for e in g.history]
    return sorted(items, key=lambda n: (n.entry.date, n.guideline.id, n.entry.version), reverse=True)


def _news_item(project: Project, item: News, ctx: PageContext, heading: str) -> str:
    g, e = item.guideline, item.entry
    link = rel_link(ctx.src, version_src(g, ctx.lang_folder, e.version))
    title = t(ctx.lang, "whats_new_item", id=g.id, title=md_inline(g.title[ctx.lang]), version=e.version)
    return (f"{heading} [{title}]({link})\n\n"
            f'<p class="kc-news__meta">{format_date(e.date, ctx.lang)} '
            f"{entry_status(project, g, e, ctx.lang)}</p>"
            f"\n\n{md_inline(e.summary[ctx.lang])}")


def whats_new(project: Project, ctx: PageContext) -> str:
    """The `kc:whats-new` block: all changes, newest first, and the feed link."""
    items = news(project)
    feed = rel_link(ctx.src, f"{ctx.lang_folder}/feed.xml")
    if not items:
        return t(ctx.lang, "no_news")
    blocks = [_news_item(project, item, ctx, "##") for item in items]
    return f"[{t(ctx.lang, 'feed_link')}]({feed})\n\n" + "\n\n".join(blocks)


def latest_changes(project: Project, ctx: PageContext) -> str:
    """The `kc:latest-changes` block: the newest few changes, for the home page."""
    items = news(project)[:LATEST]
    if not items:
        return t(ctx.lang, "no_news")
    lines = []
    for item in items:
        g, e = item.guideline, item.entry
        link = rel_link(ctx.src, version_src(g, ctx.lang_folder, e.version))
        title = t(ctx.lang, "whats_new_item", id=g.id, title=md_inline(g.title[ctx.lang]), version=e.version)
        lines.append(f"- {format_date(e.date, ctx.lang)}: [{title}]({link}) – "
                     f"{entry_status(project, g, e, ctx.lang)}")
    more = rel_link(ctx.src, f"{ctx.lang_folder}/whats-new.md")
    return "\n".join(lines) + f"\n\n[{t(ctx.lang, 'all_news')}]({more})"


def atom_feed(project: Project, lang: str, site_url: str, site_name: str) -> str:
    """An Atom feed of `news` in `lang`, with absolute links under `site_url`."""
    base = site_url.rstrip("/") + "/" + ("" if lang == DEFAULT_LANGUAGE else f"{lang}/")
    items = news(project)
    updated = items[0].entry.date if items else date(2000, 1, 1)
    entries = []
    for item in items:
        g, e = item.guideline, item.entry
        path = f"guidelines/{g.slug}/" + ("" if e.version == g.version else f"v{e.version}/")
        title = t(lang, "whats_new_item", id=g.id, title=g.title[lang], version=e.version)
        status = project.label("statuses", e.status, lang)
        entries.append(
            "  <entry>\n"
            f"    <id>{xml_escape(base)}guidelines/{g.slug}/history/#v{e.version.replace('.', '-')}</id>\n"
            f"    <title>{xml_escape(title)} ({xml_escape(status)})</title>\n"
            f'    <link rel="alternate" href="{xml_escape(base + path)}"/>\n'
            f"    <updated>{e.date.isoformat()}T00:00:00Z</updated>\n"
            f"    <summary>{xml_escape(e.summary[lang])}</summary>\n"
            "  </entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">\n'
        f"  <id>{xml_escape(base)}whats-new/</id>\n"
        f"  <title>{xml_escape(t(lang, 'feed_title'))}</title>\n"
        f'  <link rel="self" href="{xml_escape(base)}feed.xml"/>\n'
        f'  <link rel="alternate" href="{xml_escape(base)}whats-new/"/>\n'
        f"  <updated>{updated.isoformat()}T00:00:00Z</updated>\n"
        f"  <author><name>{xml_escape(site_name)}</name></author>\n"
        + "\n".join(entries) + "\n</feed>\n"
    )

"""Generated parts of pages, as Markdown/HTML strings: guideline headers, clauses, indexes."""

from __future__ import annotations

import html
import posixpath
import re
import secrets
from urllib.parse import quote

from kc.content.clauses import CLAUSE_RE, anchor
from kc.content.model import DEFAULT_LANGUAGE, Guideline, Project, parse_text_src, version_key
from kc.content.paths import rel_link, text_src
from kc.content.plaintext import md_inline
from kc.content.xref import XREF_RE
from kc.pages.badges import status_badge
from kc.pages.strings import format_date, t
from kc.pages.translations import translation

MARKER_RE = re.compile(r"^[ \t]*<!--\s*kc:([a-z-]+)\s*-->[ \t]*$", re.M)


def guideline_header(
    project: Project, g: Guideline, lang: str, version: str | None = None, consultation_address: str = ""
) -> str:
    """The header every guideline page shows, generated from its record in the reader's language."""
    entry = g.entry(version) if version else None
    status = entry.status if entry else g.status
    shown_version = version or g.version
    effective_key = "effective" if status in ("adopted", "superseded", "withdrawn") else "effective_planned"
    facts = [
        (t(lang, "id"), html.escape(g.id)),
        (t(lang, "version"), html.escape(shown_version)),
        (t(lang, "status"), status_badge(project, status, lang)),
    ]
    if not version:
        facts += [
            (t(lang, effective_key), format_date(g.effective, lang)),
            (t(lang, "review_by"), format_date(g.review_by, lang)),
        ]
    elif entry:
        facts.append((t(lang, "dated"), format_date(entry.date, lang)))
    facts += [
        (t(lang, "owner"), html.escape(g.owner[lang])),
        (
            t(lang, "audiences"),
            html.escape(", ".join(project.label("audiences", a, lang) for a in g.audiences)),
        ),
    ]
    rows = "\n".join(f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in facts)
    parts = [f'<dl class="kc-facts" data-status="{status}">\n{rows}\n</dl>']
    if not version:
        parts.extend(status_notices(g, lang, consultation_address))
    return "\n\n".join(parts)


def status_notices(g: Guideline, lang: str, consultation_address: str = "") -> list[str]:
    """Warnings a reader must see before acting on a guideline that is not in force; a consultation's says
    how to comment, to the address in the site's configuration (extra.kc_consultation)."""
    notes = []
    if g.status == "draft":
        notes.append(_admonition("warning", t(lang, "draft_notice")))
    elif g.status == "consultation":
        text = html.escape(t(lang, "consultation_notice"))
        if g.consultation_closes:
            text += " " + html.escape(
                t(lang, "consultation_closes", date=format_date(g.consultation_closes, lang))
            )
        if consultation_address:
            subject = quote(t(lang, "consultation_subject", id=g.id, version=g.version))
            address = html.escape(consultation_address)
            link = f'<a href="mailto:{address}?subject={subject}">{address}</a>'
            text += " " + t(lang, "consultation_how", address=link)
        notes.append(f'<div class="admonition warning kc-consultation" role="note"><p>{text}</p></div>')
    elif g.status == "withdrawn" and g.withdrawn:
        reason = (g.withdrawn.get("reason") or {}).get(lang, "")
        when = g.withdrawn.get("date")
        from kc.content.schema import as_date

        notes.append(
            _admonition(
                "danger", t(lang, "withdrawn_notice", date=format_date(as_date(when), lang), reason=reason)
            )
        )
    return notes


def version_notices(
    project: Project, g: Guideline, lang: str, src: str, lang_folder: str, version: str | None
) -> list[str]:
    """Which version applies, for a reader of `version` (None: the current text), and the history link.

    Markdown inside the notices (md_in_html), so that MkDocs checks and rewrites their links.
    """
    notes = []
    current = rel_link(src, text_src(g, lang_folder))
    if version is not None:
        entry = g.entry(version)
        newer = next((h for h in reversed(g.history) if version_key(h.version) > version_key(version)), None)
        if g.status == "withdrawn" and g.withdrawn:
            reason = (g.withdrawn.get("reason") or {}).get(lang, "")
            banner = t(lang, "withdrawn_banner", reason=md_inline(reason))
            notes.append(_md_note("danger kc-archived", banner))
        elif entry is not None and entry.status == "adopted":
            text = t(lang, "in_force_banner", version=g.version)
            notes.append(_md_note("info kc-archived", f"{text} [{t(lang, 'current_text')}]({current})"))
        elif newer is not None:
            text = t(lang, "superseded_banner", version=newer.version)
            link = t(lang, "current_version" if g.status == "adopted" else "current_text")
            notes.append(_md_note("warning kc-archived", f"{text} [{link}]({current})"))
    elif g.status in ("draft", "consultation") and g.in_force is not None:
        target = rel_link(src, text_src(g, lang_folder, g.in_force.version))
        text = t(lang, "in_force_notice", version=g.in_force.version)
        notes.append(
            _md_note(
                "info kc-in-force",
                f"{text} [{t(lang, 'read_version', version=g.in_force.version)}]({target})",
            )
        )
    history = rel_link(src, f"{lang}/guidelines/{g.slug}/history.md")
    notes.append(f'<p class="kc-history-link" markdown>[{t(lang, "history_link")}]({history})</p>')
    return notes


def outdated_notice(project: Project, g: Guideline, lang: str, src: str, dir_urls: bool) -> str | None:
    """The warning on a current English text that translates an earlier version; None when not outdated."""
    parsed = parse_text_src(src)
    if lang != "en" or parsed is None or parsed[0] != "en" or parsed[2] is not None:
        return None
    tr = translation(project, g)
    if tr.state != "outdated":
        return None
    # HTML, not a Markdown link: the English build has no Swedish page to check the link against. Swedish,
    # the default language, is served from the site root (mkdocs-static-i18n), where the switcher also leads.
    target = f"guidelines/{g.slug}"
    href = posixpath.relpath(target, posixpath.dirname(src)) + "/" + ("" if dir_urls else "index.html")
    link = f'<a href="{href}" hreflang="sv">{t(lang, "read_swedish")}</a>'
    text = t(lang, "outdated_translation", en=tr.en_version or "?", sv=g.version, link=link)
    return f'<div class="admonition warning kc-outdated" role="note"><p>{text}</p></div>'


def _md_note(kind: str, markdown: str) -> str:
    return f'<div class="admonition {kind}" role="note" markdown>\n\n{markdown}\n\n</div>'


def _admonition(kind: str, text: str) -> str:
    return f'<div class="admonition {kind}" role="note"><p>{html.escape(text)}</p></div>'


class HtmlStash:
    """Generated HTML kept out of a page's Markdown until it is HTML: Markdown would parse it only to pass it
    through unchanged, which costs as much as the rest of the page. Markdown keeps the placeholders (HTML
    comments) where they stand; `fill` puts the HTML back in their place."""

    def __init__(self) -> None:
        self.chunks: list[str] = []
        # A token of this stash only: a text that shows a placeholder (an editors' guide, say) keeps it.
        self.token = secrets.token_hex(8)

    def put(self, html_block: str) -> str:
        """The placeholder of `html_block`, a complete block of HTML (no Markdown inside)."""
        self.chunks.append(html_block)
        return f"<!-- kc-html {self.token} {len(self.chunks) - 1} -->"

    def fill(self, html_text: str) -> str:
        """`html_text` with this stash's placeholders replaced; any other comment is left as it stands."""
        if not self.chunks or self.token not in html_text:
            return html_text

        def chunk(m: re.Match) -> str:
            n = int(m.group(2))
            return self.chunks[n] if m.group(1) == self.token and n < len(self.chunks) else m.group(0)

        return _PLACEHOLDER_RE.sub(chunk, html_text)


# Any stash's placeholder; `fill` keeps those of other stashes. One pattern for every page, not one each.
_PLACEHOLDER_RE = re.compile(r"<!-- kc-html ([0-9a-f]{16}) (\d+) -->")


def canonical_url(site_url: str, g: Guideline, lang: str, version: str, anchor_id: str = "") -> str:
    """The lasting address of `version` of a guideline on the published site: it keeps showing that
    version after the next one is published (the current text is also published under v<X.Y>/)."""
    prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
    base = (site_url or "/").rstrip("/")
    return f"{base}/{prefix}guidelines/{g.slug}/v{version}/" + (f"#{anchor_id}" if anchor_id else "")


def citation(g: Guideline, lang: str, number: str, version: str, status: str, address: str) -> str:
    """'RL 3.2, Title, version 1.2 (remissversion), <address>': the same from any copy of the site."""
    return (f"{g.id} {number}, {g.title[lang]}, {t(lang, 'version_word')} {version} "
            f"({t(lang, 'cite_status_' + status)}), {address}")


def number_clauses(
    project: Project, g: Guideline, body: str, lang: str, version: str | None, stash: HtmlStash | None = None,
    site_url: str = "", notes: dict[str, str] | None = None,
) -> str:
    """Give every numbered heading its stable anchor and one compact citation control (put in `stash`
    when given): a disclosure holding the citation with the lasting address, and a copy button; `notes`
    (clause number -> HTML) go under their clause's heading (see drift.drift_notes).

    `body` is text without code (kc.pages.codesplit): a heading shown in a code block is no clause."""
    out: list[str] = []
    shown_version = version or g.version
    entry = g.entry(shown_version) if version else None
    status = entry.status if entry is not None else g.status
    for line in body.splitlines():
        m = CLAUSE_RE.match(line)
        if m is None:
            out.append(line)
            continue
        hashes, number, title = m.group(1), m.group(2), m.group(3)
        ident = anchor(number)
        address = canonical_url(site_url, g, lang, shown_version, ident)
        text = html.escape(citation(g, lang, number, shown_version, status, address))
        out.append(f"{hashes} {number} {title} {{ #{ident} .kc-clause }}")
        out.append("")
        # A reader who lands on a clause from search or a link sees at once that the text is not in force.
        badge = "" if status == "adopted" else " " + status_badge(project, status, lang)
        cite = (
            f'<details class="kc-cite" lang="{lang}"><summary>{t(lang, "cite")}: {g.id} {number}, '
            f"{t(lang, 'version_word')} {shown_version}{badge}</summary>"
            f'<p><span class="kc-cite__text">{text}</span> '
            f'<button type="button" class="kc-cite__copy" data-citation="{text}" '
            f'data-done="{t(lang, "copied")}" hidden>{t(lang, "copy_citation")}</button></p></details>'
        )
        out.append(stash.put(cite) if stash is not None else cite)
        out.append("")
        note = (notes or {}).get(number)
        if note:
            out += [stash.put(note) if stash is not None else note, ""]
    return "\n".join(out)


def resolve_xrefs(project: Project, text: str, from_src: str, lang_folder: str) -> str:
    """Turn `[[RL 3.2]]` into a Markdown link to that clause in the page's language.

    `text` is text without code (kc.pages.codesplit): an editors' guide shows `[[RL 3.2]]` as an example in
    code, which must stay as written."""
    # An archived text's references to its own guideline stay in that version, as when it was published.
    own = parse_text_src(from_src)

    def replace(m: re.Match) -> str:
        g = project.by_id.get(m.group(1))
        if g is None:
            return m.group(0)  # reported by kc validate; left visible rather than hidden
        clause, version = m.group(2), m.group(3)
        if own and not version and g.slug == own[1]:
            version = own[2]
        label = g.id + (f" {clause}" if clause else "")
        target = rel_link(from_src, text_src(g, lang_folder, version))
        if clause:
            target += f"#{anchor(clause)}"
        title = g.title["sv" if lang_folder == "sv" else "en"]
        return f'[{label}]({target} "{title}")'

    return XREF_RE.sub(replace, text)


def guideline_index(project: Project, lang: str, from_src: str, lang_folder: str) -> str:
    """All guidelines, grouped by topic, with status and version."""
    if not project.records:
        return t(lang, "no_guidelines")
    blocks = []
    for topic in project.vocabulary["topics"]:
        group = sorted((g for g in project.records if g.topic == topic), key=lambda g: g.id)
        if not group:
            continue
        rows = [
            f"| {t(lang, 'id')} | {t(lang, 'guideline')} | {t(lang, 'version')} | {t(lang, 'status')} | "
            f"{t(lang, 'applies')} |",
            "|---|---|---|---|---|",
        ]
        for g in group:
            link = rel_link(from_src, text_src(g, lang_folder))
            # A date for a text not yet adopted is a plan, and says so.
            key = "effective" if g.status in ("adopted", "superseded", "withdrawn") else "effective_planned"
            rows.append(
                f"| {g.id} | [{md_inline(g.title[lang])}]({link}) | {g.version} | "
                f"{status_badge(project, g.status, lang)} | {t(lang, key)} {format_date(g.effective, lang)} |"
            )
        blocks.append(f"## {md_inline(project.label('topics', topic, lang))}\n\n" + "\n".join(rows))
    return "\n\n".join(blocks)


def consultation_list(project: Project, lang: str, from_src: str, lang_folder: str) -> str:
    """Guidelines out for consultation, with their closing dates."""
    open_ = sorted((g for g in project.records if g.status == "consultation"), key=lambda g: g.id)
    if not open_:
        return t(lang, "no_consultations")
    items = []
    for g in open_:
        link = rel_link(from_src, text_src(g, lang_folder))
        closes = (
            " – " + t(lang, "consultation_closes", date=format_date(g.consultation_closes, lang))
            if g.consultation_closes
            else ""
        )
        title = md_inline(g.title[lang])
        items.append(f"- **{g.id}** [{title}]({link}), {t(lang, 'version_word')} {g.version}{closes}")
    return "\n".join(items)


def latest_version(versions: list[str]) -> str | None:
    return max(versions, key=version_key) if versions else None

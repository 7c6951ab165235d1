"""Documents on the site: the page header from the record, [[MALL-RL-1]] links and the document library."""

from __future__ import annotations

import html
import re

from kc.content.documents import CLAUSE_REF_RE, DOC_XREF_RE, Document, archived_versions
from kc.content.paths import rel_link
from kc.content.plaintext import md_inline
from kc.pages.badges import status_badge
from kc.pages.glossary import HEADER_END
from kc.pages.render import resolve_xrefs
from kc.pages.strings import format_date

LABELS = {
    "sv": {
        "id": "Id",
        "type": "Typ",
        "version": "Version",
        "status": "Status",
        "date": "Datum",
        "review_by": "Ses över senast",
        "owner": "Ansvarig",
        "clauses": "Hör till",
        "download": "Ladda ner",
        "docx": "Word-dokument (DOCX) att fylla i",
        "filter": "Filtrera dokumenten",
        "all": "Alla",
        "topic": "Ämne",
        "audience": "Målgrupp",
        "shown": "Visar {n} av {total} dokument.",
        "none": "Inga dokument matchar filtret.",
        "no_documents": "Det finns inga dokument ännu.",
        "languages": "Språk",
        "lang_sv": "svenska",
        "lang_en": "engelska",
        "current": "Gällande version",
        "earlier": "Tidigare versioner",
    },
    "en": {
        "id": "Id",
        "type": "Type",
        "version": "Version",
        "status": "Status",
        "date": "Date",
        "review_by": "Review by",
        "owner": "Owner",
        "clauses": "Related clauses",
        "download": "Download",
        "docx": "Word document (DOCX) to fill in",
        "filter": "Filter the documents",
        "all": "All",
        "topic": "Topic",
        "audience": "Audience",
        "shown": "Showing {n} of {total} documents.",
        "none": "No documents match the filter.",
        "no_documents": "There are no documents yet.",
        "languages": "Languages",
        "lang_sv": "Swedish",
        "lang_en": "English",
        "current": "Current version",
        "earlier": "Earlier versions",
    },
}


def label(lang: str, key: str) -> str:
    return LABELS["en" if lang == "en" else "sv"][key]


def _clause_refs(doc: Document) -> str:
    """The related clauses as [[RL 5.4]] references, which resolve_xrefs turns into links."""
    return ", ".join(f"[[{ref}]]" if CLAUSE_REF_RE.match(ref) else md_inline(ref) for ref in doc.clauses)


def facts(project, doc: Document, lang: str) -> list[tuple[str, str]]:
    """(label, plain value) pairs of the record, for the page header and the DOCX."""
    return [
        (label(lang, "id"), doc.id),
        (label(lang, "type"), project.label("document_types", doc.type, lang)),
        (label(lang, "version"), doc.version),
        (label(lang, "status"), project.label("statuses", doc.status, lang)),
        (label(lang, "date"), format_date(doc.date, lang)),
        (label(lang, "review_by"), format_date(doc.review_by, lang)),
        (label(lang, "owner"), doc.owner[lang]),
        (label(lang, "clauses"), ", ".join(doc.clauses)),
    ]


def document_page(
    project, doc: Document, lang: str, lang_folder: str, body: str, version: str | None = None
) -> str:
    """The Markdown of a document page: title, a header of facts with links, then the text. An archived
    version (`version`) says so, links to the current one and offers no download (the file is current)."""
    rows = []
    for key, value in facts(project, doc, lang):
        if key == label(lang, "status"):
            value = status_badge(project, "superseded" if version else doc.status, lang)
        elif key == label(lang, "clauses"):
            value = _clause_refs(doc)
        elif key == label(lang, "version") and version:
            value = md_inline(version)
        elif version and key in (label(lang, "date"), label(lang, "review_by")):
            continue  # the record's dates are those of the current version
        else:
            value = md_inline(value)
        rows.append(f"- **{key}:** {value}")
    if version:
        rows.append(f"- **{label(lang, 'current')}:** [{md_inline(doc.version)}](../index.md)")
    else:
        if lang_folder in doc.languages:
            name = doc.download_name(lang_folder)
            rows.append(f"- **{label(lang, 'download')}:** [{label(lang, 'docx')}]({name})")
        earlier = archived_versions(project, doc.slug)
        if earlier:
            links = ", ".join(f"[{v}](v{v}/index.md)" for v in reversed(earlier))
            rows.append(f"- **{label(lang, 'earlier')}:** {links}")
    header = "\n".join(rows)
    return (
        f"# {md_inline(doc.title[lang])}\n\n"
        f'<div class="kc-doc-facts" data-document="{html.escape(doc.id)}" markdown>\n\n{header}\n\n</div>\n\n'
        f"{HEADER_END}\n\n{body}"
    )


def resolve_doc_xrefs(project, text: str, from_src: str, lang_folder: str) -> str:
    """Turn `[[MALL-RL-1]]` into a Markdown link to the document's page in the page's language (`text`
    without code, see kc.pages.codesplit)."""
    by_id = {d.id: d for d in project.documents}
    lang = "en" if lang_folder == "en" else "sv"

    def replace(m: re.Match) -> str:
        doc = by_id.get(m.group(1))
        if doc is None:
            return m.group(0)  # reported by kc validate
        target = rel_link(from_src, doc.text_src(lang_folder))
        title = doc.title[lang].replace('"', "'")
        return f'[{doc.id}]({target} "{md_inline(title)}")'

    return DOC_XREF_RE.sub(replace, text)


def _select(name: str, caption: str, options: list[tuple[str, str]], lang: str) -> str:
    items = "".join(f'<option value="{html.escape(k)}">{html.escape(v)}</option>' for k, v in options)
    return (
        f'<p><label for="kc-doclib-{name}">{html.escape(caption)}</label> '
        f'<select id="kc-doclib-{name}" data-filter="{name}"><option value="">'
        f"{html.escape(label(lang, 'all'))}</option>{items}</select></p>"
    )


def library(project, ctx) -> str:
    """The document library: every document with its facts, and filters by type, topic and audience.

    Without a script every document is listed and the filters stay hidden; documents.js shows the filters
    and hides what does not match (announcing the count), so the page works from a file:// copy too."""
    lang, docs = ctx.lang, sorted(project.documents, key=lambda d: d.id)
    if not docs:
        return label(lang, "no_documents")
    used = {
        "type": sorted({d.type for d in docs}),
        "topic": sorted({t for d in docs for t in d.topics}),
        "audience": sorted({a for d in docs for a in d.audiences}),
    }
    vocab = {"type": "document_types", "topic": "topics", "audience": "audiences"}
    selects = "".join(
        _select(name, label(lang, name), [(k, project.label(vocab[name], k, lang)) for k in keys], lang)
        for name, keys in used.items()
    )
    total = len(docs)
    form = (
        f'<form class="kc-doclib__filters" hidden aria-label="{html.escape(label(lang, "filter"))}">'
        f"{selects}</form>\n"
        f'<p class="kc-doclib__count" role="status" data-template="{html.escape(label(lang, "shown"))}" '
        f'data-none="{html.escape(label(lang, "none"))}">'
        f"{html.escape(label(lang, 'shown').format(n=total, total=total))}</p>"
    )
    items = []
    for d in docs:
        link = rel_link(ctx.src, d.text_src(ctx.lang_folder))
        kinds = html.escape(project.label("document_types", d.type, lang))
        topics = ", ".join(project.label("topics", t, lang) for t in d.topics)
        audiences = ", ".join(project.label("audiences", a, lang) for a in d.audiences)
        items.append(
            f'<li class="kc-doclib__item" data-type="{html.escape(d.type)}" '
            f'data-topic="{html.escape(" ".join(d.topics))}" '
            f'data-audience="{html.escape(" ".join(d.audiences))}" '
            f"markdown>\n\n**[{md_inline(d.title[lang])}]({link})** ({d.id}, {kinds}, "
            f"{label(lang, 'version').lower()} {d.version})  \n"
            f"{md_inline(label(lang, 'clauses'))}: {_clause_refs(d)}. {md_inline(label(lang, 'topic'))}: "
            f"{md_inline(topics)}. {md_inline(label(lang, 'audience'))}: {md_inline(audiences)}.\n\n</li>"
        )
    block = (
        f'<div class="kc-doclib" markdown>\n\n{form}\n\n<ul class="kc-doclib__list" markdown>\n'
        + "\n".join(items)
    )
    # Markers are expanded after the page's own [[RL 5.4]] references were resolved: resolve these here.
    return resolve_xrefs(project, block + "\n</ul>\n\n</div>", ctx.src, ctx.lang_folder)

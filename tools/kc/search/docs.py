"""The searchable documents of both search indexes: one per clause or section of every current and archived
text, and of every document (template, checklist) of the current version, per language.

kc.search.index writes them into the Whoosh index of `kc search`, kc.search.browserindex into the search box's
index, and kc.search.synonyms checks its synonyms against their words: all with the same analysis.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from markdown.extensions.toc import slugify

from kc.content.clauses import CLAUSE_RE, anchor, iter_lines_outside_fences
from kc.content.model import DEFAULT_LANGUAGE, Project
from kc.content.sources import sub_comments
from kc.content.text import read_text
from kc.search import analysis

HEADING_RE = re.compile(r"^(#{2,4})\s+(.+?)\s*(\{[^}]*\})?\s*$")
COMMENT_RE = re.compile(r"<!--.*?-->", re.S)


@dataclass
class Doc:
    """One searchable unit: a numbered clause, an unnumbered section or the text before the first heading."""

    guideline: str
    slug: str
    clause: str  # "" for unnumbered sections
    anchor: str
    heading: str
    title: str  # the guideline's title
    text: str
    version: str
    status: str
    topic: str
    audiences: list[str]
    lang: str  # the site language it is indexed for
    current: bool
    kind: str = ""  # "" for a guideline; for a document (template, checklist, ...) its type's label

    @property
    def url(self) -> str:
        """Path from the site root: `en/guidelines/relocation/v1.0/#c3-2`."""
        prefix = "" if self.lang == DEFAULT_LANGUAGE else f"{self.lang}/"
        if self.kind:
            return f"{prefix}documents/{self.slug}/" + (f"#{self.anchor}" if self.anchor else "")
        version = "" if self.current else f"v{self.version}/"
        return f"{prefix}guidelines/{self.slug}/{version}" + (f"#{self.anchor}" if self.anchor else "")


# plain()'s passes, compiled once: it runs on every section of every text, hundreds of thousands of times.
_XREF_RE = re.compile(r"\[\[([A-Z]{2,4}(?: [\d.]+)?)(?: v[\d.]+)?\]\]")
_DOC_XREF_RE = re.compile(r"\[\[([A-Z]{2,6}-[A-Z]{2,4}-\d{1,3})\]\]")  # a document: [[MALL-RL-1]]
_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG_RE = re.compile(r"<[^>]+>")
_TASK_RE = re.compile(r"^\s*[-*+]\s+\[[ xX]\]\s*", re.M)
_MARKUP_RE = re.compile(r"[*_`|>#]+|^\s*[-*+]\s+|^\s*\d+\.\s+|\{[^}]*\}", re.M)
_SPACE_RE = re.compile(r"\s+")


def plain(markdown: str) -> str:
    """Readable text of a Markdown fragment: cross-references, links and markup reduced to their words."""
    text = sub_comments(COMMENT_RE, " ", markdown)
    if "[" in text:  # most sections have no reference, link or task: their passes would find nothing
        text = _XREF_RE.sub(r"\1", text)
        text = _DOC_XREF_RE.sub(r"\1", text)
        text = _LINK_RE.sub(r"\1", text)
    if "<" in text:
        text = _TAG_RE.sub(" ", text)
    if "[" in text:
        text = _TASK_RE.sub("", text)
    text = _MARKUP_RE.sub(" ", text)
    return _SPACE_RE.sub(" ", text).strip()


def sections(body: str) -> list[tuple[str, str, str, list[str]]]:
    """(clause, anchor, heading, lines) for the text before the first heading and each heading's section."""
    out: list[tuple[str, str, str, list[str]]] = [("", "", "", [])]
    for _, line in iter_lines_outside_fences(body):
        m = CLAUSE_RE.match(line)
        h = HEADING_RE.match(line)
        if m:
            out.append((m.group(2), anchor(m.group(2)), m.group(3), []))
        elif h:
            out.append(("", slugify(h.group(2), "-"), h.group(2), []))
        else:
            out[-1][3].append(line)
    return out


def documents(project: Project, lang: str, current_only: bool = False) -> Iterator[Doc]:
    """Every document of the `lang` index (Swedish text where no translation exists, like the site);
    `current_only` leaves out the archived versions' texts (without reading them)."""
    for g in project.records:
        versions = [(g.version, g.status, True)] + [
            (v, (g.entry(v).status if g.entry(v) else "superseded"), False)
            for v in ([] if current_only else project.archived_versions(g.slug))
        ]
        for version, status, current in versions:
            path = project.text_path(g.slug, lang, None if current else version)
            if not path.exists():
                path = project.text_path(g.slug, DEFAULT_LANGUAGE, None if current else version)
            if not path.exists():
                continue
            # NFC here, so that both indexes store (and highlight in) the form that their analysis matches.
            for clause, anc, heading, lines in sections(analysis.nfc(read_text(path).body)):
                text = plain("\n".join(lines))
                if not text and not heading:
                    continue
                yield Doc(
                    g.id,
                    g.slug,
                    clause,
                    anc,
                    plain(heading),
                    analysis.nfc(g.title[lang]),
                    text,
                    version,
                    status,
                    g.topic,
                    list(g.audiences),
                    lang,
                    current,
                )
    yield from _document_docs(project, lang)


def _document_docs(project: Project, lang: str) -> Iterator[Doc]:
    """The documents (templates, checklists) as their own kind of hit: one per section of their text."""
    for d in project.documents:
        path = project.docs / d.text_src(lang)
        if lang not in d.languages or not path.is_file():
            path = project.docs / d.text_src(DEFAULT_LANGUAGE)
        if not path.is_file():
            continue
        kind = project.label("document_types", d.type, lang)
        for clause, _anc, heading, lines in sections(analysis.nfc(read_text(path).body)):
            # Document headings are not clauses: '## 1 Parter' has the anchor the page gives it (1-parter).
            heading = f"{clause} {heading}".strip()
            text = plain("\n".join(lines))
            if not text and not heading:
                continue
            title = analysis.nfc(d.title[lang])
            yield Doc(d.id, d.slug, "", slugify(heading, "-") if heading else "", plain(heading), title, text,
                      d.version, d.status, d.topics[0], list(d.audiences), lang, True, kind)

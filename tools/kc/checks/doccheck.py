"""`kc validate` checks for documents: ids, texts per language, related clauses, [[MALL-RL-1]] references."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from kc.content.clauses import parse_clauses
from kc.content.documents import DOC_XREF_RE, LANGS
from kc.content.findings import Finding
from kc.content.layout import folders_without_record
from kc.content.sources import markdown_files, mask_code
from kc.content.text import read_text


def _line_at(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def check_document_ids(project) -> Iterator[Finding]:
    """Every document has its own id."""
    counts = Counter(d.id for d in project.documents)
    for d in project.documents:
        if counts[d.id] > 1:
            yield Finding(
                project.rel(d.path),
                d.line_of("id"),
                f"document id {d.id!r} is used by more than one record; choose another id",
                rule="schema",
            )


def check_document_texts(project) -> Iterator[Finding]:
    """Each document has a text in every language its record lists; texts have no H1 and no record fields."""
    for d in project.documents:
        for lang in LANGS:
            path = project.docs / d.text_src(lang)
            if lang not in d.languages:
                if lang != "sv":
                    yield Finding(
                        project.rel(d.path),
                        d.line_of("languages"),
                        f"document {d.id} has no English translation; translate it into "
                        f"{project.rel(path)} and add 'en' to 'languages'",
                        "warning",
                        "translation-missing",
                    )
                continue
            if not path.is_file():
                what = "Swedish text" if lang == "sv" else "English translation"
                yield Finding(
                    project.rel(d.path),
                    d.line_of("languages"),
                    f"document {d.id} has no {what}: {project.rel(path)} is missing; write it, or "
                    f"remove '{lang}' from 'languages'",
                    rule="translation-missing" if lang != "sv" else "",
                )
                continue
            rel = project.rel(path)
            try:
                text = read_text(path)
            except (OSError, UnicodeDecodeError):
                yield Finding(rel, 1, "the text is not UTF-8; save it as UTF-8", rule="encoding")
                continue
            if text.meta_error:
                yield Finding(rel, 1, f"{text.meta_error}; fix the lines between the two '---'")
            for key in ("title", "version", "status", "id"):
                if key in text.meta:
                    yield Finding(
                        rel,
                        1,
                        f"'{key}' belongs in the record {project.rel(d.path)}, not in the "
                        "text: remove it here",
                    )
            for i, line in enumerate(text.body.splitlines()):
                if line.startswith("# "):
                    yield Finding(
                        rel,
                        text.file_line(i),
                        "document texts have no '# ' title; the title comes "
                        f"from {project.rel(d.path)}: remove this line",
                    )


def check_orphan_document_texts(project) -> Iterator[Finding]:
    """Every folder under docs/<lang>/documents/ belongs to a document record."""
    slugs = {d.slug for d in project.documents} | {p.stem for p in _record_paths(project)}
    yield from folders_without_record(
        project, "documents", slugs, "document text", "docs/guidelines/documents/{}.yml"
    )


def _record_paths(project):
    from kc.content.documents import record_files

    return record_files(project.docs)


def check_related_clauses(project) -> Iterator[Finding]:
    """Each related clause ('RL 5.4') names a guideline and a clause its current Swedish text has."""
    from kc.content.documents import CLAUSE_REF_RE

    for d in project.documents:
        for ref in d.clauses:
            m = CLAUSE_REF_RE.match(ref)
            g = project.by_id.get(m.group(1))
            if g is None:
                yield Finding(
                    project.rel(d.path),
                    d.line_of("clauses"),
                    f"'clauses' names an unknown guideline: {ref!r}; use one of "
                    f"{', '.join(sorted(project.by_id)) or 'none'}",
                    rule="xref",
                )
                continue
            path = project.text_path(g.slug, "sv")
            if m.group(2) and path.is_file():
                try:
                    numbers = [c.number for c in parse_clauses(read_text(path).body)]
                except (OSError, UnicodeDecodeError):
                    continue
                if m.group(2) not in numbers:
                    yield Finding(
                        project.rel(d.path),
                        d.line_of("clauses"),
                        f"'clauses' names a clause that {g.id} does not have: {ref!r}; "
                        "check the clause number",
                        rule="xref",
                    )


def check_document_references(project) -> Iterator[Finding]:
    """Every [[MALL-RL-1]] in any text names a document that exists."""
    if any(f.path.startswith("docs/guidelines/documents/") for f in project.load_findings):
        return  # an unknown id may belong to a record that failed to load; that is reported already
    known = {d.id for d in project.documents}
    for path in markdown_files(project.docs):
        try:
            src = mask_code(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue  # reported by the text checks
        for m in DOC_XREF_RE.finditer(src):
            if m.group(1) not in known:
                yield Finding(
                    project.rel(path),
                    _line_at(src, m.start()),
                    f"reference to an unknown document: {m.group(0)}; use one of the document ids "
                    f"({', '.join(sorted(known)) or 'none'}) or add the document",
                    rule="xref",
                )


CHECKS = [
    check_document_ids,
    check_document_texts,
    check_orphan_document_texts,
    check_related_clauses,
    check_document_references,
]

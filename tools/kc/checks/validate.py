"""`kc validate`: every check over the records and texts, one rule per generator."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from kc.checks.inputcheck import check_sources_readable
from kc.content import memo
from kc.content.clauses import parse_clauses
from kc.content.findings import Finding
from kc.content.layout import check_layout, folders_without_record
from kc.content.model import LANGUAGES, VERSION_DIR_RE, Project
from kc.content.sourcefile import read_lenient
from kc.content.text import read_text

Check = Callable[[Project], Iterable[Finding]]


def check_unique_ids(project: Project) -> Iterator[Finding]:
    """Every guideline has its own id."""
    counts = Counter(g.id for g in project.records)
    for g in project.records:
        if counts[g.id] > 1:
            others = ", ".join(project.rel(o.path) for o in project.records if o.id == g.id and o is not g)
            yield Finding(
                project.rel(g.path),
                g.line_of("id"),
                f"id {g.id!r} is also used by {others}; choose another id",
            )


def check_texts_exist(project: Project) -> Iterator[Finding]:
    """Each record has a Swedish text; a missing English text is reported as a missing translation."""
    for g in project.records:
        sv = project.text_path(g.slug, "sv")
        if not sv.exists():
            yield Finding(
                project.rel(g.path), 1, f"guideline {g.id} has no Swedish text; add {project.rel(sv)}"
            )
        en = project.text_path(g.slug, "en")
        if not en.exists():
            yield Finding(
                project.rel(g.path),
                1,
                f"guideline {g.id} has no English translation yet; add {project.rel(en)} "
                "(the English site shows the Swedish text until then)",
                "warning",
                "translation-missing",
            )


def check_orphan_texts(project: Project) -> Iterator[Finding]:
    """Every text folder under docs/<lang>/guidelines/ belongs to a record."""
    slugs = set(project.by_slug) | {p.stem for p in project.record_files()}
    yield from folders_without_record(project, "guidelines", slugs, "text", "docs/guidelines/{}.yml")



def check_text_form(project: Project) -> Iterator[Finding]:
    """Texts have valid front matter, no H1 of their own and no repeated clause numbers."""
    for g, _lang, _version, path in iter_texts(project):
        text = read_text(path)
        rel = project.rel(path)
        if text.meta_error:
            yield Finding(
                rel,
                getattr(text.meta_error, "line", 1),
                f"{text.meta_error}; fix the lines between the two '---'",
            )
        for key in ("title", "version", "status", "effective"):
            if key in text.meta:
                yield Finding(
                    rel,
                    1 + _meta_line(path, key),
                    f"'{key}' belongs in the record, not in the text: remove it here (it is shown from "
                    f"{project.rel(g.path)})",
                )
        for i, line in enumerate(text.body.splitlines()):
            if line.startswith("# "):
                yield Finding(
                    rel,
                    text.file_line(i),
                    f"guideline texts have no '# ' title; the title comes from {project.rel(g.path)}: "
                    "remove this line",
                )
        seen: dict[str, int] = {}
        for clause in parse_clauses(text.body):
            if clause.number in seen:
                yield Finding(
                    rel,
                    text.file_line(clause.line),
                    f"clause {clause.number} is numbered twice (also on line {seen[clause.number]}); "
                    "renumber one",
                )
            seen.setdefault(clause.number, text.file_line(clause.line))


def check_translation_of(project: Project) -> Iterator[Finding]:
    """Each English text says which Swedish version it translates, and that version exists."""
    for g, _lang, version, path in iter_texts(project, langs=("en",)):
        text = read_text(path)
        rel = project.rel(path)
        value = text.meta.get("translation_of")
        known = [h.version for h in g.history]
        if value is None:
            yield Finding(
                rel,
                1,
                f"the English text does not say which Swedish version it translates; add front matter "
                f"'translation_of: \"{version or g.version}\"'",
            )
        elif str(value) not in known:
            yield Finding(
                rel,
                1 + _meta_line(path, "translation_of"),
                f"'translation_of' names version {value!r}, which is not in the history of {g.id} "
                f"({', '.join(known)}); use one of those",
            )
        elif version and str(value) != version:
            yield Finding(
                rel,
                1 + _meta_line(path, "translation_of"),
                f"the archived English text of version {version} says it translates {value!r}; "
                f"it must be {version!r}",
            )


def check_clause_parity(project: Project) -> Iterator[Finding]:
    """The Swedish and English texts of the same version have the same clauses."""
    for g, _lang, version, en_path in iter_texts(project, langs=("en",)):
        text = read_text(en_path)
        translates = version or str(text.meta.get("translation_of") or "")
        sv_version = None if translates == g.version else translates
        sv_path = project.text_path(g.slug, "sv", sv_version)
        if not sv_path.exists():
            continue
        sv = read_text(sv_path)
        sv_clauses = {c.number: c for c in parse_clauses(sv.body)}
        en_clauses = {c.number: c for c in parse_clauses(text.body)}
        for number, clause in sv_clauses.items():
            if number not in en_clauses:
                yield Finding(
                    project.rel(sv_path),
                    sv.file_line(clause.line),
                    f"clause {number} has no English counterpart; add it to {project.rel(en_path)}",
                )
        for number, clause in en_clauses.items():
            if number not in sv_clauses:
                yield Finding(
                    project.rel(en_path),
                    text.file_line(clause.line),
                    f"clause {number} is not in the Swedish text {project.rel(sv_path)}; "
                    "the English text must follow the Swedish clauses",
                )


def iter_texts(project: Project, langs: Iterable[str] = LANGUAGES):
    """Yield (guideline, lang, version or None for current, path) for every existing text."""
    for g in project.records:
        for lang in langs:
            current = project.text_path(g.slug, lang)
            if current.exists():
                yield g, lang, None, current
            folder = project.guideline_dir(g.slug, lang)
            if folder.is_dir():
                for sub in sorted(folder.iterdir()):
                    m = VERSION_DIR_RE.match(sub.name)
                    if m and (sub / "index.md").exists():
                        yield g, lang, m.group(1), sub / "index.md"


def _meta_line(path, key: str) -> int:
    for i, line in enumerate(read_lenient(path).splitlines()):
        if line.startswith(f"{key}:"):
            return i
    return 0


CHECKS: list[Check] = [
    check_sources_readable,
    check_unique_ids,
    check_texts_exist,
    check_orphan_texts,
    check_text_form,
    check_translation_of,
    check_clause_parity,
]

# Guard rails for editors' pull requests: personal data, unsafe markup, links, leftovers, version bumps.
from kc.checks import gitdiff, leftovers, links, markup, pii  # noqa: E402  (they import the model, not this module)

CHECKS += [
    pii.check_personal_data,
    markup.check_unsafe_markup,
    links.check_internal_links,
    links.check_cross_references,
    leftovers.check_leftovers,
    gitdiff.check_version_bump,
]

# Shared data beside the records: responsibility matrix, process diagram, glossary.
from kc.pages import glossary, matrix, process  # noqa: E402
from kc.search import synonyms  # noqa: E402

CHECKS += [matrix.check_matrix, process.check_process, glossary.check_glossary, synonyms.check_synonym_lists,
           synonyms.check_synonym_reach]
# Checks whose findings are all warnings: skipped when only the errors are wanted (a build).
WARNING_ONLY = {synonyms.check_synonym_reach}

from kc.pages import drift  # noqa: E402

CHECKS += [drift.check_marks]

# Titles, owners, labels and summaries are plain text, judged as the browser reads them.
from kc.content import plaintext  # noqa: E402

CHECKS += [plaintext.check_plain_text]

# Versions: the archive lock, archived texts matching the history, and reviews that are due.
from kc.checks import archive  # noqa: E402


def check_review_due(project: Project, today: date | None = None) -> Iterator[Finding]:
    """A guideline whose 'review_by' date has passed is reported to its owner (a warning)."""
    today = today or date.today()
    for g in project.records:
        if g.status in ("adopted", "consultation", "draft") and g.review_by and g.review_by < today:
            yield Finding(
                project.rel(g.path),
                g.line_of("review_by"),
                f"{g.id} was due for review on {g.review_by.isoformat()}; {g.owner['en']} should review "
                "it and set a new 'review_by' date (or start a new version)",
                "warning",
                "review-due",
            )


def check_consultation_period(project: Project, today: date | None = None) -> Iterator[Finding]:
    """A guideline out for consultation says until when comments are welcome, and that date is still ahead."""
    today = today or date.today()
    for g in project.records:
        if g.status != "consultation":
            continue
        rel = project.rel(g.path)
        if g.consultation_closes is None:
            yield Finding(
                rel,
                g.line_of("status"),
                f"{g.id} is out for consultation but has no 'consultation_closes' date, so readers cannot "
                "tell until when they can comment; add 'consultation_closes: YYYY-MM-DD'",
                "warning",
                "consultation",
            )
        elif g.consultation_closes < today:
            yield Finding(
                rel,
                g.line_of("consultation_closes"),
                f"the consultation on {g.id} closed on {g.consultation_closes.isoformat()} but its status is "
                "still 'consultation'; adopt it, start a revised version, or set a later closing date",
                "warning",
                "consultation",
            )


# Documents beside the guidelines: templates, checklists and their references.
from kc.checks import doccheck  # noqa: E402

CHECKS += doccheck.CHECKS

# Pictures: a photo's metadata can say where it was taken (kc.content.imagefile).
from kc.checks import imagemeta  # noqa: E402

CHECKS += [imagemeta.check_image_metadata]

CHECKS += [archive.check_archive, archive.check_history_archived, check_review_due, check_consultation_period]


def validate(project: Project, strict: bool = False, errors_only: bool = False) -> list[Finding]:
    """All findings for `project`, sorted by file and line; `strict` makes warnings errors. `errors_only`
    gives only the errors (for a build, which fails on them alone), without running the checks that can
    only warn."""
    with memo.shared():  # the checks read, list and parse the same files: each once
        findings = _validate(project, strict, errors_only and not strict)
    return [f for f in findings if f.severity == "error"] if errors_only else findings


def _validate(project: Project, strict: bool, skip_warnings: bool = False) -> list[Finding]:
    layout_findings = check_layout(project)
    if any(f.rule == "unsafe-file" for f in layout_findings):
        # The other checks read the files: a link or FIFO is never read (it may point at secrets, or block).
        return sorted(set(layout_findings), key=lambda f: (f.path, f.line, f.message))
    findings = [*project.load_findings, *layout_findings]
    for check in CHECKS:
        if not (skip_warnings and check in WARNING_ONLY):
            findings.extend(check(project))
    if strict:
        findings = [Finding(f.path, f.line, f.message, "error", f.rule) for f in findings]
    return sorted(set(findings), key=lambda f: (f.path, f.line, f.message))

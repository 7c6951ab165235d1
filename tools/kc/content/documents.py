"""Documents beside the guidelines (templates, checklists, ...): records in
docs/guidelines/documents/<slug>.yml, texts in docs/<lang>/documents/<slug>/index.md. A plain list of records
that other parts (library page, DOCX downloads, the open-data registry) read."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kc.content import yamlsrc
from kc.content.findings import Finding
from kc.content.layout import is_regular_file
from kc.content.schema import SLUG_RE, VERSION_RE, as_date

LANGS = ("sv", "en")
# The centre owns and authors every document; a unit of it may be named after a comma. Never a person.
CENTRE = {
    "sv": "Nationellt kunskapscentrum för avhopparverksamhet",
    "en": "National Knowledge Centre for Exit Programmes",
}
STATUSES = ("draft", "consultation", "adopted", "withdrawn")
# MALL-RL-1, LISTA-PO-1: a prefix for the kind, the guideline it belongs to, a number.
DOC_ID_RE = re.compile(r"^[A-Z]{2,6}-[A-Z]{2,4}-\d{1,3}$")
# In texts: [[MALL-RL-1]]. Distinct from guideline references ([[RL 3.2]]), which never contain a hyphen.
DOC_XREF_RE = re.compile(r"\[\[([A-Z]{2,6}-[A-Z]{2,4}-\d{1,3})\]\]")
CLAUSE_REF_RE = re.compile(r"^([A-Z]{2,4})(?:\s+(\d+(?:\.\d+)*))?$")
TEXT_SRC_RE = re.compile(r"^(sv|en)/documents/([a-z0-9-]+)/(?:v(\d+\.\d+)/)?index\.md$")

REQUIRED = (
    "id",
    "slug",
    "type",
    "title",
    "version",
    "status",
    "date",
    "review_by",
    "owner",
    "clauses",
    "topics",
    "audiences",
    "languages",
)
OPTIONAL: tuple[str, ...] = ()
Problems = Iterator[tuple[int, str]]


@dataclass
class Document:
    """One document record: what the library, the page header, the download and the registry show."""

    id: str
    slug: str
    type: str
    title: dict[str, str]
    version: str
    status: str
    date: date
    review_by: date
    owner: dict[str, str]
    clauses: list[str]
    topics: list[str]
    audiences: list[str]
    languages: list[str]
    path: Path
    lines: dict[str, int] = field(repr=False)

    def line_of(self, key: str) -> int:
        """Line in the record of `key` (dotted path), or of its parent."""
        return yamlsrc.line_of(self.lines, key)

    def text_src(self, lang: str) -> str:
        """Source URI of the text in `lang` (as MkDocs knows it)."""
        return f"{lang}/documents/{self.slug}/index.md"

    def download_name(self, lang: str) -> str:
        """File name of the editable download, e.g. mall-rl-1-sv.docx."""
        return f"{self.id.lower()}-{lang}.docx"

    def download_src(self, lang: str) -> str:
        """Where the download is published, beside the page."""
        return f"documents/{self.slug}/{self.download_name(lang)}"

    # What the open-data registry (kc.pages.registry.document_entry) reads.
    @property
    def related(self) -> list[str]:
        return list(self.clauses)

    @property
    def dates(self) -> dict[str, str]:
        return {"date": self.date.isoformat(), "review_by": self.review_by.isoformat()}

    @property
    def pages(self) -> dict[str, str]:
        """Site path of the page per language (Swedish at the root, English under en/)."""
        return {lang: ("" if lang == "sv" else f"{lang}/") + f"documents/{self.slug}/" for lang in LANGS}

    @property
    def downloads(self) -> list[dict[str, str]]:
        """The DOCX file of each language the document is written in."""
        return [
            {
                "lang": lang,
                "format": "docx",
                "path": ("" if lang == "sv" else f"{lang}/") + self.download_src(lang),
            }
            for lang in self.languages
        ]

    def as_dict(self) -> dict[str, Any]:
        """The record as plain JSON-ready data (for the registry)."""
        return {
            "id": self.id,
            "slug": self.slug,
            "type": self.type,
            "title": dict(self.title),
            "version": self.version,
            "status": self.status,
            "date": self.date.isoformat(),
            "review_by": self.review_by.isoformat(),
            "owner": dict(self.owner),
            "clauses": list(self.clauses),
            "topics": list(self.topics),
            "audiences": list(self.audiences),
            "languages": list(self.languages),
        }


def records_dir(docs: Path) -> Path:
    return docs / "guidelines" / "documents"


def record_files(docs: Path) -> list[Path]:
    """Document record files (regular files only; links are refused by the layout check)."""
    folder = records_dir(docs)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.yml") if not p.name.startswith("_") and is_regular_file(p))


def load_documents(
    docs: Path, rel: Callable[[Path], str], vocabulary: dict
) -> tuple[list[Document], list[Finding]]:
    """Every document record that passes the schema, and findings for those that do not."""
    found: list[Document] = []
    findings: list[Finding] = []
    for path in record_files(docs):
        try:
            data, lines = yamlsrc.load(path)
        except yamlsrc.YamlError as exc:
            findings.append(Finding(rel(path), exc.line, exc.message, rule=getattr(exc, "rule", "yaml")))
            continue
        except (UnicodeDecodeError, ValueError):
            message = "the record is not UTF-8 text; save it as UTF-8"
            findings.append(Finding(rel(path), 1, message, rule="yaml"))
            continue
        problems = list(check_document(data, lines, path.stem, vocabulary))
        findings.extend(Finding(rel(path), line, msg, rule="schema") for line, msg in problems)
        if not problems:
            found.append(_from_data(data, path, lines))
    return found, findings


def _from_data(data: dict, path: Path, lines: dict[str, int]) -> Document:
    return Document(
        id=data["id"],
        slug=data["slug"],
        type=data["type"],
        title=dict(data["title"]),
        version=str(data["version"]),
        status=data["status"],
        date=as_date(data["date"]),
        review_by=as_date(data["review_by"]),
        owner=dict(data["owner"]),
        clauses=list(data["clauses"]),
        topics=list(data["topics"]),
        audiences=list(data["audiences"]),
        languages=list(data["languages"]),
        path=path,
        lines=lines,
    )


def _is_date(value: Any) -> bool:
    try:
        return as_date(value) is not None
    except ValueError:
        return False


def check_document(data: Any, lines: dict[str, int], stem: str, vocabulary: dict) -> Problems:
    """All schema problems of one document record; empty when it can be used."""
    if not isinstance(data, dict):
        yield 1, "the document record must be a mapping of fields ('id: MALL-RL-1', ...); see CONTRIBUTING.md"
        return
    at = lambda key: yamlsrc.line_of(lines, key)  # noqa: E731
    for key in REQUIRED:
        if data.get(key) in (None, "", [], {}):
            yield (at(key) if key in data else 1), f"required field '{key}' is missing or empty; add it"
    for key in data:
        if key not in REQUIRED + OPTIONAL:
            yield at(str(key)), f"unknown field '{key}'; allowed fields are {', '.join(REQUIRED + OPTIONAL)}"
    did = data.get("id")
    if did is not None and not (isinstance(did, str) and DOC_ID_RE.match(did)):
        yield at("id"), f"'id' must look like MALL-RL-1 (kind, guideline id, number), in capitals: {did!r}"
    slug = data.get("slug")
    if slug is not None and not (isinstance(slug, str) and SLUG_RE.match(slug) and slug == stem):
        yield (
            at("slug"),
            f"'slug' must be lower-case letters, digits and hyphens and equal the file name '{stem}': "
            f"{slug!r}",
        )
    version = data.get("version")
    if version is not None and not (isinstance(version, str) and VERSION_RE.match(version)):
        yield at("version"), f"'version' must be a quoted MAJOR.MINOR text such as \"1.0\": {version!r}"
    status = data.get("status")
    if status is not None and status not in STATUSES:
        yield at("status"), f"'status' must be one of {', '.join(STATUSES)}: {status!r}"
    for key in ("date", "review_by"):
        if data.get(key) is not None and not _is_date(data[key]):
            yield at(key), f"'{key}' must be a date written YYYY-MM-DD: {data[key]!r}"
    if _is_date(data.get("date")) and _is_date(data.get("review_by")):
        if as_date(data["review_by"]) <= as_date(data["date"]):
            yield (
                at("review_by"),
                f"'review_by' must be after 'date' ({data['date']}); set a later review date",
            )
    kinds = {"type": "document_types", "topics": "topics", "audiences": "audiences"}
    for key, vocab in kinds.items():
        value = data.get(key)
        if value is None:
            continue
        known = vocabulary.get(vocab, {})
        for item in [value] if key == "type" else (value if isinstance(value, list) else [value]):
            if item not in known:
                yield (
                    at(key),
                    f"'{key}' has {item!r}, which is not in _vocabulary.yml ({', '.join(known)}); use one of "
                    "those or add it there",
                )
    yield from _labels(data, at)
    yield from _lists(data, at)


def _labels(data: dict, at) -> Problems:
    for key in ("title", "owner"):
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, dict) or any(not str(value.get(lang) or "").strip() for lang in LANGS):
            yield at(key), f"'{key}' must have 'sv:' and 'en:' texts"
            continue
        if key == "owner":
            for lang in LANGS:
                text = str(value[lang])
                if text != CENTRE[lang] and not text.startswith(CENTRE[lang] + ", "):
                    yield (
                        at(f"{key}.{lang}"),
                        (
                            "'owner' must be the centre (optionally a unit of it after a comma), never a "
                            f"person: {text!r}; write '{CENTRE[lang]}'"
                        ),
                    )


def _lists(data: dict, at) -> Problems:
    clauses = data.get("clauses")
    if clauses is not None:
        if not isinstance(clauses, list):
            yield at("clauses"), f"'clauses' must be a list such as [\"RL 5.4\"]: {clauses!r}"
        else:
            for ref in clauses:
                if not (isinstance(ref, str) and CLAUSE_REF_RE.match(ref)):
                    yield (
                        at("clauses"),
                        f"'clauses' has {ref!r}; write the guideline id and clause, e.g. \"RL 5.4\"",
                    )
    langs = data.get("languages")
    if langs is not None:
        if not isinstance(langs, list) or "sv" not in langs or any(lang not in LANGS for lang in langs):
            yield at("languages"), f"'languages' must list sv (always) and optionally en: {langs!r}"
    for key in ("topics", "audiences"):
        if data.get(key) is not None and not isinstance(data[key], list):
            yield at(key), f"'{key}' must be a list, e.g. [{data[key]}]"


def parse_text_src(src: str) -> tuple[str, str, str | None] | None:
    """(language folder, slug, archived version or None) of a document text's src URI, else None."""
    m = TEXT_SRC_RE.match(src)
    return (m.group(1), m.group(2), m.group(3)) if m else None


def archived_versions(project, slug: str) -> list[str]:
    """Archived versions of document `slug` (with a Swedish text), oldest first."""
    folder = project.docs / "sv" / "documents" / slug
    if not folder.is_dir():
        return []
    found = [p.name[1:] for p in folder.glob("v*") if re.fullmatch(r"v\d+\.\d+", p.name)]
    return sorted(found, key=lambda v: tuple(int(x) for x in v.split(".")))

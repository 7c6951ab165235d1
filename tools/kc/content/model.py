"""The guideline model: records in docs/guidelines/ and their texts under docs/<lang>/guidelines/."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path, PurePath
from typing import Any

from kc.content import schema, yamlsrc
from kc.content.findings import Finding
from kc.content.layout import is_regular_file

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"
VERSION_DIR_RE = re.compile(r"^v(\d+\.\d+)$")
TEXT_SRC_RE = re.compile(rf"^({'|'.join(LANGUAGES)})/guidelines/([a-z0-9-]+)/(?:v(\d+\.\d+)/)?index\.md$")


@dataclass(frozen=True)
class HistoryEntry:
    """One published version of a guideline."""

    version: str
    date: date
    status: str
    summary: dict[str, str]
    line: int


@dataclass
class Guideline:
    """The language-neutral facts about one guideline, from docs/guidelines/<slug>.yml."""

    id: str
    slug: str
    topic: str
    title: dict[str, str]
    status: str
    version: str
    effective: date | None
    review_by: date
    owner: dict[str, str]
    audiences: list[str]
    history: list[HistoryEntry]
    path: Path
    lines: dict[str, int] = field(repr=False)
    consultation_closes: date | None = None
    withdrawn: dict[str, Any] | None = None

    def line_of(self, key: str) -> int:
        """Line in the record of `key` (dotted path), or of its parent."""
        return yamlsrc.line_of(self.lines, key)

    @property
    def in_force(self) -> HistoryEntry | None:
        """The version that applies now: the current one once adopted, else the last adopted earlier one."""
        return next((h for h in self.history if h.status == "adopted"), None)

    def entry(self, version: str) -> HistoryEntry | None:
        """The history entry of `version`, if any."""
        return next((h for h in self.history if h.version == version), None)

    @classmethod
    def from_data(cls, data: dict, path: Path, lines: dict[str, int]) -> Guideline:
        """Build from schema-checked data."""
        return cls(
            id=data["id"],
            slug=data["slug"],
            topic=data["topic"],
            title=dict(data["title"]),
            status=data["status"],
            version=str(data["version"]),
            effective=schema.as_date(data.get("effective")),
            review_by=schema.as_date(data["review_by"]),
            owner=dict(data["owner"]),
            audiences=list(data["audiences"]),
            history=[
                HistoryEntry(
                    str(h["version"]),
                    schema.as_date(h["date"]),
                    h["status"],
                    dict(h.get("summary") or {}),
                    yamlsrc.line_of(lines, f"history.{i}"),
                )
                for i, h in enumerate(data["history"])
            ],
            path=path,
            lines=lines,
            consultation_closes=schema.as_date(data.get("consultation_closes")),
            withdrawn=data.get("withdrawn"),
        )


class Project:
    """A portal checkout: its records, vocabularies and texts."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self.docs = self.root / "docs"
        self.records_dir = self.docs / "guidelines"
        self.records: list[Guideline] = []
        self.documents: list = []  # documents.Document records (templates, checklists, ...)
        self.load_findings: list[Finding] = []

    @classmethod
    def load(cls, root: Path | str) -> Project:
        """Read every record; schema problems go to `load_findings` and leave the record out."""
        project = cls(Path(root))
        project._load_records()
        from kc.content.documents import load_documents  # documents does not import the model

        project.documents, found = load_documents(project.docs, project.rel, project.vocabulary)
        project.load_findings.extend(found)
        return project

    def rel(self, path: Path) -> str:
        """`path` relative to the project root, with forward slashes, as findings show it."""
        text = os.fspath(path)
        prefix = os.path.join(self.root, "")
        if text.startswith(prefix) and f"{os.sep}." not in text[len(prefix) - 1 :]:
            # A plain path under the (resolved) root, as the project builds them: no need to resolve it again,
            # which asks the file system for every part of it (validation names thousands of files).
            rest = text[len(prefix) :]
            if os.sep == "/" and isinstance(path, PurePath):
                return rest  # a Path's text is already normalised, as Path(rest).as_posix() would make it
            return Path(rest).as_posix()
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return Path(path).as_posix()

    def record_files(self) -> list[Path]:
        """Record files; names starting with '_' hold shared data, not guidelines."""
        if not self.records_dir.is_dir():
            return []
        # Only regular files: a linked or special "record" is refused by the layout check, never read.
        return sorted(
            p for p in self.records_dir.glob("*.yml") if not p.name.startswith("_") and is_regular_file(p)
        )

    def _load_records(self) -> None:
        vocabulary = self.vocabulary
        for path in self.record_files():
            rel = self.rel(path)
            try:
                data, lines = yamlsrc.load(path)
            except yamlsrc.YamlError as exc:
                self.load_findings.append(Finding(rel, exc.line, exc.message, rule=exc.rule))
                continue
            problems = list(schema.check_record(data, lines, path.stem, vocabulary))
            self.load_findings.extend(Finding(rel, line, msg, rule="schema") for line, msg in problems)
            if not problems:
                self.records.append(Guideline.from_data(data, path, lines))

    def load_data(self, name: str) -> tuple[Any, dict[str, int]]:
        """A shared data file `docs/guidelines/_<name>.yml` (empty when absent)."""
        path = self.records_dir / f"_{name}.yml"
        if not is_regular_file(path):
            return {}, {}
        return yamlsrc.load(path)

    @cached_property
    def vocabulary(self) -> dict[str, dict[str, dict[str, str]]]:
        """Topics, statuses and audiences: key -> {language: label}; problems go to `load_findings`."""
        from kc.content.vocabulary import read_vocabulary

        vocabulary, problems = read_vocabulary(self)
        self.load_findings.extend(problems)
        return vocabulary

    def label(self, kind: str, key: str, lang: str) -> str:
        """Reader-facing label of a vocabulary key (`kind`: topics, statuses, audiences, document_types)."""
        return self.vocabulary.get(kind, {}).get(key, {}).get(lang, key)

    @property
    def by_id(self) -> dict[str, Guideline]:
        return self._index("id")

    @property
    def by_slug(self) -> dict[str, Guideline]:
        return self._index("slug")

    def _index(self, attr: str) -> dict[str, Guideline]:
        # Looked up for every page and every cross-reference; rebuilt only when the list of records changes.
        key = (attr, id(self.records), len(self.records))
        cached = self.__dict__.setdefault("_indexes", {})
        if key not in cached:
            cached[key] = {getattr(g, attr): g for g in self.records}
        return cached[key]

    def guideline_dir(self, slug: str, lang: str) -> Path:
        return self.docs / lang / "guidelines" / slug

    def text_path(self, slug: str, lang: str, version: str | None = None) -> Path:
        """Where the text of `slug` in `lang` lives: current when `version` is None, else archived."""
        folder = self.guideline_dir(slug, lang)
        return folder / f"v{version}" / "index.md" if version else folder / "index.md"

    def archived_versions(self, slug: str, lang: str = DEFAULT_LANGUAGE) -> list[str]:
        """Archived versions of `slug` that have a text in `lang`, oldest first."""
        folder = self.guideline_dir(slug, lang)
        if not folder.is_dir():
            return []
        found = [
            m.group(1)
            for p in folder.iterdir()
            if (m := VERSION_DIR_RE.match(p.name)) and (p / "index.md").exists()
        ]
        return sorted(found, key=version_key)


def parse_text_src(src: str) -> tuple[str, str, str | None] | None:
    """(language folder, slug, archived version or None) of a guideline text's src URI, else None."""
    m = TEXT_SRC_RE.match(src)
    return (m.group(1), m.group(2), m.group(3)) if m else None


def version_key(version: str) -> tuple[int, ...]:
    """Sort key for 'MAJOR.MINOR' strings."""
    return tuple(int(p) for p in version.split("."))

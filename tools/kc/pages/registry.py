"""Open data: the registry of guidelines, versions and clauses (api/v1/guidelines.json), of documents
(api/v1/documents.json), their JSON Schemas and CSV exports. Functions return the files' contents; the
MkDocs adapter only publishes them at the site root.

Addresses are absolute, under the site's `site_url`: the current page of a guideline
(`<site>/guidelines/<slug>/#c3-2`, English under `<site>/en/`) and the lasting address of a version
(`<site>/guidelines/<slug>/v<X.Y>/#c3-2`, see render.canonical_url). Clause hashes are defined in
`clausehash`.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any

from kc.content.clausehash import clause_texts
from kc.content.model import DEFAULT_LANGUAGE, LANGUAGES, Guideline, Project
from kc.content.plaintext import FORMULA_STARTS
from kc.content.text import read_text
from kc.pages import registry_schema
from kc.pages.drift import clause_states, load_marks
from kc.pages.render import canonical_url
from kc.pages.translations import translation

API = "api/v1"
HASH_RULE = ("SHA-256 of the UTF-8 bytes of the clause's heading title and its own text (the lines after "
             "the heading up to the next numbered heading or the next unnumbered heading of the same or a "
             "higher rank, so without sub-clauses), each in Unicode NFC with "
             "every run of whitespace made one space and trimmed, joined by one line feed")


def _base(site_url: str) -> str:
    return (site_url or "/").rstrip("/") + "/"


def site_address(site_url: str, lang: str, path: str) -> str:
    """Absolute address of `path` of the `lang` site (Swedish at the root, English under en/)."""
    return _base(site_url) + ("" if lang == DEFAULT_LANGUAGE else f"{lang}/") + path


def current_url(site_url: str, g: Guideline, lang: str, anchor_id: str = "") -> str:
    """The address of the current text of `g` (it shows whichever version is current)."""
    return site_address(site_url, lang, f"guidelines/{g.slug}/") + (f"#{anchor_id}" if anchor_id else "")


def _clauses(project: Project, g: Guideline, version: str) -> dict[str, list]:
    """Clause texts of `version` of `g` per language (empty list when that language has no text)."""
    out = {}
    for lang in LANGUAGES:
        path = project.text_path(g.slug, lang, None if version == g.version else version)
        out[lang] = clause_texts(read_text(path).body) if path.is_file() else []
    return out


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _clause_entries(project: Project, g: Guideline, version: str, site_url: str,
                    drift: dict[str, str]) -> list[dict[str, Any]]:
    texts = _clauses(project, g, version)
    english = {c.number: c for c in texts["en"]}
    current = version == g.version
    entries = []
    for c in texts["sv"]:
        en = english.get(c.number)
        ident = "c" + c.number.replace(".", "-")
        urls = {}
        for lang in LANGUAGES:
            urls[lang] = {"versioned": canonical_url(site_url, g, lang, version, ident)}
            if current:
                urls[lang] = {"current": current_url(site_url, g, lang, ident), **urls[lang]}
        entry = {
            "number": c.number,
            "anchor": ident,
            "level": c.level - 1,
            "title": {"sv": c.title, "en": en.title if en else None},
            "urls": urls,
            "sha256": {"sv": c.sha256, "en": en.sha256 if en else None},
        }
        if current:
            entry["translation"] = drift.get(c.number, "untracked") if en else "missing"
        entries.append(entry)
    return entries


def guideline_entry(project: Project, g: Guideline, site_url: str,
                    marks: dict[str, dict[str, str]] | None = None) -> dict[str, Any]:
    """One guideline of the registry: facts, dates, every version with its clauses."""
    drift = {s.clause: s.state for s in clause_states(project, g, marks)}
    adopted = next((h.date for h in g.history if h.status == "adopted"), None)
    versions = []
    for h in g.history:
        has_text = h.version == g.version or project.text_path(g.slug, DEFAULT_LANGUAGE, h.version).is_file()
        versions.append({
            "version": h.version,
            "status": h.status,
            "date": h.date.isoformat(),
            "current": h.version == g.version,
            "summary": {lang: " ".join(h.summary.get(lang, "").split()) for lang in LANGUAGES},
            "urls": {lang: canonical_url(site_url, g, lang, h.version) for lang in LANGUAGES},
            "clauses": _clause_entries(project, g, h.version, site_url, drift) if has_text else [],
        })
    tr = translation(project, g)
    return {
        "id": g.id,
        "slug": g.slug,
        "title": {lang: g.title[lang] for lang in LANGUAGES},
        "topic": g.topic,
        "topic_label": {lang: project.label("topics", g.topic, lang) for lang in LANGUAGES},
        "audiences": list(g.audiences),
        "version": g.version,
        "status": g.status,
        "in_force_version": g.in_force.version if g.in_force else None,
        "dates": {
            "adopted": _iso(adopted),
            "effective": _iso(g.effective),
            "review_by": _iso(g.review_by),
            "consultation_closes": _iso(g.consultation_closes),
            "withdrawn": str((g.withdrawn or {}).get("date")) if g.withdrawn else None,
        },
        "urls": {lang: {"current": current_url(site_url, g, lang),
                        "versioned": canonical_url(site_url, g, lang, g.version),
                        "history": site_address(site_url, lang, f"guidelines/{g.slug}/history/")}
                 for lang in LANGUAGES},
        "translation": {"state": tr.state, "en_version": tr.en_version},
        "versions": versions,
    }


def _header(site_url: str, name: str) -> dict[str, Any]:
    return {
        "api_version": 1,
        "schema": _base(site_url) + f"{API}/{name}.schema.json",
        "site": _base(site_url),
        "documentation": {lang: site_address(site_url, lang, "open-data/") for lang in LANGUAGES},
    }


def _registry_head(site_url: str) -> dict[str, Any]:
    return {
        **_header(site_url, "guidelines"),
        "hash": {"algorithm": "sha256", "normalisation": HASH_RULE},
        "feeds": {lang: site_address(site_url, lang, "feed.xml") for lang in LANGUAGES},
    }


def guidelines_registry(project: Project, site_url: str = "") -> dict[str, Any]:
    """The content of api/v1/guidelines.json, by guideline id."""
    marks = load_marks(project)[0]
    return {
        **_registry_head(site_url),
        "guidelines": [guideline_entry(project, g, site_url, marks)
                       for g in sorted(project.records, key=lambda g: g.id)],
    }


DOCUMENT_FIELDS = ("id", "type", "title", "version", "status", "dates", "owner", "languages", "related")


def document_entry(item: Any, site_url: str) -> dict[str, Any]:
    """One document of the registry from the documents' own description: a mapping (or an object with
    the same attributes) with DOCUMENT_FIELDS, `pages` ({lang: site path}) and `downloads` (a list of
    {lang, format, path}); site paths become absolute addresses."""
    get = item.get if isinstance(item, dict) else (lambda key, default=None: getattr(item, key, default))
    entry = {key: get(key) for key in DOCUMENT_FIELDS}
    entry["related"] = [str(r) for r in (entry["related"] or [])]
    entry["languages"] = list(entry["languages"] or [])
    entry["dates"] = {k: str(v) for k, v in (entry["dates"] or {}).items() if v is not None}
    entry["urls"] = {lang: _base(site_url) + str(path).lstrip("/")
                     for lang, path in (get("pages") or {}).items()}
    entry["downloads"] = [{"lang": d["lang"], "format": d["format"],
                           "url": _base(site_url) + str(d["path"]).lstrip("/")}
                          for d in (get("downloads") or [])]
    return entry


def documents_registry(project: Project, site_url: str = "") -> dict[str, Any]:
    """The content of api/v1/documents.json: `project.documents` (a list; none before documents exist)."""
    items: Iterable[Any] = getattr(project, "documents", None) or []
    return {**_header(site_url, "documents"), "documents": [document_entry(i, site_url) for i in items]}


CLAUSE_COLUMNS = ("guideline", "slug", "version", "current", "status", "clause", "anchor", "level",
                  "title_sv", "title_en", "url_sv", "url_en", "versioned_url_sv", "versioned_url_en",
                  "sha256_sv", "sha256_en", "translation")
GUIDELINE_COLUMNS = ("id", "slug", "title_sv", "title_en", "topic", "audiences", "version", "status",
                     "in_force_version", "adopted", "effective", "review_by", "consultation_closes",
                     "url_sv", "url_en", "versioned_url_sv", "versioned_url_en")


class _Csv:
    """RFC 4180 CSV (comma, CRLF, UTF-8 without BOM) written row by row; every cell as csv_cell writes it, so
    that a spreadsheet never takes a title for a formula."""

    def __init__(self, columns: tuple[str, ...]):
        self.columns = columns
        self.lines: list[str] = []  # not a StringIO, which holds every character in four bytes
        self.writer = csv.writer(_Lines(self.lines), lineterminator="\r\n")
        self.writer.writerow(columns)

    def add(self, row: dict[str, Any]) -> None:
        # csv_cell of each value as text, inline: a registry of 500 guidelines has 200,000 cells.
        cells = []
        for column in self.columns:
            value = row.get(column)
            text = "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
            cells.append("'" + text if text[:1] in FORMULA_STARTS else text)
        self.writer.writerow(cells)

    def text(self) -> str:
        return "".join(self.lines)


class _Lines:
    def __init__(self, lines: list[str]):
        self.write = lines.append


def _csv(columns: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> str:
    table = _Csv(columns)
    for row in rows:
        table.add(row)
    return table.text()


def _clause_rows(g: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The rows of clauses.csv of one guideline entry of the registry."""
    for v in g["versions"]:
        for c in v["clauses"]:
            yield {
                "guideline": g["id"], "slug": g["slug"], "version": v["version"], "current": v["current"],
                "status": v["status"], "clause": c["number"], "anchor": c["anchor"], "level": c["level"],
                "title_sv": c["title"]["sv"], "title_en": c["title"]["en"],
                "url_sv": c["urls"]["sv"].get("current"), "url_en": c["urls"]["en"].get("current"),
                "versioned_url_sv": c["urls"]["sv"]["versioned"],
                "versioned_url_en": c["urls"]["en"]["versioned"],
                "sha256_sv": c["sha256"]["sv"], "sha256_en": c["sha256"]["en"],
                "translation": c.get("translation"),
            }


def _guideline_row(g: dict[str, Any]) -> dict[str, Any]:
    """The row of guidelines.csv of one guideline entry: its current version."""
    return {
        "id": g["id"], "slug": g["slug"], "title_sv": g["title"]["sv"], "title_en": g["title"]["en"],
        "topic": g["topic"], "audiences": " ".join(g["audiences"]), "version": g["version"],
        "status": g["status"], "in_force_version": g["in_force_version"], **g["dates"],
        "url_sv": g["urls"]["sv"]["current"], "url_en": g["urls"]["en"]["current"],
        "versioned_url_sv": g["urls"]["sv"]["versioned"], "versioned_url_en": g["urls"]["en"]["versioned"],
    }


def clauses_csv(registry: dict[str, Any]) -> str:
    """api/v1/clauses.csv: one row per clause of every version (`current` tells the current ones)."""
    return _csv(CLAUSE_COLUMNS, (row for g in registry["guidelines"] for row in _clause_rows(g)))


def guidelines_csv(registry: dict[str, Any]) -> str:
    """api/v1/guidelines.csv: one row per guideline, its current version."""
    return _csv(GUIDELINE_COLUMNS, (_guideline_row(g) for g in registry["guidelines"]))


def _json(data: Any, compact: bool = False) -> str:
    # The registry grows with every clause of every version (tens of MB at 500 guidelines if indented);
    # the schemas are read by people.
    if compact:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def api_files(project: Project, site_url: str = "") -> dict[str, str]:
    """Every file of the open-data API: path under the site root -> content.

    Written one guideline at a time: the whole registry as Python objects is several times the size of
    its files (tens of MB at 500 guidelines), and it was the peak of the Swedish build's memory."""
    marks = load_marks(project)[0]
    entries: list[str] = []
    clauses, guidelines = _Csv(CLAUSE_COLUMNS), _Csv(GUIDELINE_COLUMNS)
    for g in sorted(project.records, key=lambda g: g.id):
        entry = guideline_entry(project, g, site_url, marks)
        entries.append(_json(entry, compact=True)[:-1])
        for row in _clause_rows(entry):
            clauses.add(row)
        guidelines.add(_guideline_row(entry))
    # The registry's last key is "guidelines": the head's closing brace makes way for it (as _json writes it).
    head = _json(_registry_head(site_url), compact=True)
    registry = head[: -len("}\n")] + ',"guidelines":[' + ",".join(entries) + "]}\n"
    del entries
    return {
        f"{API}/guidelines.json": registry,
        f"{API}/documents.json": _json(documents_registry(project, site_url), compact=True),
        f"{API}/guidelines.schema.json": _json(registry_schema.guidelines_schema(site_url)),
        f"{API}/documents.schema.json": _json(registry_schema.documents_schema(site_url)),
        f"{API}/clauses.csv": clauses.text(),
        f"{API}/guidelines.csv": guidelines.text(),
    }

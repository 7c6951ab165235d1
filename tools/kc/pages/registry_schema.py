"""The published JSON Schemas (draft 2020-12) of api/v1/guidelines.json and api/v1/documents.json.

Only a small part of JSON Schema is used (type, const, enum, pattern, required, properties,
additionalProperties, items, $ref to $defs), so that any validator reads them the same way.
"""

from __future__ import annotations

from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"
STATUSES = ["draft", "consultation", "adopted", "superseded", "withdrawn"]
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
VERSION = {"type": "string", "pattern": r"^\d+\.\d+$"}
URL = {"type": "string", "pattern": r"^(https?://[^\s]+|/[^\s]*)$"}
SHA256 = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
TEXT = {"type": "string", "minLength": 1}


def _obj(props: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    """A closed object: every property required unless optional, no others allowed."""
    return {"type": "object", "required": [k for k in props if k not in optional], "properties": props,
            "additionalProperties": False}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _per_lang(schema: dict[str, Any]) -> dict[str, Any]:
    return _obj({"sv": schema, "en": schema})


def _header() -> dict[str, Any]:
    return {
        "api_version": {"const": 1},
        "schema": URL,
        "site": URL,
        "documentation": _per_lang(URL),
    }


def _top(site_url: str, name: str, title: str) -> dict[str, Any]:
    return {"$schema": DRAFT, "$id": (site_url or "/").rstrip("/") + f"/api/v1/{name}.schema.json",
            "title": title}


def guidelines_schema(site_url: str = "") -> dict[str, Any]:
    """The schema of api/v1/guidelines.json."""
    clause_urls = {"type": "object", "required": ["versioned"], "additionalProperties": False,
                   "properties": {"current": URL, "versioned": URL}}
    clause = _obj({
        "number": {"type": "string", "pattern": r"^\d+(\.\d+)*$"},
        "anchor": {"type": "string", "pattern": r"^c\d+(-\d+)*$"},
        "level": {"type": "integer", "minimum": 1},
        "title": _obj({"sv": TEXT, "en": _nullable(TEXT)}),
        "urls": _per_lang(clause_urls),
        "sha256": _obj({"sv": SHA256, "en": _nullable(SHA256)}),
        "translation": {"enum": ["current", "outdated", "unmarked", "untracked", "missing"]},
    }, optional=("translation",))
    version = _obj({
        "version": VERSION,
        "status": {"enum": STATUSES},
        "date": DATE,
        "current": {"type": "boolean"},
        "summary": _per_lang({"type": "string"}),
        "urls": _per_lang(URL),
        "clauses": {"type": "array", "items": {"$ref": "#/$defs/clause"}},
    })
    guideline = _obj({
        "id": {"type": "string", "pattern": "^[A-Z]{2,4}$"},
        "slug": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
        "title": _per_lang(TEXT),
        "topic": TEXT,
        "topic_label": _per_lang(TEXT),
        "audiences": {"type": "array", "items": TEXT},
        "version": VERSION,
        "status": {"enum": STATUSES},
        "in_force_version": _nullable(VERSION),
        "dates": _obj({name: _nullable(DATE) for name in
                       ("adopted", "effective", "review_by", "consultation_closes", "withdrawn")}),
        "urls": _per_lang(_obj({"current": URL, "versioned": URL, "history": URL})),
        "translation": _obj({"state": {"enum": ["current", "outdated", "missing"]},
                             "en_version": _nullable(VERSION)}),
        "versions": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/version"}},
    })
    return {
        **_top(site_url, "guidelines", "Guidelines, versions and clauses of the national knowledge centre"),
        **_obj({
            **_header(),
            "hash": _obj({"algorithm": {"const": "sha256"}, "normalisation": TEXT}),
            "feeds": _per_lang(URL),
            "guidelines": {"type": "array", "items": {"$ref": "#/$defs/guideline"}},
        }),
        "$defs": {"guideline": guideline, "version": version, "clause": clause},
    }


def documents_schema(site_url: str = "") -> dict[str, Any]:
    """The schema of api/v1/documents.json."""
    document = _obj({
        "id": TEXT,
        "type": TEXT,
        "title": _per_lang(TEXT),
        "version": VERSION,
        "status": {"enum": STATUSES},
        "dates": {"type": "object", "additionalProperties": DATE},
        "owner": _nullable(_per_lang(TEXT)),
        "languages": {"type": "array", "items": {"enum": ["sv", "en"]}},
        "related": {"type": "array", "items": {"type": "string", "pattern": r"^[A-Z]{2,4}( \d+(\.\d+)*)?$"}},
        "urls": {"type": "object", "additionalProperties": URL},
        "downloads": {"type": "array", "items": _obj({"lang": {"enum": ["sv", "en"]}, "format": TEXT,
                                                      "url": URL})},
    })
    return {
        **_top(site_url, "documents", "Documents (templates, checklists) of the national knowledge centre"),
        **_obj({**_header(),
                "documents": {"type": "array", "items": {"$ref": "#/$defs/document"}}}),
        "$defs": {"document": document},
    }

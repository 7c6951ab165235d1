"""The record schema: one rule per function, each yielding (line, message)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from kc.content.yamlsrc import line_of

STATUSES = ("draft", "consultation", "adopted", "superseded", "withdrawn")
CURRENT_STATUSES = ("draft", "consultation", "adopted", "withdrawn")
PAST_STATUSES = ("superseded", "withdrawn")
LANGS = ("sv", "en")
ID_RE = re.compile(r"^[A-Z]{2,4}$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
VERSION_RE = re.compile(r"^\d+\.\d+$")

REQUIRED = ("id", "slug", "topic", "title", "status", "version", "review_by", "owner", "audiences", "history")
OPTIONAL = ("effective", "consultation_closes", "withdrawn")

Problems = Iterator[tuple[int, str]]


def as_date(value: Any) -> date | None:
    """An ISO date from YAML text, or None when absent; raises ValueError when malformed."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)) else _bad(value)


def _bad(value: Any) -> date:
    raise ValueError(value)


def _is_date(value: Any) -> bool:
    try:
        return as_date(value) is not None
    except ValueError:
        return False


def check_record(data: Any, lines: dict[str, int], stem: str, vocabulary: dict) -> Problems:
    """All schema problems of one record; empty when the record can be used."""
    if not isinstance(data, dict):
        yield 1, "the record must be a mapping of fields ('id: RL', 'slug: ...'); see CONTRIBUTING.md"
        return
    for check in (_fields, _identity, _labels, _status_and_dates, _audiences, _history):
        yield from check(data, lines, stem, vocabulary)


def _fields(data, lines, stem, vocabulary) -> Problems:
    """Every required field is present and no unknown field is."""
    for key in REQUIRED:
        if key not in data or data[key] is None:
            yield 1, f"required field '{key}' is missing; add it (see the record format in CONTRIBUTING.md)"
        elif data[key] in ("", [], {}):
            yield line_of(lines, key), (
                f"'{key}' is empty; fill it in (see the record format in CONTRIBUTING.md)"
            )
    for key in data:
        if key not in REQUIRED + OPTIONAL:
            yield line_of(lines, str(key)), (
                f"unknown field '{key}'; allowed fields are {', '.join(REQUIRED + OPTIONAL)} "
                "(check the spelling)"
            )


def _identity(data, lines, stem, vocabulary) -> Problems:
    """id, slug, version and topic have the allowed form."""
    gid = data.get("id")
    if gid is not None and not (isinstance(gid, str) and ID_RE.match(gid)):
        yield line_of(lines, "id"), f"'id' must be 2-4 capital letters, like RL: {gid!r}"
    slug = data.get("slug")
    if slug is not None:
        if not (isinstance(slug, str) and SLUG_RE.match(slug)):
            yield line_of(lines, "slug"), f"'slug' must be lower-case letters, digits and hyphens: {slug!r}"
        elif slug != stem:
            yield line_of(lines, "slug"), (
                f"'slug' must equal the file name '{stem}': {slug!r}; rename one of them"
            )
    version = data.get("version")
    if version is not None and not (isinstance(version, str) and VERSION_RE.match(version)):
        yield line_of(lines, "version"), (
            f"'version' must be a quoted MAJOR.MINOR text such as \"1.0\": {version!r}; write it in quotes "
            "with exactly two numbers, e.g. version: \"1.1\""
        )
    topic = data.get("topic")
    topics = vocabulary.get("topics", {})
    if topic is not None and (not isinstance(topic, str) or topic not in topics):
        yield line_of(lines, "topic"), (
            f"'topic' must be one of {', '.join(topics)}: {topic!r}; or add it to _vocabulary.yml"
        )


def _labels(data, lines, stem, vocabulary) -> Problems:
    """title and owner are given in both Swedish and English."""
    for key in ("title", "owner"):
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, dict):
            yield line_of(lines, key), f"'{key}' must have 'sv:' and 'en:' lines: {value!r}"
            continue
        for lang in LANGS:
            if not isinstance(value.get(lang), str) or not value.get(lang).strip():
                yield line_of(lines, key), f"'{key}' has no '{lang}:' text; add the {_langname(lang)} {key}"


def _status_and_dates(data, lines, stem, vocabulary) -> Problems:
    """Status is known; dates are valid, review_by is after effective, and status-specific fields fit."""
    status = data.get("status")
    if status is not None and status not in STATUSES:
        yield line_of(lines, "status"), f"'status' must be one of {', '.join(STATUSES)}: {status!r}"
    if status == "superseded":
        yield line_of(lines, "status"), (
            "the current version cannot be 'superseded'; the record describes the version in force "
            "(run 'kc new-version' to start a new one)"
        )
    for key in ("effective", "review_by", "consultation_closes"):
        if data.get(key) is not None and not _is_date(data[key]):
            yield line_of(lines, key), f"'{key}' must be a date written YYYY-MM-DD: {data[key]!r}"
    if status == "adopted" and data.get("effective") is None:
        yield line_of(lines, "status"), (
            "an adopted guideline needs an 'effective' date; add 'effective: YYYY-MM-DD'"
        )
    if _is_date(data.get("effective")) and _is_date(data.get("review_by")):
        if as_date(data["review_by"]) <= as_date(data["effective"]):
            yield line_of(lines, "review_by"), (
                f"'review_by' must be a date after 'effective' ({data['effective']}): '{data['review_by']}'; "
                "set a later review date"
            )
    if data.get("consultation_closes") is not None and status != "consultation":
        yield line_of(lines, "consultation_closes"), (
            f"'consultation_closes' only applies while the status is consultation (status is {status!r}); "
            "remove it"
        )
    withdrawn = data.get("withdrawn")
    if status == "withdrawn":
        if not isinstance(withdrawn, dict):
            yield line_of(lines, "status"), (
                "a withdrawn guideline must say when and why: add 'withdrawn:' with 'date:' and 'reason:' "
                "(sv and en)"
            )
        else:
            if not _is_date(withdrawn.get("date")):
                yield line_of(lines, "withdrawn"), "'withdrawn' needs a 'date:' written YYYY-MM-DD"
            reason = withdrawn.get("reason")
            for lang in LANGS:
                if not isinstance(reason, dict) or not str(reason.get(lang) or "").strip():
                    yield line_of(lines, "withdrawn"), (
                        f"'withdrawn' needs a 'reason:' with '{lang}:' text explaining why, "
                        f"in {_langname(lang)}"
                    )
    elif withdrawn is not None:
        yield line_of(lines, "withdrawn"), (
            f"'withdrawn' is only allowed when the status is withdrawn (it is {status!r})"
        )


def _audiences(data, lines, stem, vocabulary) -> Problems:
    """Audiences are a list of known keys, each once."""
    audiences = data.get("audiences")
    if audiences is None:
        return
    known = vocabulary.get("audiences", {})
    if not isinstance(audiences, list):
        yield line_of(lines, "audiences"), (
            f"'audiences' must be a list like [police, social-services]: {audiences!r}"
        )
        return
    seen = set()
    for i, key in enumerate(audiences):
        if not isinstance(key, str):
            yield line_of(lines, f"audiences.{i}"), (
                f"each audience must be a key such as police, not a list or mapping: {key!r}"
            )
            continue
        if key not in known:
            yield line_of(lines, f"audiences.{i}"), (
                f"unknown audience {key!r}; use one of {', '.join(known)} or add it to _vocabulary.yml"
            )
        if key in seen:
            yield line_of(lines, f"audiences.{i}"), f"audience {key!r} is listed twice; remove one"
        seen.add(key)


def _history(data, lines, stem, vocabulary) -> Problems:
    """History lists every version newest first, starting with the current one, each fully described."""
    history = data.get("history")
    if history is None:
        return
    if not isinstance(history, list) or not history:
        yield line_of(lines, "history"), "'history' must be a list with one entry per version, newest first"
        return
    previous = None
    # While a new version is drafted or out for consultation, the last adopted one stays in force.
    in_force_allowed = data.get("status") in ("draft", "consultation")
    for i, entry in enumerate(history):
        at = f"history.{i}"
        if not isinstance(entry, dict):
            yield line_of(lines, at), "each history entry needs 'version', 'date', 'status' and 'summary'"
            continue
        version = entry.get("version")
        if not (isinstance(version, str) and VERSION_RE.match(version)):
            yield line_of(lines, f"{at}.version"), (
                f"history 'version' must be a quoted text like \"1.0\": {version!r}"
            )
            version = None
        if not _is_date(entry.get("date")):
            yield line_of(lines, f"{at}.date"), (
                f"history 'date' must be written YYYY-MM-DD: {entry.get('date')!r}"
            )
        status = entry.get("status")
        allowed = CURRENT_STATUSES if i == 0 else PAST_STATUSES + (("adopted",) if in_force_allowed else ())
        if i > 0 and status == "adopted":
            in_force_allowed = False  # one version in force; any older adopted version is superseded
        if status not in allowed:
            which = "the current version" if i == 0 else "an earlier version"
            yield line_of(lines, f"{at}.status"), (
                f"history status of {which} must be one of {', '.join(allowed)}: {status!r}"
            )
        summary = entry.get("summary")
        for lang in LANGS:
            text = summary.get(lang) if isinstance(summary, dict) else None
            if not isinstance(text, str) or not text.strip():
                yield line_of(lines, f"{at}.summary.{lang}" if isinstance(summary, dict) else f"{at}"), (
                    f"version {version or '?'} has no {_langname(lang)} summary; write one paragraph "
                    f"under 'summary: {lang}:' saying what changed"
                )
        if version and previous:
            if version == previous[0]:
                yield line_of(lines, f"{at}.version"), (
                    f"version {version} is in the history twice; each version has one entry, "
                    "remove or renumber one"
                )
            elif tuple(map(int, version.split("."))) > tuple(map(int, previous[0].split("."))):
                yield line_of(lines, f"{at}.version"), (
                    f"history must be newest first: version {version} comes after {previous[0]}; "
                    "reorder the entries"
                )
            if _is_date(entry.get("date")) and previous[1] and as_date(entry["date"]) > previous[1]:
                yield line_of(lines, f"{at}.date"), (
                    f"version {version} is dated after the newer version {previous[0]}; check the dates"
                )
        if version:
            previous = (version, as_date(entry.get("date")) if _is_date(entry.get("date")) else None)
    first = history[0] if isinstance(history[0], dict) else {}
    if data.get("version") is not None and first.get("version") != data.get("version"):
        yield line_of(lines, "history.0"), (
            f"the first history entry must be the current version {data.get('version')!r} "
            f"(found {first.get('version')!r}); add an entry for it at the top"
        )
    elif data.get("status") is not None and first.get("status") != data.get("status"):
        yield line_of(lines, "history.0.status"), (
            f"the first history entry's status {first.get('status')!r} differs from 'status: "
            f"{data.get('status')}'; make them the same"
        )


def _langname(lang: str) -> str:
    return {"sv": "Swedish", "en": "English"}.get(lang, lang)

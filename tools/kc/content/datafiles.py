"""Shared data files beside the records (`docs/guidelines/_<name>.yml`): loading and common checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kc.content import yamlsrc
from kc.content.clauses import parse_clauses
from kc.content.findings import Finding
from kc.content.model import LANGUAGES, Guideline, Project
from kc.content.text import read_text


@dataclass
class DataFile:
    """One shared data file: its data, the line of every key, and problems found while reading it."""

    rel: str
    data: Any = None
    lines: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    exists: bool = False

    def line(self, key: str) -> int:
        return yamlsrc.line_of(self.lines, key)

    def error(self, key: str, message: str, rule: str) -> Finding:
        """A finding at the line of `key` (dotted path)."""
        return Finding(self.rel, self.line(key), message, "error", rule)


def load(project: Project, name: str, rule: str) -> DataFile:
    """Read `docs/guidelines/_<name>.yml`; a YAML error becomes a finding, never an exception."""
    path = project.records_dir / f"_{name}.yml"
    result = DataFile(project.rel(path))
    if not path.exists():
        return result
    result.exists = True
    try:
        result.data, result.lines = yamlsrc.load(path)
    except yamlsrc.YamlError as exc:
        # An unreadable file is reported under the same rule everywhere, so it is reported once.
        result.findings.append(
            Finding(result.rel, exc.line, exc.message, "error", exc.rule if exc.rule == "input" else rule)
        )
    return result


def labels(item: Any, df: DataFile, key: str, rule: str, what: str) -> tuple[dict[str, str], list[Finding]]:
    """The `sv`/`en` labels of a list item; a missing or empty one is a finding."""
    found: dict[str, str] = {}
    problems = []
    for lang in LANGUAGES:
        value = item.get(lang) if isinstance(item, dict) else None
        if isinstance(value, str) and value.strip():
            found[lang] = " ".join(value.split())
        else:
            word = "Swedish" if lang == "sv" else "English"
            problems.append(
                df.error(f"{key}.{lang}", f"{what} has no {word} label '{lang}'; add '{lang}: \"...\"'", rule)
            )
    return found, problems


def unknown_keys(
    item: Any, allowed: tuple[str, ...], df: DataFile, key: str, rule: str, what: str
) -> list[Finding]:
    """A finding for each key of `item` that is not in `allowed` (else a misspelt key is ignored silently)."""
    if not isinstance(item, dict):
        return []
    where = f" of {what}" if what else ""
    return [
        df.error(
            f"{key}.{name}" if key else str(name),
            f"unknown field {str(name)!r}{where}; allowed fields are {', '.join(allowed)} "
            "(check the spelling)",
            rule,
        )
        for name in item
        if name not in allowed
    ]


def current_clauses(project: Project, g: Guideline) -> list[str]:
    """Clause numbers of the current Swedish text of `g`, in text order (empty when it has no text)."""
    path = project.text_path(g.slug, "sv")
    if not path.exists():
        return []
    return [c.number for c in parse_clauses(read_text(path).body)]


def as_id(value: Any) -> str | None:
    """A list item's `id` as text, or None when it is missing."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def guideline_of(
    project: Project, data: dict, df: DataFile, rule: str, what: str, example: str
) -> tuple[str | None, list[str] | None, list[Finding]]:
    """The guideline a data file belongs to ('guideline: RS'): its id and current clause numbers, or None
    and None with the finding that says why (an unknown id only when every record could be loaded)."""
    gid = as_id(data.get("guideline"))
    if gid is None:
        message = f"{what} does not name its guideline; add 'guideline: {example}'"
        return None, None, [df.error("", message, rule)]
    if gid not in project.by_id:
        if project.load_findings:  # a record that failed to load is reported already
            return None, None, []
        known = ", ".join(sorted(project.by_id)) or "none"
        message = f"unknown guideline {gid!r} (known: {known}); use its id"
        return None, None, [df.error("guideline", message, rule)]
    return gid, current_clauses(project, project.by_id[gid]), []

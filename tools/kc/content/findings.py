"""Findings: one problem in one file at one line, as reported by every check."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Finding:
    """A problem found in the content, located by file and line."""

    path: str
    line: int
    message: str
    severity: Severity = "error"
    rule: str = ""

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "warning: "
        return f"{self.path}:{self.line}: {prefix}{self.message}"

    def as_warning(self) -> Finding:
        return Finding(self.path, self.line, self.message, "warning", self.rule)


def errors(findings: Iterable[Finding]) -> list[Finding]:
    """Only the findings that fail a build."""
    return [f for f in findings if f.severity == "error"]


def to_json(findings: Iterable[Finding]) -> str:
    """The findings as a JSON list of objects, for editors' tools and CI annotations."""
    return json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=2)

"""Numbered clauses: the citable units of a guideline text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kc.content import memo

CLAUSE_RE = re.compile(r"^(#{2,4})\s+(\d+(?:\.\d+)*)\.?\s+(.+?)\s*(\{[^}]*\})?\s*$")
FENCE_RE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Clause:
    """A numbered heading such as `### 3.2 Title`."""

    number: str
    title: str
    level: int
    line: int  # 0-based line within the text it was parsed from

    @property
    def anchor(self) -> str:
        return anchor(self.number)


def anchor(number: str) -> str:
    """The HTML id of clause `number`, identical in every language and version: 3.2 -> c3-2."""
    return "c" + number.replace(".", "-")


def iter_lines_outside_fences(text: str):
    """(index, line) for the lines not inside fenced code blocks, in order."""
    if "```" not in text and "~~~" not in text:
        return enumerate(text.splitlines())  # no fence, as in most texts: every line, without a look at each
    return _outside_fences(text)


def _outside_fences(text: str):
    fence = None
    for i, line in enumerate(text.splitlines()):
        m = FENCE_RE.match(line)
        if m:
            if fence is None:
                fence = m.group(1)
            elif m.group(1) == fence:
                fence = None
            continue
        if fence is None:
            yield i, line


def parse_clauses(text: str) -> list[Clause]:
    """All numbered headings in `text`, in order."""
    return list(memo.cached("parse_clauses", text, lambda: tuple(_parse_clauses(text))))


def _parse_clauses(text: str) -> list[Clause]:
    clauses = []
    for i, line in iter_lines_outside_fences(text):
        m = CLAUSE_RE.match(line)
        if m:
            clauses.append(Clause(m.group(2), m.group(3), len(m.group(1)), i))
    return clauses

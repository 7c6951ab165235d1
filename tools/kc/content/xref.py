"""Cross-references between guidelines written by id: [[RL]], [[RL 3.2]], [[RL 3.2 v1.0]]."""

from __future__ import annotations

import re
from dataclasses import dataclass

XREF_RE = re.compile(r"\[\[([A-Z]{2,4})(?:\s+(\d+(?:\.\d+)*))?(?:\s+v(\d+\.\d+))?\]\]")


@dataclass(frozen=True)
class XRef:
    """One `[[...]]` reference and where it stands in its text."""

    guideline: str
    clause: str | None
    version: str | None
    start: int
    end: int

    @property
    def label(self) -> str:
        parts = [self.guideline] + ([self.clause] if self.clause else [])
        return " ".join(parts)


def find_xrefs(text: str) -> list[XRef]:
    """Every cross-reference in `text`."""
    return [XRef(m.group(1), m.group(2), m.group(3), m.start(), m.end()) for m in XREF_RE.finditer(text)]

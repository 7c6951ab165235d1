"""The text of each numbered clause, and its SHA-256: what the registry publishes and what translation
drift compares.

The hashed text of clause N is defined so that tools outside the portal can compute it too:

1. the text after the front matter is split at its headings (not inside fenced code): the clause is its
   heading's title (`### 3.2 Title`) plus the lines after the heading up to the next numbered heading of
   any level, or the next unnumbered heading of the same or a higher rank (`## Sources` ends a `###`
   clause), so a clause never includes its sub-clauses and a change to 3.2 changes 3.2 only;
2. the heading's `{ #id .class }` attributes and the number itself are left out;
3. title and body are each normalised: Unicode NFC, every run of whitespace (line breaks included) made one
   space, leading and trailing whitespace removed;
4. the hash is SHA-256 of the UTF-8 bytes of `title + "\\n" + body`, written as 64 lower-case hex digits.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from kc.content.clauses import CLAUSE_RE, iter_lines_outside_fences

HEADING_RE = re.compile(r"^(#{1,6})\s")


@dataclass(frozen=True)
class ClauseText:
    """One clause of a text: number, heading title, level, 0-based heading line and its own body."""

    number: str
    title: str
    level: int
    line: int
    body: str

    @property
    def sha256(self) -> str:
        return clause_hash(self.title, self.body)


def normalise(text: str) -> str:
    """NFC, whitespace runs collapsed to one space, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def clause_hash(title: str, body: str) -> str:
    """SHA-256 (hex) of a clause as defined in this module's docstring."""
    data = normalise(title) + "\n" + normalise(body)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def clause_texts(body: str) -> list[ClauseText]:
    """Every numbered clause of `body` (a text without front matter) with its own text, in order."""
    lines = body.splitlines()
    # (line, level, numbered clause match or None) of every heading outside code
    headings = [(i, len(h.group(1)), CLAUSE_RE.match(line)) for i, line in iter_lines_outside_fences(body)
                if (h := HEADING_RE.match(line))]
    out = []
    for n, (i, level, m) in enumerate(headings):
        if m is None:
            continue
        end = next((j for j, lv, other in headings[n + 1 :] if other is not None or lv <= level), len(lines))
        out.append(ClauseText(m.group(2), m.group(3), level, i, "\n".join(lines[i + 1 : end])))
    return out


def clause_hashes(body: str) -> dict[str, str]:
    """Clause number -> SHA-256 of that clause, for `body`."""
    return {c.number: c.sha256 for c in clause_texts(body)}

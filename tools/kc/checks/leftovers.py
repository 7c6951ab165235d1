"""Leftovers from writing: TODO/FIXME/XXX notes, lorem ipsum filler and empty sections.

They are errors in anything published as adopted (and in hand-written pages, archived texts and data),
and warnings in drafts and texts out for consultation, which are still being worked on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from kc.checks.pii import redact
from kc.content.findings import Finding
from kc.content.model import VERSION_DIR_RE
from kc.content.sourcefile import read_lenient
from kc.content.sources import content_files, fenced_lines, sub_comments
from kc.content.text import split_front_matter

LEFTOVER_RE = re.compile(r"(?<![\w/-])(TODO|FIXME|XXX|TBD|lorem(?:\s+ipsum)?)(?![\w-])", re.I)
HEADING_RE = re.compile(r"^(#{1,6})[ \t]+\S")
NOTE_RE = re.compile(r"<!--(?!\s*kc:).*?-->", re.S)
WORK_IN_PROGRESS = ("draft", "consultation")


def find_leftovers(text: str) -> Iterator[tuple[int, str, str]]:
    """(line, word, the text around it) for every leftover note or filler in `text`."""
    for i, line in enumerate(text.splitlines()):
        for m in LEFTOVER_RE.finditer(line):
            yield i + 1, m.group(1), _around(line, m.start(), m.end())


def _around(line: str, start: int, end: int, limit: int = 70) -> str:
    """The line, or on a long line the words around the note, so the editor can find it."""
    if len(line.strip()) <= limit:
        return line.strip()
    left = max(0, min(start - 25, len(line) - limit))
    piece = line[left : left + limit].strip()
    return ("…" if left > 0 else "") + piece + ("…" if left + limit < len(line) else "")


def find_empty_sections(text: str) -> Iterator[tuple[int, str]]:
    """(line, heading) for every heading followed directly by a heading of the same or a higher level,
    or by the end of the file. Front matter is skipped; line numbers count it."""
    _, body, offset, _ = split_front_matter(text)
    lines = body.splitlines()
    fenced = fenced_lines(body)
    headings = [
        (i, len(m.group(1)))
        for i, line in enumerate(lines)
        if i not in fenced and (m := HEADING_RE.match(line))
    ]
    for n, (i, level) in enumerate(headings):
        nxt = headings[n + 1] if n + 1 < len(headings) else None
        end = nxt[0] if nxt else len(lines)
        # A note to oneself is not content; a kc marker is (it becomes a generated block).
        section = sub_comments(NOTE_RE, "", "\n".join(lines[i + 1 : end]))
        has_content = bool(section.strip())
        if not has_content and (nxt is None or nxt[1] <= level):
            yield offset + i + 1, lines[i].strip()


def status_of(project, path: Path) -> str:
    """The status that decides how strict to be: the guideline's status for its texts and record,
    'adopted' for everything else that is published."""
    parts = path.relative_to(project.docs).parts
    by_slug = project.by_slug
    if len(parts) >= 4 and parts[1] == "guidelines" and parts[2] in by_slug:
        g = by_slug[parts[2]]
        if len(parts) == 4:
            return g.status
        m = VERSION_DIR_RE.match(parts[3])
        entry = g.entry(m.group(1)) if m else None
        return entry.status if entry else "adopted"
    if len(parts) == 2 and parts[0] == "guidelines" and path.stem in by_slug:
        return by_slug[path.stem].status
    return "adopted"


def _short(line: str, limit: int = 70) -> str:
    line = redact(line)  # a note may hold the very personal data it is about; never repeat it
    return line if len(line) <= limit + 2 else line[: limit - 1] + "…"


def check_leftovers(project) -> Iterator[Finding]:
    """No TODO/FIXME/XXX notes, lorem ipsum or empty sections: errors when adopted, warnings in drafts."""
    for path in content_files(project.docs):
        if path.name == "_allowlist.yml":
            continue
        status = status_of(project, path)
        severity = "warning" if status in WORK_IN_PROGRESS else "error"
        where = f"a {status} text" if status in WORK_IN_PROGRESS else "published content"
        rel = project.rel(path)
        text = read_lenient(path)
        for line, word, context in find_leftovers(text):
            yield Finding(
                rel,
                line,
                f"leftover '{word}' in {where}: {_short(context)!r}; finish the text and remove the note "
                "(or the filler) before the text is adopted",
                severity,
                "leftovers",
            )
        if path.suffix == ".md":
            for line, heading in find_empty_sections(text):
                yield Finding(
                    rel,
                    line,
                    f"empty section in {where}: {heading!r} has no text before the next heading; "
                    "write the section or remove the heading",
                    severity,
                    "empty-section",
                )

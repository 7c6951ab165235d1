"""Plain text stays plain text: record fields and data labels are judged as the browser will read them
(entities decoded, Unicode NFKC), and every place that puts them into Markdown or a spreadsheet escapes them.

Titles, owners and labels end up in `<title>`, headings, menus, the feed, the search data and the CSV file;
an `&lt;script&gt;` in a title is harmless text only as long as no template decodes it on the way. So such
fields may hold no markup, no HTML entities, no control or invisible characters and (where one line is
meant) no line break.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from kc.content import yamlsrc
from kc.content.findings import Finding
from kc.content.layout import is_regular_file
from kc.content.sources import markdown_files

# Fields written as paragraphs: a line break is allowed there (YAML '>' folds it anyway).
MULTILINE_KEYS = {"summary", "definition", "reason"}
# What an HTML parser takes for the start of a tag, comment or processing instruction ('a < b' is text).
TAG_RE = re.compile(r"<(?:/?[a-zA-Z]|!|\?)")
ENTITY_RE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);?")
# Characters Python-Markdown honours a backslash before (core and the tables extension).
MD_ESCAPED = set("\\`*_{}[]()>#+-.!|")


def decoded(value: str) -> str:
    """What a browser finally reads: HTML entities decoded until nothing changes, then Unicode NFKC."""
    for _ in range(10):  # '&amp;amp;lt;' needs three rounds; a bound keeps a hostile value cheap
        again = html.unescape(value)
        if again == value:
            break
        value = again
    return unicodedata.normalize("NFKC", value)


def _char_name(c: str) -> str:
    return unicodedata.name(c, f"U+{ord(c):04X}")


def problems(value: str, one_line: bool = True) -> list[str]:
    """What makes `value` more than plain text (each 'what is wrong: value; how to fix'), empty when fine."""
    found: list[str] = []
    shown = _shown(value)
    if ENTITY_RE.search(value) and html.unescape(value) != value:
        entity = ENTITY_RE.search(value).group(0)
        found.append(
            f"HTML entity {entity!r} in plain text: {shown}; write the character itself "
            f"({html.unescape(entity)!r}) – the text is shown exactly as written"
        )
    text = decoded(value)
    tag = TAG_RE.search(text)
    if tag:
        found.append(
            f"markup in plain text: {shown}; remove the '<' tag (titles and labels are shown as written, "
            "never as HTML)"
        )
    # Only '\n' may break a paragraph field: Markdown also takes '\r' for a new line, which in a glossary
    # definition (written into a Markdown abbreviation line) would start Markdown of its own.
    breaks = {c for c in text if c in "\r\n\u2028\u2029\x85\x0b\x0c"}
    if one_line and breaks:
        found.append(f"line break in a one-line field: {shown}; write it on one line")
    allowed = breaks if one_line else {"\n"}
    hidden = ("Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp")
    bad = sorted({c for c in text if unicodedata.category(c) in hidden and c not in allowed})
    if bad:
        names = ", ".join(f"U+{ord(c):04X} {_char_name(c)}" for c in bad[:3])
        found.append(
            f"control or invisible character ({names}) in plain text: {shown}; retype the text without it "
            "(such characters can hide or reorder what readers see)"
        )
    return found


def _shown(value: str, limit: int = 80) -> str:
    """`value` as findings show it: quoted, invisible characters escaped, shortened."""
    text = repr(value)
    text = "".join(c if unicodedata.category(c)[0] != "C" else f"\\u{ord(c):04x}" for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def md_inline(value: str) -> str:
    """`value` as literal Markdown inline text: HTML-escaped and every Markdown character backslashed, so a
    title shows exactly as written in headings, links and table cells (no tags, no attribute lists)."""
    return md_literal(" ".join(value.split()))


def md_literal(value: str) -> str:
    """As md_inline, for a piece of a longer text: its spaces are kept as they are."""
    escaped = html.escape(value, quote=False)
    return "".join(f"\\{c}" if c in MD_ESCAPED else c for c in escaped)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a cell as a formula


def csv_cell(value: str) -> str:
    """A cell that spreadsheet programs show as text: a leading = + - @ (or tab/CR) would start a formula."""
    return "'" + value if value[:1] in FORMULA_STARTS else value


def _leaves(data: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _leaves(value, f"{prefix}.{i}" if prefix else str(i))
    elif isinstance(data, str):
        yield prefix, data


def check_plain_text(project) -> Iterator[Finding]:
    """Record fields, shared data labels and Markdown front matter titles are plain text."""
    folder = project.records_dir
    files = sorted(folder.glob("*.yml")) if folder.is_dir() else []
    if (folder / "documents").is_dir():  # document records: titles and owners are plain text too
        files += sorted((folder / "documents").glob("*.yml"))
    for path in files:
        if not is_regular_file(path):
            continue
        try:
            data, lines = yamlsrc.load(path)
        except (yamlsrc.YamlError, UnicodeDecodeError, ValueError):
            continue  # reported by the loaders
        for key, value in _leaves(data):
            one_line = not (set(key.split(".")) & MULTILINE_KEYS)
            for message in problems(value, one_line):
                yield Finding(project.rel(path), yamlsrc.line_of(lines, key), f"'{key}': {message}",
                              rule="plain-text")
    for path in markdown_files(project.docs):
        yield from _front_matter(project, path)


def _front_matter(project, path) -> Iterator[Finding]:
    """Front matter `title` and `description` go into `<title>` and `<meta>` as they are."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return
    if not lines or lines[0].strip() != "---":
        return
    for i, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            break
        m = re.match(r"(title|description):\s*(.*)$", line)
        if m:
            value = m.group(2).strip().strip("\"'")
            for message in problems(value):
                yield Finding(project.rel(path), i, f"'{m.group(1)}': {message}", rule="plain-text")

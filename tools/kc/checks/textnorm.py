"""Text as a reader sees it, for the personal-data guard: a number typed with tricks is still the number.

`normalise` undoes what changes the characters but not what the reader sees or can copy: HTML entities,
compatibility forms (NFKC: fullwidth digits, ligatures), invisible format characters (zero-width spaces, soft
hyphens, direction marks), every dash and space of Unicode (one '-' and one ' '), digits of other scripts,
Markdown emphasis, backslash escapes, inline HTML tags and comments around a part, and line breaks inside a
paragraph. It keeps, for every character of the result, the offset in the original text it came from, so a
finding still names the line the editor wrote.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

# Inline elements a number can be wrapped in without changing what it reads as.
_INLINE_TAGS = "b|i|em|strong|span|u|s|mark|sup|sub|code|kbd|small|del|ins|a|abbr|bdi|bdo|wbr|br"


def _special(hidden: bool) -> re.Pattern:
    """What `normalise` changes. With `hidden`, comments and inline tags with attributes are dropped too
    (to re-join a number split by them); without, their text is read like any other, so that an address
    in a link's href or a number in a comment, both published in the page's source, are still found."""
    return re.compile(
        r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});?"  # an entity
        + (rf"|<!--.*?-->|</?(?:{_INLINE_TAGS})\b[^<>\n]*>" if hidden else rf"|</?(?:{_INLINE_TAGS})\s*/?>")
        # a line break, with a hard break before it (two spaces or '\\') and the next line's indent or quote
        + r"|[ \t]*\\?\r?\n[ \t>]*(?:\r?\n[ \t>]*)*"
        r"|\\(?=[!-/:-@\[-`{-~])"  # a Markdown backslash escape
        r"|[*`~_\\\r\t]"
        r"|[^\x00-\x7fåäöÅÄÖéÉüÜ]",  # Swedish letters are common and stay as they are: not one by one
        re.S,
    )


_SPECIAL_RE = {False: _special(False), True: _special(True)}

# Where a match of _special can start, but for a space: one character class, which the regex engine skips
# to in C (an alternation of branches it tries at every character, and at every space the line-break branch
# reads on until the next character that is not a space). A match that starts at a space is a line break
# with spaces before it, and the character after those spaces is a candidate.
_STARTS = "&<\n\t\\*`~_\r"
_CANDIDATE_RE = re.compile(
    "[^" + "".join(f"\\x{i:02x}" for i in range(128) if chr(i) not in _STARTS) + "åäöÅÄÖéÉüÜ]"
)


def _tokens(text: str, hidden: bool) -> Iterator[re.Match]:
    """The matches of `_SPECIAL_RE[hidden].finditer(text)`, found faster: _special is tried only where a
    match can start (tests/test_textnorm.py compares the two on random text)."""
    special, candidate = _SPECIAL_RE[hidden], _CANDIDATE_RE.search
    pos = 0
    while (c := candidate(text, pos)) is not None:
        at = c.start()
        m = None
        if at > pos and text[at - 1] == " ":  # a line break may start at the spaces before it
            start = at - 1
            while start > pos and text[start - 1] == " ":
                start -= 1
            m = special.match(text, start)
        m = m or special.match(text, at)
        if m is None:
            pos = at + 1
        else:
            yield m
            pos = m.end()


@dataclass(frozen=True)
class Normalised:
    """The normalised text and where each of its characters came from in the original.

    Kept as segments, not one offset per character: a segment starting at `starts[k]` in the result either
    copies the original from `origins[k]` on (`copied[k]`) or replaces the token at `origins[k]`. A list of
    every character's offset cost a million integers per megabyte of text, twice per file."""

    text: str
    starts: list[int]
    origins: list[int]
    copied: list[bool]

    def origin(self, i: int) -> int:
        """The original offset of character `i` of the normalised text."""
        k = bisect_right(self.starts, i) - 1
        return self.origins[k] + (i - self.starts[k] if self.copied[k] else 0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original (start, end) of the normalised range [start, end)."""
        return self.origin(start), self.origin(max(start, end - 1)) + 1


@lru_cache(maxsize=4096)
def char(c: str) -> str:
    """One non-ASCII character as the guard reads it ('' for invisible ones)."""
    cat = unicodedata.category(c)
    if cat == "Cf":
        return ""  # zero-width space and joiners, soft hyphen, direction marks, BOM
    if cat == "Pd" or c == "\u2212":
        return "-"
    if cat in ("Zs", "Zl", "Zp"):
        return " "
    if cat == "Nd":
        return str(unicodedata.decimal(c))
    folded = unicodedata.normalize("NFKC", c)
    if folded == c:
        return c
    return "".join(char(f) if ord(f) > 0x7F else f for f in folded)


def normalise(text: str, join: str = " ", hidden: bool = False) -> Normalised:
    """`text` normalised; a line break inside a paragraph becomes `join` (' ' as shown, '' to re-join a
    number broken over two lines); a blank line stays one line break, so nothing matches across it.
    `hidden` also drops comments and tags with attributes (see _special)."""
    out: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    copied: list[bool] = []
    size = 0  # length of the result so far
    pos = 0

    def put(s: str, at: int) -> None:
        nonlocal size
        if s:
            out.append(s)
            starts.append(size)
            origins.append(at)
            copied.append(False)
            size += len(s)

    for m in _tokens(text, hidden):
        start = m.start()
        if start > pos:
            out.append(text[pos:start])
            starts.append(size)
            origins.append(pos)
            copied.append(True)
            size += start - pos
        pos = m.end()
        tok, at = m.group(0), start
        first = tok[0]
        if first == "\n" and len(tok) == 1:
            put(join, at)  # the usual token: a plain line break inside a paragraph
        elif first == "&":
            decoded = html.unescape(tok)
            if decoded == tok:
                put(tok, at)
            else:
                put("".join(char(c) if ord(c) > 0x7F else c for c in decoded).replace("\t", " "), at)
        elif "\n" in tok:
            put("\n" if tok.count("\n") > 1 else join, at)
        elif first == "\t":
            put(" ", at)
        elif first == "_":
            # Emphasis, not part of a name: kept between letters (first_last@example.se), dropped by digits.
            near = text[at - 1 : at] + text[at + 1 : at + 2]
            if not any(ch.isdigit() or ch in " -+*" for ch in near) and near:
                put("_", at)
        elif first == "\\" and not (m.end() < len(text) and _escapable(text[m.end()])):
            put("\\", at)
        elif len(tok) == 1 and ord(first) > 0x7F:
            put(char(first), at)
        # everything else (comments, inline tags, *, `, ~, \r, escaping backslashes) is dropped
    if pos < len(text):
        out.append(text[pos:])
        starts.append(size)
        origins.append(pos)
        copied.append(True)
    return Normalised("".join(out), starts, origins, copied)


def _escapable(c: str) -> bool:
    return c.isascii() and not c.isalnum() and c.isprintable() and c != " "

"""Finding raw HTML tags in Markdown in linear time, whatever the text.

`TAG_RE.finditer` takes time proportional to the square of the text when many tags are never closed
(`<a <a <a ...` or `<a x="` repeated, a few hundred kilobytes take minutes): every start scans to the end of
the text before it fails. `iter_tags` gives the same matches but learns from each failed start: every later
start that the failed scan passed outside quotes would scan the same way from there and fail too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

TAG_RE = re.compile(r"<([a-zA-Z][\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S)
_START_RE = re.compile(r"<[a-zA-Z][\w:-]*")
_STOP_RE = re.compile(r"[>\"']")


def iter_tags(src: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
    """The matches of `TAG_RE.finditer(src, pos, endpos)`, in linear time in practice."""
    endpos = len(src) if endpos is None else endpos
    failing: set[int] = set()
    resume = pos
    for start in _START_RE.finditer(src, pos, endpos):
        p = start.start()
        if p < resume or p in failing:
            continue
        m = TAG_RE.match(src, p, endpos)
        if m:
            resume = m.end()
            yield m
        else:
            _mark_failing(src, start.end(), endpos, failing)


def _mark_failing(src: str, i: int, endpos: int, failing: set[int]) -> None:
    """Add to `failing` each tag start that a failed scan from `i` passed outside quotes."""
    while i < endpos:
        stop = _STOP_RE.search(src, i, endpos)
        end = stop.start() if stop else endpos
        failing.update(m.start() for m in _START_RE.finditer(src, i, end))
        if stop is None or stop.group() == ">":
            return
        close = src.find(stop.group(), end + 1, endpos)
        if close < 0:
            return
        i = close + 1

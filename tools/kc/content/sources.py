"""The content files the guard-rail checks read: Markdown under docs/ and the YAML data beside it."""

from __future__ import annotations

import re
from pathlib import Path

from kc.content import memo

FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
# A code span opens with a whole run of backticks (CommonMark): starting only there keeps a long run linear.
INLINE_CODE_RE = re.compile(r"(?<!`)(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.S)


def markdown_files(docs: Path) -> list[Path]:
    """Every Markdown file under `docs`, in a stable order."""
    return list(memo.cached("markdown_files", str(docs), lambda: _listing(docs, "*.md")))


def yaml_files(docs: Path) -> list[Path]:
    """Every YAML file under `docs` (records, vocabularies, allow-list)."""
    return list(memo.cached("yaml_files", str(docs), lambda: _listing(docs, "*.yml", "*.yaml")))


def _listing(docs: Path, *patterns: str) -> tuple[Path, ...]:
    if not docs.is_dir():
        return ()
    return tuple(sorted(path for pattern in patterns for path in docs.rglob(pattern)))


def content_files(docs: Path) -> list[Path]:
    """Markdown and YAML files under `docs`, sorted by path."""
    return sorted([*markdown_files(docs), *yaml_files(docs)])


def line_at(text: str, offset: int) -> int:
    """1-based line of character `offset` in `text`."""
    return text.count("\n", 0, offset) + 1


def blank(s: str) -> str:
    """`s` with every character but newlines turned into a space, so offsets and lines stay put."""
    return re.sub(r"[^\n]", " ", s)


def mask_code(text: str) -> str:
    """`text` with fenced code blocks and inline code spans blanked out (same length, same lines)."""
    return memo.cached("mask_code", text, lambda: _mask_code(text))


def closes_fence(line: str, fence: str) -> bool:
    """Whether `line` closes a block opened by `fence`: the same character, as many or more, nothing after."""
    m = FENCE_RE.match(line)
    if not m:
        return False
    mark = m.group(1)
    return mark[0] == fence[0] and len(mark) >= len(fence) and not line.strip()[len(mark) :]


def _mask_code(text: str) -> str:
    out: list[str] = []
    fence: str | None = None
    for line in text.splitlines(keepends=True):
        m = FENCE_RE.match(line)
        if fence is None and m:
            fence = m.group(1)
            out.append(blank(line))
        elif fence is not None:
            if closes_fence(line, fence):
                fence = None
            out.append(blank(line))
        else:
            out.append(line)
    masked = "".join(out)
    return INLINE_CODE_RE.sub(lambda m: blank(m.group(0)), masked)


def fenced_lines(text: str) -> set[int]:
    """0-based indexes of lines inside (or opening/closing) fenced code blocks."""
    inside: set[int] = set()
    fence: str | None = None
    for i, line in enumerate(text.splitlines()):
        m = FENCE_RE.match(line)
        if fence is None and m:
            fence = m.group(1)
            inside.add(i)
        elif fence is not None:
            inside.add(i)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
    return inside


def sub_comments(pattern: re.Pattern, repl: str, text: str) -> str:
    """`pattern.sub(repl, text)` for a pattern of HTML comments (`<!--.*?-->`), in linear time: no comment
    starts after the last '-->', and there a run of unclosed '<!--' would cost a scan to the end each."""
    end = text.rfind("-->")
    if end < 0:
        return text
    return pattern.sub(repl, text[: end + 3]) + text[end + 3 :]

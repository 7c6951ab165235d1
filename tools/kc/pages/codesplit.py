"""A page's code set aside once, so that every page rule reads only its text.

Code is what kc.content.sources.mask_code blanks out: fenced code blocks and inline code spans, by the same
definitions. `split_code` puts a placeholder in place of each piece of code; the page rules (clause anchors,
cross-references, generated blocks, glossary terms) run on that text, never look inside code and need no
masking of their own; `CodeSplit.restore` puts the code back, byte for byte.

A placeholder is a character of Unicode's private use area that the page does not contain, a number and that
character again: no rule matches it (not a word character, not Markdown). Each line of code gets a placeholder
of its own, so that the page keeps its lines and line-based rules (clause headings, marker lines) see them as
Markdown will: a heading that ends in an unclosed backtick is still a heading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kc.content.sources import FENCE_RE, INLINE_CODE_RE, blank, closes_fence

# Candidates for the placeholder's mark, tried in order: the first that the page does not contain.
_MARKS = range(0xE000, 0xF900)


@dataclass(frozen=True)
class CodeSplit:
    """A page's text with placeholders (`text`), its code (`chunks`) and the placeholders' mark."""

    text: str
    chunks: tuple[str, ...]
    mark: str

    def restore(self, text: str, strict: bool = True) -> str | None:
        """`text` (the rules' output) with the code back in place of its placeholders. Strict: None unless
        the marks stand in exactly our placeholders, each once (else a rule wrote the mark, or dropped code
        with a heading's attribute list; see `apply_to_text`)."""
        if not self.chunks:
            return text
        parts = text.split(self.mark)
        if strict and len(parts) != 2 * len(self.chunks) + 1:
            return None
        out, used = [parts[0]], set()
        for i in range(1, len(parts) - 1, 2):
            n = parts[i]
            if n.isdigit() and n.isascii() and int(n) < len(self.chunks) and not (strict and n in used):
                used.add(n)
                out += [self.chunks[int(n)], parts[i + 1]]
            elif strict:
                return None
            else:
                out += [self.mark, n, self.mark, parts[i + 1]]
        if len(parts) % 2 == 0:  # lenient: an odd mark at the end is text
            out += [self.mark, parts[-1]]
        return "".join(out)


def code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each fenced block and inline code span in `text`, in order (mask_code's code)."""
    fences: list[tuple[int, int]] = []
    fence: str | None = None
    start = pos = 0
    for line in text.splitlines(keepends=True):
        m = FENCE_RE.match(line)
        if fence is None and m:
            fence, start = m.group(1), pos
        elif fence is not None:
            if closes_fence(line, fence):
                fence = None
                # The block ends before the closing line's line break, which stays text.
                fences.append((start, pos + len(line.splitlines()[0])))
        pos += len(line)
    if fence is not None:
        fences.append((start, len(text)))  # an unclosed fence runs to the end, as mask_code has it
    if "`" not in text:
        return fences
    # Inline code is found where mask_code finds it: in the text with the fenced blocks blanked out.
    pieces, end = [], 0
    for a, b in fences:
        pieces += [text[end:a], blank(text[a:b])]
        end = b
    masked = "".join(pieces) + text[end:]
    spans = fences + [m.span() for m in INLINE_CODE_RE.finditer(masked)]
    return sorted(spans)


def split_code(text: str, avoid: str = "") -> CodeSplit:
    """`text` with its code set aside; the mark is a character in neither `text` nor `avoid`."""
    spans = code_spans(text)
    if not spans:
        return CodeSplit(text, (), "")
    mark = next((chr(c) for c in _MARKS if chr(c) not in text and chr(c) not in avoid), None)
    if mark is None:  # a page holding all 6,400 characters: leave it as it is rather than guess
        return CodeSplit(text, (), "")
    out: list[str] = []
    chunks: list[str] = []
    end = 0
    for a, b in spans:
        out.append(text[end:a])
        # One placeholder per line of the code, so that the lines around it stay lines of their own.
        for k, line in enumerate(text[a:b].split("\n")):
            out.append(f"\n{mark}{len(chunks)}{mark}" if k else f"{mark}{len(chunks)}{mark}")
            chunks.append(line)
        end = b
    out.append(text[end:])
    return CodeSplit("".join(out), tuple(chunks), mark)


def apply_to_text(text: str, rules: Callable[[str], str]) -> str:
    """`rules` applied to `text` outside its code, the code put back as it was."""
    split = split_code(text)
    result = rules(split.text)
    restored = split.restore(result)
    if restored is None:
        # The rules' own output (a title, a generated block) held the mark, or a rule dropped code: once more
        # with a mark found in neither the page nor that output, taking the placeholders as they come.
        split = split_code(text, avoid=result)
        restored = split.restore(rules(split.text), strict=False)
    return restored

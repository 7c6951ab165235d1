"""Word-level comparison of two versions of a guideline text, clause by clause, rendered as HTML."""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass

from kc.content.clauses import CLAUSE_RE, iter_lines_outside_fences
from kc.content.xref import XREF_RE
from kc.pages.strings import t

WORD_RE = re.compile(r"\S+\s*")
PARAGRAPH_RE = re.compile(r"\n\s*\n")


# A line that starts a block of its own inside a paragraph: a list item or a table row.
ITEM_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+|^\s*\|")
TABLE_RULE_RE = re.compile(r"^\s*\|?[\s:|-]+\|[\s:|-]*$")


def _visual_lines(para: str) -> list[str]:
    """A paragraph's lines as the reader sees them: each list item and table row on a line of its own,
    wrapped lines joined, bullets as "•", table rules left out."""
    lines: list[str] = []
    for line in para.splitlines():
        if TABLE_RULE_RE.match(line):
            continue
        if ITEM_RE.match(line) or not lines:
            lines.append(re.sub(r"^\s*[-*+]\s+", "• ", line))
        else:
            lines[-1] += " " + line
    return lines


def tokens(text: str) -> list[str]:
    """Words with the space after them; each paragraph break ("\\n\\n") and each break before a list item or
    table row ("\\n") is a token of its own, so that the comparison keeps the text's blocks."""
    out: list[str] = []
    for n, para in enumerate(p for p in PARAGRAPH_RE.split(text.strip()) if p.strip()):
        if n:
            out.append("\n\n")
        for k, line in enumerate(_visual_lines(para)):
            if k:
                out.append("\n")
            words_ = WORD_RE.findall(" ".join(line.split()))
            if words_:
                words_[-1] = words_[-1].rstrip()
            out.extend(words_)
    return out


# Markup that makes no difference to the reader is left out of the comparison.
NOISE_RE = re.compile(r"\*\*|\{[^}\n]*\}|<!--.*?-->", re.S)
# Not mdsyntax.MD_LINK_RE: that one finds where a link's target starts (images too) for checking it, and stops
# there; this one takes in a whole link, title and closing parenthesis, to leave only the words it shows.
LINKED_TEXT_RE = re.compile(r"(?<!!)\[([^\]\n]*)\]\([^)\n]*\)")


@dataclass(frozen=True)
class Block:
    """A clause (or the text before the first clause): its number, heading and body text."""

    key: str
    heading: str
    text: str


def blocks(markdown: str) -> list[Block]:
    """Split a guideline text into its clauses; text before the first one gets the key ''."""
    lines = markdown.splitlines()
    starts = [
        (i, CLAUSE_RE.match(line)) for i, line in iter_lines_outside_fences(markdown) if CLAUSE_RE.match(line)
    ]
    # Unnumbered headings (checklists) are blocks too, keyed by their text.
    heads = {i: m for i, m in starts}
    for i, line in iter_lines_outside_fences(markdown):
        if i not in heads and re.match(r"^#{2,4}\s+\S", line):
            heads[i] = None
    result: list[Block] = []
    order = sorted(heads)
    first = order[0] if order else len(lines)
    if "\n".join(lines[:first]).strip():
        result.append(Block("", "", _clean("\n".join(lines[:first]))))
    for n, i in enumerate(order):
        end = order[n + 1] if n + 1 < len(order) else len(lines)
        m = heads[i]
        heading = lines[i].lstrip("#").strip()
        key = m.group(2) if m else heading
        result.append(Block(key, _clean(heading), _clean("\n".join(lines[i + 1 : end]))))
    return result


def _clean(text: str) -> str:
    # The comparison is raw HTML, where Markdown is not rendered: links and cross-references are compared
    # as the words a reader sees ('RS 3.5'), not as '[[RS 3.5]]' or '[text](url)'.
    text = XREF_RE.sub(lambda m: " ".join(p for p in (m.group(1), m.group(2)) if p), text)
    text = LINKED_TEXT_RE.sub(r"\1", text)
    return NOISE_RE.sub("", text).strip()


@dataclass(frozen=True)
class Change:
    """One clause in the comparison: 'same', 'changed', 'added' or 'removed', with its marked-up HTML."""

    key: str
    kind: str
    html: str


def compare(old: str, new: str, lang: str) -> list[Change]:
    """Clause-by-clause changes from `old` to `new` (both Markdown texts), in the order of `new`."""
    before = {b.key: b for b in blocks(old)}
    after = blocks(new)
    keys_after = {b.key for b in after}
    changes: list[Change] = []
    for b in after:
        a = before.get(b.key)
        if a is None:
            changes.append(Change(b.key, "added", _mark(f"{b.heading}\n\n{b.text}", "ins", lang)))
        elif (a.heading, a.text) == (b.heading, b.text):
            changes.append(Change(b.key, "same", html.escape(b.heading)))
        else:
            changes.append(
                Change(b.key, "changed", words(f"{a.heading}\n\n{a.text}", f"{b.heading}\n\n{b.text}", lang))
            )
    for key, a in before.items():
        if key not in keys_after:
            changes.append(Change(key, "removed", _mark(f"{a.heading}\n\n{a.text}", "del", lang)))
    return changes


def words(old: str, new: str, lang: str) -> str:
    """HTML of `new` with the words added since `old` in <ins> and the removed ones in <del>."""
    a, b = tokens(old), tokens(new)
    # Compare words without their trailing space, so a re-wrapped line is not a change.
    ops = difflib.SequenceMatcher(
        None, [x.strip() for x in a], [x.strip() for x in b], autojunk=False
    ).get_opcodes()
    out: list[str] = []
    for op, i1, i2, j1, j2 in _merge(ops):
        if op == "equal":
            out.append(_text("".join(b[j1:j2])))
            continue
        if i2 > i1:
            out.append(_mark("".join(a[i1:i2]), "del", lang))
        if j2 > j1:
            out.append(_mark("".join(b[j1:j2]), "ins", lang))
    return "".join(out)


def _merge(ops: list[tuple]) -> list[tuple]:
    """Join changes separated by a single unchanged word: 'a x b' reads better as one change than three."""
    merged: list[list] = []
    for op, i1, i2, j1, j2 in ops:
        short_gap = op == "equal" and i2 - i1 <= 1
        if merged and merged[-1][0] != "equal" and (op != "equal" or short_gap):
            merged[-1][2], merged[-1][4] = i2, j2
        elif (
            merged
            and op != "equal"
            and len(merged) >= 2
            and merged[-1][0] == "equal"
            and merged[-1][2] - merged[-1][1] <= 1
            and merged[-2][0] != "equal"
        ):
            gap = merged.pop()
            merged[-1][2], merged[-1][4] = i2, j2
            del gap
        else:
            merged.append([op, i1, i2, j1, j2])
    return [tuple(m) for m in merged]


def _text(text: str) -> str:
    return html.escape(text).replace("\n\n", "<br><br>").replace("\n", "<br>")


def _mark(text: str, tag: str, lang: str) -> str:
    # Screen readers do not announce <ins>/<del>; the hidden words say what the marking means.
    if not text.strip():
        return _text(text)
    label = t(lang, "diff_added" if tag == "ins" else "diff_removed")
    return (
        f'<{tag}><span class="kc-sr-only">[{label}: </span>{_text(text)}'
        f'<span class="kc-sr-only">]</span></{tag}>'
    )


def render(old: str, new: str, lang: str) -> str:
    """The comparison as HTML: changed clauses in full with their changes marked, unchanged ones listed."""
    changes = compare(old, new, lang)
    if all(c.kind == "same" for c in changes):
        return f'<p class="kc-diff__none">{t(lang, "diff_none")}</p>'
    parts = []
    same: list[str] = []

    def flush():
        if same:
            parts.append(f'<p class="kc-diff__same">{t(lang, "diff_unchanged")}: {", ".join(same)}</p>')
            same.clear()

    for c in changes:
        if c.kind == "same":
            same.append(html.escape(c.key) if c.key else t(lang, "diff_intro"))
            continue
        flush()
        label = t(lang, f"diff_kind_{c.kind}")
        parts.append(
            f'<div class="kc-diff__clause kc-diff__clause--{c.kind}"><p class="kc-diff__kind">{label}</p>'
            f"<p>{c.html}</p></div>"
        )
    flush()
    return '<div class="kc-diff">' + "\n".join(parts) + "</div>"

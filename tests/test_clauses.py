"""Lines outside fenced code (kc.content.clauses.iter_lines_outside_fences)."""

from __future__ import annotations

import random

from kc.content import clauses


def test_lines_inside_fences_are_left_out_and_the_others_keep_their_index():
    text = "## 1 Syfte\ntext\n```\n## 2 kod\n```\nefter\n~~~\n## 3 mer kod\n~~~\n## 4 Sist"
    assert list(clauses.iter_lines_outside_fences(text)) == [
        (0, "## 1 Syfte"), (1, "text"), (5, "efter"), (9, "## 4 Sist")
    ]
    # A fence closes only with its own kind; an unclosed one hides the rest.
    assert list(clauses.iter_lines_outside_fences("a\n```\n~~~\nb")) == [(0, "a")]


def test_a_text_without_fences_gives_every_line():
    text = "## 1 Syfte\r\nett `kort` ~citat~\n\nslut"
    assert list(clauses.iter_lines_outside_fences(text)) == list(enumerate(text.splitlines()))
    assert list(clauses.iter_lines_outside_fences("")) == []


def test_the_quick_way_for_texts_without_fences_agrees_with_the_look_at_each_line():
    pieces = ["a", "```", "~~~", "``", " ", "\n", "\r\n", "`", "~", "\x0c", "\u2028", "\t"]
    rng = random.Random(15)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 15)))
        assert list(clauses.iter_lines_outside_fences(text)) == list(clauses._outside_fences(text)), text

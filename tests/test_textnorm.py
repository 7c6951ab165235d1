"""Text as a reader sees it (kc.checks.textnorm): the fast token search finds exactly what the pattern's own
search finds, on random text made of the characters that matter to it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kc.checks import textnorm

# Every character some branch of the pattern starts with, continues with or stops at, and some that no
# branch reads: the random texts are made of these.
PIECES = [" ", "  ", "\t", "\n", "\r", "\r\n", "\\", "&", "#", "x", "X", "1", "9", "f", ";", "<", ">", "/",
          "!", "-", "--", "<!--", "-->", "*", "`", "~", "_", "a", "b", "i", "em", "span", "br", "=", '"',
          "å", "Ö", "é", "ü", "–", "\u00a0", "\u200b", "\u2212", "１", "٣", "ﬁ", "&amp;", "&#49;", "&#x32;",
          "&nbsp;", "<b>", "</b>", "<span class=x>", "<br/>", "@", ".", "(", ")", "\ud7ff", "\U0001f600"]


def _reference(text: str, hidden: bool):
    return [(m.start(), m.end()) for m in textnorm._SPECIAL_RE[hidden].finditer(text)]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60), st.booleans())
def test_tokens_are_the_patterns_matches(pieces, hidden):
    text = "".join(pieces)
    assert [(m.start(), m.end()) for m in textnorm._tokens(text, hidden)] == _reference(text, hidden)


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=80), st.booleans())
def test_tokens_are_the_patterns_matches_on_any_text(text, hidden):
    assert [(m.start(), m.end()) for m in textnorm._tokens(text, hidden)] == _reference(text, hidden)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60), st.sampled_from([" ", ""]), st.booleans())
def test_normalise_reads_as_before(pieces, join, hidden):
    text = "".join(pieces)
    new = textnorm.normalise(text, join, hidden)
    fast, textnorm._tokens = textnorm._tokens, lambda t, h: textnorm._SPECIAL_RE[h].finditer(t)
    try:
        old = textnorm.normalise(text, join, hidden)
    finally:
        textnorm._tokens = fast
    assert new == old
    assert [new.origin(i) for i in range(len(new.text))] == [old.origin(i) for i in range(len(old.text))]


def test_a_line_break_after_spaces_starts_at_the_first_space():
    text = "a  \t\nb  x\n"
    assert [(m.start(), m.end()) for m in textnorm._tokens(text, False)] == [(1, 5), (9, 10)]
    assert textnorm.normalise("tel  \n070", join="").text == "tel070"

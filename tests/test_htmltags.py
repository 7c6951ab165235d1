"""Raw HTML tags in Markdown: the same matches as TAG_RE, in linear time on hostile text."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kc.content.htmltags import TAG_RE, iter_tags


def spans(matches) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in matches]


@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(st.text(alphabet="<>\"' ab=x\n/", max_size=60), st.integers(0, 70), st.integers(0, 70))
def test_same_matches_as_the_regular_expression(text, pos, endpos):
    assert spans(iter_tags(text, pos, endpos)) == spans(TAG_RE.finditer(text, pos, endpos))


@pytest.mark.parametrize(
    "text",
    [
        '<a href="x">link</a> <img src=\'y.png\' alt="a > b"> <a <b> <x "',
        '<a x="<b y=\'>\' >" <c>',
        "<a '<b '<c>' >",
    ],
)
def test_examples(text):
    assert spans(iter_tags(text)) == spans(TAG_RE.finditer(text))
    assert spans(iter_tags(text))  # each example has at least one tag


@pytest.mark.parametrize("unit", ["<a ", '<a x="', "<a '", "<a x='\"", "<b\n"])
def test_unclosed_tags_take_linear_time(unit):
    """Before, 50,000 unclosed tags took minutes in kc validate (each start scanned to the end)."""
    text = "Text " + unit * 40_000 + " end."
    started = time.monotonic()
    assert list(iter_tags(text)) == []  # never closed: no tag
    assert time.monotonic() - started < 2
    short = "Text " + unit * 200 + " end."  # small enough for the regular expression's own time
    assert spans(iter_tags(short)) == spans(TAG_RE.finditer(short)) == []

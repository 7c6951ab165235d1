"""Helpers over source text: code masking and comment removal stay linear on hostile text."""

from __future__ import annotations

import re
import time

from kc.content.sources import mask_code, sub_comments

COMMENT_RE = re.compile(r"<!--.*?-->", re.S)


def test_mask_code_blanks_code_spans_only():
    text = "a `code` b ``x ` y`` c\n"
    assert mask_code(text) == "a " + " " * len("`code`") + " b " + " " * len("``x ` y``") + " c\n"


def test_a_backtick_run_inside_a_longer_run_opens_no_span():
    # CommonMark: '``' never closes a span opened by '```'; the run is literal text.
    assert mask_code("x ```a`` b\n") == "x ```a`` b\n"


def test_long_backtick_runs_take_linear_time():
    text = "Text " + "`" * 200_000 + " end.\n"
    started = time.monotonic()
    assert mask_code(text) == text
    assert time.monotonic() - started < 2


def test_sub_comments_is_the_plain_substitution():
    for text in ["a <!-- x --> b <!-- y", "<!-- a -->", "none", "<!-- <!-- --> -->", "-->"]:
        assert sub_comments(COMMENT_RE, " ", text) == COMMENT_RE.sub(" ", text)


def test_unclosed_comments_take_linear_time():
    text = "a <!-- b --> " + "<!--" * 100_000
    started = time.monotonic()
    assert sub_comments(COMMENT_RE, "", text) == "a  " + "<!--" * 100_000
    assert time.monotonic() - started < 1

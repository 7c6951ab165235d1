"""The query syntax (kc.search.operators): precedence, fields, phrases, wildcards, and a clear SearchError for
every malformed query, whatever the string."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kc.search import operators
from kc.search.errors import SearchError
from kc.search.operators import is_operator_query, message, parse


@pytest.mark.parametrize(
    ("query", "tree"),
    [
        ("a", ["word", None, "a"]),
        ("a b", ["and", [["word", None, "a"], ["word", None, "b"]]]),
        # NOT binds tightest, then AND (also between adjacent words), then OR
        ("a OR b c", ["or", [["word", None, "a"], ["and", [["word", None, "b"], ["word", None, "c"]]]]]),
        ("a AND b OR c", ["or", [["and", [["word", None, "a"], ["word", None, "b"]]], ["word", None, "c"]]]),
        ("NOT a b", ["and", [["not", ["word", None, "a"]], ["word", None, "b"]]]),
        (
            "a NOT b OR c",
            ["or", [["and", [["word", None, "a"], ["not", ["word", None, "b"]]]], ["word", None, "c"]]],
        ),
        ("(a OR b) c", ["and", [["or", [["word", None, "a"], ["word", None, "b"]]], ["word", None, "c"]]]),
        ('"skyddat boende" x', ["and", [["phrase", None, "skyddat boende"], ["word", None, "x"]]]),
        ("title:flytt", ["word", "title", "flytt"]),
        ('text:"a b"', ["phrase", "text", "a b"]),
        ("title:(a OR b)", ["or", [["word", "title", "a"], ["word", "title", "b"]]]),
        ("clause:3.* boend?t", ["and", [["word", "clause", "3.*"], ["word", None, "boend?t"]]]),
        ("and or not", ["and", [["word", None, "and"], ["word", None, "or"], ["word", None, "not"]]]),
        ("vem betalar? x", ["and", [["word", None, "vem"], ["word", None, "betalar"], ["word", None, "x"]]]),
        ("a\u0308ndra", ["word", None, "ändra"]),  # NFC, as the analysis
    ],
)
def test_parse_gives_whoosh_precedence(query, tree):
    assert parse(query) == tree


@pytest.mark.parametrize(
    ("query", "plain"),
    [
        ("vem betalar boendet", True),
        ("vem betalar boendet?", True),  # a question mark ends a question, it is no wildcard
        ("kostnader, boende.", True),
        ("a AND b", False),
        ("a OR b", False),
        ("NOT a", False),
        ('"a b"', False),
        ("(a)", False),
        ("title:a", False),
        ("boend*", False),
        ("b?ende", False),
        ('"unclosed', False),  # malformed: parse says why
        ("foo:bar", False),
    ],
)
def test_which_queries_use_the_syntax(query, plain):
    assert is_operator_query(query) is not plain


@pytest.mark.parametrize(
    ("query", "code", "args"),
    [
        ("", "empty", ()),
        ("   ", "empty", ()),
        ('"a b', "quote", ()),
        ("(a OR b", "open", ()),
        ("a (", "open", ()),
        ("a)", "close", ()),
        (")a", "close", ()),
        ("a ()", "group", ()),
        ("a AND", "operator", ("AND",)),
        ("OR a", "operator", ("OR",)),
        ("a NOT", "operator", ("NOT",)),
        ("a AND OR b", "operator", ("OR",)),
        ("author:x", "field", ("author",)),
        ("Title:x", "field", ("Title",)),  # field names are lower case
        ("title:", "value", ("title",)),
        ("title: a", "value", ("title",)),
        ("title:(text:a)", "nested", ("text",)),
        ('""', "phrase", ()),
        ('" "', "phrase", ()),
        ("*", "wildcard", ("*",)),
        ("a *?", "wildcard", ("*?",)),
    ],
)
def test_malformed_queries_name_the_problem_and_the_fix(query, code, args):
    with pytest.raises(SearchError) as exc:
        parse(query)
    assert (exc.value.code, exc.value.args_) == (code, args)
    assert str(exc.value) == message(code, args, "en")
    assert ";" in str(exc.value)  # what is wrong; how to fix it


def test_every_message_has_both_languages_and_a_fix():
    for code, (en, sv) in operators.MESSAGES.items():
        assert en != sv and ";" in en and ";" in sv, code
        assert message(code, ("x", 5), "sv") == sv.format("x", 5)


QUERY_CHARS = st.sampled_from(list('ab "()*?:\u00a0\u0308ä\tAND OR NOT title text guideline x_1.-'))


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), st.lists(QUERY_CHARS, max_size=30).map("".join)))
@example('title:("a" OR (b NOT c*)) d?')
@example("NOT (NOT (a")
def test_parsing_never_raises_anything_but_search_error(query):
    try:
        tree = parse(query)
    except SearchError as exc:
        assert exc.code in operators.MESSAGES and str(exc)
        return
    assert tree[0] in ("and", "or", "not", "word", "phrase")
    assert is_operator_query(query) or tree[0] in ("and", "word")

"""Spelling suggestions: the nearest indexed words (kc.search.spelling)."""

from __future__ import annotations

import pytest

from kc.search import analysis, spelling
from kc.search.vocab import Vocabulary


@pytest.mark.parametrize(
    ("a", "b", "d"),
    [
        ("samtycke", "samtycke", 0),
        ("samtyke", "samtycke", 1),  # a letter left out
        ("smatycke", "samtycke", 1),  # two neighbours swapped count once
        ("sekretes", "sekretess", 1),
        ("asessment", "assessment", 1),
        ("relocashun", "relocation", 3),
    ],
)
def test_distance(a, b, d):
    assert spelling.distance(a, b, 3) == d
    assert spelling.distance(b, a, 3) == d


def test_distance_beyond_the_limit_is_cut_short():
    assert spelling.distance("kommun", "polisen", 1) == 2
    assert spelling.distance("a", "abcdef", 2) == 3


def _vocab(lang, words_df):
    v = Vocabulary(lang)
    for word, df in words_df.items():
        term = analysis._stem(lang, word)
        v.df[term], v.shown[term] = df, word
    return v


def test_nearest_words_come_first_then_the_more_frequent():
    v = _vocab("sv", {"samtycke": 5, "samtal": 9, "samverkan": 20, "sekretess": 7})
    near = spelling.suggest("samtyke", analysis._stem("sv", "samtyke"), v)
    assert near == [analysis._stem("sv", "samtycke"), analysis._stem("sv", "samtal")]  # 1 edit, then 2
    v = _vocab("en", {"cost": 3, "host": 8, "post": 1})
    # All three are one edit from "cust"... but only words with the same first letter are candidates.
    assert spelling.suggest("cust", "cust", v) == ["cost"]
    v = _vocab("en", {"cast": 3, "cost": 8})
    assert spelling.suggest("cust", "cust", v) == ["cost", "cast"]  # equally near: the more frequent first


def test_no_suggestion_for_short_words_or_far_ones():
    v = _vocab("sv", {"hot": 5, "kommun": 9})
    assert spelling.suggest("ho", "ho", v) == []  # under MIN_LETTERS
    assert spelling.suggest("kxmmxnx", "kxmmxnx", v) == []  # three edits from "kommun": too far for 7 letters

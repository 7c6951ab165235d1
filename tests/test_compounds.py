"""Swedish compounds split with the index's own vocabulary (kc.search.compounds)."""

from __future__ import annotations

import pytest

from kc.search import analysis, compounds


def _stem(word):
    return analysis._stem("sv", word)


KNOWN = {
    _stem(w)
    for w in ["flytt", "kostnad", "kostnader", "boende", "hot", "bedömning", "säkerhet", "plan", "kommun"]
}
STOPS = analysis.stop_words("sv")


def split(word):
    return compounds.split(word, KNOWN.__contains__, _stem, STOPS)


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("flyttkostnad", ["flytt", "kostnad"]),
        ("boendekostnader", ["boende", "kostnader"]),
        ("hotbedömningen", ["hot", "bedömningen"]),
        ("säkerhetsplanen", ["säkerhet", "planen"]),  # the linking -s- belongs to neither word
        ("flyttboendekostnad", ["flytt", "boende", "kostnad"]),  # three words
    ],
)
def test_compound_of_indexed_words_is_split_into_their_index_terms(word, parts):
    assert split(word) == [_stem(p) for p in parts]


@pytest.mark.parametrize(
    "word",
    [
        "kostnad",  # one word, no compound
        "xyzkostnad",  # the first part is no indexed word
        "förkostnad",  # "för" is a stop word: no part of a compound
        "kostnadxy",  # the last part is too short to count
        "hot",  # too short to be a compound at all
        "",
    ],
)
def test_words_that_are_no_compound_of_indexed_words_are_not_split(word):
    assert split(word) is None


def test_the_split_with_the_longest_shorter_part_wins():
    # "planering" could be "plan" + "ering" if "ering" were a word: the longer shorter part decides.
    known = {_stem(w) for w in ["plan", "ering", "planer", "ing"]}
    assert compounds.split("planering", known.__contains__, _stem, STOPS) == [_stem("plan"), _stem("ering")]


def partial(word):
    return compounds.partial(word, KNOWN.__contains__, _stem, STOPS)


@pytest.mark.parametrize(
    ("word", "part"),
    [
        ("nödkommun", "kommun"),
        ("akutboende", "boende"),  # the head, which names what the compound is
        ("flyttbidrag", "flytt"),  # the head is unknown: the first part
        ("säkerhetsrutiner", "säkerhet"),  # the first part with its linking -s-
        ("planxy", None),  # "plan" is known, but the rest has fewer than 3 letters: an ending, not a word
        ("hotbild", None),  # too short for the head and the first part alike ("hot" has 3 letters)
        ("xyzzyqwerty", None),
    ],
)
def test_a_compound_with_one_known_part_matches_that_part(word, part):
    assert partial(word) == (_stem(part) if part else None)


def test_a_partial_compound_prefers_the_longest_head_and_never_a_stop_word():
    known = {_stem(w) for w in ["boende", "ende", "skyddat", "och"]}
    assert compounds.partial("jourboende", known.__contains__, _stem, STOPS) == _stem("boende")
    assert compounds.partial("skyddatoch", known.__contains__, _stem, STOPS) == _stem("skyddat")

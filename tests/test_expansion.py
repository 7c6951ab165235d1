"""Plain queries as units: synonyms, indexed words, prefixes, compounds and spelling
(kc.search.expansion), in both languages, on the search fixture's vocabulary and synonyms."""

from __future__ import annotations

import pytest

from kc.content.model import Project
from kc.search import analysis, expansion, synonyms, vocab
from kc.search import index as search


@pytest.fixture(scope="module")
def fixture(tmp_path_factory):
    from conftest import copy_site

    project = Project.load(copy_site("search", tmp_path_factory.mktemp("exp") / "root"))
    return {
        lang: (vocab.build(lang, search.documents(project, lang)), synonyms.table(project, lang))
        for lang in ("sv", "en")
    }


def expand(fixture, lang, query):
    v, syns = fixture[lang]
    return expansion.expand(query, lang, v, syns)


def sv(word):
    return analysis._stem("sv", word)


def test_a_word_of_the_texts_matches_itself(fixture):
    ex = expand(fixture, "sv", "Omplaceringar")
    assert ex.as_json() == {
        "units": [["word", "omplaceringar", [[[sv("omplacering")]]]]],
        "also": [],
        "suggestion": None,
    }


def test_a_synonym_reads_as_the_readers_words_or_as_the_term(fixture):
    ex = expand(fixture, "sv", "jourlägenheten")  # not in the texts: only the term's reading is left
    assert ex.units[0].kind == "synonym"
    assert ex.units[0].readings == [[[sv("skyddat")], [sv("boende")]]]
    assert ex.also == ["skyddat boende"]
    ex = expand(fixture, "en", "safe house municipality")
    assert [u.kind for u in ex.units] == ["synonym", "word"]
    assert ex.units[0].words == ["safe", "house"] and ex.also == ["protected housing"]
    # "house" is a word of the texts ("housing" has the same stem): both readings are there.
    assert len(ex.units[0].readings) == 2


def test_an_unknown_word_matches_the_terms_it_begins(fixture):
    ex = expand(fixture, "sv", "omplace")
    assert [(u.kind, u.readings) for u in ex.units] == [("prefix", [[[sv("omplacering")]]])]
    assert "prefix" not in [u.kind for u in expand(fixture, "sv", "omp").units]  # too short to be a prefix


def test_a_compound_of_indexed_words_has_one_part_per_word(fixture):
    ex = expand(fixture, "sv", "omplaceringsavtal")
    assert [(u.kind, u.readings) for u in ex.units] == [("compound", [[[sv("omplacering")], [sv("avtal")]]])]


def test_a_misspelt_word_matches_and_suggests_the_nearest_indexed_word(fixture):
    ex = expand(fixture, "sv", "samtyke kommunen")
    assert ex.units[0].kind == "spelling" and ex.units[0].readings == [[[sv("samtycke")]]]
    assert ex.suggestion == "samtycke kommunen"
    ex = expand(fixture, "en", "relocatoin")
    # relocation and relocated share a stem: the suggestion is the form the texts use most.
    assert ex.units[0].readings == [[[analysis._stem("en", "relocation")]]]
    assert ex.suggestion in ("relocation", "relocated")


def test_words_that_match_nothing_and_stop_words_are_left_out(fixture):
    assert expand(fixture, "sv", "och xqzzyvw").as_json() == {"units": [], "also": [], "suggestion": None}


def test_swedish_words_also_match_the_compounds_they_end():
    v = vocab.Vocabulary("sv")
    for word in ["kostnader", "flyttkostnader", "flytt", "xyzkostnader"]:
        v.df[sv(word)], v.shown[sv(word)] = 1, word
    ex = expansion.expand("kostnader", "sv", v, [])
    assert ex.units[0].readings == [[[sv("kostnader"), sv("flyttkostnader")]]]  # not xyz-: no word
    assert expansion.expand("kostnader", "en", v, []).units[0].readings == [[[sv("kostnader")]]]


def test_a_long_query_keeps_at_most_max_parts():
    v = vocab.Vocabulary("en")
    words = [f"w{chr(97 + i)}{chr(97 + j)}" for i in range(6) for j in range(6)]
    for w in words:
        v.df[analysis._stem("en", w)], v.shown[analysis._stem("en", w)] = 1, w
    assert len(expansion.expand(" ".join(words), "en", v, []).units) == expansion.MAX_PARTS


def test_a_compound_with_one_known_part_matches_it_after_spelling_in_swedish_only(fixture):
    v, _ = fixture["sv"]
    assert sv("omplacering") in v and sv("nödomplaceringen") not in v
    ex = expand(fixture, "sv", "nödomplaceringen")  # the head is known, the rest is no word of the texts
    assert [(u.kind, u.readings) for u in ex.units] == [("part", [[[sv("omplaceringen")]]])]
    assert ex.suggestion is None and ex.also == []  # nothing to tell the reader: the word is matched as typed
    assert expand(fixture, "en", "xqzrelocation").units == []  # English words are not split

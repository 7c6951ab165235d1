"""What a query with operators matches and how it is ranked in `kc search` (kc.search.opsearch), on the
search fixture: fields, phrases, wildcards, NOT, and kc.search.ranking's order over the positive words."""

from __future__ import annotations

import pytest

from kc.cli import main
from kc.content.model import Project
from kc.search import index as search
from kc.search import opsearch, ranking
from kc.search.errors import SearchError
from kc.search.expansion import Unit


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    from conftest import copy_site

    p = Project.load(copy_site("search", tmp_path_factory.mktemp("ops") / "root"))
    search.build_index(p)
    return p


def found(project, query, lang="sv", **kw):
    return [f"{h.guideline} {h.clause}".strip() for h in search.search(project, query, lang, limit=100, **kw)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("title:syfte", {"HO 1", "SC 1"}),  # a heading's word is in the title, not in the text
        ("text:syfte", set()),
        ("text:rektorn", {"SC 1.1"}),
        ("title:rektorn", set()),
        ("ho", {"HO 1", "HO 1.1", "HO 1.2", "HO", "SC 1.1"}),  # the id of each clause, and "Se HO 1."
        ("guideline:ho", {"HO 1", "HO 1.1", "HO 1.2", "HO"}),  # whole value, any case
        ("guideline:?o", {"HO 1", "HO 1.1", "HO 1.2", "HO"}),
        ("guideline:H", set()),
        ("clause:1.*", {"HO 1.1", "HO 1.2", "SC 1.1"}),
        ("clause:1", {"HO 1", "SC 1"}),
        ("version:2.0 AND status:adopted AND skyddat", {"HO 1.2"}),
        ("status:ADOPTED NOT clause:1*", {"HO"}),
        ("topic:responsibilities AND (eleven OR rektorn)", {"SC 1", "SC 1.1", "SC 2"}),
        ("audience:schools", {"SC 1", "SC 1.1", "SC 2"}),
        ("audience:hous*", {"HO 1", "HO 1.1", "HO 1.2", "HO"}),
        ('audience:"hous*"', set()),  # a quoted value is compared as it is
        ("OMPLACER*", {"HO 1.2"}),
        ("omplacer?ng", {"HO 1.2"}),
        ("omplac?ring", {"HO 1.2"}),
        ("omplac?ing", set()),  # ? is one letter
        ("NOT kommunen", {"HO 1.1", "HO", "SC 1", "SC 1.1", "SC 2"}),
        ("NOT (kommunen OR skolan) AND guideline:SC", {"SC 1.1"}),
        ('"skyddat boende"', {"HO 1.2"}),
        ('"boende skyddat"', set()),
        ('text:"en annan kommun"', {"HO 1.2"}),  # stop words are skipped, as the index skips them
        ('title:"annan kommun"', set()),
        ("och AND skyddat", {"HO 1.2"}),  # a stop word drops out
    ],
)
def test_what_each_kind_of_node_matches(project, query, expected):
    assert set(found(project, query)) == expected


def test_archived_versions_match_by_their_own_values(project):
    hits = search.search(project, "version:1.0 AND boende", "sv", all_versions=True)
    assert {(h.guideline, h.version, h.current) for h in hits} == {("HO", "1.0", False)}
    assert found(project, "version:1.0 AND guideline:HO") == []  # the current versions only, by default


def test_words_rank_first_then_the_documents_matched_by_a_value_alone(project):
    hits = search.search(project, "skyddat OR guideline:SC", "sv")
    assert [f"{h.guideline} {h.clause}" for h in hits] == ["HO 1.2", "SC 1", "SC 1.1", "SC 2"]
    assert hits[0].score > 1 and [h.score for h in hits[1:]] == [0.001] * 3  # the current versions' bonus


def test_ranking_is_the_plain_rankings_over_the_positive_words(project):
    """Hits of '(boende OR rektorn) NOT omplacering' come in the order and with the scores ranking.ranked
    gives the units of 'boende' and 'rektorn', less the clause with the negated word."""
    with search.indexstore.reading(search.default_dir(project)) as generation:
        folder = generation / "sv-current"
        s = search._searcher(folder)
        units = [Unit("word", ["boende"], [[["boend"]]]), Unit("word", ["rektorn"], [[["rektorn"]]])]
        expected = [
            (d, score) for d, score in ranking.ranked(s, folder, units, 100)
            if s.stored_fields(d)["heading"] != "Omplacering"
        ]
        got, terms = opsearch.search(s, folder, "(boende OR rektorn) NOT omplacering", "sv", 100)
    assert len(expected) >= 3 and got == expected and terms == {"boend", "rektorn"}


def test_all_clauses_with_every_word_come_first(project):
    ranked = found(project, "skyddat OR boende")
    assert ranked[0] == "HO 1.2"  # the only one with both


def test_a_wildcard_with_too_many_words_is_an_error(project, monkeypatch):
    monkeypatch.setattr(opsearch, "MAX_WILDCARD_TERMS", 2)
    with pytest.raises(SearchError, match="'s\\*' matches more than 2 words; give more letters"):
        search.search(project, "s*", "sv")


def test_only_stop_words_is_an_error(project):
    with pytest.raises(SearchError, match="no words to search for"):
        search.search(project, "och OR att", "sv")
    with pytest.raises(SearchError, match="no words to search for"):
        search.search(project, "NOT och", "sv")


@pytest.mark.parametrize("query", ["title:(rektorn", "x AND", "author:me", '"open'])
def test_kc_search_reports_a_malformed_query_without_traceback(project, capsys, query):
    assert main(["--root", str(project.root), "search", query]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kc: error: ") and "Traceback" not in err and ";" in err


def test_glob_and_contains():
    assert opsearch.glob("Bo*d?").fullmatch("boendx")
    assert not opsearch.glob("a.b").fullmatch("axb")  # only * and ? are special
    assert opsearch.contains(["a", "b", "c"], ["b", "c"])
    assert not opsearch.contains(["a", "b", "c"], ["c", "b"])

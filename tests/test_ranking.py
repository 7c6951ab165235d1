"""The graceful ranking of plain queries in `kc search` (kc.search.ranking through kc.search.index): all
words first, then most words; operators keep their meaning."""

from __future__ import annotations

import pytest

from kc.cli import main
from kc.content.model import Project
from kc.search import index as search
from kc.search import ranking
from kc.search.expansion import Unit


@pytest.fixture
def project(site_copy):
    p = Project.load(site_copy("search"))
    search.build_index(p)
    return p


def cites(hits):
    return [f"{h.guideline} {h.clause}".strip() for h in hits]


def test_share_coord_and_length_floor():
    u = Unit("compound", ["flyttkostnad"], [[["flytt"], ["kostnad"]]])
    assert ranking.share(u, {"flytt"}.__contains__) == 0.5
    two = Unit("synonym", ["x"], [[["a"]], [["b"], ["c"]]])
    assert ranking.share(two, {"b"}.__contains__) == 0.5 and ranking.share(two, {"a"}.__contains__) == 1
    assert ranking.coord(1, 4) == 0.25 and ranking.coord(0, 0) == 0
    assert ranking.bm25_length(3) == ranking.MIN_LENGTH and ranking.bm25_length(500) == 500


def test_clauses_with_every_word_come_first_then_those_with_some(project):
    hits = search.search(project, "omplacering skolbyte", "sv")
    # No clause has both words: both clauses come, instead of no hits.
    assert set(cites(hits)[:2]) == {"HO 1.2", "SC 2"}
    hits = search.search(project, "boende kommunen", "sv")
    both = [h for h in hits if "boende" in h.snippet.lower() and "kommun" in h.snippet.lower()]
    assert hits[: len(both)] == both  # every clause with both words ranks above those with one


def test_no_hits_only_when_no_word_is_in_the_index(project):
    assert search.search(project, "xqzzyvw", "sv") == []
    assert cites(search.search(project, "xqzzyvw omplacering", "sv")) == ["HO 1.2"]
    with pytest.raises(search.SearchError, match="only stop words"):
        search.search(project, "och att", "sv")


def test_operators_keep_their_meaning(project):
    assert search.search(project, "omplacering AND skolbyte", "sv") == []
    assert set(cites(search.search(project, "omplacering OR skolbyte", "sv"))) == {"HO 1.2", "SC 2"}
    assert "HO 1.2" not in cites(search.search(project, "kommun NOT omplacering", "sv"))
    assert cites(search.search(project, '"skyddat boende"', "sv")) == ["HO 1.2"]
    assert search.search(project, "jourlägenhet OR xqzzyvw", "sv") == []  # exact: no synonyms


def test_synonyms_compounds_and_spelling_in_kc_search(project):
    hits = search.search(project, "jourlägenhet", "sv")
    assert cites(hits)[:1] == ["HO 1.2"] and hits.also == ["skyddat boende"]
    assert cites(search.search(project, "omplaceringsavtal", "sv")) == ["HO 1.2"]
    hits = search.search(project, "samtyke", "sv")
    assert cites(hits) == ["SC 2"] and hits.suggestion == "samtycke"
    hits = search.search(project, "shelter", "en")
    assert cites(hits)[:1] == ["HO 1.2"] and hits.also == ["protected housing"]


def test_kc_search_prints_the_also_and_did_you_mean_lines(project, capsys):
    assert main(["--root", str(project.root), "search", "jourlägenhet"]) == 0
    assert capsys.readouterr().out.startswith("Visar även träffar för skyddat boende\n")
    assert main(["--root", str(project.root), "search", "--lang", "en", "relocatoin"]) == 0
    # relocation and relocated have one stem; the fixture's texts use "relocated" most, so it is shown.
    assert capsys.readouterr().out.startswith("Did you mean: relocated?\n")
    assert main(["--root", str(project.root), "search", "--json", "samtyke"]) == 0
    out = capsys.readouterr()
    assert out.err.strip() == "Menade du: samtycke?" and out.out.startswith("[")


def test_a_document_section_weighs_half_a_guideline_clause(tmp_path):
    from pathlib import Path

    project = Project.load(Path(__file__).resolve().parent.parent)  # the real texts: they have documents
    search.build_index(project, tmp_path / "index")
    hits = search.search(project, "flytt bostad kostnad", "sv", limit=20, folder=tmp_path / "index")
    docs = [h for h in hits if h.kind == "document"]
    assert docs and hits[0].kind == "guideline"
    # The agreement template's costs section: half its BM25, so the clauses on the costs come before it.
    costs = next(h for h in docs if h.heading.endswith("Kostnader"))
    assert "RL 5.4" in cites(hits[: hits.index(costs)])


def test_expand_query_reads_the_current_index(site_copy):
    p = Project.load(site_copy("search"))
    with pytest.raises(search.SearchError, match="no search index yet"):
        search.expand_query(p, "jourlägenhet", "sv")
    search.build_index(p)
    ex = search.expand_query(p, "jourlägenhet", "sv")
    assert ex.units and ex.also

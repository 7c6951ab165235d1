"""The relevance benchmark: its measures and the team's query set (kc.search.relevance)."""

from __future__ import annotations

import pytest

from conftest import ROOT
from kc.content.model import Project
from kc.search import index as search
from kc.search import relevance


def test_recall_at_3_and_mrr():
    queries = [
        {"q": "a", "expect": ["RL 1"]},
        {"q": "b", "expect": ["RS 2", "RS 3"]},
        {"q": "c", "expect": ["PO 1"]},
    ]
    ranked = [["RL 1", "X"], ["X", "Y", "Z", "RS 3"], []]
    r = relevance.measure(ranked, queries)
    assert r["queries"] == 3
    assert r["recall@3"] == pytest.approx(1 / 3)  # only the first is in the first three
    assert r["mrr"] == pytest.approx((1 + 1 / 4 + 0) / 3)  # the second counts at rank 4 for MRR
    assert [m["q"] for m in r["missed"]] == ["b", "c"]
    with pytest.raises(ValueError):  # a ranking per query, no more, no less
        relevance.measure(ranked[:2], queries)


def test_a_bare_guideline_id_accepts_any_of_its_clauses_and_guideline_recall_counts_guidelines():
    queries = [
        {"q": "a", "expect": ["RL"]},  # any clause of RL
        {"q": "b", "expect": ["RS 2"]},
        {"q": "c", "expect": ["PO 1"]},
    ]
    ranked = [["PO 1", "RL 5.4"], ["RS 3", "PO 1", "X"], ["MALL-PO-1 2", "RL 1"]]
    r = relevance.measure(ranked, queries)
    assert r["recall@3"] == pytest.approx(1 / 3)  # only "a": RS 3 is not RS 2, MALL-PO-1 is no clause of PO
    assert r["guideline_recall@3"] == pytest.approx(2 / 3)  # "a" and "b" (RS); a document is no guideline
    assert r["mrr"] == pytest.approx((1 / 2) / 3)


@pytest.mark.parametrize("path", [relevance.QUERIES, relevance.HELDOUT], ids=["team", "heldout"])
def test_the_query_set_has_40_queries_per_language_of_every_kind_and_real_clauses(path):
    qs = relevance.load_queries(path)
    project = Project.load(ROOT)
    for lang in ("sv", "en"):
        assert len(qs[lang]) >= 40
        assert {"everyday", "synonym", "misspelling", "question"} <= {q["kind"] for q in qs[lang]}
        cites = {f"{d.guideline} {d.clause}".strip() for d in search.documents(project, lang) if d.current}
        cites |= {g.id for g in project.records}  # a bare guideline id
        for q in qs[lang]:
            assert q["expect"] and set(q["expect"]) <= cites, q  # every expected clause exists
    assert "compound" in {q["kind"] for q in qs["sv"]}


def test_kc_search_finds_an_expected_clause_in_the_first_three_for_95_percent_of_both_sets():
    # The target of issue 11, on the team's set and on the held-out set written before tuning; the search
    # box is held to the same ranking by tests/test_query_browser.py.
    res = relevance.run(None, browser=False)
    for lang in ("sv", "en"):
        for name, r in (("team", res[lang]["kc_search"]), ("heldout", res[lang]["heldout"]["kc_search"])):
            assert r["queries"] >= 40
            assert r["recall@3"] >= 0.95, (lang, name, r["missed"])
            assert r["guideline_recall@3"] >= r["recall@3"]


def test_bench_rows_report_the_team_set_and_the_held_out_set_apart():
    r = {"recall@3": 1.0, "mrr": 0.5, "guideline_recall@3": 1.0}
    held = {"recall@3": 0.9, "mrr": 0.25, "guideline_recall@3": 0.95}
    rows = relevance.rows({"sv": {"kc_search": r, "heldout": {"kc_search": held, "material": held}}})
    assert ("relevance sv, kc search: recall@3 / MRR", "1.00 / 0.50", "target recall@3 >= 0.95") in rows
    assert (
        "relevance held-out sv, kc search: recall@3 / MRR / guideline recall@3",
        "0.90 / 0.25 / 0.95",
        "target recall@3 >= 0.95",
    ) in rows
    assert rows[-1][0].startswith("relevance held-out sv, Material") and rows[-1][2] == ""
    assert len(rows) == 3

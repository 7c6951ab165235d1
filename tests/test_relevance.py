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


def test_the_query_set_has_40_queries_per_language_of_every_kind_and_real_clauses():
    qs = relevance.load_queries()
    project = Project.load(ROOT)
    for lang in ("sv", "en"):
        assert len(qs[lang]) >= 40
        assert {"everyday", "synonym", "misspelling", "question"} <= {q["kind"] for q in qs[lang]}
        cites = {f"{d.guideline} {d.clause}".strip() for d in search.documents(project, lang) if d.current}
        for q in qs[lang]:
            assert q["expect"] and set(q["expect"]) <= cites, q  # every expected clause exists
    assert "compound" in {q["kind"] for q in qs["sv"]}

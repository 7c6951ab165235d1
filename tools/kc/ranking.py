"""Ranking that degrades gracefully, for plain queries (no operators) in `kc search`.

The query is a list of units (kc.expansion): each reader's word, or synonym phrase, with its readings and
their parts. Documents that match every unit come first, by BM25 (each matching term once); then those that
match some, by BM25 × m / n, m the sum of the shares of the units they match (kc.ranking.share) and n the
number of units, so a clause with more of the reader's words ranks higher, and the search has no hits only
when no unit matches anything. The browser (tools/kc/assets/kc/search.js)
orders its hits by the same rule. The data the expansion needs (vocabulary, synonyms) is written beside the
Whoosh index by `write_data`, so a query reads neither the texts nor the glossary.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from . import synonyms, vocab
from .expansion import Expanded, Unit, expand

FIELDS = ("title", "text")
POOL = 5  # documents matching some units are drawn from the POOL × limit best by plain BM25


def coord(matched: int, total: int) -> float:
    """The share of the query's units a document matches: the factor on its BM25 score."""
    return matched / total if total else 0.0


def write_data(folder: Path, project, lang: str, docs) -> None:
    """The vocabulary of the current `docs` and the synonyms of `lang`, for `expanded`."""
    data = {
        "vocab": vocab.as_json(vocab.build(lang, docs)),
        "synonyms": [
            [list(s.words), s.term, [list(p) for p in s.target]] for s in synonyms.table(project, lang)
        ],
    }
    (folder / f"query-{lang}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@lru_cache(maxsize=8)
def _data(path: str, mtime: float):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    syns = [synonyms.Synonym(tuple(w), term, tuple(map(tuple, t)), "", 0) for w, term, t in data["synonyms"]]
    return vocab.from_json(data["vocab"]), syns


def expanded(folder: Path, query: str, lang: str) -> Expanded:
    """The units of a plain `query` with the vocabulary and synonyms stored in `folder`."""
    path = Path(folder) / f"query-{lang}.json"
    v, syns = _data(str(path), path.stat().st_mtime)
    return expand(query, lang, v, syns)


def _terms_query(terms):
    from whoosh import query as q

    return q.Or([q.Term(f, t) for t in terms for f in FIELDS])


def _unit_query(u: Unit):
    from whoosh import query as q

    return q.Or([q.And([_terms_query(part) for part in reading]) for reading in u.readings])


def share(u: Unit, has) -> float:
    """How much of unit `u` a document matches: the share of the parts of its best reading it has."""
    return max(sum(1 for part in r if any(has(t) for t in part)) / len(r) for r in u.readings)


def ranked(searcher, units: list[Unit], limit: int, filter=None) -> list[tuple[object, float]]:
    """(Whoosh hit, score) of the best `limit` documents: those matching every unit first, by BM25; then the
    others by BM25 × m / n, m the sum of the units' shares (`share`) and n the number of units."""
    from whoosh import query as q

    unique = sorted({t for u in units for r in u.readings for part in r for t in part})
    pool = POOL * limit
    every = q.And([_unit_query(u) for u in units])
    full = {hit.docnum for hit in searcher.search(every, limit=pool, filter=filter)}
    # Each term's BM25 counts once per document, however many units it serves (as in the browser).
    some = searcher.search(_terms_query(unique), limit=pool + len(full), filter=filter, terms=True)
    scored = []
    for hit in some:
        matched = {t for _, t in hit.matched_terms()}
        m = sum(share(u, lambda t, matched=matched: t.encode() in matched) for u in units)
        whole = hit.docnum in full or m == len(units)
        score = hit.score if whole else hit.score * coord(m, len(units))
        scored.append((0 if whole else 1, -score, hit.docnum, hit))
    scored.sort(key=lambda r: r[:3])
    return [(hit, -neg) for _, neg, _, hit in scored[:limit]]

"""Ranking that degrades gracefully, for plain queries (no operators) in `kc search`.

The query is a list of units (kc.expansion): each reader's word, or synonym phrase, with the index terms
any of which matches it. Documents that match every unit come first, by BM25; then those that match some,
by BM25 × m / n (m of the n units matched), so a clause with more of the reader's words ranks higher, and
the search has no hits only when no unit matches anything. The browser (tools/kc/assets/kc/search.js)
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
        "synonyms": [[list(s.words), s.term, list(s.targets)] for s in synonyms.table(project, lang)],
    }
    (folder / f"query-{lang}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@lru_cache(maxsize=8)
def _data(path: str, mtime: float):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    syns = [synonyms.Synonym(tuple(w), term, tuple(t), "", 0) for w, term, t in data["synonyms"]]
    return vocab.from_json(data["vocab"]), syns


def expanded(folder: Path, query: str, lang: str) -> Expanded:
    """The units of a plain `query` with the vocabulary and synonyms stored in `folder`."""
    path = Path(folder) / f"query-{lang}.json"
    v, syns = _data(str(path), path.stat().st_mtime)
    return expand(query, lang, v, syns)


def _unit_query(u: Unit):
    from whoosh import query as q

    return q.Or([q.Term(f, t) for t in u.terms for f in FIELDS])


def ranked(searcher, units: list[Unit], limit: int, filter=None) -> list[tuple[object, float]]:
    """(Whoosh hit, score) of the best `limit` documents: all units matched first, then by BM25 × m / n."""
    from whoosh import query as q

    words = [_unit_query(u) for u in units]
    full = searcher.search(q.And(words), limit=limit, filter=filter)
    out = [(hit, hit.score) for hit in full]
    if len(out) >= limit or len(units) < 2:
        return out[:limit]
    seen = {hit.docnum for hit, _ in out}
    some = searcher.search(q.Or(words), limit=POOL * limit + len(seen), filter=filter, terms=True)
    rest = []
    for hit in some:
        if hit.docnum in seen:
            continue
        matched = {(f, t) for f, t in hit.matched_terms()}
        m = sum(1 for u in units if any((f, t.encode()) in matched for t in u.terms for f in FIELDS))
        rest.append((hit, hit.score * coord(m, len(units)), hit.docnum))
    rest.sort(key=lambda r: (-r[1], r[2]))
    return out + [(hit, score) for hit, score, _ in rest][: limit - len(out)]

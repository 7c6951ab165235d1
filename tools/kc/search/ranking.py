"""Ranking that degrades gracefully, for plain queries (no operators) in `kc search`.

The query is a list of units (kc.search.expansion): each reader's word, or synonym phrase, with its readings
and their parts. Documents that match every unit come first, by BM25 (each matching term once); then those
that match some, by BM25 × m / n, m the sum of the shares of the units they match (`share`) and n the number
of units, so a clause with more of the reader's words ranks higher, and the search has no hits only when no
unit matches anything. The browser (tools/kc/assets/kc/searchindex.js) orders its hits by the same rule.
The data the expansion needs (vocabulary, synonyms) is written beside the Whoosh index, into the same
generation (kc.search.indexstore), by `write_data`, so a query reads neither the texts nor the glossary.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from kc.search import analysis, synonyms, vocab
from kc.search.expansion import Expanded, Unit, expand

FIELDS = ("title", "text")
TITLE_WEIGHT = 3  # as kc.search.browserindex: title, id, clause and heading words weigh 3
MIN_LENGTH = 50
# A section of a document (template, checklist) scores this share of a guideline clause's score: the
# guidelines are what readers come for, and a template repeats the words of the clauses it serves (the
# relocation agreement lists the costs that the guideline sets out), so it must not push them down.
DOCUMENT_WEIGHT = 0.5


def bm25_length(n: int) -> int:
    """The length BM25 gives a document of `n` weighted words: at least MIN_LENGTH, so that a bare heading
    (a chapter with no text of its own) does not outrank the clauses under it for being short."""
    return max(n, MIN_LENGTH)


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


def share(u: Unit, has) -> float:
    """How much of unit `u` a document matches: the share of the parts of its best reading it has."""
    return max(sum(1 for part in r if any(has(t) for t in part)) / len(r) for r in u.readings)


def write_lengths(folder: Path, lang: str, docs, known: dict | None = None) -> None:
    """Per document of a Whoosh index (in its order): the length BM25 uses (as kc.search.browserindex: text
    words, TITLE_WEIGHT × clause, heading and title words and the id), whether it is current, its
    guideline. Whoosh keeps field lengths only approximately (one byte), so the browser's ranking needs them
    exactly here."""
    rows, known = [], {} if known is None else known  # `known`: lengths already computed, by document
    for d in docs:
        if id(d) not in known:
            n = len(analysis.analyze(lang, d.text)) + TITLE_WEIGHT * len(
                analysis.analyze(lang, f"{d.clause} {d.heading}")
            )
            known[id(d)] = bm25_length(n + TITLE_WEIGHT * (len(analysis.analyze(lang, d.title)) + 1))
        rows.append([known[id(d)], 1 if d.current else 0, d.guideline, 1 if d.kind else 0])
    (folder / "kc-lengths.json").write_text(json.dumps(rows), encoding="utf-8")


class _Stats:
    """What BM25 needs of one index folder, read once: lengths, current documents, guidelines' documents."""

    def __init__(self, folder: str):
        rows = json.loads((Path(folder) / "kc-lengths.json").read_text(encoding="utf-8"))
        self.n = len(rows)
        self.lens = [r[0] for r in rows]
        self.current = {i for i, r in enumerate(rows) if r[1]}
        self.document = {i for i, r in enumerate(rows) if len(r) > 3 and r[3]}  # templates, checklists
        self.guideline: dict[str, list[int]] = {}
        for i, r in enumerate(rows):
            self.guideline.setdefault(r[2].lower(), []).append(i)
        self.avg = sum(self.lens) / self.n if self.n else 1.0


@lru_cache(maxsize=8)
def _stats(folder: str, mtime: float) -> _Stats:
    return _Stats(folder)


def _postings(searcher, field: str, term: str):
    """(document, stored weight) pairs of a term, a block at a time where Whoosh's codec allows it (a Python
    loop per posting would take most of a query's time on a large index)."""
    m = searcher.postings(field, term)
    if hasattr(m, "_read_ids") and hasattr(m, "_next_block"):
        while m.is_active():
            if m._ids is None:
                m._read_ids()
            if m._weights is None:
                m._read_weights()
            yield from zip(m._ids, m._weights, strict=True)
            m._next_block()
        return
    while m.is_active():
        yield m.id(), m.weight()
        m.next()


_CACHE: dict[tuple, dict[int, float]] = {}
CACHE_TERMS = 256  # as the browser, which keeps the postings it has decoded


def forget() -> None:
    """Drop the postings kept from the searchers of an index that has been rebuilt."""
    _CACHE.clear()


def _weights(searcher, st: _Stats, term: str) -> dict[int, float]:
    key = (id(searcher), term)
    if key not in _CACHE:
        if len(_CACHE) >= CACHE_TERMS:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = _term_weights(searcher, st, term)
    return _CACHE[key]


def _term_weights(searcher, st: _Stats, term: str) -> dict[int, float]:
    """The weight of `term` in each document that has it: text + TITLE_WEIGHT × (title, clause, heading)."""
    reader, out = searcher.reader(), {}
    for field, factor in (("text", 1), ("title", TITLE_WEIGHT)):
        if (field, term) in reader:
            # Whoosh stores weights times the field's boost (kc.search.index.schema): the count is
            # weight / boost.
            boost = searcher.schema[field].format.field_boost
            for d, w in _postings(searcher, field, term):
                out[d] = out.get(d, 0) + factor * round(w / boost)
    for d in st.guideline.get(term, ()):
        out[d] = out.get(d, 0) + TITLE_WEIGHT
    return out


def ranked(searcher, folder: Path, units: list[Unit], limit: int, allowed=None) -> list[tuple[int, float]]:
    """(document number, score) of the best `limit` documents (`allowed`: a filter's set, or None), ranked
    as the browser ranks them: BM25 (k1 1.2, b 0.75, each query term once; weights as kc.search.browserindex),
    documents matching every unit first, the others by BM25 × m / n (m the sum of their shares, `share`)."""
    path = Path(folder) / "kc-lengths.json"
    st = _stats(str(folder), path.stat().st_mtime)
    # One bit per part of every reading; a term sets the bits of the parts it serves. A document's share of
    # the units follows from its bits alone, so it is computed once per distinct set of bits.
    bits: dict[str, int] = {}
    readings: list[list[int]] = []
    bit = 0
    for u in units:
        masks = []
        for r in u.readings:
            mask = 0
            for part in r:
                for t in part:
                    bits[t] = bits.get(t, 0) | (1 << bit)
                mask |= 1 << bit
                bit += 1
            masks.append(mask)
        readings.append(masks)
    score: dict[int, float] = {}
    has: dict[int, int] = {}
    for t in sorted(bits):
        weights = _weights(searcher, st, t)
        df = len(weights)
        idf = math.log(1 + (st.n - df + 0.5) / (df + 0.5))
        for d, f in weights.items():
            score[d] = score.get(d, 0.0) + idf * f * 2.2 / (f + 1.2 * (0.25 + 0.75 * st.lens[d] / st.avg))
            has[d] = has.get(d, 0) | bits[t]
    shares: dict[int, float] = {}
    n = len(units)
    out = []
    for d, bm25 in score.items():
        if allowed is not None and d not in allowed:
            continue
        mask = has[d]
        if mask not in shares:
            shares[mask] = sum(
                max((mask & rm).bit_count() / rm.bit_count() for rm in masks) for masks in readings
            )
        m = shares[mask]
        whole = m == n
        value = (bm25 if whole else bm25 * coord(m, n)) * (DOCUMENT_WEIGHT if d in st.document else 1.0)
        value += 0.001 if d in st.current else 0.0
        out.append((0 if whole else 1, -value, d))
    out.sort()
    return [(d, -neg) for _, neg, d in out[:limit]]

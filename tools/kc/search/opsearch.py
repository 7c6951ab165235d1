"""What a query with operators (kc.search.operators) matches, and in what order, in `kc search`.

The meaning of each node of the tree, the same in tools/kc/assets/kc/operators.js over the browser's index:
- a word analyses to index terms (kc.search.analysis); a document matches it when it has every one of them
  in the field: title (the guideline's title, the clause number and the heading), text, or, with no field,
  either of them or the guideline's id. A word that is only stop words drops out of the query.
- a word with wildcards matches the index terms of the field it fits as a whole (* any letters, ? one);
  a document matches when it has any of them. More than MAX_WILDCARD_TERMS is an error.
- a "phrase" matches a document whose title or text (or the field given) has its terms next to each other,
  in order, as the analysis reads the text (stop words skipped, as the index skips them).
- guideline, clause, version, status, topic, audience compare the whole value, case-insensitively,
  wildcards allowed (guideline:RL, clause:3.*, status:consultation); a quoted value has no wildcards.
- NOT x: every document searched but those of x; AND: those of every item; OR: those of any item.
The matching documents are ranked by kc.search.ranking's formula over the query's positive words (those not
under a NOT), each word or phrase one unit (the first MAX_PARTS parts, as for plain queries); documents
that match by a field value alone come after them, current versions first.
"""

from __future__ import annotations

import re
from pathlib import Path

from kc.search import analysis, ranking
from kc.search.analysis import nfc
from kc.search.expansion import MAX_PARTS, Unit
from kc.search.operators import MAX_WILDCARD_TERMS, VALUE_FIELDS, fail, has_wildcard, parse


def glob(pattern: str) -> re.Pattern:
    """The pattern with * (any characters) and ? (one character), matched as a whole, case-insensitively."""
    src = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in nfc(pattern).lower())
    return re.compile(src, re.S)


def contains(seq: list[str], part: list[str]) -> bool:
    """Whether `part` occurs in `seq` as consecutive items."""
    n = len(part)
    return any(seq[i : i + n] == part for i in range(len(seq) - n + 1))


class Matches:
    """The documents of a node and the units it adds to the ranking."""

    def __init__(self, docs: set[int], units: list[Unit]):
        self.docs, self.units = docs, units


def evaluate(tree: list, ix) -> Matches | None:
    """The documents `tree` matches in `ix` (an adapter such as `WhooshDocs`); None when it has no words."""
    kind = tree[0]
    if kind in ("and", "or"):
        found = [m for m in (evaluate(t, ix) for t in tree[1]) if m is not None]
        if not found:
            return None
        docs = set(found[0].docs)
        for m in found[1:]:
            docs = docs & m.docs if kind == "and" else docs | m.docs
        return Matches(docs, [u for m in found for u in m.units])
    if kind == "not":
        inner = evaluate(tree[1], ix)
        return None if inner is None else Matches(ix.universe() - inner.docs, [])
    _, field, text = tree
    if field in VALUE_FIELDS:
        # A quoted value is compared as it is: its * and ? are no wildcards.
        want = glob(text) if kind == "word" else re.compile(re.escape(nfc(text).lower()))
        docs = set()
        for value in ix.values(field):
            if value and want.fullmatch(nfc(value).lower()):
                docs |= ix.value_docs(field, value)
        return Matches(docs, [])
    if kind == "word" and has_wildcard(text):
        want, prefix = glob(text), re.split(r"[*?]", nfc(text).lower())[0]
        fits = (t for t in ix.terms(field, prefix) if want.fullmatch(t) and ix.docs(field, t))
        terms = sorted(fits, key=_utf16)
        if len(terms) > MAX_WILDCARD_TERMS:
            raise fail("wide", text, MAX_WILDCARD_TERMS)
        docs = set().union(*(ix.docs(field, t) for t in terms))
        return Matches(docs, [Unit("wildcard", [text], [[terms]])] if terms else [])
    terms = analysis.analyze(ix.lang, text)
    if not terms:
        return None
    unit = Unit(kind, [text], [[[t] for t in terms]])
    if kind == "word" or len(terms) == 1:
        return Matches(_all(ix, field, terms), [unit])
    docs = set()
    for f in (field,) if field else ("text", "title"):
        for d in _all(ix, f, terms):
            if d not in docs and contains(analysis.analyze(ix.lang, ix.field_text(d, f)), terms):
                docs.add(d)
    return Matches(docs, [unit])


def _all(ix, field: str | None, terms: list[str]) -> set[int]:
    docs = set(ix.docs(field, terms[0]))
    for t in terms[1:]:
        docs &= ix.docs(field, t)
    return docs


def _utf16(t: str) -> bytes:
    return t.encode("utf-16-be")  # the browser sorts by UTF-16 code units


def ranking_units(units: list[Unit]) -> list[Unit]:
    """The units ranked: the first ones up to MAX_PARTS parts in all (the browser keeps a bit per part)."""
    kept, total = [], 0
    for u in units:
        total += u.parts
        if total > MAX_PARTS:
            break
        kept.append(u)
    return kept


class WhooshDocs:
    """The documents of one Whoosh index (kc.search.index) as `evaluate` asks for them."""

    def __init__(self, searcher, lang: str):
        self.s, self.reader, self.lang = searcher, searcher.reader(), lang
        self._docs: dict[tuple, set[int]] = {}
        self._values: dict[str, list[str]] = {}

    def universe(self) -> set[int]:
        return set(range(self.s.doc_count_all()))

    def _postings(self, field: str, term: str) -> set[int]:
        if (field, term) not in self.reader:
            return set()
        return set(self.reader.postings(field, term).all_ids())

    def docs(self, field: str | None, term: str) -> set[int]:
        """The documents with `term` in `field` (None: title, text or the guideline's id)."""
        key = (field, term)
        if key not in self._docs:
            found = set()
            for f in ("text", "title"):
                if field in (None, f):
                    found |= self._postings(f, term)
            if field is None:  # the guideline's id is a word of each of its clauses (as in the ranking)
                for g in self.values("guideline"):
                    if g.lower() == term:
                        found |= self._postings("guideline", g)
            self._docs[key] = found
        return self._docs[key]

    def _lexicon(self, field: str, prefix: str = "") -> list[str]:
        terms = self.reader.expand_prefix(field, prefix) if prefix else self.reader.lexicon(field)
        return [t.decode("utf-8") if isinstance(t, bytes) else t for t in terms]

    def terms(self, field: str | None, prefix: str = "") -> set[str]:
        """The index terms of `field` (None: title, text and the guidelines' ids) that begin with `prefix`."""
        if field:
            return set(self._lexicon(field, prefix))
        ids = {g.lower() for g in self.values("guideline") if g.lower().startswith(prefix)}
        return set(self._lexicon("text", prefix)) | set(self._lexicon("title", prefix)) | ids

    def values(self, field: str) -> list[str]:
        """The values of a field compared whole (guideline, clause, ...)."""
        if field not in self._values:
            self._values[field] = self._lexicon(field)
        return self._values[field]

    def value_docs(self, field: str, value: str) -> set[int]:
        return self._postings(field, value)

    def field_text(self, doc: int, field: str) -> str:
        return self.s.stored_fields(doc)[field]


def search(searcher, folder: Path, query: str, lang: str, limit: int, allowed=None):
    """(document, score) of the best `limit` documents `query` matches (`allowed`: a filter's documents or
    None), and the index terms of its positive words (for the snippets)."""
    tree = parse(query)
    m = evaluate(tree, WhooshDocs(searcher, lang))
    if m is None:
        raise fail("nowords")
    docs = m.docs if allowed is None else {d for d in m.docs if d in allowed}
    units = ranking_units(m.units)
    found = ranking.ranked(searcher, folder, units, len(docs), docs) if units and docs else []
    scored = {d for d, _ in found}
    # Documents matched by a field value alone: after the others, current versions first, in index order.
    path = Path(folder) / "kc-lengths.json"
    current = ranking._stats(str(folder), path.stat().st_mtime).current
    rest = sorted((0 if d in current else 1, d) for d in docs - scored)
    found += [(d, 0.001 if c == 0 else 0.0) for c, d in rest]
    terms = {t for u in units for r in u.readings for part in r for t in part}
    return found[:limit], terms

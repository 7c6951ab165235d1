"""A plain query (no operators) as the units the ranking counts, one per reader's word or synonym phrase.

A unit has one or more readings (alternatives), each a list of parts, each part a list of index terms any of
which matches it. A document matches a unit to the share of parts of its best reading it has: 1 when it has
them all. Per word, in this order:

- a synonym phrase starting at the word (longest first): two readings, the reader's own words (those in the
  index) and the glossary term's words, so *ny identitet* finds *fingerade personuppgifter* as a whole;
- a word in the index matches itself and, in Swedish, the indexed compounds it ends (*kostnader* finds
  *flyttkostnader*: the rest, *flytt*, is an indexed word);
- a word that is not in the index matches the index terms it begins (of 4 letters or more: *kostnad* finds
  *kostnader*, whose stem differs);
- a compound of indexed words (kc.search.compounds) has one part per word it is made of (*flyttkostnad*);
- any other word matches the nearest indexed word (kc.search.spelling), which is also suggested to the reader;
- failing that, a Swedish compound with one known part matches that part (kc.search.compounds.partial:
  *nödbostad* finds *bostad*).

A word that matches nothing is left out. A query uses at most MAX_PARTS parts (the browser keeps a bit per
part); later words are left out. tools/kc/assets/kc/query.js is a line-by-line port;
tests/test_query_browser.py checks that both give the same units for the shared query corpus.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kc.search import analysis, compounds, spelling
from kc.search.synonyms import Synonym
from kc.search.vocab import Vocabulary

PREFIX_LETTERS = 4  # a shorter unknown word would match too many longer ones
HEADS = 20  # at most this many compounds a word is the head of
MAX_PARTS = 31


@dataclass
class Unit:
    kind: str  # word, prefix, synonym, compound, spelling
    words: list[str]  # the reader's words (lower case)
    readings: list[list[list[str]]]  # readings > parts > index terms

    @property
    def parts(self) -> int:
        return sum(len(r) for r in self.readings)


@dataclass
class Expanded:
    units: list[Unit] = field(default_factory=list)
    also: list[str] = field(default_factory=list)  # terms the synonyms added, as shown to the reader
    suggestion: str | None = None  # the query with unknown words replaced by the nearest indexed words

    def as_json(self) -> dict:
        return {
            "units": [[u.kind, " ".join(u.words), u.readings] for u in self.units],
            "also": self.also,
            "suggestion": self.suggestion,
        }


def _utf16(t: str) -> bytes:
    return t.encode("utf-16-be")


def _order(terms) -> list[str]:
    return sorted(set(terms), key=_utf16)


def heads(stem: str, lang: str, vocab: Vocabulary, stops) -> list[str]:
    """The indexed compounds that `stem` is the head of (Swedish): the rest is an indexed word."""
    if lang != "sv" or len(stem) < compounds.MIN_PART:
        return []
    out = []
    for t in vocab.sorted_terms():
        if len(t) - len(stem) >= compounds.MIN_PART and t.endswith(stem):
            left = t[: -len(stem)]
            if compounds.left_known(left, vocab.__contains__, lambda w: analysis._stem(lang, w), stops):
                out.append(t)
                if len(out) == HEADS:
                    break
    return out


def expand(query: str, lang: str, vocab: Vocabulary, synonyms: list[Synonym]) -> Expanded:
    """The units of a plain `query` (see the module docstring)."""
    stops = analysis.stop_words(lang)
    words = [w for w in (m.lower() for m in analysis.TOKEN_RE.findall(query)) if w not in stops]
    stems = [analysis._stem(lang, w) for w in words]
    out = Expanded()
    shown, corrected = list(words), False
    i = 0
    while i < len(words):
        syn = next((s for s in synonyms if tuple(stems[i : i + len(s.words)]) == s.words), None)
        if syn is not None:
            n = len(syn.words)
            own = [[t] for t in stems[i : i + n] if t in vocab]
            target = [[t for t in part if t in vocab] for part in syn.target]
            target = target if all(target) else []
            readings = [r for r in (own, target) if r]
            if readings:
                out.units.append(Unit("synonym", words[i : i + n], readings))
            if syn.term and syn.term not in out.also:  # no term shown: the reader typed a term's form
                out.also.append(syn.term)
            i += n
            continue
        word, stem = words[i], stems[i]
        if stem in vocab:
            out.units.append(Unit("word", [word], [[[stem, *heads(stem, lang, vocab, stops)]]]))
        elif len(word) >= PREFIX_LETTERS and (longer := vocab.prefixed(word)):
            out.units.append(Unit("prefix", [word], [[longer]]))
        elif parts := compounds.split(word, vocab.__contains__, lambda w: analysis._stem(lang, w), stops):
            out.units.append(Unit("compound", [word], [[[p] for p in parts]]))
        else:
            near = spelling.suggest(word, stem, vocab)
            if near:
                out.units.append(Unit("spelling", [word], [[[near[0]]]]))
                shown[i], corrected = vocab.shown[near[0]], True
            elif lang == "sv" and (
                part := compounds.partial(word, vocab.__contains__, lambda w: analysis._stem(lang, w), stops)
            ):
                out.units.append(Unit("part", [word], [[[part]]]))
        i += 1
    total, kept = 0, []
    for u in out.units:
        total += u.parts
        if total > MAX_PARTS:
            break
        kept.append(u)
    out.units = kept
    if corrected:
        out.suggestion = " ".join(shown)
    return out

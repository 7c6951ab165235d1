"""A plain query (no operators) as the units the ranking counts: each query word, or phrase of a synonym,
with the index terms any of which matches it.

Per word, in this order: a synonym phrase starting at the word (longest first) adds its term's words to the
phrase's own; a word in the index matches itself; a word that is not matches the index terms it begins (of
4 letters or more: *kostnad* finds *kostnader*, whose stem differs); a compound of indexed words becomes one
unit per part; any other word matches the nearest indexed word (spelling), which is also
suggested to the reader. A word that matches nothing is left out. tools/kc/assets/kc/query.js is a
line-by-line port; tests/test_query_browser.py checks both give the same units for a shared query corpus.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import analysis, compounds, spelling
from .synonyms import Synonym
from .vocab import Vocabulary


@dataclass
class Unit:
    words: list[str]  # the reader's words (lower case)
    terms: list[str]  # index terms, any of which matches the unit
    kind: str  # word, synonym, compound, spelling


@dataclass
class Expanded:
    units: list[Unit] = field(default_factory=list)
    also: list[str] = field(default_factory=list)  # terms the synonyms added, as shown to the reader
    suggestion: str | None = None  # the query with unknown words replaced by the nearest indexed words

    def as_json(self) -> dict:
        return {
            "units": [[u.kind, " ".join(u.words), u.terms] for u in self.units],
            "also": self.also,
            "suggestion": self.suggestion,
        }


PREFIX_LETTERS = 4  # a shorter unknown word would match too many longer ones


def _order(terms) -> list[str]:
    return sorted(set(terms), key=lambda t: t.encode("utf-16-be"))


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
            terms = [t for t in stems[i : i + n] + list(syn.targets) if t in vocab]
            if terms:
                out.units.append(Unit(words[i : i + n], _order(terms), "synonym"))
            if syn.term not in out.also:
                out.also.append(syn.term)
            i += n
            continue
        word, stem = words[i], stems[i]
        if stem in vocab:
            out.units.append(Unit([word], [stem], "word"))
        elif len(word) >= PREFIX_LETTERS and (longer := vocab.prefixed(word)):
            out.units.append(Unit([word], longer, "prefix"))
        elif parts := compounds.split(word, vocab.__contains__, lambda w: analysis._stem(lang, w), stops):
            out.units.extend(Unit([word], [p], "compound") for p in parts)
        else:
            near = spelling.suggest(word, stem, vocab)
            if near:
                out.units.append(Unit([word], [near[0]], "spelling"))
                shown[i], corrected = vocab.shown[near[0]], True
        i += 1
    if corrected:
        out.suggestion = " ".join(shown)
    return out

"""The vocabulary of a language's current texts, which query expansion (compounds, spelling) works from.

Both engines use the same vocabulary: every index term of the current versions (text, clause, heading, the
guideline's title and id), its document frequency, and the word readers see for it (its most frequent
surface form), so that a suggestion is shown as a word, not as a stem. The browser gets the terms in its
index and the rest in `<lang>-words.js` (kc.search.browserindex), loaded only when a query has an unknown
word.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from kc.search import analysis

PREFIX_TERMS = 50  # as the browser's prefix search of the word being typed


def _utf16(term: str) -> bytes:
    return term.encode("utf-16-be")


@dataclass
class Vocabulary:
    """Index terms of one language with their document frequency and the word shown for each."""

    lang: str
    df: dict[str, int] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)
    _sorted: list[str] | None = field(default=None, repr=False, compare=False)
    _keys: list[bytes] = field(default_factory=list, repr=False, compare=False)

    def __contains__(self, term: str) -> bool:
        return term in self.df

    def sorted_terms(self) -> list[str]:
        """The terms in code-unit order (as the browser's term lists)."""
        if self._sorted is None:
            self._sorted = sorted(self.df, key=_utf16)
            self._keys = [_utf16(t) for t in self._sorted]
        return self._sorted

    def prefixed(self, prefix: str) -> list[str]:
        """The first PREFIX_TERMS terms that begin with `prefix`, in code-unit order (as the browser)."""
        self.sorted_terms()
        p = _utf16(prefix)
        out = []
        for k in range(bisect.bisect_left(self._keys, p), len(self._keys)):
            if not self._keys[k].startswith(p) or len(out) == PREFIX_TERMS:
                break
            out.append(self._sorted[k])
        return out


def doc_words(doc) -> str:
    """The text of a document that its index terms come from (as browserindex indexes it)."""
    return f"{doc.text} {doc.clause} {doc.heading} {doc.title} {doc.guideline}"


def build(lang: str, docs: Iterable) -> Vocabulary:
    """The vocabulary of the current documents among `docs`."""
    df: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    stops = analysis.stop_words(lang)
    for d in docs:
        if not d.current:
            continue
        seen = set()
        for word in (w.lower() for w in analysis.TOKEN_RE.findall(doc_words(d))):
            if word in stops:
                continue
            term = analysis._stem(lang, word)
            seen.add(term)
            counts = forms.get(term)
            if counts is None:  # not setdefault: it would make a Counter for every word of every text
                counts = forms[term] = Counter()
            counts[word] += 1
        df.update(seen)
    # The most frequent form; among equals the shortest, then the first in code-unit order (as the browser).
    shown = {t: min(c, key=lambda w: (-c[w], len(w), w.encode("utf-16-be"))) for t, c in forms.items()}
    return Vocabulary(lang, dict(df), shown)


def terms(lang: str, docs: Iterable) -> set[str]:
    """The index terms of the current documents among `docs`: the keys of `build`'s vocabulary, without
    counting frequencies and forms (for checks that only ask whether a term occurs)."""
    tokens: set[str] = set()
    for d in docs:
        if d.current:
            tokens.update(analysis.TOKEN_RE.findall(doc_words(d)))
    stops = analysis.stop_words(lang)
    words = {t.lower() for t in tokens}  # lowered one by one, as `build` does
    return {analysis._stem(lang, w) for w in words if w not in stops}


def as_json(v: Vocabulary) -> dict:
    return {"lang": v.lang, "df": v.df, "shown": v.shown}


def from_json(data: dict) -> Vocabulary:
    return Vocabulary(data["lang"], dict(data["df"]), dict(data["shown"]))

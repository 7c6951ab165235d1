"""Spelling: the indexed words nearest to a query word that is not in the index ("Did you mean …?").

Nearness is the optimal-string-alignment distance (letters inserted, deleted, replaced or two neighbours
swapped) between the typed word and an index term or the word shown for it; up to 1 edit for words of up to
5 letters, 2 for up to 8, 3 for longer ones. Only words with the same first letter are candidates (a first
letter is rarely mistyped, and it keeps the search fast). Among equally near words the more frequent one
(document frequency) comes first, then code-unit order. tools/kc/assets/kc/query.js ports it.
"""

from __future__ import annotations

MIN_LETTERS = 3
MAX_SUGGESTIONS = 3


def max_edits(word: str) -> int:
    return 1 if len(word) <= 5 else 2 if len(word) <= 8 else 3


def distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance of `a` and `b`, or limit + 1 when it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        low = i
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            low = min(low, v)
        if low > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[len(b)]


def suggest(word: str, stem: str, vocab) -> list[str]:
    """Index terms nearest to `word` (whose own term `stem` is not in the index), best first."""
    if len(word) < MIN_LETTERS:
        return []
    limit = max_edits(word)
    found = []
    for term, df in vocab.df.items():
        if term[0] != word[0]:
            continue
        d = min(distance(stem, term, limit), distance(word, vocab.shown[term], limit))
        if d <= limit:
            found.append((d, -df, term.encode("utf-16-be"), term))
    found.sort()
    return [t for *_, t in found[:MAX_SUGGESTIONS]]

"""Swedish compounds: a query word that is not in the index but is made of indexed words matches its parts,
and one with a single known part (`partial`), when no spelling is near, matches that part.

The split uses the index's own vocabulary, so it needs no dictionary and follows the texts: *flyttkostnad*
is *flytt* + *kostnad* because both occur in the texts. tools/kc/assets/kc/query.js ports `split` line by
line; tests/test_query_browser.py checks that both engines split the same words the same way.
"""

from __future__ import annotations

from collections.abc import Callable

MIN_PART = 3  # shorter parts (e.g. "el", "ur") match too much by accident
MIN_WORD = 2 * MIN_PART
HEAD_LETTERS = 5  # a partial compound's head: shorter known words ("ring" in "journalföring") are chance
MODIFIER_LETTERS = 4


def split(word: str, known: Callable[[str], bool], stem: Callable[[str], str], stops) -> list[str] | None:
    """The index terms of the parts of `word` (lower case), or None when it is no compound of known words.

    Of the ways to cut `word` in two whose right part is a known word (inflected as the whole word is) and
    whose left part is a known word, a known word plus the linking -s- (*säkerhets*-), or itself such a
    compound, the one with the longest shorter part wins (then the longer left part): it avoids chance
    matches of short words."""
    if len(word) < MIN_WORD:
        return None
    best, best_key = None, None
    for k in range(MIN_PART, len(word) - MIN_PART + 1):
        left, right = word[:k], word[k:]
        if right in stops or not known(stem(right)):
            continue
        head = _left(left, known, stem, stops)
        if head is None:
            continue
        key = (min(k, len(word) - k), k)
        if best_key is None or key > best_key:
            best, best_key = head + [stem(right)], key
    return best


def _left(left: str, known, stem, stops) -> list[str] | None:
    single = left_known(left, known, stem, stops)
    return [single] if single else split(left, known, stem, stops)


def left_known(left: str, known, stem, stops) -> str | None:
    """The index term of the first part of a compound: a known word, or one with the linking -s-."""
    if left in stops:
        return None
    if known(stem(left)):
        return stem(left)
    if left.endswith("s") and len(left) > MIN_PART and left[:-1] not in stops and known(stem(left[:-1])):
        return stem(left[:-1])
    return None


def partial(word: str, known: Callable[[str], bool], stem: Callable[[str], str], stops) -> str | None:
    """The index term of the one known part of a compound whose other part is not in the index, or None.

    The head (the last part) names what the compound is, so it comes first: *nödbostad* is a *bostad*. Else
    the first part, a known word or one with the linking -s-: *flyttbidrag* is about *flytt*,
    *frivårdsinspektör* about *frivård*. The longest known part wins; the other part has MIN_PART letters or
    more."""
    if len(word) < MIN_WORD:
        return None
    for k in range(MIN_PART, len(word) - HEAD_LETTERS + 1):
        right = word[k:]
        if right not in stops and known(stem(right)):
            return stem(right)
    for k in range(len(word) - MIN_PART, MODIFIER_LETTERS - 1, -1):
        head = left_known(word[:k], known, stem, stops)
        if head:
            return head
    return None

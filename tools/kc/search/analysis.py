"""Per-language text analysis shared by the Whoosh index and the browser.

Text is first normalised to Unicode NFC, so that a letter typed as one character (ä) and the same letter
pasted as a base letter and a combining mark (a + U+0308) are one word. Tokens are runs of letters and
digits, lower-cased; stop words are Whoosh's lists; Swedish is stemmed with Snowball's algorithm as Whoosh
has it, which also removes the definite -et (kc.search.swedish), English with the Porter algorithm (Whoosh's,
its step 1b mended: kc.search.porter). tools/kc/assets/kc/analysis.js is a line-by-line port of the same
steps (the stop words travel in the browser index), and tests/test_analysis.py checks that both give the
same terms for the same words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang import stopwords_for_language

from kc.search import porter, swedish

LANGUAGES = ("sv", "en")
# Same character classes as the browser's /[\p{L}\p{N}]+/gu (Python's \w without underscore).
TOKEN_PATTERN = r"[^\W_]+"
TOKEN_RE = re.compile(TOKEN_PATTERN)


def nfc(text: str) -> str:
    """`text` in Unicode normal form C (composed)."""
    return unicodedata.normalize("NFC", text)


class NfcTokenizer(RegexTokenizer):
    """Whoosh's RegexTokenizer on the NFC form of the text (a combining mark is no letter: without this,
    "a" + U+0308 would end the word)."""

    def __call__(self, value, **kwargs):
        return super().__call__(nfc(value), **kwargs)


# Modal verbs Whoosh's lists lack: its English list has "should" and "can" but not "must"; its Swedish list
# has "kan" but not "ska" or "bör". In a question ("hur snabbt ska kommunen svara") they made a unit that only
# the clauses with the same modal had, though a reader's "ska" is no legal "ska".
MODALS = {"sv": ("ska", "skall", "bör", "måste"), "en": ("must", "shall")}


@lru_cache(maxsize=2)
def stop_words(lang: str) -> frozenset[str]:
    """The stop words of `lang`: Whoosh's lists and the modal verbs they lack."""
    return frozenset(stopwords_for_language(lang)) | frozenset(MODALS.get(lang, ()))


@lru_cache(maxsize=2)
def stemmer(lang: str):
    """The stemming function of `lang`: Snowball (with the definite -et) for Swedish, Porter (mended) for
    English."""
    if lang == "en":
        return porter.stem_en
    if lang == "sv":
        return swedish.stem
    raise ValueError(f"no analysis for language {lang!r}; use one of {', '.join(LANGUAGES)}")


def analyzer(lang: str):
    """The Whoosh analyzer of `lang`, for the index's text fields."""
    return (
        NfcTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | StopFilter(stoplist=stop_words(lang), minsize=1)
        | StemFilter(stemfn=stemmer(lang), lang=None, cachesize=50000)
    )


@lru_cache(maxsize=100_000)
def _stem(lang: str, word: str) -> str:
    return stemmer(lang)(word)


# Each word's term per language, for `analyze`: a dictionary look-up is cheaper than the cached call of
# _stem, and the build analyses every document's words (hundreds of thousands).
_TERMS: dict[str, dict[str, str]] = {}
_MAX_TERMS = 100_000  # as _stem's cache: a bound on the memory


def analyze(lang: str, text: str) -> list[str]:
    """The index terms of `text` in `lang`, in order (stop words dropped)."""
    stops = stop_words(lang)
    terms = _TERMS.get(lang)
    if terms is None or len(terms) > _MAX_TERMS:
        terms = _TERMS[lang] = {}
    out = []
    for word in map(str.lower, TOKEN_RE.findall(nfc(text))):
        if word not in stops:
            term = terms.get(word)
            if term is None:
                term = terms[word] = _stem(lang, word)
            out.append(term)
    return out

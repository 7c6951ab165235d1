"""The Swedish stemmer: Snowball's Swedish algorithm, as in Whoosh, that also removes the definite -et.

Whoosh's Snowball stemmer (the 2001 algorithm) keeps the definite ending of neuter nouns, so *boendet*,
*ärendet*, *avtalet* and *barnet* never met *boende*, *ärende*, *avtal* and *barn*. Snowball's 2025 update
removes -et (and -ets) after a vowel and a consonant, except after endings where -et belongs to the word
(*paket*, *identitet*, *kvalitet*, the -het words). We remove it after any consonant, with the same
exceptions, because the definite form of words in -nde, -nd, -rn and -ck (*boendet*, *tillståndet*, *barnet*,
*samtycket*) is as common in the texts and queries as the rest; the few words where -et is not an ending
(*budget*, *konkret*) stem consistently in the index and the query, so nothing is lost. And the plural and
definite forms of nouns in -nad (*kostnader*, *månaden*) lose -ad as the singular does.
tools/kc/assets/kc/analysis.js ports `stem` line by line (tests/test_analysis.py compares every word).
"""

from __future__ import annotations

VOWELS = "aeiouyäåö"
S_ENDING = "bcdfghjklmnoprtvy"
STEP1 = (
    "heterna", "hetens", "heter", "heten", "anden", "arnas", "ernas", "ornas", "andes", "andet", "arens",
    "arna", "erna", "orna", "ande", "arne", "aste", "aren", "ades", "erns", "ade", "are", "ern", "ens", "het",
    "ast", "ad", "en", "ar", "er", "or", "as", "es", "at", "et", "a", "e", "s",
)  # fmt: skip
STEP2 = ("dd", "gd", "nn", "dt", "gt", "kt", "tt")
STEP3 = ("fullt", "löst", "els", "lig", "ig")
# Snowball's list of word endings before which -et is part of the word (paket, raket, komet, identitet, ...).
ET_KEEP = (
    "fab", "h", "pak", "rak", "stak", "kom", "iet", "cit", "dit", "alit", "ilit", "mit", "nit", "pit", "rit",
    "sit", "tit", "uit", "ivit", "kvit", "xit",
)  # fmt: skip


def _r1(word: str) -> str:
    for i in range(1, len(word)):
        if word[i] not in VOWELS and word[i - 1] in VOWELS:
            return word[3:] if i + 1 < 3 else word[i + 1 :]
    return ""


def _et_ending(stem: str) -> bool:
    """Whether -et after `stem` is an ending (the definite article), not part of the word."""
    return stem[-1:] not in ("", *VOWELS) and any(c in VOWELS for c in stem) and not stem.endswith(ET_KEEP)


def stem(word: str) -> str:
    """The stem of the lower-case Swedish `word`."""
    r1 = _r1(word)
    for suffix in STEP1:
        if r1.endswith(suffix):
            cut = len(suffix)
            if suffix == "s":
                ets = word.endswith("ets") and _et_ending(word[:-3])
                cut = 3 if ets else 1 if word[-2] in S_ENDING else 0
            elif suffix == "et" and not _et_ending(word[:-2]):
                cut = 0
            if cut:
                word, r1 = word[:-cut], r1[:-cut]
            break
    # Nouns in -nad lose -ad in the singular (kostnad: kostn) but -er in the plural (kostnader: kostnad).
    if word.endswith("nad") and r1.endswith("ad"):
        word, r1 = word[:-2], r1[:-2]
    for suffix in STEP2:
        if r1.endswith(suffix):
            word, r1 = word[:-1], r1[:-1]
            break
    for suffix in STEP3:
        if r1.endswith(suffix):
            if suffix in ("els", "lig", "ig"):
                word = word[: -len(suffix)]
            else:
                word = word[:-1]
            break
    return word

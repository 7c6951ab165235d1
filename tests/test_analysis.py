"""Analysis: Swedish and English stemming and stop words, and the browser's port giving the same terms."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from kc.search.analysis import analyze, stemmer, stop_words

ROOT = Path(__file__).resolve().parent.parent
ANALYSIS_JS = ROOT / "tools" / "kc" / "assets" / "kc" / "analysis.js"


@pytest.mark.parametrize(
    ("lang", "inflected", "base"),
    [
        ("sv", "omplaceringar", "omplacering"),
        ("sv", "omplaceringen", "omplacering"),
        ("sv", "kommunerna", "kommun"),
        ("sv", "kommunens", "kommun"),
        ("sv", "riktlinjer", "riktlinje"),
        ("sv", "socialtjänstens", "socialtjänst"),
        # The definite -et (kc.search.swedish), also after two consonants, and its genitive -ets.
        ("sv", "avtalet", "avtal"),
        ("sv", "boendet", "boende"),
        ("sv", "ärendets", "ärende"),
        ("sv", "barnet", "barn"),
        ("sv", "samtycket", "samtycke"),
        ("sv", "kostnader", "kostnad"),  # -nad nouns: the plural and definite forms meet the singular
        ("sv", "månaden", "månad"),
        ("en", "relocations", "relocation"),
        ("en", "municipalities", "municipality"),
        ("en", "guidelines", "guideline"),
        ("en", "arranges", "arranged"),
        # Porter's step 1b on the word's ending (kc.search.porter mends Whoosh's): -at/-bl/-iz + e, undouble.
        ("en", "relocated", "relocation"),
        ("en", "planning", "plan"),
        ("en", "transferred", "transfer"),
        ("en", "permitted", "permit"),
        ("en", "enabled", "enable"),
        # British and American spellings are one word (kc.search.porter.spelling).
        ("en", "organized", "organised"),
        ("en", "organization", "organisation"),
        ("en", "behavior", "behaviour"),
        ("en", "neighborhoods", "neighbourhoods"),
        ("en", "center", "centre"),
        ("en", "program", "programme"),
        ("en", "analyze", "analyse"),
        ("en", "counseling", "counselling"),
    ],
)
def test_inflected_forms_match_their_base_form(lang, inflected, base):
    assert analyze(lang, inflected) == analyze(lang, base)


@pytest.mark.parametrize(
    ("lang", "text", "terms"),
    [
        ("sv", "Omplaceringar av kommunerna och en", ["omplacering", "kommun"]),
        ("en", "The relocation of the municipality", ["reloc", "municip"]),
        ("sv", "RL 3.2", ["rl", "3", "2"]),  # guideline ids and clause numbers stay searchable
        ("sv", "Hur snabbt ska kommunen svara", ["snabbt", "kommun", "svar"]),  # modal verbs are stop words
        ("en", "The provider must report", ["provid", "report"]),
    ],
)
def test_stop_words_are_dropped_and_words_lowercased(lang, text, terms):
    assert analyze(lang, text) == terms


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# Composed and decomposed spellings (NFD, as some applications paste text) of the same words.
UNICODE_FORMS = [
    ("sv", "Åtgärdsplanerna för socialtjänstens bostäder, även på ön"),
    ("sv", "Överenskommelsen om skyddat boende"),
    ("en", "A naïve café résumé for the Öresund region"),
]


@pytest.mark.parametrize(("lang", "text"), UNICODE_FORMS)
def test_decomposed_and_composed_text_give_the_same_terms(lang, text):
    assert nfd(text) != text  # the test text really has letters that decompose
    # Equal terms also mean that a combining mark did not end a word ("bosta" + U+0308 + "der").
    assert analyze(lang, nfd(text)) == analyze(lang, text)


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("paket", "paket"),  # -et is part of these words (Snowball's list), so they keep it
        ("identitet", "identitet"),
        ("kvalitet", "kvalitet"),
        ("enhet", "enhet"),
        ("krets", "kret"),  # no vowel before -ets: only the -s goes
        ("eget", "eget"),  # -et outside the stemmer's region (R1)
        ("ideet", "ideet"),  # a vowel before -et: no definite ending
    ],
)
def test_swedish_et_stays_where_it_belongs_to_the_word(word, stem):
    assert stemmer("sv")(word) == stem


@pytest.mark.parametrize("word", ["four", "your", "hour", "flour", "tour", "acre"])
def test_short_words_keep_their_spelling(word):
    # -our and -re are endings only after enough letters: "four" must not become the stop word "for".
    from kc.search import porter

    assert porter.spelling(word) == word and porter.spelling(word + "s") == word + "s"


def test_languages_do_not_share_stemmers():
    # Swedish rules must not touch English words and vice versa.
    assert stemmer("sv")("relocations") != stemmer("en")("relocations")


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="no analysis"):
        analyze("de", "Umzug")


def _node() -> str:
    node = shutil.which("node") or shutil.which("nodejs")
    if not node:
        pytest.skip("node is not installed (the browser tests check the same analysis in Chromium)")
    return node


def _words() -> dict[str, list[str]]:
    """Every word of the project's texts and of the fixtures, per language, plus tricky forms."""
    words: dict[str, set[str]] = {"sv": set(), "en": set()}
    for base in [ROOT / "docs", *sorted((ROOT / "tests" / "fixtures").glob("*/docs"))]:
        for lang in words:
            for path in (base / lang).rglob("*.md"):
                words[lang].update(
                    w.lower() for w in re.findall(r"[^\W_]+", path.read_text(encoding="utf-8"))
                )
    words["sv"].update(["heterna", "fullt", "löst", "ädla", "åtgärdsplanerna", "yrkes", "a", "ab"])
    words["sv"].update(["krets", "ideet", "paket", "alfabetets", "boendets", "s", "ets", "bets"])
    words["sv"].update(["nad", "anad", "kostnaderna", "månads"])
    words["en"].update(
        ["yelling", "hopping", "agreed", "feed", "sky", "bly", "ties", "caresses", "generalizations"]
        + ["fizzed", "filled", "missed", "four", "your", "hours", "flour", "colours", "metres", "gramme"]
    )
    return {k: sorted(v) for k, v in words.items()}


def test_browser_port_gives_the_same_stems_as_python():
    words = _words()
    script = (
        "const a = require(process.argv[1]); const w = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify({sv: w.sv.map(a.swedish), en: w.en.map(a.porter),"
        " text: a.analyze('sv', w.sv.join(' '), []),"
        " forms: w.forms.map(([l, t]) => a.analyze(l, t, w.stops[l])), tokens: a.tokens(w.forms[0][1])}));"
    )
    forms = [[lang, form] for lang, text in UNICODE_FORMS for form in (text, nfd(text))]
    out = subprocess.run(
        [_node(), "-e", script, str(ANALYSIS_JS)],
        input=json.dumps({**words, "forms": forms, "stops": {k: sorted(stop_words(k)) for k in words}}),
        capture_output=True,
        text=True,
        check=True,
    )
    js = json.loads(out.stdout)
    for lang in ("sv", "en"):
        assert len(words[lang]) > 100
        python = [stemmer(lang)(w) for w in words[lang]]
        differ = [(w, p, j) for w, p, j in zip(words[lang], python, js[lang], strict=True) if p != j]
        assert differ == [], f"{lang}: (word, python, js) differ"
    assert js["text"] == [stemmer("sv")(w) for w in words["sv"]]
    # Decomposed text: the browser normalises to NFC like Python, word for word.
    assert js["forms"] == [analyze(lang, text) for lang, text in forms]
    assert js["forms"][0] == js["forms"][1] and js["tokens"][0] == "åtgärdsplanerna"

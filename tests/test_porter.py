"""The English stemmer (kc.search.porter) gives the stems it gave before its step 2 and 3 tables became one
loop: tests/fixtures/search/porter-stems.tsv has, per line, a word and its stem as recorded with the two
tables written out (commit 71a07b5), for every English word of docs/ and the fixture sites then and for every
ending of steps 2 to 4 after stems of each measure. A change of stem there changes what search finds: if one
is meant, record the file again and say why in the commit."""

from __future__ import annotations

from pathlib import Path

from kc.search import porter

RECORDED = Path(__file__).resolve().parent / "fixtures" / "search" / "porter-stems.tsv"


def recorded() -> dict[str, str]:
    rows = RECORDED.read_text(encoding="utf-8").split("\n")
    assert rows[-1] == ""  # one line a word, each ended
    return dict(row.split("\t") for row in rows[:-1])


def test_every_recorded_word_keeps_its_stem():
    stems = recorded()
    assert len(stems) > 5000
    differ = {w: (s, porter.stem(w)) for w, s in stems.items() if porter.stem(w) != s}
    assert differ == {}, "word: (recorded, now)"


def test_the_recording_has_every_suffix_of_steps_2_and_3_where_it_applies_and_where_it_does_not():
    # Otherwise a wrong row of a table could pass unseen: each suffix after a stem of m > 0 ("oper", where
    # the row applies) and of m = 0 ("b", where it does not).
    stems = recorded()
    missing = [stem + suffix for table in porter._SUFFIX_TABLES for suffix in table for stem in ("oper", "b")
               if stem + suffix not in stems]
    assert missing == []


def test_a_table_row_applies_only_after_a_stem_with_a_vowel_and_a_consonant():
    # m = 0 before the suffix: left as it is; m > 0: replaced (Porter's steps 2 and 3).
    assert porter.stem("ational") == "ation"  # no stem before "ational": step 4 takes "al"
    assert porter.stem("relational") == "relat"
    assert porter.stem("hopefulness") == porter.stem("hopeful") == "hope"
    assert porter.stem("formalize") == porter.stem("formal") == "formal"
    assert porter.stem("operational") == porter.stem("operate") == "oper"
    assert porter.stem("bational") == "bation"  # m = 0 before "ational" ("b") and "tional" ("ba")

"""The clause text and hash that the registry publishes and translation drift compares."""

from __future__ import annotations

import hashlib

from kc.content.clausehash import clause_hashes, clause_texts

TEXT = """Inledning utan nummer.

## 3 Rubrik

### 3.1 Underrubrik  { #x }

Första  stycket.

Andra\tstycket, med o + U+0308: o\u0308.

```
### 9.9 inte en rubrik i kod
```

### 3.2 Nästa

Annat.

#### Exempel

Hör till 3.2.

## Källor

Hör inte till 3.2.
"""


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_each_clause_holds_its_own_text_only():
    clauses = {c.number: c for c in clause_texts(TEXT)}
    assert list(clauses) == ["3", "3.1", "3.2"]
    assert clauses["3"].body.strip() == ""  # its sub-clauses are not part of it
    assert "### 9.9" in clauses["3.1"].body  # a heading inside code is text
    assert "Hör till 3.2." in clauses["3.2"].body and "Hör inte" not in clauses["3.2"].body


def test_the_hash_follows_the_published_definition():
    # Computed from the definition on the open-data page, not with kc's own normalisation.
    hashes = clause_hashes(TEXT)
    assert hashes["3"] == _sha("Rubrik\n")
    assert hashes["3.1"] == _sha("Underrubrik\nFörsta stycket. Andra stycket, med o + U+0308: ö. ``` "
                                 "### 9.9 inte en rubrik i kod ```")
    assert hashes["3.2"] == _sha("Nästa\nAnnat. #### Exempel Hör till 3.2.")


def test_only_a_change_of_words_changes_the_hash():
    before = clause_hashes(TEXT)
    rewrapped = TEXT.replace("Första  stycket.", "Första\nstycket.   ")
    assert clause_hashes(rewrapped) == before
    reworded = clause_hashes(TEXT.replace("Annat.", "Något annat."))
    assert {n for n in before if before[n] != reworded[n]} == {"3.2"}
    retitled = clause_hashes(TEXT.replace("### 3.1 Underrubrik", "### 3.1 Ny rubrik"))
    assert {n for n in before if before[n] != retitled[n]} == {"3.1"}

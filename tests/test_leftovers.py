"""Leftovers (notes, filler, empty sections) are errors once adopted, warnings in drafts and consultation."""

from __future__ import annotations

import pytest

from guardrails_util import (
    HOUSING_EN,
    HOUSING_SV,
    HOUSING_V1,
    HOUSING_YML,
    INDEX_SV,
    SCHOOLS_SV,
    append,
    copy_fixture,
    guard_findings,
)
from kc.checks.leftovers import find_empty_sections, find_leftovers

# (why, file, text appended, offset of the offending line, severity, start of the expected message)
CASES = [
    (
        "TODO in an adopted text",
        HOUSING_SV,
        "TODO: kontrollera med Polisen.",
        0,
        "error",
        "leftover 'TODO' in published content: 'TODO: kontrollera med Polisen.'; "
        "finish the text and remove the note",
    ),
    (
        "FIXME in an adopted English text",
        HOUSING_EN,
        "The deadline is FIXME days.",
        0,
        "error",
        "leftover 'FIXME'",
    ),
    ("XXX placeholder", HOUSING_SV, "Beslut fattas inom XXX dagar.", 0, "error", "leftover 'XXX'"),
    (
        "lower-case todo in an HTML comment",
        HOUSING_SV,
        "<!-- todo: skriv om -->",
        0,
        "error",
        "leftover 'todo'",
    ),
    ("lorem ipsum", HOUSING_SV, "Lorem ipsum dolor sit amet.", 0, "error", "leftover 'Lorem ipsum'"),
    ("TODO in an archived (superseded) text", HOUSING_V1, "TODO", 0, "error", "leftover 'TODO'"),
    ("TODO in a hand-written page", INDEX_SV, "Mer text kommer. TODO", 0, "error", "leftover 'TODO'"),
    ("TODO in a record summary", HOUSING_YML, "# TODO: fyll i", 0, "error", "leftover 'TODO'"),
    (
        "TODO in a text out for consultation",
        SCHOOLS_SV,
        "TODO: lägg till exempel.",
        0,
        "warning",
        "leftover 'TODO' in a consultation text",
    ),
    (
        "empty section before a heading of the same level",
        HOUSING_SV,
        "## 3 Uppföljning\n\n## 4 Avslut\n\nText.",
        0,
        "error",
        "empty section in published content: '## 3 Uppföljning' has no text before the next heading; write "
        "the section or remove the heading",
    ),
    (
        "empty subsection before a higher level",
        HOUSING_SV,
        "### 2.1 Tom\n\n## 3 Nästa\n\nText.",
        0,
        "error",
        "empty section in published content: '### 2.1 Tom'",
    ),
    (
        "empty section at the end of the file",
        HOUSING_EN,
        "## 3 Follow-up",
        0,
        "error",
        "empty section in published content: '## 3 Follow-up'",
    ),
    (
        "section holding only a note to the editor",
        HOUSING_SV,
        "## 3 Uppföljning\n\n<!-- skrivs\nsenare -->\n\n## 4 Avslut\n\nText.",
        0,
        "error",
        "empty section in published content: '## 3 Uppföljning'",
    ),
    (
        "empty section in a consultation text",
        SCHOOLS_SV,
        "## 3 Uppföljning\n",
        0,
        "warning",
        "empty section in a consultation text",
    ),
]

NOT_LEFTOVERS = [
    "Ange personnumret i formen ÅÅÅÅMMDD-XXXX.",  # a form, not a placeholder note
    "Tidsplanen (todo-listan) finns i bilagan.",  # part of a longer word
    "Kommunen ska dokumentera beslutet.",
    "## 3 Uppföljning\n\n### 3.1 Ansvar\n\nText.",  # a heading followed by a subsection is not empty
    "## 4 Kod\n\n```\n## inte en rubrik\n```",  # a fenced block is content, and its lines are not headings
    "## 5 Processen\n\n<!-- kc:process -->\n\n## 6 Slut\n\nText.",  # a kc marker becomes a generated block
]


@pytest.mark.parametrize("why,rel,text,offset,severity,message", CASES, ids=[c[0] for c in CASES])
def test_rejected(tmp_path, why, rel, text, offset, severity, message):
    root = copy_fixture(tmp_path / "site")
    line = append(root, rel, text) + offset
    found = guard_findings(root)
    assert [(f.path, f.line, f.severity) for f in found] == [(rel, line, severity)], why
    assert found[0].message.startswith(message), found[0].message


def test_look_alikes_pass(tmp_path):
    root = copy_fixture(tmp_path / "site")
    append(root, HOUSING_SV, "\n\n".join(NOT_LEFTOVERS))
    assert guard_findings(root) == []


def test_line_numbers_count_front_matter():
    text = '---\ntranslation_of: "1.0"\n---\n## 1 Purpose\n## 2 Scope\n\nTODO\n'
    assert list(find_empty_sections(text)) == [(4, "## 1 Purpose")]
    assert list(find_leftovers(text)) == [(7, "TODO", "TODO")]


def test_note_on_a_long_line_is_quoted_with_its_surroundings():
    line = "Kommunen ska " + "dokumentera beslutet och skälen för det, " * 3 + "FIXME: vilken blankett?"
    [(_, word, context)] = list(find_leftovers(line))
    assert word == "FIXME" and context.startswith("…") and "FIXME: vilken blankett?" in context
    assert len(context) <= 72


def test_quoted_note_never_repeats_personal_data(tmp_path):
    from guardrails_util import personal_number

    number = personal_number("19640823", "323")
    root = copy_fixture(tmp_path / "site")
    append(root, HOUSING_SV, f"TODO: kontrollera ärendet för {number}")
    messages = [f.message for f in guard_findings(root)]
    assert len(messages) == 2  # the note and the number
    assert all(number not in m and number[2:] not in m for m in messages)
    assert any("leftover 'TODO'" in m and "XXXXXXXX-XX34" in m for m in messages)

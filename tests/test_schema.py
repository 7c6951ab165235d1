"""Record schema: one broken record per rule, each rejected at the right line with the right message."""

from __future__ import annotations

import pytest

from kc.checks.validate import validate
from kc.content.model import Project

VALID = """\
id: HO
slug: housing
topic: relocation
title:
  sv: Tillfälligt boende
  en: Temporary housing
status: adopted
version: "2.0"
effective: 2026-01-01
review_by: 2027-01-01
owner:
  sv: Enheten för samverkan
  en: Collaboration Unit
audiences: [social-services, housing]
history:
  - version: "2.0"
    date: 2025-12-01
    status: adopted
    summary:
      sv: Kravet på skriftlig överenskommelse med hyresvärden är nytt.
      en: The requirement for a written agreement with the landlord is new.
  - version: "1.0"
    date: 2025-01-15
    status: superseded
    summary:
      sv: Första versionen.
      en: First version.
"""


def findings_for(site_copy, record_text: str):
    root = site_copy("basic")
    (root / "docs/guidelines/housing.yml").write_text(record_text, encoding="utf-8")
    return [
        f
        for f in validate(Project.load(root))
        if f.path == "docs/guidelines/housing.yml" and f.severity == "error"
    ]


def test_valid_record_has_no_findings(site_copy):
    assert findings_for(site_copy, VALID) == []


# (old text, new text, expected line, fragment of the message)
BROKEN = [
    # id must be capital letters
    ("id: HO", "id: ho", 1, "'id' must be 2-4 capital letters"),
    # slug must match the file name
    ("slug: housing", "slug: boende", 2, "'slug' must equal the file name 'housing'"),
    # topic outside the vocabulary
    ("topic: relocation", "topic: weather", 3, "'topic' must be one of"),
    # English title missing
    ("  en: Temporary housing\n", "", 4, "'title' has no 'en:' text"),
    # unknown status
    ("status: adopted\nversion", "status: approved\nversion", 7, "'status' must be one of"),
    # unquoted version is read as a number
    ('version: "2.0"', "version: 2.0", 8, "'version' must be a quoted MAJOR.MINOR text"),
    # impossible date
    ("effective: 2026-01-01", "effective: 2026-13-01", 9, "'effective' must be a date written YYYY-MM-DD"),
    # review before effective
    ("review_by: 2027-01-01", "review_by: 2025-06-01", 10, "'review_by' must be a date after 'effective'"),
    # adopted without effective date
    ("effective: 2026-01-01\n", "", 7, "an adopted guideline needs an 'effective' date"),
    # audience outside the vocabulary
    (
        "audiences: [social-services, housing]",
        "audiences: [social-services, pirates]",
        14,
        "unknown audience 'pirates'",
    ),
    # audience twice
    ("audiences: [social-services, housing]", "audiences: [housing, housing]", 14, "listed twice"),
    # closing quotation mark forgotten: YAML only notices lines later, the finding names the line itself
    ('version: "2.0"\neffective', 'version: "2.0\neffective', 8, "that is not closed on its line"),
    # empty list of audiences: named at its own line
    ("audiences: [social-services, housing]", "audiences: []", 14, "'audiences' is empty"),
    # three-part version
    ('version: "2.0"\neffective', 'version: "2.0.1"\neffective', 8, "with exactly two numbers"),
    # the same version twice in the history
    ('  - version: "1.0"', '  - version: "2.0"', 22, "version 2.0 is in the history twice"),
    # unknown field (typo)
    ("owner:", "ownr: x\nowner:", 11, "unknown field 'ownr'"),
    # required field missing
    ("review_by: 2027-01-01\n", "", 1, "required field 'review_by' is missing"),
    # history not newest first
    ('  - version: "1.0"', '  - version: "3.0"', 22, "history must be newest first"),
    # history does not start with the current version
    (
        'version: "2.0"\neffective',
        'version: "2.1"\neffective',
        16,
        "first history entry must be the current version",
    ),
    # empty summary
    ("      en: First version.", '      en: ""', 27, "has no English summary"),
    # earlier version still marked adopted
    ("    status: superseded", "    status: adopted", 24, "history status of an earlier version"),
    # current status disagrees with history
    ("status: adopted\nversion", "status: draft\nversion", 18, "differs from 'status: draft'"),
    # consultation date on an adopted guideline
    (
        "review_by: 2027-01-01",
        "review_by: 2027-01-01\nconsultation_closes: 2026-02-01",
        11,
        "only applies while",
    ),
    # withdrawn without reason
    (
        "status: adopted\nversion",
        "status: withdrawn\nversion",
        7,
        "a withdrawn guideline must say when and why",
    ),
]


@pytest.mark.parametrize(("old", "new", "line", "fragment"), BROKEN, ids=[b[3][:40] for b in BROKEN])
def test_broken_record_is_rejected_at_its_line(site_copy, old, new, line, fragment):
    assert old in VALID, "the test's own text must be in the valid record"
    found = findings_for(site_copy, VALID.replace(old, new, 1))
    matching = [f for f in found if fragment in f.message]
    assert matching, f"expected {fragment!r}, got {[str(f) for f in found]}"
    assert matching[0].line == line, str(matching[0])


def test_invalid_yaml_names_the_line(site_copy):
    found = findings_for(site_copy, VALID.replace("  sv: Tillfälligt boende", "  sv: [Tillfälligt boende"))
    assert [(f.line, "not valid YAML" in f.message) for f in found][:1] == [(6, True)]


def test_duplicate_key_names_both_lines(site_copy):
    found = findings_for(site_copy, VALID + "id: RL\n")
    assert [str(f) for f in found] == [
        "docs/guidelines/housing.yml:28: 'id' is given twice (first on line 1); keep one"
    ]

"""Helpers for the guard-rail tests: a writable copy of the 'guardrails' fixture and synthetic numbers."""

from __future__ import annotations

import shutil
from pathlib import Path

from kc.checks.validate import validate
from kc.content.model import Project

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "guardrails"
GUARD_RULES = {
    "personal-data",
    "unsafe-markup",
    "links",
    "xref",
    "leftovers",
    "empty-section",
    "version-bump",
}

HOUSING_SV = "docs/sv/guidelines/housing/index.md"
HOUSING_EN = "docs/en/guidelines/housing/index.md"
HOUSING_V1 = "docs/sv/guidelines/housing/v1.0/index.md"
HOUSING_YML = "docs/guidelines/housing.yml"
SCHOOLS_SV = "docs/sv/guidelines/schools/index.md"
INDEX_SV = "docs/sv/index.md"
INDEX_EN = "docs/en/index.md"


def copy_fixture(dest: Path) -> Path:
    shutil.copytree(FIXTURE, dest)
    return dest


def append(root: Path, rel: str, text: str) -> int:
    """Append `text` (after a blank line) to file `rel`; return the 1-based line where `text` starts."""
    path = root / rel
    old = path.read_text(encoding="utf-8")
    if not old.endswith("\n"):
        old += "\n"
    path.write_text(old + "\n" + text + "\n", encoding="utf-8")
    return old.count("\n") + 2


def guard_findings(root: Path):
    """Findings of the guard-rail rules only (other checks are tested elsewhere)."""
    return [f for f in validate(Project.load(root)) if f.rule in GUARD_RULES]


def luhn_digit(nine: str) -> str:
    """The check digit that makes `nine` + digit pass the Luhn test.

    Our own, independent of kc.checks.pii.
    """
    total = 0
    for i, ch in enumerate(nine):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def personal_number(yyyymmdd: str, serial: str, sep: str = "-", century: bool = True) -> str:
    """A synthetic personal identity number with a valid check digit, e.g. ('19640823', '323')."""
    full = yyyymmdd[2:] + serial + luhn_digit(yyyymmdd[2:] + serial)
    head = yyyymmdd if century else yyyymmdd[2:]
    return f"{head}{sep}{full[6:]}"


def bad_checksum(number: str) -> str:
    """`number` with its last digit changed so the Luhn test fails."""
    return number[:-1] + str((int(number[-1]) + 1) % 10)

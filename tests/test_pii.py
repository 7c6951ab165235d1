"""Personal data in content: identity and co-ordination numbers, phone numbers, private e-mail addresses.

Only synthetic numbers are used: valid check digits are computed here from a date and a serial.
"""

from __future__ import annotations

import pytest

from guardrails_util import (
    HOUSING_EN,
    HOUSING_SV,
    HOUSING_YML,
    INDEX_SV,
    SCHOOLS_SV,
    append,
    bad_checksum,
    copy_fixture,
    guard_findings,
    personal_number,
)
from kc.pii import Allowlist, find_personal_data, luhn_ok

PNR = personal_number("19640823", "323")  # 19640823-3234, the Tax Agency's long-standing example
COORD = personal_number("19640883", "324")  # co-ordination number: day 23 + 60
ALLOW = Allowlist(["*@kunskapscentrum.example", "info@kommun.example"], [])

# (form, text containing it) – every written form must be found.
PERSONAL_NUMBERS = [
    ("12 digits with '-'", PNR),
    ("12 digits, no separator", PNR.replace("-", "")),
    ("10 digits with '-'", PNR[2:]),
    ("10 digits with '+' (100 years or older)", PNR[2:].replace("-", "+")),
    ("10 digits, no separator", PNR[2:].replace("-", "")),
    ("born in the 2000s", personal_number("20050229"[:6] + "28", "412")),
    ("co-ordination number, 10 digits", COORD[2:]),
    ("co-ordination number, 12 digits", COORD),
    ("co-ordination number, no separator", COORD.replace("-", "")),
    ("inside a sentence", f"Klienten (pnr {PNR[2:]}) flyttade."),
    ("inside a Markdown table", f"| namn | {PNR} |"),
    ("10 digits with ' - '", PNR[2:].replace("-", " - ")),
]

PHONE_NUMBERS = [
    "070-123 45 67",
    "070 123 45 67",
    "0701234567",
    "08-123 456 78",
    "08-12 34 56",
    "031-12 34 56",
    "0771-123 456",
    "020-12 34 56",
    "+46 70 123 45 67",
    "+46701234567",
    "+46 (0)8 123 456 78",
    "0046 70 123 45 67",
    "0046-8-123 456 78",
    "(08) 123 45 67",
    "tel:+46701234567",
    "Ring 073-765 43 21 efter kl. 17.",
    "070-123-45-67",  # dashes between all groups
    "070-123-4567",
    "08/123 45 67",  # the older slash after the area code
]

EMAILS = [
    "anna.andersson@gmail.com",
    "x@kommun.se",
    "Fornamn.Efternamn@polisen.example",
    "anna.andersson(at)kommun.se",  # written to dodge harvesters, still personal
    "anna [at] kommun.se",
]

# Look-alikes that are not personal data. Each says why.
LOOK_ALIKES = [
    "2026-11-20",  # an ISO date
    "20261120",  # a compact date
    "SFS 2001:453",  # an SFS number
    "socialtjänstlagen (2001:453) 5 kap. 11 §",  # SFS number in a citation
    bad_checksum(PNR),  # right form and date, wrong check digit
    bad_checksum(PNR)[2:],  # the same in 10-digit form
    bad_checksum(COORD),  # co-ordination number with a wrong check digit
    "199013450011",  # month 13 does not exist
    "Dnr 2026/0123",  # a case number
    "dnr 2025-001234",  # a case number with a dash
    "202100-5489",  # an organisation number (month 21)
    "avsnitt 3.2.1",  # a clause number
    "version 1.0 och v2.1.3",  # version numbers
    "10 000 kr",  # an amount
    "1 500 000 kronor",  # a larger amount
    "år 2026",  # a year
    "barn 0-18 år",  # an age range
    "kl. 08.30–16.00",  # opening hours
    "kl. 08:30",  # a time
    "08-12-2026",  # a date written day-month-year
    "112, 114 14 och 1177",  # emergency and service numbers
    "ÅÅÅÅMMDD-NNNN",  # the form, without digits
    "remiss@kunskapscentrum.example",  # allowed by pattern
    "REMISS@Kunskapscentrum.example",  # e-mail addresses are case-insensitive
    "info@kommun.example",  # allowed explicitly
    "remiss(at)kunskapscentrum.example",  # allowed, written with (at)
    "05-06-2026",  # a date day-month-year that starts like an area code
    "dnr 3.1.2-2026-00123",  # a case number with dashes
    "IBAN SE45 5000 0000 0583 9825 7466",  # groups of digits after other digits
    "[Riksdagen](https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/socialtjanstlag-2001453_sfs-2001-453/)",
]


def test_luhn_against_our_own():
    assert luhn_ok(PNR[2:].replace("-", ""))
    assert not luhn_ok(bad_checksum(PNR)[2:].replace("-", ""))


@pytest.mark.parametrize("form,text", PERSONAL_NUMBERS, ids=[p[0] for p in PERSONAL_NUMBERS])
def test_personal_numbers_found(form, text):
    hits = find_personal_data(text, ALLOW)
    assert len(hits) == 1, hits
    assert hits[0].kind in ("personal identity number", "co-ordination number")
    digits = "".join(c for c in text if c.isdigit())
    assert hits[0].masked.endswith(digits[-2:]) and hits[0].masked.count("X") >= 8


def test_coordination_number_is_named():
    assert find_personal_data(COORD, ALLOW)[0].kind == "co-ordination number"


@pytest.mark.parametrize("text", PHONE_NUMBERS)
def test_phone_numbers_found(text):
    hits = find_personal_data(text, ALLOW)
    assert [h.kind for h in hits] == ["phone number"]


@pytest.mark.parametrize("text", EMAILS)
def test_private_emails_found(text):
    hits = find_personal_data(f"Skriv till {text}.", ALLOW)
    assert [h.kind for h in hits] == ["e-mail address"]
    assert text not in hits[0].masked


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_not_flagged(text):
    assert find_personal_data(text, ALLOW) == []


def test_allowlisted_phone_number():
    allow = Allowlist([], ["020-50 50 50"])
    assert find_personal_data("Ring 020-50 50 50 dygnet runt.", allow) == []
    assert find_personal_data("Ring +46 20 50 50 50.", allow) == []
    assert find_personal_data("Ring 020-50 50 51.", allow) != []


# Table: (file, text appended, offset of the offending line, start of the expected message).
CASES = [
    (
        HOUSING_SV,
        f"Klientens personnummer är {PNR}.",
        0,
        "personal identity number in published content (shown masked): XXXXXXXX-XX34; remove it",
    ),
    (
        HOUSING_SV,
        f"Pnr: {PNR[2:]}",
        0,
        "personal identity number in published content (shown masked): XXXXXX-XX34",
    ),
    (
        HOUSING_SV,
        f"Född {PNR[2:].replace('-', '+')}",
        0,
        "personal identity number in published content (shown masked): XXXXXX+XX34",
    ),
    (
        HOUSING_SV,
        f"Se ärende {PNR.replace('-', '')} i systemet.",
        0,
        "personal identity number in published content (shown masked): XXXXXXXXXX34",
    ),
    (HOUSING_EN, f"Co-ordination number {COORD[2:]}", 0, "co-ordination number in published content"),
    (HOUSING_SV, f"```\nklient: {PNR}\n```", 1, "personal identity number"),  # code is still personal data
    (
        SCHOOLS_SV,
        "Ring handläggaren på 070-123 45 67.",
        0,
        "phone number in published content (shown masked): "
        "XXX-XXX XX 67; remove it, or if it is an organisation's public number add it",
    ),
    (
        INDEX_SV,
        "Tel. +46 8 123 456 78",
        0,
        "phone number in published content (shown masked): +XX X XXX XXX 78",
    ),
    (
        INDEX_SV,
        "Kontakta anna.andersson@gmail.com",
        0,
        "e-mail address in published content (shown masked): "
        "a…@gmail.com; remove it, or use an organisational address",
    ),
    (HOUSING_YML, f"# anteckning: {PNR}", 0, "personal identity number"),
]


@pytest.mark.parametrize("rel,text,offset,message", CASES)
def test_rejected_in_content(tmp_path, rel, text, offset, message):
    root = copy_fixture(tmp_path / "site")
    line = append(root, rel, text) + offset
    found = [f for f in guard_findings(root) if f.rule == "personal-data"]
    assert [(f.path, f.line, f.severity) for f in found] == [(rel, line, "error")]
    assert found[0].message.startswith(message), found[0].message
    assert "3234" not in str(found[0]) and "6767" not in str(found[0])


def test_summary_in_record_is_scanned(tmp_path):
    root = copy_fixture(tmp_path / "site")
    path = root / HOUSING_YML
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("Första versionen.", f"Första versionen, efter ärende {PNR[2:]}."), encoding="utf-8"
    )
    line = next(i for i, s in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "Första" in s)
    found = [f for f in guard_findings(root) if f.rule == "personal-data"]
    assert [(f.path, f.line) for f in found] == [(HOUSING_YML, line)]


def test_line_counts_front_matter(tmp_path):
    root = copy_fixture(tmp_path / "site")
    line = append(root, HOUSING_EN, f"Number {PNR}")
    assert line > 3  # the English text starts with three lines of front matter
    assert [f.line for f in guard_findings(root) if f.rule == "personal-data"] == [line]


def test_look_alikes_pass_in_content(tmp_path):
    root = copy_fixture(tmp_path / "site")
    append(root, HOUSING_SV, "\n\n".join(LOOK_ALIKES))
    assert guard_findings(root) == []

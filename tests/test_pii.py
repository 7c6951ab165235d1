"""Personal data in content: identity and co-ordination numbers, phone numbers, private e-mail addresses.

Only synthetic numbers are used: valid check digits are computed here from a date and a serial.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

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
    luhn_digit,
    personal_number,
)
from kc.checks import pii
from kc.checks.pii import Allowlist, find_personal_data, luhn_ok, scan_text

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


# --- Hostile typing: the number as a reader sees it (kc.checks.textnorm) -----------------------------------

# (form, text): each must still be found as exactly one identity number.
HOSTILE_NUMBERS = [
    ("no-break space as separator", PNR.replace("-", "\u00a0")),
    ("narrow no-break spaces around the dash", PNR.replace("-", "\u202f-\u202f")),
    ("figure space", PNR.replace("-", "\u2007")),
    ("zero-width space inside the date", PNR[:4] + "\u200b" + PNR[4:]),
    ("zero-width joiner and word joiner", PNR[:3] + "\u200d" + PNR[3:9] + "\u2060" + PNR[9:]),
    ("soft hyphen inside the serial", PNR[:11] + "\u00ad" + PNR[11:]),
    ("left-to-right mark and BOM", "\u200e" + PNR[:6] + "\ufeff" + PNR[6:]),
    ("minus sign", PNR.replace("-", "\u2212")),
    ("en dash", PNR.replace("-", "\u2013")),
    ("em dash", PNR.replace("-", "\u2014")),
    ("fullwidth hyphen-minus", PNR.replace("-", "\uff0d")),
    ("non-breaking hyphen", PNR.replace("-", "\u2011")),
    ("small hyphen-minus", PNR.replace("-", "\ufe63")),
    ("fullwidth digits", "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in PNR)),
    ("Arabic-Indic digits", "".join(chr(0x0660 + int(c)) if c.isdigit() else c for c in PNR)),
    ("entity &#45;", PNR.replace("-", "&#45;")),
    ("entity &#x2D;", PNR.replace("-", "&#x2D;")),
    ("entity &minus;", PNR.replace("-", "&minus;")),
    ("entity &ndash;", PNR.replace("-", "&ndash;")),
    ("entity &nbsp;", PNR.replace("-", "&nbsp;")),
    ("digits as entities", PNR.replace("1", "&#49;").replace("3", "&#x33;")),
    ("'+' as an entity", PNR[2:].replace("-", "&#43;")),
    ("emphasis around the serial", PNR.replace("-", "-*") + "*"),
    ("strong emphasis around the date", "**" + PNR.replace("-", "**-")),
    ("underscore emphasis", "_" + PNR[:8] + "_" + PNR[8:]),
    ("strike-through and code", "~~" + PNR[:4] + "~~`" + PNR[4:] + "`"),
    ("backslash-escaped dash", PNR.replace("-", "\\-")),
    ("HTML tag around a part", PNR.replace("-", "-<b>") + "</b>"),
    ("HTML comment inside", PNR[:4] + "<!-- x -->" + PNR[4:]),
    ("inside an HTML comment", f"<!-- {PNR} -->"),
    ("span with attributes around a part", PNR.replace("-", '-<span class="x">') + "</span>"),
    ("wrapped after the dash", PNR.replace("-", "-\n")),
    ("wrapped before the dash", PNR.replace("-", "\n-")),
    ("wrapped inside the date", PNR[:6] + "\n" + PNR[6:]),
    ("wrapped inside a quotation", "> " + PNR.replace("-", "-\n> ")),
    ("wrapped with indentation", PNR[:10] + "\n    " + PNR[10:]),
    ("hard line break (two spaces)", PNR.replace("-", "-  \n")),
    ("hard line break (backslash)", PNR.replace("-", "-\\\n")),
    ("Windows line ends", PNR[:6] + "\r\n" + PNR[6:]),
    ("everything at once",
     "\u200b" + PNR[:8].replace("9", "&#57;") + "&#x2212;*" + PNR[9:11] + "\u00ad\n" + PNR[11:] + "*"),
]


@pytest.mark.parametrize("form,text", HOSTILE_NUMBERS, ids=[h[0] for h in HOSTILE_NUMBERS])
def test_hostile_forms_of_an_identity_number_are_found(form, text):
    hits = find_personal_data(f"Klienten ({text}) flyttade.", ALLOW)
    assert [h.kind for h in hits] == ["personal identity number"], hits
    assert hits[0].masked.endswith("34") and hits[0].masked.count("X") >= 8
    assert "3234" not in hits[0].masked


HOSTILE_OTHERS = [
    ("070\u2011123\u00a045\u00a067", "phone number"),
    ("070&#8209;123&nbsp;45&nbsp;67", "phone number"),
    ("+46&nbsp;70\u202f123 45 67", "phone number"),
    ("\uff10\uff17\uff10-123 45 67", "phone number"),
    ("070-123\n45 67", "phone number"),  # a line break inside a paragraph shows as a space
    ("073\u2009765\u200943\u200921", "phone number"),  # thin spaces
    ("0046&#160;70-123 45 67", "phone number"),
    ("+46 (0)70\u2011123\u00a045\u00a067", "phone number"),
    ("+47\u00a022\u00a012\u00a034\u00a056", "phone number"),  # other countries too
    ("+358&nbsp;40 123 4567", "phone number"),
    ("**070**-123 45 67", "phone number"),
    ("anna&#64;gmail.com", "e-mail address"),
    ("anna\uff20gmail.com", "e-mail address"),
    ("anna.anders\u200bson@gmail.com", "e-mail address"),
    ("anna&#40;at&#41;gmail.com", "e-mail address"),
    ('<a href="mailto:anna.andersson&#64;gmail.com">mejla</a>', "e-mail address"),  # in the page's source
    ("<!-- 070-123 45 67 -->", "phone number"),
]


@pytest.mark.parametrize("text,kind", HOSTILE_OTHERS)
def test_hostile_forms_of_phone_numbers_and_addresses_are_found(text, kind):
    assert [h.kind for h in find_personal_data(f"Kontakt: {text}.", ALLOW)] == [kind]


# Not phone numbers (nor identity numbers): the rule stated in CONTRIBUTING.md, one example per kind.
NOT_PHONE_NUMBERS = [
    "Dnr 2026/123",
    "KS 2025/0417",
    "Ä 2026-000123",
    "Ä 2026\u2013000123",
    "2026-12-02",
    "2026\u201312\u201302",
    "20261202",
    "02-12-2026",
    "1 250 000 kr",
    "1\u00a0250\u00a0000 kr",
    "12\u202f000\u202f000 kronor",
    "SFS 2025:400",
    "2009:400",
    "(SFS 2009:400) 3 kap. 2 §",
    "punkt 3.2.1",
    "avsnitt 5.12 och 6.1.3",
    "Dnr 2026/123\n20261202",
    "| 2026-12-02 |\n| 1 250 000 kr |",
]


@pytest.mark.parametrize("text", NOT_PHONE_NUMBERS)
def test_case_numbers_dates_amounts_and_sfs_numbers_are_not_flagged(text):
    assert find_personal_data(text, ALLOW) == []


def test_allowlisted_number_written_with_other_spaces_and_dashes():
    allow = Allowlist(["*@kunskapscentrum.example"], ["020-50 50 50"])
    text = "Ring 020\u201350\u00a050\u00a050 eller skriv till remiss&#64;kunskapscentrum.example"
    assert find_personal_data(text, allow) == []


# (file, text appended, offset of the offending line, start of the expected message)
HOSTILE_CASES = [
    (HOUSING_SV, f"Klienten har nummer {PNR.replace('-', '&#x2D;')}.", 0, "personal identity number"),
    (HOUSING_SV, f"Se ärende {PNR[:8]}-\n{PNR[9:]} i systemet.", 0, "personal identity number"),
    (HOUSING_SV, f"Text\n\ntext {PNR[:6]}\u200b{PNR[6:]}", 2, "personal identity number"),
    (SCHOOLS_SV, "Ring *070*\u2013123\u00a045\u00a067.", 0,
     "phone number in published content (shown masked): XXX-XXX XX 67"),
    (INDEX_SV, "Skriv till anna&#64;gmail.com.", 0, "e-mail address in published content"),
    (HOUSING_YML, f"# anteckning: {PNR.replace('-', chr(0x2212))}", 0, "personal identity number"),
]


@pytest.mark.parametrize("rel,text,offset,message", HOSTILE_CASES)
def test_hostile_forms_rejected_in_content_with_file_and_line(tmp_path, rel, text, offset, message):
    root = copy_fixture(tmp_path / "site")
    line = append(root, rel, text) + offset
    found = [f for f in guard_findings(root) if f.rule == "personal-data"]
    assert [(f.path, f.line) for f in found] == [(rel, line)]
    assert found[0].message.startswith(message), found[0].message
    assert "3234" not in str(found[0]) and "4567" not in str(found[0])


@pytest.mark.parametrize("name", ["notes.txt", "page.html", "figure.svg", "data.csv", "README"])
def test_every_published_text_file_is_scanned(tmp_path, name):
    root = copy_fixture(tmp_path / "site")
    rel = f"docs/sv/guidelines/housing/{name}"
    (root / rel).write_text(f"first line\nsecond {PNR[2:]}\n", encoding="utf-8")
    found = [f for f in guard_findings(root) if f.rule == "personal-data"]
    assert [(f.path, f.line) for f in found] == [(rel, 2)]
    assert found[0].message.startswith("personal identity number in published content")


def test_binary_files_are_not_read_as_text(tmp_path):
    root = copy_fixture(tmp_path / "site")
    (root / "docs/sv/guidelines/housing/photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0" + PNR.encode())
    assert [f for f in guard_findings(root) if f.rule == "personal-data"] == []


@pytest.mark.parametrize("rel,kind", [
    (f"docs/sv/guidelines/housing/{PNR}.pdf", "personal identity number"),
    (f"docs/sv/guidelines/housing/beslut_{PNR.replace('-', '_')}.pdf", "personal identity number"),
    (f"docs/sv/guidelines/housing/{PNR[2:].replace('-', '')}/bild.png", "personal identity number"),
    ("docs/sv/guidelines/housing/ring-070-123-45-67.pdf", "phone number"),
    ("docs/sv/guidelines/housing/anna.andersson@gmail.com.txt", "e-mail address"),
])
def test_file_and_folder_names_are_scanned(tmp_path, rel, kind):
    root = copy_fixture(tmp_path / "site")
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_bytes(b"\0binary")
    found = [f for f in guard_findings(root) if f.rule == "personal-data"]
    named = rel if not rel.endswith("bild.png") else rel.rsplit("/", 1)[0]
    assert [(f.path, f.line) for f in found] == [(named, 1)]
    assert found[0].message.startswith(f"{kind} in a file or folder name (shown masked): ")
    assert "rename it" in found[0].message and "3234" not in found[0].message


def test_false_positive_list_passes_in_content(tmp_path):
    root = copy_fixture(tmp_path / "site")
    append(root, HOUSING_SV, "\n\n".join(NOT_PHONE_NUMBERS))
    assert [f for f in guard_findings(root) if f.rule == "personal-data"] == []


# --- Properties (Hypothesis) -----------------------------------------------------------------------------

DASHES = ["-", "\u2010", "\u2011", "\u2013", "\u2014", "\u2212", "\uff0d", "\ufe63", "&#45;", "&#x2D;",
          "&minus;", "&ndash;", "&#8211;"]
SPACES = [" ", "\u00a0", "\u202f", "\u2007", "&nbsp;", "&#160;"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "&shy;", "&#8203;"]


@st.composite
def identity_numbers(draw):
    """(digits as written, separator) of a valid personal identity or co-ordination number."""
    day = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31)))
    serial = f"{draw(st.integers(0, 999)):03d}"
    coordination = draw(st.booleans())
    dd = day.day + 60 if coordination else day.day
    ten = f"{day:%y%m}{dd:02d}{serial}"
    ten += luhn_digit(ten)
    long_form = draw(st.booleans())
    head = f"{day.year // 100}{ten[:6]}" if long_form else ten[:6]
    sep = draw(st.sampled_from(["", "-", " ", "+"] if not long_form else ["", "-", " "]))
    return head, sep, ten[6:], coordination


@st.composite
def obfuscated(draw):
    """A valid number, with any mix of the tricks the guard must see through, and whether it is one."""
    head, sep, tail, coordination = draw(identity_numbers())
    if sep == "-":
        sep = draw(st.sampled_from(DASHES))
    elif sep == " ":
        sep = draw(st.sampled_from(SPACES))
    elif sep == "+":
        sep = draw(st.sampled_from(["+", "&#43;", "\uff0b"]))
    chars = list(head) + [sep] + list(tail)
    out = []
    for i, c in enumerate(chars):
        if c.isdigit():
            c = draw(st.sampled_from([c, c, c, chr(ord(c) + 0xFEE0), f"&#{ord(c)};", f"&#x{ord(c):X};"]))
        out.append(c)
        if i < len(chars) - 1 and draw(st.integers(0, 5)) == 0:
            out.append(draw(st.sampled_from(INVISIBLE + ["*", "**", "`", "~~", "<b>", "</b>", "<!-- -->"])))
    if draw(st.booleans()):  # wrapped over two lines, anywhere after the first character
        at = draw(st.integers(1, len(out) - 1))
        out.insert(at, draw(st.sampled_from(["\n", "\n  ", "\n> "])))
    return "".join(out), coordination


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(obfuscated())
def test_property_any_obfuscated_valid_number_is_found(case):
    text, coordination = case
    found = list(scan_text("docs/sv/x.md", f"Klienten ({text}) flyttade.\n", ALLOW))
    kind = "co-ordination number" if coordination else "personal identity number"
    assert [(f.line, f.message.split(" in ")[0]) for f in found] == [(1, kind)], text


YEARS = st.integers(1990, 2035)


@st.composite
def not_personal(draw):
    """A case number, date, amount, SFS number or clause number, as written in Swedish texts."""
    kind = draw(st.sampled_from(["case", "date", "compact", "amount", "sfs", "clause"]))
    year = draw(YEARS)
    if kind == "case":
        prefix = draw(st.sampled_from(["Dnr", "dnr", "KS", "Ä", "SN", "BUN", "Diarienummer"]))
        sep = draw(st.sampled_from(["/", "-", "\u2013", ":", "."]))
        digits = draw(st.integers(1, 6))
        number = f"{draw(st.integers(0, 10**digits - 1)):0{digits}d}"
        return f"{prefix} {year}{sep}{number}"
    if kind in ("date", "compact"):
        day = draw(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)))
        if kind == "compact":
            return f"{day:%Y%m%d}"
        dash = draw(st.sampled_from(["-", "\u2013", "\u2011"]))
        return draw(st.sampled_from([f"{day:%Y-%m-%d}", f"{day:%d-%m-%Y}"])).replace("-", dash)
    if kind == "amount":
        space = draw(st.sampled_from([" ", "\u00a0", "\u202f"]))
        amount = f"{draw(st.integers(1000, 10**10)):,}".replace(",", space)
        return f"{amount} {draw(st.sampled_from(['kr', 'kronor', 'SEK']))}"
    if kind == "sfs":
        number = draw(st.integers(1, 1500))
        return draw(st.sampled_from([f"SFS {year}:{number}", f"({year}:{number})", f"{year}:{number}"]))
    parts = draw(st.lists(st.integers(1, 30), min_size=2, max_size=4))
    return "punkt " + ".".join(map(str, parts))


@settings(max_examples=400, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(not_personal(), min_size=1, max_size=4), st.sampled_from([" ", ", ", "\n", " och "]))
def test_property_case_numbers_dates_amounts_and_sfs_numbers_are_not_flagged(items, glue):
    text = glue.join(items)
    assert find_personal_data(text, ALLOW) == [], text


# --- The archive lock: digests are hex, in which digit runs turn up by chance -----------------------------

# A real SHA-256 (of a synthetic benchmark text) whose digits "1402712960" read as a co-ordination number.
DIGEST = "11c37cbb6ded1bc1b0003f4ea22b1b1402712960d807fb2997578f1190939b05"


def _lock(root, entries: dict[str, str]) -> str:
    import json

    rel = "docs/guidelines/_archive.lock"
    (root / rel).write_text(json.dumps({"about": "x", "texts": entries}, indent=2) + "\n", encoding="utf-8")
    return rel


def test_a_digest_in_the_archive_lock_is_not_personal_data(tmp_path):
    root = copy_fixture(tmp_path / "site")
    assert find_personal_data(DIGEST), "the digest must look like a number, or this test proves nothing"
    rel = _lock(root, {"docs/sv/guidelines/housing/v1.0/index.md": DIGEST})
    assert [f for f in guard_findings(root) if f.rule == "personal-data" and f.path == rel] == []


def test_the_rest_of_the_archive_lock_is_still_scanned(tmp_path):
    root = copy_fixture(tmp_path / "site")
    rel = _lock(root, {f"docs/sv/guidelines/{PNR}/v1.0/index.md": DIGEST, "docs/x.md": PNR})
    found = [f for f in guard_findings(root) if f.rule == "personal-data" and f.path == rel]
    assert [f.line for f in found] == [4, 5]  # the path and a value that is not a digest


_PHONE_PIECES = ["0", "00", "08", "070", "1", "2", "46", "9", "+", "(", ")", "(0)", " ", "\u00a0", "\u202f",
                 "-", "\u2013", "/", ".", ",", ":", "a", "\n", "_", "٣", "(08)", "(031)", "+46", "0046",
                 "123"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PHONE_PIECES), max_size=40))
@example(["(08)", "123"])  # the national form that starts at its '('
@example(["0", "+46", " ", "70"])  # an international number right after a digit that cannot start one
def test_phone_patterns_are_tried_only_where_they_can_start_with_the_same_matches(pieces):
    text = "".join(pieces)
    for pattern, starts in ((pii.NATIONAL_RE, pii._NATIONAL_START_RE),
                            (pii.INTERNATIONAL_RE, pii._INTERNATIONAL_START_RE)):
        fast = [m.span() for m in pii._matches(pattern, starts, text)]
        assert fast == [m.span() for m in pattern.finditer(text)], text

"""Personal data that must never be published: identity numbers, phone numbers, private e-mail addresses.

Detectors are pure functions over text normalised as a reader sees it (textnorm.py: entities decoded, NFKC,
invisible characters dropped, every dash and space alike, emphasis dropped, lines of a paragraph joined);
`check_personal_data` runs them over every text file under docs/ and over every file and folder name.
Messages never repeat what was found: only the last two digits (or the first letter and the domain of an
e-mail address) are shown.

False positives are kept low by rule: an identity number needs a real date and a valid check digit; case
numbers (Dnr 2026/123, KS 2025/0417, Ä 2026-000123), dates (2026-12-02, 20261202, 02-12-2026), amounts
(1 250 000 kr), SFS numbers (SFS 2025:400, 2009:400) and clause numbers (3.2.1) are not phone numbers: a
Swedish number starts with 0 (or +46/0046) and is not glued to other digits, '/', ':' or '.'.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from fnmatch import fnmatchcase
from pathlib import Path

from kc.checks.archive import lock_path
from kc.checks.textnorm import normalise
from kc.content import yamlsrc
from kc.content.findings import Finding
from kc.content.sources import line_at

ALLOWLIST = Path("guidelines") / "_allowlist.yml"

# 12 or 10 digits: [CC]YYMMDD, then '-' or '+' (a space either side is tolerated), a space or nothing,
# then three serial digits and a check digit, not followed by more digits or by "-5", "/5", ":5" (then the
# digits are the start of a date, case number or SFS number: "20000101 1998-01-01").
PNR_RE = re.compile(
    r"(?<![\d])(?P<cc>\d{2})?(?P<yy>\d{2})(?P<mm>\d{2})(?P<dd>\d{2})"
    r"(?P<sep>[ ]?[-+\u2010\u2011\u2013][ ]?|[ ]?)"
    r"(?P<serial>\d{3})(?P<check>\d)(?![\d]|[-/:]\d)"
)
# What every match of PNR_RE contains (yy, mm, dd), found far faster than PNR_RE tries every position.
_SIX_DIGITS_RE = re.compile(r"\d{6}")

_SP = r"[ \u00a0\u202f]"
_DASH = r"[-\u2010\u2011\u2013]"
# National: area code (08 or 0 + two to four digits), '-', '/' or a space, then the subscriber number, whose
# groups are separated by spaces, or by dashes all through (070-123-45-67). Dates written 08-12-2026 are
# taken out afterwards (DATE_LIKE_RE); ISO dates never match, as they do not start with 0.
NATIONAL_RE = re.compile(
    rf"(?<![\w+\-.,:/\u2010\u2011\u2013])(?<!\d{_SP})"
    rf"(?:\((?:08|0[1-9]\d{{1,3}})\){_SP}?|(?:08|0[1-9]\d{{1,3}})(?:{_SP}?(?:{_DASH}|/){_SP}?|{_SP})?)"
    rf"(?:\d+(?:{_DASH}\d+)+|\d+(?:{_SP}\d+)*)(?![\w]|[.,:\-]\d)"
)
DATE_LIKE_RE = re.compile(r"(?:0[1-9]|[12]\d|3[01])[-./](?:0[1-9]|1[0-2])[-./](?:19|20)\d\d")
# International: +46 / 0046 (optionally with (0)), or any other +country code.
INTERNATIONAL_RE = re.compile(
    rf"(?<![\w+])(?:\+|00){_SP}?[1-9]\d*(?:(?:{_SP}|{_DASH}|{_SP}?\(0\){_SP}?)\d+)*(?![\w])"
)
# Where a match of each can start: NATIONAL_RE at '(' before '0' and a digit, or at '0' before a digit 1-9;
# INTERNATIONAL_RE at '+' or '00'. A search for these skips the rest in C, where the patterns (opening with
# look-behinds) are tried at every character (tests/test_pii.py compares with finditer on random text).
_NATIONAL_START_RE = re.compile(r"\((?=0[1-9])|0(?=[1-9])")
_INTERNATIONAL_START_RE = re.compile(r"\+|0(?=0)")


def _matches(pattern: re.Pattern, starts: re.Pattern, text: str) -> Iterator[re.Match]:
    """`pattern.finditer(text)`, trying `pattern` only where `starts` says a match of it can start."""
    pos = 0
    for c in starts.finditer(text):
        if c.start() < pos:
            continue
        m = pattern.match(text, c.start())
        if m is not None:
            yield m
            pos = m.end()


EMAIL_RE = re.compile(r"(?<![\w.+%-])[\w.%+-]+@(?:[\w-]+\.)+[A-Za-z]{2,}(?![\w-])")
# Addresses written to dodge harvesters are still personal data: anna.svensson(at)kommun.se, x [at] y.se.
EMAIL_AT_RE = re.compile(
    r"(?<![\w.+%-])([\w.%+-]+)[ ]?(?:\((?:at|snabel-a)\)|\[(?:at|snabel-a)\])[ ]?"
    r"((?:[\w-]+\.)+[A-Za-z]{2,})(?![\w-])",
    re.I,
)


_AT_WORD_RE = re.compile(r"[(\[](?:at|snabel-a)[)\]]", re.I)


@dataclass(frozen=True)
class Hit:
    """One piece of personal data on a line: where it starts, what kind, and the masked value."""

    start: int
    end: int
    kind: str
    masked: str


def luhn_ok(digits: str) -> bool:
    """True when `digits` pass the Luhn check (as the last digit of a personal identity number must)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _valid_date(years: list[int], month: int, day: int) -> bool:
    for year in years:
        try:
            date(year, month, day)
            return True
        except ValueError:
            continue
    return False


def _mask(value: str, keep: int = 2) -> str:
    """Every digit but the last `keep` replaced by X; separators kept so the form is recognisable."""
    digits = [i for i, ch in enumerate(value) if ch.isdigit()]
    hide = set(digits[:-keep] if keep else digits)
    return "".join("X" if i in hide else ch for i, ch in enumerate(value))


def find_personal_numbers(line: str) -> list[Hit]:
    """Personal identity and co-ordination numbers with a valid date and check digit."""
    hits: list[Hit] = []
    if not _SIX_DIGITS_RE.search(line):
        return hits  # the usual case: every number has its date's six digits in a row
    for m in PNR_RE.finditer(line):
        yy, mm, dd = int(m["yy"]), int(m["mm"]), int(m["dd"])
        coordination = dd > 60
        day = dd - 60 if coordination else dd
        years = [int(m["cc"]) * 100 + yy] if m["cc"] else [1900 + yy, 2000 + yy]
        if m["cc"] and not 18 <= int(m["cc"]) <= 20:
            continue
        if not _valid_date(years, mm, day):
            continue
        if not luhn_ok(m["yy"] + m["mm"] + m["dd"] + m["serial"] + m["check"]):
            continue
        kind = "co-ordination number" if coordination else "personal identity number"
        hits.append(Hit(m.start(), m.end(), kind, _mask(m.group(0))))
    return hits


def _trim(match: str, minimum: int, maximum: int) -> str | None:
    """The longest prefix of `match` that ends after a group of at most `maximum` digits, if >= minimum."""
    best = None
    count = 0
    for g in re.finditer(r"\d+", match):
        count += len(g.group(0))
        if count > maximum:
            break
        best = match[: g.end()] if count >= minimum else best
    return best


def national_digits(number: str) -> str:
    """A phone number as national digits (+46 70 ... -> 070...), for comparing with the allow-list."""
    digits = re.sub(r"\(0\)", "", number)
    digits = (
        re.sub(r"\D", "", digits) if not number.lstrip().startswith("+") else "00" + re.sub(r"\D", "", digits)
    )
    return "0" + digits[4:] if digits.startswith("0046") else digits


def find_phone_numbers(line: str) -> list[Hit]:
    """Swedish phone numbers in national and international form (and other +country numbers)."""
    hits = []
    for m in _matches(INTERNATIONAL_RE, _INTERNATIONAL_START_RE, line):
        swedish = re.match(r"(?:\+|00)[ \u00a0\u202f]?46", m.group(0))
        if not swedish and m.group(0).startswith("00"):
            continue
        # +46 70 123 45 67: 46 + 7..9 digits (0046: two more); other countries 8..15 digits in all.
        low, high = (11, 13) if m.group(0).startswith("00") else (9, 11) if swedish else (8, 15)
        value = _trim(m.group(0).replace("(0)", "(_)"), low, high)
        if value:
            value = m.group(0)[: len(value)]
            hits.append(Hit(m.start(), m.start() + len(value), "phone number", _mask(value)))
    for m in _matches(NATIONAL_RE, _NATIONAL_START_RE, line):
        if any(h.start <= m.start() < h.end for h in hits):
            continue
        value = _trim(m.group(0), 8, 10)
        if value and DATE_LIKE_RE.fullmatch(value):
            continue
        if value:
            hits.append(Hit(m.start(), m.start() + len(value), "phone number", _mask(value)))
    return hits


def find_emails(line: str) -> list[Hit]:
    """E-mail addresses (the allow-list is applied by the caller)."""
    hits: list[Hit] = []
    if "@" not in line and not _AT_WORD_RE.search(line):
        return hits  # the usual case: the scans below would try every word
    for m in EMAIL_RE.finditer(line):
        local, _, domain = m.group(0).partition("@")
        hits.append(Hit(m.start(), m.end(), "e-mail address", f"{local[0]}…@{domain}"))
    for m in EMAIL_AT_RE.finditer(line):
        hits.append(Hit(m.start(), m.end(), "e-mail address", f"{m.group(1)[0]}…@{m.group(2)}"))
    return hits


def _as_address(found: str) -> str:
    """An e-mail address as written ('a(at)b.se', 'a [at] b.se') in its plain form, for the allow-list."""
    return re.sub(r"[ ]?[(\[](?:at|snabel-a)[)\]][ ]?", "@", found, flags=re.I)


def _strings(value) -> list[str]:
    """The plain values of an allow-list entry that should be a list (anything else allows nothing)."""
    if not isinstance(value, list):
        return []
    return [str(v) for v in value if isinstance(v, (str, int))]


@dataclass
class Allowlist:
    """Organisational contact details that may be published (docs/guidelines/_allowlist.yml)."""

    emails: list[str]
    phones: list[str]

    @classmethod
    def load(cls, docs: Path) -> Allowlist:
        path = docs / ALLOWLIST
        data = {}
        if path.exists():
            try:
                data = yamlsrc.load(path)[0] or {}
            except yamlsrc.YamlError:
                data = {}  # kc validate reports the file; an unreadable allow-list allows nothing
        data = data if isinstance(data, dict) else {}
        return cls(
            [str(e).lower() for e in _strings(data.get("emails"))],
            [national_digits(str(p)) for p in _strings(data.get("phones"))],
        )

    def email_ok(self, address: str) -> bool:
        return any(fnmatchcase(address.lower(), pattern) for pattern in self.emails)

    def phone_ok(self, number: str) -> bool:
        return national_digits(number) in {national_digits(p) for p in self.phones}


def find_personal_data(text: str, allow: Allowlist | None = None) -> list[Hit]:
    """Everything personal in `text` as a reader sees it, at offsets of `text`; overlapping hits once."""
    shown = normalise(text)
    hits = [_back(shown, h) for h in _find_normalised(shown.text, allow)]
    # A number broken over a line end, or by a comment or a tag, reads as one: look again, joined.
    if "\n" in text or "<" in text:
        joined = normalise(text, join="", hidden=True)
        for h in find_personal_numbers(joined.text):
            hit = _back(joined, h)
            overlap = [o for o in hits if o.start < hit.end and hit.start < o.end]
            if all(o.kind not in _IDENTITY or hit.start < o.start <= o.end <= hit.end for o in overlap):
                # Identity numbers first, and the whole number rather than its end ('19' + '800101-1234'):
                # the digits read otherwise on one line were this.
                hits = [o for o in hits if o not in overlap] + [hit]
    return sorted(hits, key=lambda h: h.start)


_IDENTITY = ("personal identity number", "co-ordination number")


def _back(norm, hit: Hit) -> Hit:
    start, end = norm.span(hit.start, hit.end)
    return Hit(start, end, hit.kind, hit.masked)


def _find_normalised(line: str, allow: Allowlist | None = None) -> list[Hit]:
    """Everything personal in normalised text, identity numbers first; overlapping hits are reported once."""
    allow = allow or Allowlist([], [])
    hits: list[Hit] = []
    for hit in find_personal_numbers(line):
        hits.append(hit)
    for hit in find_phone_numbers(line):
        if allow.phone_ok(line[hit.start : hit.end]):
            continue
        if not any(h.start < hit.end and hit.start < h.end for h in hits):
            hits.append(hit)
    for hit in find_emails(line):
        if not allow.email_ok(_as_address(line[hit.start : hit.end])):
            hits.append(hit)
    return sorted(hits, key=lambda h: h.start)


HOW_TO_FIX = {
    "personal identity number": "remove it; texts must never contain personal data, not even as an example "
    "(write ÅÅÅÅMMDD-NNNN to show the form)",
    "co-ordination number": "remove it; texts must never contain personal data, not even as an example",
    "phone number": "remove it, or if it is an organisation's public number add it to 'phones:' in "
    "docs/guidelines/_allowlist.yml",
    "e-mail address": "remove it, or use an organisational address; allowed addresses are listed under "
    "'emails:' in docs/guidelines/_allowlist.yml",
}


_MAYBE_PERSONAL_RE = re.compile(r"[^\x00-\x7f]|\d|@|&#|[(\[](?:at|snabel-a)[)\]]", re.I)
_BINARY_SAMPLE = 8192
# Compressed or binary formats: their bytes are not text a reader sees (random digits in them would be read
# as numbers). Their names are still checked; what a PDF says is the publisher's responsibility.
BINARY_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".pdf", ".docx", ".xlsx", ".pptx",
                ".odt", ".ods", ".odp", ".zip", ".gz", ".woff", ".woff2", ".ttf"}


def _message(hit: Hit, where: str, fix: str) -> str:
    return f"{hit.kind} in {where} (shown masked): {hit.masked}; {fix}"


def scan_text(rel: str, text: str, allow: Allowlist | None = None) -> Iterator[Finding]:
    """Findings for every piece of personal data in one file's text (code blocks included)."""
    if not _MAYBE_PERSONAL_RE.search(text):
        return  # no digit, no '@' or '(at)', no entity and nothing beyond ASCII: nothing to find
    for hit in find_personal_data(text, allow):
        yield Finding(rel, line_at(text, hit.start), _message(hit, "published content", HOW_TO_FIX[hit.kind]),
                      rule="personal-data")


def scan_name(rel: str, allow: Allowlist | None = None) -> Iterator[Finding]:
    """Findings for personal data in the last part of path `rel` (a file or folder name)."""
    name = rel.rsplit("/", 1)[-1]
    # In a name '_' and '.' between digits stand for a separator (19800101_1234.pdf), and '-' or '_' next
    # to a letter for a space between words (ring-070-123-45-67.pdf).
    spaced = re.sub(r"(?<=\d)[_.](?=\d)", "-", name)
    spaced = re.sub(r"(?<=[^\W\d_])[-_]|[-_](?=[^\W\d_])", " ", spaced)
    for hit in find_personal_data(spaced, allow):
        fix = "rename it; names must never contain personal data"
        yield Finding(rel, 1, _message(hit, "a file or folder name", fix), rule="personal-data")


def _published(docs: Path) -> Iterator[tuple[Path, bool]]:
    """Every file and folder under `docs` (True for a regular file), not following links."""
    for top, dirs, files in os.walk(docs, followlinks=False):
        dirs.sort()
        for name in [*dirs, *sorted(files)]:
            path = Path(top) / name
            yield path, name in files and path.is_file() and not path.is_symlink()


def _read_text(path: Path) -> str | None:
    """The text of `path`, or None for a binary file: a known binary type or a NUL byte near the start."""
    if path.suffix.lower() in BINARY_TYPES:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None  # unreadable files are reported by the checks that read them as content
    if b"\0" in data[:_BINARY_SAMPLE]:
        return None
    return data.decode("utf-8", errors="replace")


# The archive lock's values are SHA-256 digests of the archived texts, written by `kc new-version`: hex, in
# which any run of digits turns up by chance (at 2,000 guidelines two looked like co-ordination numbers).
# Blanked for this scan only: the archive check refuses every value that is not the digest of a text that
# exists, so no one can hide anything in one. The paths and everything else in the lock are scanned.
_LOCK_DIGEST_RE = re.compile(r'(?<=": ")[0-9a-f]{64}(?="(?:,|\n|$))', re.M)


def _digests_blanked(text: str) -> str:
    return _LOCK_DIGEST_RE.sub("x" * 64, text)


def check_personal_data(project) -> Iterator[Finding]:
    """No personal identity numbers, phone numbers or private e-mail addresses in any published file's
    text (whatever its type) or in any file or folder name under docs/."""
    allow = Allowlist.load(project.docs)
    if not project.docs.is_dir():
        return
    allowlist = project.docs / ALLOWLIST
    lock = lock_path(project)
    for path, regular in _published(project.docs):
        rel = project.rel(path)
        yield from scan_name(rel, allow)
        if regular and str(path) != str(allowlist):
            text = _read_text(path)
            if text is not None:
                yield from scan_text(rel, _digests_blanked(text) if path == lock else text, allow)


def redact(text: str) -> str:
    """`text` with every piece of personal data masked, for quoting content in messages."""
    for hit in reversed(find_personal_data(text)):
        text = text[: hit.start] + hit.masked + text[hit.end :]
    return text

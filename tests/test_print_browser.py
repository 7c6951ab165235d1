"""Printing guidelines on A4: headless Chromium prints the real site to PDF, and the PDF's text is checked."""

from __future__ import annotations

import datetime
import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from browser_util import serve
from kc.content.model import Project
from kc.pages.strings import format_date, t

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SITE_URL = "https://kunskapscentrum.example/"
A4_POINTS = (595.28, 841.89)  # 210 × 297 mm
# Texts of the screen-only parts: search box, navigation, skip link, citation buttons and permalinks.
CHROME = {
    "sv": [
        "Sök i riktlinjerna",
        "Ta med arkiverade versioner",
        "För redaktörer och it",
        "Nyheter",
        "Gå till innehållet",
        "Kopiera hänvisning",
        "Hänvisning: ",
    ],
    "en": [
        "Search the guidelines",
        "Include archived versions",
        "For editors and IT staff",
        "What's new",
        "Skip to content",
        "Copy citation",
        "Citation: ",
    ],
}


@pytest.fixture(scope="module")
def http_site(real_site):
    with serve(real_site) as base:
        yield base


def flat(text: str) -> str:
    """PDF text with ligatures undone (ﬂ → fl) and line breaks and spaces normalised to single spaces."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


def print_pdf(chromium, url: str) -> tuple[PdfReader, str]:
    page = chromium.new_page()
    page.goto(url)
    pdf = page.pdf(format="A4")
    page.close()
    reader = PdfReader(io.BytesIO(pdf))
    return reader, flat("\n".join(p.extract_text() for p in reader.pages))


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_guideline_prints_with_header_clauses_links_and_footer(real_site, chromium, http_site, lang):
    project = Project.load(real_site.parent)
    g = project.by_slug["relocation"]
    path = ("en/" if lang == "en" else "") + "guidelines/relocation/"
    html = (real_site / path / "index.html").read_text(encoding="utf-8")
    reader, text = print_pdf(chromium, http_site + path)

    box = reader.pages[0].mediabox
    assert abs(float(box.width) - A4_POINTS[0]) < 2 and abs(float(box.height) - A4_POINTS[1]) < 2, box
    # The generated header: id, title, version, status and effective date, from the record.
    effective = "effective" if g.status in ("adopted", "superseded", "withdrawn") else "effective_planned"
    for expected in (
        g.id,
        g.title[lang],
        g.version,
        project.label("statuses", g.status, lang),
        t(lang, effective),
        format_date(g.effective, lang),
    ):
        assert flat(expected).casefold() in text.casefold(), expected  # the labels print in capitals
    # Every numbered clause heading, with its number.
    clauses = [
        flat(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r'<h[2-6] class="kc-clause"[^>]*>(.*?)</h', html)
    ]
    assert len(clauses) > 10 and all(re.match(r"\d+(\.\d+)* \S", c) for c in clauses)
    missing = [c for c in clauses if c not in text]
    assert not missing, missing
    # The target of a link to another guideline is written out in full; URLs may wrap, so compare unspaced.
    unspaced = text.replace(" ", "")
    assert f"({SITE_URL}{'en/' if lang == 'en' else ''}guidelines/responsibilities/)" in unspaced
    # Links to clauses of the same page and the clause permalinks are not written out.
    assert f"{SITE_URL}{path}#" not in unspaced
    # The footer: the permanent address and today's date.
    label = "Permanent adress:" if lang == "sv" else "Permanent address:"
    assert f"{label} {SITE_URL}{path}" in text
    assert _print_date_in(text)
    # None of the screen-only chrome, though the page on screen has all of it.
    for chrome in CHROME[lang]:
        assert chrome in html, f"test text {chrome!r} is not on the page at all"
        assert chrome not in text, f"{chrome!r} is printed"


def test_monitoring_template_prints_as_a_form(real_site, chromium, http_site):
    """The providers guideline's monitoring template prints with its table and every checklist item."""
    html = (real_site / "guidelines/providers/index.html").read_text(encoding="utf-8")
    reader, text = print_pdf(chromium, http_site + "guidelines/providers/")
    assert "Mall för uppföljning" in text
    items = [
        flat(re.sub(r"<[^>]+>", "", i)).strip()
        for i in re.findall(r"<li class=\"task-list-item\">(.*?)</li>", html)
    ]
    assert len(items) > 15
    missing = [i for i in items if i not in text]
    assert not missing, missing
    rows = re.search(r"<h2[^>]*>Mall för uppföljning</h2>(.*?)</table>", html, re.S).group(1)
    for cell in re.findall(r"<t[hd][^>]*>([^<]+)</t[hd]>", rows):
        assert flat(cell) in text, cell
    assert "Permanent adress: https://kunskapscentrum.example/guidelines/providers/" in text
    assert len(reader.pages) < 30


def test_offline_edition_prints_online_addresses(real_bundle, chromium):
    """Printed from a file share, links and the footer give the online addresses, not file:// paths."""
    page = real_bundle["folder"] / "guidelines/relocation/index.html"
    _, text = print_pdf(chromium, page.as_uri())
    unspaced = text.replace(" ", "")
    assert f"Permanent adress: {SITE_URL}guidelines/relocation/ " in text
    assert f"({SITE_URL}guidelines/responsibilities/)" in unspaced
    assert "file:" not in unspaced and "index.html" not in unspaced  # canonical addresses only
    assert _print_date_in(text)


@pytest.mark.parametrize("over", ["http", "file"])
def test_every_printed_page_carries_the_address_and_the_print_date(
    real_site, real_bundle, chromium, http_site, over
):
    """Not only the last page: a single sheet taken from the pile still says where it came from and when."""
    if over == "http":
        url = http_site + "guidelines/relocation/"
    else:
        url = (real_bundle["folder"] / "guidelines/relocation/index.html").as_uri()
    reader, _ = print_pdf(chromium, url)
    assert len(reader.pages) > 2
    for n, page in enumerate(reader.pages, 1):
        text = flat(page.extract_text())
        assert f"Permanent adress: {SITE_URL}guidelines/relocation/" in text, f"page {n}: {text[-300:]}"
        assert _print_date_in(text), f"page {n} has no print date"


def _print_date_in(text: str) -> bool:
    """Today's date is in `text` (or yesterday's, when the page was printed just before midnight)."""
    today = datetime.date.today()
    return any(d.isoformat() in text for d in (today, today - datetime.timedelta(days=1)))

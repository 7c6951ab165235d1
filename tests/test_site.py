"""The built real site: a page per record in both languages with its header, and a working switcher."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from conftest import ROOT
from kc.content.model import Project
from kc.pages.strings import format_date

pytestmark = pytest.mark.slow

PROJECT = Project.load(ROOT)
RECORDS = PROJECT.records


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.alternates: dict[str, str] = {}
        self.lang = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "a" and "hreflang" in a:
            self.alternates[a["hreflang"]] = a["href"]


def page(site, lang, slug):
    prefix = "" if lang == "sv" else "en/"
    return (site / f"{prefix}guidelines/{slug}/index.html").read_text(encoding="utf-8")


def test_there_are_guidelines():
    assert len(RECORDS) >= 3, "the real content should have the three national guidelines"


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("g", RECORDS, ids=lambda g: g.id)
def test_guideline_page_has_generated_header(real_site, g, lang):
    html = page(real_site, lang, g.slug)
    facts = html[html.index('<dl class="kc-facts"') : html.index("</dl>")]
    assert "<h1" in html and g.title[lang] in html
    assert f"<dd>{g.id}</dd>" in facts
    assert f"<dd>{g.version}</dd>" in facts
    assert f"kc-badge--{g.status}" in facts
    assert PROJECT.label("statuses", g.status, lang) in facts
    assert format_date(g.review_by, lang) in facts
    assert g.owner[lang] in facts
    for audience in g.audiences:
        assert PROJECT.label("audiences", audience, lang) in facts


@pytest.mark.parametrize("g", RECORDS, ids=lambda g: g.id)
def test_language_switcher_points_at_the_same_guideline(real_site, g):
    sv, en = _Links(), _Links()
    sv.feed(page(real_site, "sv", g.slug))
    en.feed(page(real_site, "en", g.slug))
    assert (sv.lang, en.lang) == ("sv", "en")
    assert re.fullmatch(rf"(\.\./)*en/guidelines/{g.slug}/", sv.alternates["en"]), sv.alternates
    assert re.fullmatch(rf"(\.\./)+guidelines/{g.slug}/", en.alternates["sv"]), en.alternates


def test_english_pages_say_the_swedish_text_is_authoritative(real_site):
    for g in RECORDS:
        if PROJECT.text_path(g.slug, "en").exists():
            assert "The Swedish text is authoritative" in page(real_site, "en", g.slug)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_guideline_index_lists_every_record(real_site, lang):
    prefix = "" if lang == "sv" else "en/"
    html = (real_site / f"{prefix}guidelines/index.html").read_text(encoding="utf-8")
    for g in RECORDS:
        assert f'href="{g.slug}/"' in html and g.title[lang] in html
        assert PROJECT.label("topics", g.topic, lang) in html


def test_no_outside_hosts_in_html(real_site):
    """No Google Fonts, CDN scripts or analytics: every src/href is local or a plain outbound link."""
    for path in real_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r'<(script|link|img|iframe|source)\b[^>]*\b(?:src|href)="(https?:)?//', text):
            # <link rel="canonical"/"alternate"> name the public address but load nothing.
            tag = text[m.start() : text.index(">", m.start())]
            if m.group(1) == "link" and re.search(r'rel="(canonical|alternate)"', tag):
                continue
            pytest.fail(f"{path.relative_to(real_site)} loads from outside: {tag}")


def test_error_page_is_the_bilingual_one_with_a_switcher_to_the_home_pages(real_site):
    # Every language's build writes the root 404.html; the last one built used to win, with English
    # chrome and a switcher leading to whatever page was rendered last.
    parser = _Links()
    parser.feed((real_site / "404.html").read_text(encoding="utf-8"))
    assert parser.lang == "sv"
    assert parser.alternates == {"sv": "/", "en": "/en/"}

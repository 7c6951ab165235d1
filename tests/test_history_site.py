"""Built site: archived versions, banners, history pages, what's new, the feed and cross-references."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from conftest import ROOT
from kc.content.model import Project

PROJECT = Project.load(ROOT)
ARCHIVED = [(g, v) for g in PROJECT.records for v in PROJECT.archived_versions(g.slug)]


def read(site, path):
    return (site / path).read_text(encoding="utf-8")


def test_real_content_has_an_archived_version():
    assert ARCHIVED, "at least one guideline must have an earlier version"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_archived_versions_have_their_own_url_and_a_banner(real_site, lang):
    prefix = "" if lang == "sv" else "en/"
    for g, version in ARCHIVED:
        html = read(real_site, f"{prefix}guidelines/{g.slug}/v{version}/index.html")
        banner = re.search(r'<div class="admonition [a-z]+ kc-archived" role="note">(.*?)</div>', html, re.S)
        assert banner, f"{g.id} v{version} has no archive banner"
        newer = next(h.version for h in reversed(g.history) if h.version != version and
                     tuple(map(int, h.version.split("."))) > tuple(map(int, version.split("."))))
        assert newer in banner.group(1)
        assert 'href="../"' in banner.group(1)  # the current version
        # Citations name the archived version.
        assert f"{g.id} 1, version {version}" in html


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_history_pages_show_every_version_and_a_comparison(real_site, lang):
    prefix = "" if lang == "sv" else "en/"
    for g in PROJECT.records:
        html = read(real_site, f"{prefix}guidelines/{g.slug}/history/index.html")
        for entry in g.history:
            assert entry.summary[lang][:40] in html.replace("\n", " ") or entry.summary[lang][:20] in html
        if len(g.history) > 1:
            assert "<ins>" in html and "<del>" in html
            assert f'<div lang="{lang}">' in html  # compared in the reader's language
        # The header links to the history page.
        page = read(real_site, f"{prefix}guidelines/{g.slug}/index.html")
        assert 'href="history/"' in page


def test_language_switcher_on_history_page(real_site):
    html = read(real_site, "guidelines/relocation/history/index.html")
    assert 'href="../../../en/guidelines/relocation/history/" hreflang="en"' in html
    html = read(real_site, "en/guidelines/relocation/history/index.html")
    assert 'href="../../../../guidelines/relocation/history/" hreflang="sv"' in html


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_whats_new_and_feed(real_site, lang):
    prefix = "" if lang == "sv" else "en/"
    html = read(real_site, f"{prefix}whats-new/index.html")
    entries = sorted(((e.date, g.id, e.version) for g in PROJECT.records for e in g.history), reverse=True)
    positions = [html.index(f"{gid} ") for _, gid, _ in entries[:1]]
    assert positions
    feed = ET.parse(real_site / f"{prefix}feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert len(feed.findall("a:entry", ns)) == len(entries)
    links = [e.find("a:link", ns).get("href") for e in feed.findall("a:entry", ns)]
    assert all(link.startswith("https://") for link in links)
    home = read(real_site, f"{prefix}index.html")
    assert "kc-news" in html or "feed.xml" in html
    assert ("Senaste ändringarna" if lang == "sv" else "Latest changes") in home


def test_clause_anchors_are_the_same_in_both_languages(real_site):
    for g in PROJECT.records:
        sv = set(re.findall(r'id="(c\d+(?:-\d+)*)"', read(real_site, f"guidelines/{g.slug}/index.html")))
        en = set(re.findall(r'id="(c\d+(?:-\d+)*)"', read(real_site, f"en/guidelines/{g.slug}/index.html")))
        assert sv and sv == en, g.id


def test_cross_references_land_on_the_clause_in_the_readers_language(real_site):
    html = read(real_site, "en/guidelines/providers/index.html")
    assert re.search(r'<a href="../responsibilities/#c9-5"[^>]*>RS 9.5</a>', html)
    html = read(real_site, "guidelines/providers/index.html")
    assert re.search(r'<a href="../responsibilities/#c9-5"[^>]*>RS 9.5</a>', html)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_superseded_versions_name_their_successor(real_site, lang):
    # Listed under its own date, a bare "Superseded" badge read as if the version was superseded that day.
    prefix = "" if lang == "sv" else "en/"
    html = read(real_site, f"{prefix}whats-new/index.html")
    words = "ersatt av version" if lang == "sv" else "superseded by version"
    pairs = [(g, g.history[n - 1].version) for g in PROJECT.records for n, e in enumerate(g.history)
             if e.status == "superseded" and n]
    assert pairs, "the real content has superseded versions"
    for g, successor in pairs:
        assert html.count(f"({words} {successor})") >= 1, f"{g.id}: no '{words} {successor}'"
        history = read(real_site, f"{prefix}guidelines/{g.slug}/history/index.html")
        assert f"({words} {successor})" in history


def test_sitemap_lists_the_generated_pages(real_site):
    """History pages and the versioned current texts are pages like any other: search engines find them."""
    sitemap = (real_site / "sitemap.xml").read_text(encoding="utf-8")
    for g in Project.load(real_site.parent).records:
        for prefix in ("", "en/"):
            for path in (f"guidelines/{g.slug}/history/", f"guidelines/{g.slug}/v{g.version}/"):
                assert f"<loc>https://kunskapscentrum.example/{prefix}{path}</loc>" in sitemap, path

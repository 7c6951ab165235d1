"""The versioned copies of the current texts, made from the built current pages (kc.pages.versioncopy)."""

from __future__ import annotations

import gzip
import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from markdown import Markdown

from kc.content.model import Project
from kc.pages import extension
from kc.pages.versioncopy import CopyError, copy_header, deeper, versioned_page, write_copies
from kc.pages.versioned import copy_folder

SITE_URL = "https://kunskapscentrum.example/"
URL_RE = re.compile(r'\s(?:href|src|action|data-base)="([^"]*)"')


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def basic_project(basic_site) -> Project:
    return Project.load(basic_site.parent)


# --- the copies in a built site (MkDocs, both languages in one process) ---


@pytest.mark.parametrize("rel", ["guidelines/housing/v2.0", "en/guidelines/housing/v2.0",
                                 "guidelines/schools/v1.0", "en/guidelines/schools/v1.0"])
def test_every_relative_url_of_a_copy_leads_to_a_file_of_the_site(basic_site, rel):
    page = read(basic_site, f"{rel}/index.html")
    urls = [u for u in URL_RE.findall(page) if u and not u.startswith(("#", "/", "mailto:", "https:"))]
    assert len(urls) > 20, "the copy links to the theme's assets, the menu and the other guidelines"
    for url in urls:
        path = posixpath.normpath(posixpath.join(rel, urlsplit(url).path))
        assert not path.startswith(".."), f"{rel}: {url} leaves the site"
        target = basic_site / path
        assert target.is_file() or (target / "index.html").is_file(), f"{rel}: {url} leads nowhere"
    config = re.search(r'"base": "([^"]*)", .*?"search": "([^"]*)"', page)
    assert config and posixpath.normpath(posixpath.join(rel, config[1])) == "."
    # The search worker is pruned (Material's search is off): it names the file the current page names.
    current = rel.rsplit("/", 1)[0]
    theirs = re.search(r'"search": "([^"]*)"', read(basic_site, f"{current}/index.html"))[1]
    assert posixpath.normpath(posixpath.join(rel, config[2])) == posixpath.normpath(
        posixpath.join(current, theirs))


def test_a_copy_names_its_own_address_and_keeps_the_citations(basic_site):
    current = read(basic_site, "guidelines/housing/index.html")
    copy = read(basic_site, "guidelines/housing/v2.0/index.html")
    assert f'<link rel="canonical" href="{SITE_URL}guidelines/housing/v2.0/">' in copy
    assert f'data-kc-permalink="{SITE_URL}guidelines/housing/v2.0/"' in copy
    assert f"Permanent adress: {SITE_URL}guidelines/housing/v2.0/</p>" in copy
    cites = re.findall(r'data-citation="([^"]*)"', current)
    assert cites and cites == re.findall(r'data-citation="([^"]*)"', copy)
    # The clauses are the current page's: same anchors, same text.
    anchors = re.findall(r'id="(c[0-9-]+)"', current)
    assert anchors and anchors == re.findall(r'id="(c[0-9-]+)"', copy)


def test_a_copy_has_the_header_of_a_text_of_that_version(basic_site):
    copy = read(basic_site, "guidelines/housing/v2.0/index.html")
    current = read(basic_site, "guidelines/housing/index.html")
    assert "kc-archived" not in current and "kc-archived" in copy  # "this version is in force" + link
    assert re.search(r'class="admonition info kc-archived".*?<a href="\.\./">', copy, re.S)
    assert '<p class="kc-history-link"><a href="../history/">' in copy
    schools = read(basic_site, "guidelines/schools/v1.0/index.html")
    assert "kc-consultation" in read(basic_site, "guidelines/schools/index.html")
    assert "kc-consultation" not in schools, "the status notices belong to the current page only"


def test_the_language_switcher_leads_to_the_other_languages_copy(basic_site):
    for rel, other in (("guidelines/housing/v2.0", "en/guidelines/housing/v2.0"),
                       ("en/guidelines/schools/v1.0", "guidelines/schools/v1.0")):
        page = read(basic_site, f"{rel}/index.html")
        links = dict((lang, href) for href, lang in
                     re.findall(r'<a href="([^"]*)" hreflang="([a-z]+)" class="md-select__link">', page))
        own = rel.split("/", 1)[0] if rel.startswith("en/") else "sv"
        assert links[own] == "./"
        theirs = next(v for k, v in links.items() if k != own)
        assert posixpath.normpath(posixpath.join(rel, theirs)) == other


def test_a_copy_has_the_scope_script_of_its_depth(basic_site):
    rel = "en/guidelines/housing/v2.0"
    page = read(basic_site, f"{rel}/index.html")
    first = re.search(r'<script src="([^"]*assets/kc/inline/[0-9a-f]+\.js)"', page)
    script = (basic_site / posixpath.normpath(posixpath.join(rel, first[1]))).read_text(encoding="utf-8")
    scope = re.search(r'new URL\("([^"]*)",location\)', script)[1]
    assert posixpath.normpath(posixpath.join(rel, scope)) == "."


def test_the_sitemap_lists_each_copy_with_its_alternates(basic_site):
    sitemap = read(basic_site, "sitemap.xml")
    for rel in ("guidelines/housing/v2.0/", "en/guidelines/housing/v2.0/"):
        assert sitemap.count(f"<loc>{SITE_URL}{rel}</loc>") == 1
    entry = re.search(rf"<url>\s*<loc>{re.escape(SITE_URL)}guidelines/housing/v2.0/</loc>.*?</url>", sitemap,
                      re.S)[0]
    assert f'hreflang="en" href="{SITE_URL}en/guidelines/housing/v2.0/"' in entry
    with gzip.open(basic_site / "sitemap.xml.gz", "rt", encoding="utf-8") as f:
        assert f.read() == sitemap


def test_no_copy_where_the_version_is_archived_already(basic_site, basic_project):
    g = basic_project.by_slug["housing"]
    assert copy_folder(basic_project, g, "sv") == "guidelines/housing/v2.0"
    for lang in ("sv", "en"):
        assert basic_project.text_path("housing", lang, "1.0").is_file()
    # v1.0 is the archived text, rendered from its own Markdown: the copy step does not touch it.
    assert "kc-archived" in read(basic_site, "guidelines/housing/v1.0/index.html")


# --- the header against the page rules ---


@pytest.mark.parametrize("slug", ["housing", "schools"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_copys_header_is_what_the_page_rules_write_at_that_address(basic_project, slug, lang):
    g = basic_project.by_slug[slug]
    src = f"{lang}/guidelines/{slug}/v{g.version}/index.md"
    md = Markdown(extensions=["md_in_html", "attr_list", "admonition", extension.NAME],
                  extension_configs={extension.NAME: {"project": basic_project, "lang": lang, "src": src}})
    rendered = md.convert("Text.\n")
    start = rendered.index('<dl class="kc-facts"')
    end = re.compile(r'<p class="kc-history-link">.*?</p>', re.S).search(rendered, start).end()
    # MkDocs turns the links to Markdown files into the pages' addresses.
    expected = rendered[start:end].replace('href="../index.md"', 'href="../"').replace(
        'href="../history.md"', 'href="../history/"')
    assert copy_header(basic_project, g, lang, dir_urls=True) == expected


# --- URLs ---


@pytest.mark.parametrize("url, moved", [
    ("../..", "../../.."), ("../../assets/x.css", "../../../assets/x.css"), ("history/", "../history/"),
    ("./history/", "../history/"), ("#c1", "#c1"), ("./#c1", "./#c1"), ("./", "./"), ("", ""),
    ("index.html#c2", "index.html#c2"), ("/abs/", "/abs/"), ("https://x.example/", "https://x.example/"),
    ("mailto:a@b.example", "mailto:a@b.example"), ("?q=1", "?q=1"), ("../index.html", "../../index.html"),
])
def test_deeper(url, moved):
    assert deeper(url) == moved


def test_srcset_style_and_form_urls_move_too(basic_project):
    g = basic_project.by_slug["housing"]
    page = ('<html><head><link rel="canonical" href="https://s.example/guidelines/housing/"></head><body>'
            '<dl class="kc-facts"></dl><p class="kc-history-link"><a href="history/">H</a></p>'
            '<img srcset="a.png 1x, ../b.png 2x" src="a.png" style="background: url(&quot;c.png&quot;)">'
            '<form action="search/"></form></body></html>')
    out = versioned_page(basic_project, g, "sv", page)
    assert 'srcset="../a.png 1x, ../../b.png 2x"' in out and 'src="../a.png"' in out
    assert "url(&quot;../c.png&quot;)" in out and 'action="../search/"' in out
    assert 'href="https://s.example/guidelines/housing/v2.0/"' in out


def test_text_that_looks_like_an_address_or_a_style_stays_as_written(basic_project):
    """Only the theme's addresses move: a clause that names the current address or shows CSS keeps it."""
    g = basic_project.by_slug["housing"]
    address = "https://s.example/guidelines/housing/"
    page = ('<html><head></head><body><dl class="kc-facts"></dl><p class="kc-history-link"></p>'
            f'<p>Se <a href="{address}">{address}</a> och <code>background: url(x.png)</code>.</p>'
            f'<footer class="kc-print-footer" data-kc-permalink="{address}"><p>Adress: {address}</p></footer>'
            '</body></html>')
    out = versioned_page(basic_project, g, "sv", page)
    assert f'<p>Se <a href="{address}">{address}</a> och <code>background: url(x.png)</code>.</p>' in out
    copy = f"{address}v2.0/"
    assert f'<footer class="kc-print-footer" data-kc-permalink="{copy}"><p>Adress: {copy}</p>' in out


# --- failure paths ---


def _site_with(basic_site: Path, tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(basic_site, site)
    return site


def test_a_missing_current_page_is_named(basic_site, basic_project, tmp_path):
    site = _site_with(basic_site, tmp_path)
    (site / "guidelines/housing/index.html").unlink()
    with pytest.raises(CopyError) as exc:
        write_copies(basic_project, site, "sv", site_url=SITE_URL)
    message = str(exc.value)
    assert "guidelines/housing/index.html" in message and "missing" in message and "kc build" in message


@pytest.mark.parametrize("content", [b"<html><body><p>not a guideline page</p></body></html>",
                                     b"\xff\xfe<dl class=\"kc-facts\">", b""])
def test_a_malformed_current_page_is_refused(basic_site, basic_project, tmp_path, content):
    site = _site_with(basic_site, tmp_path)
    before = read(site, "guidelines/housing/v2.0/index.html")
    (site / "guidelines/housing/index.html").write_bytes(content)
    with pytest.raises(CopyError, match=r"guidelines/housing/index\.html: .*kc build"):
        write_copies(basic_project, site, "sv", site_url=SITE_URL)
    assert read(site, "guidelines/housing/v2.0/index.html") == before  # nothing half-written


def test_a_missing_inline_script_is_named(basic_site, basic_project, tmp_path):
    site = _site_with(basic_site, tmp_path)
    shutil.rmtree(site / "assets/kc/inline")
    with pytest.raises(CopyError, match=r"assets/kc/inline/[0-9a-f]+\.js: cannot read"):
        write_copies(basic_project, site, "sv", site_url=SITE_URL)


def test_writing_again_changes_nothing(basic_site, basic_project, tmp_path):
    site = _site_with(basic_site, tmp_path)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    made = write_copies(basic_project, site, "sv", site_url=SITE_URL)
    assert made == ["guidelines/housing/v2.0", "guidelines/schools/v1.0"]
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before


def test_a_build_with_a_broken_current_page_fails_and_keeps_the_site(site_copy, monkeypatch):
    from kc.build import BuildError, build_site
    from kc.pages import versioncopy

    root = site_copy("basic")
    site = build_site(root, root / "site", parallel=False)
    good = read(site, "guidelines/housing/v2.0/index.html")

    def broken(project, g, lang, page, name="", **kw):
        raise CopyError(f"{name}: not a guideline page as kc builds it")

    monkeypatch.setattr(versioncopy, "versioned_page", broken)
    with pytest.raises(BuildError, match=r"guidelines/housing/index\.html: not a guideline page"):
        build_site(root, root / "site", parallel=False)
    assert read(site, "guidelines/housing/v2.0/index.html") == good


def test_the_parallel_build_makes_the_same_copies_as_the_sequential_one(site_copy, basic_site):
    """kc build's language processes write each language's copies in its own folder before the merge."""
    from kc.build import build_site

    root = site_copy("basic")
    site = build_site(root, root / "site", parallel=True)
    for rel in ("guidelines/housing/v2.0", "en/guidelines/housing/v2.0", "guidelines/schools/v1.0",
                "en/guidelines/schools/v1.0"):
        # The footer's edition names the build's commit and date, which differ between the two builds.
        strip = re.compile(r'<div class="kc-edition".*?</div>', re.S)
        assert strip.sub("", read(site, f"{rel}/index.html")) == strip.sub(
            "", read(basic_site, f"{rel}/index.html")), rel
    sitemap = read(site, "sitemap.xml")
    assert sitemap.count("/v2.0/</loc>") == 2
    assert sitemap.count(f'href="{SITE_URL}en/guidelines/housing/v2.0/"') == 2


def test_links_to_a_copy_are_not_reported_as_links_to_an_excluded_page(site_copy, caplog):
    """MkDocs sees only the copy's excluded placeholder; the copy is real, so its links are no news."""
    import logging

    from conftest import build

    root = site_copy("basic")
    record = root / "docs/guidelines/housing.yml"
    # A clause number in a version's summary becomes a link to that version's clause on the history page.
    text = record.read_text(encoding="utf-8").replace("hyresvärden är nytt.", "hyresvärden är nytt (1.1).")
    record.write_text(text, encoding="utf-8")
    with caplog.at_level(logging.INFO):
        site = build(root)
    # The history page links to the copy's clauses (a Markdown link, which MkDocs checks).
    assert 'href="../v2.0/#' in read(site, "guidelines/housing/history/index.html")
    assert not [r for r in caplog.records if "excluded" in r.getMessage()]


def test_the_address_gets_the_version_exactly_where_the_pattern_would_put_it():
    import random
    import re

    from kc.pages.versioncopy import _after_each

    # Addresses that overlap themselves, next to quotes, tags and longer addresses, at the ends of the text.
    rng = random.Random(15)
    for _ in range(20000):
        address = "".join(rng.choice('ab/"<') for _ in range(rng.randint(1, 3)))
        text = "".join(rng.choice('ab/"<x') for _ in range(rng.randint(0, 12)))
        want = re.sub(re.escape(address) + r'(?=["<])', lambda _, a=address: a + "v1.0/", text)
        assert _after_each(text, address, "v1.0/") == want, (text, address)
    footer = '<a href="https://x/g/">https://x/g/</a> https://x/g/more"'
    assert _after_each(footer, "https://x/g/", "v1.0/") == (
        '<a href="https://x/g/v1.0/">https://x/g/v1.0/</a> https://x/g/more"'
    )

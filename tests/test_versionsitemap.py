"""The versioned copies in the output folder's sitemap (kc.pages.versionsitemap)."""

from __future__ import annotations

import gzip
from pathlib import Path
from types import SimpleNamespace

from kc.pages.versionsitemap import add_copies_to_sitemap

SITE = "https://s.example/"
HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')


def _entry(loc: str, sv: str, en: str) -> str:
    return (f"    <url>\n        <loc>{SITE}{loc}</loc>\n        <lastmod>2026-12-02</lastmod>\n"
            f'        <xhtml:link rel="alternate" hreflang="sv" href="{SITE}{sv}"/>\n'
            f'        <xhtml:link rel="alternate" hreflang="en" href="{SITE}{en}"/>\n    </url>\n')


def _site(tmp_path: Path, entries: list[str], copies: list[str]) -> Path:
    (tmp_path / "sitemap.xml").write_text(HEAD + "".join(entries) + "</urlset>", encoding="utf-8")
    with gzip.open(tmp_path / "sitemap.xml.gz", "wb") as f:
        f.write(b"old")
    for folder in copies:
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "index.html").write_text("copy", encoding="utf-8")
    return tmp_path


G = SimpleNamespace(slug="ho")
FOLDERS = {"sv": "guidelines/ho/v2.0", "en": "en/guidelines/ho/v2.0"}
CURRENT = _entry("guidelines/ho/", "guidelines/ho/", "en/guidelines/ho/")
OTHER = _entry("about/", "about/", "en/about/")


def test_the_copy_follows_its_current_page_with_every_address_moved(tmp_path):
    site = _site(tmp_path, [CURRENT, OTHER], ["guidelines/ho/v2.0"])
    add_copies_to_sitemap(site, SITE, [(G, FOLDERS)])
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    copy = _entry("guidelines/ho/v2.0/", "guidelines/ho/v2.0/", "en/guidelines/ho/v2.0/")
    assert text == HEAD + CURRENT + copy + OTHER + "</urlset>"
    with gzip.open(site / "sitemap.xml.gz", "rt", encoding="utf-8") as f:
        assert f.read() == text


def test_only_copies_on_disk_get_an_entry_and_never_twice(tmp_path):
    en_current = _entry("en/guidelines/ho/", "guidelines/ho/", "en/guidelines/ho/")
    site = _site(tmp_path, [CURRENT, en_current], ["en/guidelines/ho/v2.0"])
    add_copies_to_sitemap(site, SITE, [(G, FOLDERS)])
    once = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert once.count("/v2.0/</loc>") == 1 and f"<loc>{SITE}en/guidelines/ho/v2.0/</loc>" in once
    add_copies_to_sitemap(site, SITE, [(G, FOLDERS)])
    assert (site / "sitemap.xml").read_text(encoding="utf-8") == once


def test_the_offline_form_of_the_addresses_is_moved_too(tmp_path):
    entry = _entry("guidelines/ho/index.html", "guidelines/ho/index.html", "en/guidelines/ho/index.html")
    site = _site(tmp_path, [entry], ["guidelines/ho/v2.0"])
    add_copies_to_sitemap(site, SITE, [(G, FOLDERS)])
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE}guidelines/ho/v2.0/index.html</loc>" in text
    assert f'hreflang="en" href="{SITE}en/guidelines/ho/v2.0/index.html"' in text


def test_no_address_or_no_sitemap_leaves_everything_alone(tmp_path):
    site = _site(tmp_path, [CURRENT], ["guidelines/ho/v2.0"])
    before = (site / "sitemap.xml").read_bytes()
    add_copies_to_sitemap(site, "", [(G, FOLDERS)])
    assert (site / "sitemap.xml").read_bytes() == before
    (site / "sitemap.xml").unlink()
    add_copies_to_sitemap(site, SITE, [(G, FOLDERS)])  # no sitemap: nothing to do, no error
    assert not (site / "sitemap.xml").exists()

"""The search box in real headless Chromium, from file:// and over http, in both languages."""

from __future__ import annotations

import pytest

from browser_util import browser, record, serve
from conftest import build, copy_site


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = copy_site("search", tmp_path_factory.mktemp("search") / "root")
    return build(root, root.parent / "site")


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


def _open(chromium, url):
    page = chromium.new_page()
    log = record(page)
    page.goto(url)
    return page, log


def _search(page, query):
    page.keyboard.press("/")
    page.keyboard.type(query)
    page.wait_for_function("() => document.querySelector('.kc-search__status').textContent.match(/\\d|Inga|No /)")
    return page.locator(".kc-search__hit").all_inner_texts()


@pytest.mark.parametrize("over", ["file", "http"])
def test_swedish_inflection_finds_the_clause_and_links_to_its_anchor(site, chromium, over):
    with serve(site) as http:
        base = site.as_uri() + "/" if over == "file" else http
        page, log = _open(chromium, base + ("index.html" if over == "file" else ""))
        hits = _search(page, "omplaceringar")
        assert len(hits) == 1 and hits[0].startswith("HO 1.2 Tillfälligt boende: Omplacering")
        assert "Beslutad" in hits[0]  # status in words
        assert page.inner_text(".kc-search__status") == "1 träff"
        page.wait_for_selector(".kc-search__snippet mark")
        assert page.inner_html(".kc-search__snippet").count("<mark>omplacering</mark>") == 1
        page.keyboard.press("ArrowDown")
        assert page.get_attribute("#kc-search-input", "aria-activedescendant") == "kc-search-hit-0"
        page.keyboard.press("Enter")
        page.wait_for_url("**/guidelines/housing/**#c1-2")
        assert page.locator("#c1-2").count() == 1
        assert log.outside(base) == [] and log.console_errors == []
        page.close()


@pytest.mark.parametrize("over", ["file", "http"])
def test_english_site_searches_the_english_index_only(site, chromium, over):
    with serve(site) as http:
        base = site.as_uri() + "/" if over == "file" else http
        page, log = _open(chromium, base + ("en/index.html" if over == "file" else "en/"))
        hits = _search(page, "relocations")
        assert hits and hits[0].startswith("HO 1.2 Temporary housing: Relocation")
        assert "Adopted" in hits[0]
        page.fill("#kc-search-input", "omplacering")
        page.wait_for_function("() => document.querySelector('.kc-search__status').textContent === 'No results'")
        assert log.outside(base) == [] and log.console_errors == []
        requested = [u for u in log.requests if "assets/search/" in u]
        assert sorted(
            u.split("/assets/search/")[0].rsplit("/", 1)[-1] + "/" + u.rsplit("/", 1)[-1] for u in requested
        ) == [
            "en/en-text.js",
            "en/en.js",
        ]
        page.close()


def test_swedish_site_does_not_find_english_words(site, chromium):
    page, _ = _open(chromium, site.as_uri() + "/index.html")
    assert _search(page, "protected") == []
    assert page.inner_text(".kc-search__status") == "Inga träffar"
    page.close()


def test_archived_versions_only_on_request(site, chromium):
    page, _ = _open(chromium, site.as_uri() + "/index.html")
    hits = _search(page, "socialtjänsten")
    assert hits and not any("arkiverad" in h for h in hits)
    n_current = len(hits)
    page.check(".kc-search__archived")
    page.wait_for_function(f"() => document.querySelectorAll('.kc-search__hit').length > {n_current}")
    archived = [h for h in page.locator(".kc-search__hit").all_inner_texts() if "arkiverad" in h]
    assert archived and all("version 1.0" in h and "Ersatt" in h for h in archived)
    href = page.locator(".kc-search__hit a", has_text="arkiverad").first.get_attribute("href")
    assert "/v1.0/" in href
    page.close()


def test_topic_filter(site, chromium):
    page, _ = _open(chromium, site.as_uri() + "/index.html")
    assert len(_search(page, "eleven")) == 2
    page.select_option(".kc-search__topic", "relocation")
    page.wait_for_function("() => document.querySelector('.kc-search__status').textContent === 'Inga träffar'")
    page.select_option(".kc-search__topic", "responsibilities")
    page.wait_for_function("() => document.querySelectorAll('.kc-search__hit').length === 2")
    page.close()


def test_keyboard_focus_escape_and_lazy_loading(site, chromium):
    page, log = _open(chromium, site.as_uri() + "/index.html")
    assert not [u for u in log.requests if "assets/search/" in u]  # nothing loaded before first use
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.id") == "kc-search-input"
    assert page.get_attribute("#kc-search-input", "aria-expanded") == "true"
    page.keyboard.type("kommun")
    page.wait_for_selector(".kc-search__hit")
    assert page.locator(".kc-search__status[aria-live=polite]").count() == 1
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#kc-search-input", "aria-activedescendant") == "kc-search-hit-1"
    page.keyboard.press("Escape")
    assert page.locator(".kc-search__panel").is_hidden()
    assert page.get_attribute("#kc-search-input", "aria-expanded") == "false"
    assert page.evaluate("document.activeElement.id") != "kc-search-input"
    page.close()

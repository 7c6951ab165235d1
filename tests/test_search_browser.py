"""The search box in real headless Chromium, from file:// and over http, in both languages."""

from __future__ import annotations

import re

import pytest

from browser_util import home, record, serve, site_base
from conftest import build, copy_site

# Predicates are functions: a string expression would be eval'd, which the pages' CSP forbids.
STATUS = "document.querySelector('.kc-search__status').textContent"
BOX = "document.querySelector('[data-kc-search]')"


def _open(chromium, url):
    page = chromium.new_page()
    log = record(page)
    page.goto(url)
    return page, log


def _count(page):
    """The number of hits the status line reports (the list shows some of them per guideline)."""
    return int(page.inner_text(".kc-search__status").split()[0])


def _open_all(page):
    """Open every guideline's "more" option, so that every hit is listed."""
    while page.locator(".kc-search__more a").count():
        page.locator(".kc-search__more a").first.click()


def _search(page, query):
    page.keyboard.press("/")
    page.keyboard.type(query)
    page.wait_for_function(f"() => {STATUS}.match(/\\d|Inga|No /)")
    return page.locator(".kc-search__hit").all_inner_texts()


@pytest.mark.parametrize("over", ["file", "http"])
def test_swedish_inflection_finds_the_clause_and_links_to_its_anchor(search_site, chromium, over):
    with site_base(search_site, over) as base:
        page, log = _open(chromium, home(base))
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
def test_english_site_searches_the_english_index_only(search_site, chromium, over):
    with site_base(search_site, over) as base:
        page, log = _open(chromium, home(base, "en"))
        hits = _search(page, "relocations")
        assert hits and hits[0].startswith("HO 1.2 Temporary housing: Relocation")
        assert "Adopted" in hits[0]
        page.fill("#kc-search-input", "omplacering")  # unknown: the vocabulary comes for a suggestion
        page.wait_for_function(f"() => {STATUS} === 'No results'")
        page.wait_for_function("() => document.querySelector('[data-kc-search]').kcWords()")
        assert log.outside(base) == [] and log.console_errors == []
        requested = {
            u.split("/assets/search/")[0].rsplit("/", 1)[-1] + "/" + u.rsplit("/", 1)[-1]
            for u in log.requests
            if "assets/search/" in u
        }
        # The English index, the vocabulary (for the unknown word) and snippet shards: nothing Swedish.
        assert {"en/en.js", "en/en-words.js", "en/en-text-0.js"} <= requested
        assert all(re.fullmatch(r"en/en(-words|-text-\d+|-post-\d+)?\.js", r) for r in requested), requested
        page.close()


def test_swedish_site_does_not_find_english_words(search_site, chromium):
    page, _ = _open(chromium, search_site.as_uri() + "/index.html")
    assert _search(page, "protected") == []
    assert page.inner_text(".kc-search__status") == "Inga träffar"
    page.close()


def test_archived_versions_only_on_request(search_site, chromium):
    page, _ = _open(chromium, search_site.as_uri() + "/index.html")
    hits = _search(page, "socialtjänsten")
    assert hits and not any("arkiverad" in h for h in hits)
    n_current = _count(page)
    page.check(".kc-search__archived")
    page.wait_for_function(f"() => parseInt({STATUS}) > {n_current}")
    _open_all(page)
    archived = [h for h in page.locator(".kc-search__hit").all_inner_texts() if "arkiverad" in h]
    assert archived and all("version 1.0" in h and "Ersatt" in h for h in archived)
    href = page.locator(".kc-search__hit a", has_text="arkiverad").first.get_attribute("href")
    assert "/v1.0/" in href
    page.close()


def test_topic_filter(search_site, chromium):
    page, _ = _open(chromium, search_site.as_uri() + "/index.html")
    assert len(_search(page, "eleven")) == 2
    page.select_option(".kc-search__topic", "relocation")
    page.wait_for_function(f"() => {STATUS} === 'Inga träffar'")
    page.select_option(".kc-search__topic", "responsibilities")
    page.wait_for_function("() => document.querySelectorAll('.kc-search__hit').length === 2")
    page.close()


def test_keyboard_focus_escape_and_lazy_loading(search_site, chromium):
    page, log = _open(chromium, search_site.as_uri() + "/index.html")
    assert not [u for u in log.requests if "assets/search/" in u]  # nothing loaded before first use
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.id") == "kc-search-input"
    assert page.get_attribute("#kc-search-input", "aria-expanded") == "true"
    page.keyboard.type("kommun")
    page.wait_for_function(f"() => {STATUS}.match(/\\d/)")  # the results of the whole word
    page.wait_for_function(SNIPPETS_SHOWN)  # and their snippets: nothing more arrives to change the list
    assert page.locator(".kc-search__status[aria-live=polite]").count() == 1
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#kc-search-input", "aria-activedescendant") == "kc-search-hit-1"
    page.keyboard.press("Escape")
    assert page.locator(".kc-search__panel").is_hidden()
    assert page.get_attribute("#kc-search-input", "aria-expanded") == "false"
    assert page.evaluate("document.activeElement.id") != "kc-search-input"
    page.close()


SNIPPETS_SHOWN = "() => [...document.querySelectorAll('.kc-search__snippet')].every(s => s.textContent)"
SELECTED = "() => [...document.querySelectorAll('[aria-selected=true]')].map(a => a.id + ' ' + a.href)"


def _held(page, pattern):
    """Requests for `pattern` held back until the test lets them through with `route.continue_()`."""
    held = []
    page.route(pattern, lambda route: held.append(route))
    return held


def _wait_held(page, held):
    for _ in range(250):  # up to 5 s
        if held:
            return held[0]
        page.wait_for_timeout(20)
    raise AssertionError("the script the test holds back was never requested")


def test_selection_survives_the_snippets_arriving(search_site, chromium):
    with serve(search_site) as http:
        page, log = _open(chromium, http)
        held = _held(page, "**/assets/search/sv-text-*.js")
        _search(page, "riktlinjer")
        _wait_held(page, held)  # the results are shown, their snippets not yet
        page.wait_for_timeout(200)  # every shard of the hits listed is asked for at once
        assert page.locator(".kc-search__hit").count() >= 3
        assert set(page.locator(".kc-search__snippet").all_inner_texts()) == {""}
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        selected = page.evaluate(SELECTED)
        assert [s.split()[0] for s in selected] == ["kc-search-hit-1"]
        item = page.locator("#kc-search-hit-1").element_handle()
        for route in held:
            route.continue_()
        page.wait_for_function(SNIPPETS_SHOWN)
        assert page.locator(".kc-search__snippet mark").count() >= 1
        assert page.evaluate(SELECTED) == selected
        assert page.get_attribute("#kc-search-input", "aria-activedescendant") == "kc-search-hit-1"
        assert item.evaluate("a => a.isConnected")  # the snippets went into the listed items: no new list
        page.keyboard.press("ArrowDown")  # the list goes on from the option the user had reached
        assert page.get_attribute("#kc-search-input", "aria-activedescendant") == "kc-search-hit-2"
        assert log.console_errors == []
        page.close()


def test_selection_survives_the_archived_part_arriving(search_site, chromium):
    with serve(search_site) as http:
        page, log = _open(chromium, http)
        held = _held(page, "**/assets/search/sv-archived.js")
        _search(page, "socialtjänsten")
        page.wait_for_function(SNIPPETS_SHOWN)
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        selected = page.evaluate(SELECTED)
        assert [s.split()[0] for s in selected] == ["kc-search-hit-1"]
        n_current = _count(page)
        page.check(".kc-search__archived")  # the same words: the list is renewed, the selection kept
        assert page.evaluate(SELECTED) == selected
        _wait_held(page, held).continue_()
        page.wait_for_function(f"() => parseInt({STATUS}) > {n_current}")
        now = page.evaluate(SELECTED)
        # The same document (same link) is still the selected option, wherever the archived hits put it.
        assert [s.split()[1] for s in now] == [s.split()[1] for s in selected]
        assert page.get_attribute("#kc-search-input", "aria-activedescendant") == now[0].split()[0]
        page.fill("#kc-search-input", "kommun")  # new words: a new list with nothing selected
        page.wait_for_function("() => !document.querySelector('[aria-selected=true]')")
        assert page.get_attribute("#kc-search-input", "aria-activedescendant") == ""
        assert log.console_errors == []
        page.close()


def test_word_being_typed_matches_longer_terms(search_site, chromium):
    page, _ = _open(chromium, search_site.as_uri() + "/index.html")
    hits = _search(page, "omplac")  # no term is 'omplac': the word is still being typed
    assert [h.split(" ", 2)[:2] for h in hits] == [["HO", "1.2"]]
    page.fill("#kc-search-input", "omplac ")  # finished but unknown: it matches the terms it begins
    page.wait_for_function(f"() => {STATUS} === '1 träff'")
    page.fill("#kc-search-input", "omp ")  # a finished word of 3 letters matches itself only
    page.wait_for_function(f"() => {STATUS} === 'Inga träffar'")
    page.close()


def test_archived_part_loads_only_when_asked_for(search_site, chromium):
    page, log = _open(chromium, search_site.as_uri() + "/index.html")
    _search(page, "socialtjänsten")
    page.wait_for_selector(".kc-search__snippet mark")  # the current snippets have come too
    loaded = {u.rsplit("/", 1)[-1] for u in log.requests if "assets/search/" in u}
    assert "sv.js" in loaded and all(re.fullmatch(r"sv(-text-\d+|-post-\d+)?\.js", n) for n in loaded), loaded
    n_current = _count(page)
    page.check(".kc-search__archived")
    page.wait_for_function(f"() => parseInt({STATUS}) > {n_current}")
    _open_all(page)
    page.wait_for_selector(".kc-search__hit >> text=arkiverad")
    page.wait_for_function("() => document.querySelectorAll('.kc-search__snippet mark').length > 1")
    loaded = {u.rsplit("/", 1)[-1] for u in log.requests if "assets/search/" in u}
    assert {"sv-archived.js", "sv-archived-text-0.js"} <= loaded
    names = r"sv(-archived-text-\d+|-archived|-text-\d+|-post-\d+)?\.js"
    assert all(re.fullmatch(names, n) for n in loaded), loaded
    page.close()


def _reference_ranking(project, lang, query):
    """(cite, score) of the hits in the order the browser should give them, computed from the documents:
    BM25 over every version, title words and the id weighing 3 in each document of their guideline,
    lengths at least kc.search.ranking.MIN_LENGTH; documents with every query word first, the others by
    BM25 × m / n."""
    import math
    from collections import Counter

    from kc.search import analysis, ranking
    from kc.search import index as search

    docs = sorted(search.documents(project, lang), key=lambda d: not d.current)  # current part first
    weights, lengths = [], []
    for d in docs:
        w = Counter(analysis.analyze(lang, d.text))
        for term in analysis.analyze(lang, f"{d.clause} {d.heading}") * 3:
            w[term] += 1
        title = Counter(analysis.analyze(lang, d.title) + [d.guideline.lower()])
        for term, n in title.items():
            w[term] += 3 * n
        weights.append(w)
        lengths.append(max(sum(w.values()), ranking.MIN_LENGTH))
    avg, n, scores, words = sum(lengths) / len(docs), len(docs), {}, {}
    terms = analysis.analyze(lang, query)
    for term in terms:
        df = sum(1 for w in weights if w[term])
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        for i, w in enumerate(weights):
            if w[term]:
                scores[i] = scores.get(i, 0) + idf * w[term] * 2.2 / (
                    w[term] + 1.2 * (0.25 + 0.75 * lengths[i] / avg)
                )
                words[i] = words.get(i, 0) + 1
    final = {
        i: (s if words[i] == len(terms) else s * words[i] / len(terms)) * (0.5 if docs[i].kind else 1)
        + (0.001 if docs[i].current else 0)
        for i, s in scores.items()
    }
    ranked = sorted(final, key=lambda i: (words[i] != len(terms), -final[i], i))
    cites = [
        (f"{docs[i].guideline} {docs[i].clause}".strip() + ("" if docs[i].current else " old"), final[i])
        for i in ranked
    ]
    return cites, len(cites)


@pytest.mark.parametrize(
    ("lang", "query"),
    [("sv", "socialtjänsten "), ("en", "municipality "), ("sv", "ho "), ("sv", "boende kommunen ")],
)
def test_browser_ranking_matches_a_reference_computed_from_the_documents(search_site, chromium, lang, query):
    from kc.content.model import Project

    project = Project.load(search_site.parent / "root")
    page, _ = _open(chromium, search_site.as_uri() + ("/index.html" if lang == "sv" else "/en/index.html"))
    page.keyboard.press("/")
    page.check(".kc-search__archived")
    page.fill("#kc-search-input", query)
    # the archived part is in (kcRank is null while postings load)
    page.wait_for_function(f"q => ({BOX}.kcRank(q) || []).some(h => !h[2])", arg=query)
    # The ranking itself (the list shows it grouped by guideline, which test_grouping checks).
    cites = page.evaluate(
        "q => document.querySelector('[data-kc-search]').kcRank(q)"
        ".map(h => [h[0] + (h[2] ? '' : ' old'), h[1]])",
        query,
    )
    expected, total = _reference_ranking(project, lang, query)
    assert len(cites) >= 3 and [c for c, _ in cites] == [c for c, _ in expected]
    assert [s for _, s in cites] == pytest.approx([s for _, s in expected], abs=2e-6)
    assert page.inner_text(".kc-search__status").split()[0] == str(total)
    page.close()


@pytest.fixture(scope="module")
def decomposed_site(tmp_path_factory):
    import unicodedata

    root = copy_site("search", tmp_path_factory.mktemp("nfd") / "root")
    text = root / "docs/sv/guidelines/housing/index.md"
    added = unicodedata.normalize("NFD", "\nVid lägenhetsbyte gäller överflyttningsreglerna.\n")
    text.write_text(text.read_text(encoding="utf-8") + added, encoding="utf-8")
    return build(root, root.parent / "site")


def test_decomposed_text_and_queries_meet_in_the_browser(decomposed_site, chromium):
    import unicodedata

    page, log = _open(chromium, decomposed_site.as_uri() + "/index.html")
    # Composed query, decomposed text (as some applications paste it).
    hits = _search(page, "lägenhetsbyte")
    assert len(hits) == 1 and hits[0].startswith("HO ")
    # Decomposed query ("a" + U+0308), composed text of the fixture.
    query = unicodedata.normalize("NFD", "hyresvärden")
    assert query != "hyresvärden"
    page.fill("#kc-search-input", query)
    page.wait_for_function(f"() => {STATUS} === '1 träff'")
    hit = page.locator(".kc-search__hit").all_inner_texts()
    assert len(hit) == 1 and hit[0].startswith("HO 1.2 ")
    assert log.console_errors == []
    page.close()

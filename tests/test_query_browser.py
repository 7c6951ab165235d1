"""One behaviour, two engines: the search box (real headless Chromium) and `kc search` expand and rank the
shared query corpus (tests/fixtures/search/queries.yml and queries-heldout.yml) the same way on the real
texts; and what the reader sees of it: "also showing" and "did you mean" lines, results grouped by
guideline, from file:// and over http, keyboard and screen-reader accessible (axe-core)."""

from __future__ import annotations

import pytest

from browser_util import home, record, require_axe, serve, site_base
from kc.search import index as search
from kc.search import relevance, searchbytes

pytestmark = [pytest.mark.browser]

BOX = "document.querySelector('[data-kc-search]')"
STATUS = "document.querySelector('.kc-search__status').textContent"


def _ready(page, lang):
    page.focus("#kc-search-input")
    page.wait_for_function(f"() => {BOX}.kcExpand('x') !== null")
    # The vocabulary for spelling comes with the first unknown word: load it before comparing.
    page.evaluate(f"() => {BOX}.kcExpand('qqzzxxyy ')")
    page.wait_for_function(f"() => {BOX}.kcWords()")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_browser_and_kc_search_expand_and_rank_the_query_corpus_alike(real_indexed, chromium, lang):
    site, project = real_indexed
    page = chromium.new_page()
    log = record(page)
    page.goto(site.as_uri() + ("/en/index.html" if lang == "en" else "/index.html"))
    _ready(page, lang)
    kinds = set()
    for item in relevance.load_queries()[lang] + relevance.load_queries(relevance.HELDOUT)[lang]:
        q = item["q"] + " "  # a finished query: the last word is not a prefix being typed
        js = page.evaluate(f"q => {BOX}.kcExpand(q)", q)
        py = search.expand_query(project, q, lang).as_json()
        assert {
            "units": [[u["kind"], " ".join(u["words"]), u["readings"]] for u in js["units"]],
            "also": js["also"],
            "suggestion": js["suggestion"],
        } == py, q
        kinds.update(u[0] for u in py["units"])
        # null until the postings shards of the query's terms have come (the query asks for them)
        ranked = page.wait_for_function(f"q => {BOX}.kcRank(q)", arg=q).json_value()[:5]
        hits = search.search(project, q, lang, limit=5)
        assert [r[0] for r in ranked] == [f"{h.guideline} {h.clause}".strip() for h in hits], q
        assert [r[1] for r in ranked] == pytest.approx([h.score for h in hits], abs=1e-3), q
    # The corpus exercises every way a word is matched.
    assert {"word", "synonym", "spelling"} <= kinds
    if lang == "sv":
        assert {"compound", "prefix", "part"} <= kinds
    assert log.console_errors == []
    page.close()


def _search(page, query):
    page.fill("#kc-search-input", query)
    page.wait_for_function(f"() => /\\d|Inga|No /.test({STATUS})")


@pytest.mark.parametrize("over", ["file", "http"])
@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        ("sv", "vem betalar boendet ", {"RL 3.1", "RL 3.4", "RL 5.4", "RL 5.5", "RS 4", "RS 1.1", "RS 8.3"}),
        ("sv", "flytt bostad kostnad ", {"RL 5.4", "RL 5.5"}),
        ("sv", "hotbedömningen ", {"RL 4", "RL 4.1", "RL 4.4", "RS 6.1"}),
        (
            "en",
            "who pays for the housing ",
            {"RL 3.1", "RL 3.4", "RL 5.4", "RL 5.5", "RS 4", "RS 1.1", "RS 8.3"},
        ),
        ("en", "secret address ", {"RL 6.3", "PO 3.4", "RS 10.3"}),
    ],
)
def test_everyday_queries_find_the_clause_in_the_first_three(
    real_indexed, chromium, over, lang, query, expected
):
    site, _ = real_indexed
    with site_base(site, over) as base:
        page = chromium.new_page()
        log = record(page)
        page.goto(home(base, lang))
        page.keyboard.press("/")
        _search(page, query)
        cites = page.locator(".kc-search__hit .kc-search__cite").all_inner_texts()[:3]
        assert expected & set(cites), cites
        assert log.outside(base) == [] and log.console_errors == []
        page.close()


@pytest.mark.parametrize("over", ["file", "http"])
def test_a_query_loads_only_the_postings_shards_of_its_terms(real_indexed, chromium, over):
    site, _ = real_indexed
    folder = site / "assets" / "search"
    shard = searchbytes.shards_of(searchbytes._data(folder / "sv.js"))
    files = {p.name for p in folder.glob("sv-post-*.js")}
    assert len(files) == len(set(shard.values())) >= 4
    with site_base(site, over) as base:
        page = chromium.new_page()
        log = record(page)
        page.goto(home(base))
        page.keyboard.press("/")
        seen: list[str] = []
        for query in ("hotbedömningen ", "samtycke boende ", "hotbedömningen samtycke "):
            _search(page, query)  # the whole query at once: no prefixes typed on the way
            units = page.evaluate(f"q => {BOX}.kcExpand(q).units", query)
            terms = {t for u in units for r in u["readings"] for part in r for t in part}
            want = {f"sv-post-{shard[t]}.js" for t in terms if t in shard}
            got = [u.rsplit("/", 1)[-1] for u in log.requests if "/sv-post-" in u]
            # Each shard the query's terms need, once, and no other.
            assert want and set(got) == want | set(seen) and len(got) == len(set(got)), (query, got, want)
            seen = got
        assert set(seen) < files
        assert page.locator(".kc-search__hit").count() > 0
        assert log.outside(base) == [] and log.console_errors == []
        page.close()


def test_the_hits_of_the_postings_that_have_come_show_while_the_rest_load(real_indexed, chromium):
    site, _ = real_indexed
    shard = searchbytes.shards_of(searchbytes._data(site / "assets" / "search" / "sv.js"))
    query = "hotbedömningen samtycke "
    with serve(site) as http:
        page = chromium.new_page()
        page.goto(http)
        page.keyboard.press("/")
        page.wait_for_function(f"() => {BOX}.kcExpand('x') !== null")
        units = page.evaluate(f"q => {BOX}.kcExpand(q).units", query)
        first, last = ({shard[t] for r in u["readings"] for part in r for t in part if t in shard}
                       for u in units)
        # A shard only one of the words needs: held back, the other word's hits can show.
        only = (first - last) or (last - first)
        assert only, "the two words' postings must lie in different shards, or this proves nothing"
        held_names = {f"sv-post-{k}.js" for k in only}
        held = []
        page.route("**/sv-post-*.js", lambda route: held.append(route) if route.request.url.rsplit("/", 1)[-1]
                   in held_names else route.continue_())
        page.fill("#kc-search-input", query)
        # The first word's hits, marked as still loading: a list, aria-busy and a status of its own (not the
        # index's "Läser in sökindexet…": the index is in, more hits are on their way).
        page.wait_for_selector(".kc-search__results[aria-busy=true] .kc-search__hit")
        assert page.evaluate(STATUS) == "Hämtar fler träffar…" and held
        partial = page.locator(".kc-search__hit .kc-search__cite").all_inner_texts()
        for route in held:
            route.continue_()
        page.wait_for_function(f"() => /\\d|Inga/.test({STATUS})")
        assert page.get_attribute(".kc-search__results", "aria-busy") is None
        final = page.locator(".kc-search__hit .kc-search__cite").all_inner_texts()
        assert final and final != partial
        _search(page, "x ")
        _search(page, query)  # every shard there now: the list the query gets at once
        assert page.locator(".kc-search__hit .kc-search__cite").all_inner_texts() == final
        page.close()


@pytest.mark.parametrize("over", ["file", "http"])
def test_also_showing_and_did_you_mean(search_site, chromium, over):
    with site_base(search_site, over) as base:
        page = chromium.new_page()
        log = record(page)
        page.goto(home(base))
        page.keyboard.press("/")
        _search(page, "jourlägenhet ")  # not in the texts: a synonym of "skyddat boende"
        assert page.inner_text(".kc-search__also") == "Visar även träffar för skyddat boende"
        assert page.locator(".kc-search__hit").first.inner_text().startswith("HO 1.2")
        _search(page, "samtyke ")  # misspelt
        page.wait_for_selector(".kc-search__suggestion")
        assert page.inner_text(".kc-search__mean") == "Menade du: samtycke?"
        assert page.locator(".kc-search__hit").first.inner_text().startswith("SC 2")
        page.click(".kc-search__suggestion")  # searches for the suggestion
        page.wait_for_function("() => !document.querySelector('.kc-search__suggestion')")
        assert page.input_value("#kc-search-input") == "samtycke "
        assert page.evaluate("document.activeElement.id") == "kc-search-input"
        assert page.is_visible(".kc-search__panel")
        _search(page, "omplacering ")  # a word of the texts: no notes
        assert page.inner_text(".kc-search__notes") == ""
        assert log.console_errors == []
        page.close()


def test_english_notes_and_no_hits_only_when_no_word_is_known(search_site, chromium):
    page = chromium.new_page()
    page.goto(search_site.as_uri() + "/en/index.html")
    page.keyboard.press("/")
    _search(page, "shelter ")
    assert page.inner_text(".kc-search__also") == "Also showing results for protected housing"
    _search(page, "relocation xqzzyvw ")  # one known word is enough for hits
    assert page.locator(".kc-search__hit").count() >= 1
    _search(page, "xqzzyvw ")
    page.wait_for_function(f"() => {STATUS} === 'No results'")
    page.close()


def test_results_are_grouped_by_guideline_with_a_more_option(search_site, chromium):
    page = chromium.new_page()
    page.goto(search_site.as_uri() + "/index.html")
    page.keyboard.press("/")
    _search(page, "boende kommunen ")  # four housing sections match: two are listed, then "more"
    assert page.inner_text(".kc-search__status") == "4 träffar"
    cites = page.locator(".kc-search__results [role=option]").all_inner_texts()
    assert len(cites) == 3 and cites[2] == "Visa 2 till från HO"
    assert all(c.startswith("HO") for c in cites[:2])
    # Every hit keeps its status badge.
    assert page.locator(".kc-search__hit .kc-search__badge").count() == 2
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert page.get_attribute("#kc-search-input", "aria-activedescendant") == "kc-search-hit-2"
    page.keyboard.press("Enter")  # opens the group instead of following a link
    page.wait_for_function("() => document.querySelectorAll('.kc-search__hit').length === 4")
    assert page.locator(".kc-search__more").count() == 0
    # The option that took the "more" option's place is selected; the focus stayed in the box.
    assert page.get_attribute("#kc-search-input", "aria-activedescendant") == "kc-search-hit-2"
    assert page.evaluate("document.activeElement.id") == "kc-search-input"
    assert page.locator(".kc-search__hit .kc-search__badge").count() == 4
    _search(page, "kommunen boende ")  # new words: the groups are closed again
    page.wait_for_function("() => document.querySelectorAll('.kc-search__more').length === 1")
    page.close()


def test_a_document_lists_one_section_before_its_more_option(real_indexed, chromium):
    """A template's sections are parts of one form: one is listed, then its "more" option, so that a template
    does not push the guidelines' clauses off the first lines."""
    site, _ = real_indexed
    page = chromium.new_page()
    page.goto(site.as_uri() + "/index.html")
    page.keyboard.press("/")
    _search(page, "flytt bostad kostnad ")  # several sections of the relocation agreement template match
    doc = page.locator(".kc-search__hit", has=page.locator(".kc-search__cite", has_text="MALL-RL-1"))
    assert doc.count() == 1
    assert doc.locator(".kc-search__kind").inner_text().strip()  # its type, e.g. "Mall"
    assert "/documents/" in doc.locator("a").get_attribute("href")
    more = doc.locator("xpath=following-sibling::li[1]")
    assert "kc-search__more" in more.get_attribute("class") and "MALL-RL-1" in more.inner_text()
    more.locator("a").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.kc-search__hit .kc-search__cite')]"
        ".filter(e => e.textContent === 'MALL-RL-1').length > 1"
    )
    page.close()


AXE_RUN = (
    "() => axe.run(document, {runOnly: {type: 'tag', values: "
    "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})"
)


def test_axe_finds_no_violations_in_the_results_with_notes_and_more_options(search_site, chromium):
    axe = require_axe()
    with serve(search_site) as http:
        ctx = chromium.new_context(bypass_csp=True)  # axe is injected by the test
        page = ctx.new_page()
        page.goto(http)
        page.keyboard.press("/")
        _search(page, "jourlägenhet kommunen ")
        page.wait_for_selector(".kc-search__more")
        assert page.locator(".kc-search__also").count() == 1
        page.keyboard.press("ArrowDown")
        page.add_script_tag(content=axe)
        result = page.evaluate(AXE_RUN)
        assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]] == []
        _search(page, "samtyke ")
        page.wait_for_selector(".kc-search__suggestion")
        result = page.evaluate(AXE_RUN)
        assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]] == []
        ctx.close()

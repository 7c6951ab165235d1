"""When the search box loads its index (tools/kc/assets/kc/search.js): on signs of intent only, never on a
plain page view; and a query typed before the index has come gets the same results as one typed after."""

from __future__ import annotations

import pytest

from browser_util import home, record, serve, site_base

STATUS = "document.querySelector('.kc-search__status').textContent"
INDEX = "assets/search/"


def _index_requests(log):
    return [u.rsplit("/", 1)[-1] for u in log.requests if INDEX in u]


def _wait_for_request(page, log, name):
    for _ in range(250):  # up to 5 s
        if name in _index_requests(log):
            return
        page.wait_for_timeout(20)
    raise AssertionError(f"{name} was never requested; requests: {_index_requests(log)}")


def _hits(page):
    return [h.split(" ", 2)[:2] for h in page.locator(".kc-search__hit").all_inner_texts()]


@pytest.mark.parametrize("over", ["file", "http"])
def test_a_plain_page_view_loads_no_index_and_pointing_at_the_box_does(search_site, chromium, over):
    with site_base(search_site, over) as base:
        page = chromium.new_page()
        log = record(page)
        page.goto(home(base), wait_until="load")
        page.mouse.move(5, 400)  # the pointer elsewhere on the page: no intent to search
        page.wait_for_timeout(700)  # past the page's idle time
        assert _index_requests(log) == []
        page.hover("[data-kc-search]")
        _wait_for_request(page, log, "sv.js")
        page.wait_for_function("() => document.querySelector('[data-kc-search]').kcExpand('x') !== null")
        # Only the index: no snippets, vocabulary or archived versions before a query asks for them, and
        # the panel stays closed until the box has the focus.
        assert _index_requests(log) == ["sv.js"]
        assert page.locator(".kc-search__panel").is_hidden()
        assert page.get_attribute("#kc-search-input", "aria-expanded") == "false"
        page.click("#kc-search-input")
        page.keyboard.type("omplaceringar")
        page.wait_for_function(f"() => {STATUS} === '1 träff'")
        assert _hits(page) == [["HO", "1.2"]]
        assert log.console_errors == []
        page.close()


def test_a_touch_on_the_box_loads_the_index(search_site, chromium):
    page = chromium.new_page()
    log = record(page)
    page.goto(home(search_site.as_uri() + "/"), wait_until="load")
    page.wait_for_timeout(300)
    assert _index_requests(log) == []
    page.dispatch_event("[data-kc-search]", "touchstart")
    _wait_for_request(page, log, "sv.js")
    assert page.evaluate("document.activeElement.id") != "kc-search-input"  # loading only: no focus
    page.close()


def test_typing_while_the_index_is_held_back_gives_the_results_when_it_comes(search_site, chromium):
    with serve(search_site) as http:
        page = chromium.new_page()
        log = record(page)
        held = []
        page.route("**/assets/search/sv.js", lambda route: held.append(route))
        page.goto(http, wait_until="load")
        page.keyboard.press("/")
        page.keyboard.type("omplaceringar")
        for _ in range(250):
            if held:
                break
            page.wait_for_timeout(20)
        assert held, "the index was never requested"
        page.wait_for_timeout(200)
        assert page.inner_text(".kc-search__status") == "Läser in sökindexet…"
        assert page.locator(".kc-search__hit").count() == 0
        held[0].continue_()
        page.wait_for_function(f"() => {STATUS} === '1 träff'")
        assert _hits(page) == [["HO", "1.2"]]
        assert _index_requests(log).count("sv.js") == 1  # the keystrokes did not ask again
        assert log.console_errors == []
        page.close()


@pytest.mark.parametrize("over", ["file", "http"])
def test_a_query_typed_at_once_ranks_as_one_typed_after_the_index_came(search_site, chromium, over):
    query = "socialtjänsten kommun"
    with site_base(search_site, over) as base:
        cold = chromium.new_page()
        cold.goto(home(base), wait_until="load")
        cold.keyboard.press("/")
        cold.keyboard.type(query)  # at once: most keystrokes come before the index
        cold.wait_for_function(f"() => {STATUS}.match(/\\d/)")
        warm = chromium.new_page()
        warm.goto(home(base), wait_until="load")
        warm.hover("#kc-search-input")
        warm.wait_for_function("() => document.querySelector('[data-kc-search]').kcExpand('x') !== null")
        warm.click("#kc-search-input")
        warm.keyboard.type(query)
        warm.wait_for_function(f"() => {STATUS}.match(/\\d/)")
        links = "() => [...document.querySelectorAll('.kc-search__hit a')].map(a => a.href)"
        listed = warm.evaluate(links)
        assert len(listed) >= 2
        assert cold.evaluate(links) == listed
        assert cold.inner_text(".kc-search__status") == warm.inner_text(".kc-search__status")
        rank = "q => document.querySelector('[data-kc-search]').kcRank(q)"
        assert cold.evaluate(rank, query) == warm.evaluate(rank, query)
        cold.close()
        warm.close()

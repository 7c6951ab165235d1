"""Home pages in a real headless Chromium over http: no request leaves the local server."""

from __future__ import annotations

import pytest

from browser_util import browser, record, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("path", ["", "en/"])
def test_home_page_makes_no_outside_request(real_site, path):
    with serve(real_site) as base, browser() as b:
        page = b.new_page()
        log = record(page)
        page.goto(base + path, wait_until="networkidle")
        assert page.locator("h1").count() == 1
        assert log.requests, "the recorder saw no request at all, so it cannot be trusted"
        assert log.outside(base) == []
        assert page.evaluate("document.documentElement.lang") == ("en" if path else "sv")


def test_a_tap_on_a_glossary_term_writes_out_its_explanation(real_site):
    # A title shows on mouse hover only; staff reading on a phone must get the explanation too.
    with serve(real_site) as base, browser() as b:
        context = b.new_context(has_touch=True, is_mobile=True, viewport={"width": 390, "height": 844})
        page = context.new_page()
        log = record(page)
        page.goto(base + "guidelines/relocation/", wait_until="networkidle")
        term = page.locator("article abbr[title]").first
        explanation = term.get_attribute("title")
        assert explanation
        term.tap()
        note = page.locator("article .kc-term")
        assert note.count() == 1 and note.first.inner_text() == explanation
        term.tap()
        assert page.locator("article .kc-term").count() == 0
        assert log.console_errors == []
        context.close()

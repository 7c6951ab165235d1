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

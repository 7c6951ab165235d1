"""A hostile guideline title in real headless Chromium: shown as text, with no extra element, no script run
and no navigation (built with content checks off, as if validation had been bypassed)."""

from __future__ import annotations

import pytest

from browser_util import browser, record, serve
from hostile_util import HOSTILE_TITLE, build_hostile_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("path", ["guidelines/housing/", "en/guidelines/housing/", "guidelines/"])
def test_hostile_title_renders_as_text(tmp_path, path):
    site = build_hostile_site(tmp_path)
    with serve(site) as base, browser() as b:
        page = b.new_page()
        log = record(page)
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(base + path, wait_until="networkidle")
        page.wait_for_timeout(1500)  # a meta refresh of 0 s, or a late script, would have acted by now
        assert page.url == base + path, "the page navigated away"
        counts = page.evaluate(
            """() => ({
                titles: document.querySelectorAll('title').length,
                refresh: document.querySelectorAll('meta[http-equiv="refresh" i]').length,
                evil: document.querySelectorAll('script[src*="evil"], img[src="x"]').length,
                handlers: [...document.querySelectorAll('*')]
                    .filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
                jsLinks: [...document.querySelectorAll('a[href]')]
                    .filter(a => /^\\s*javascript:/i.test(a.getAttribute('href'))).length,
            })"""
        )
        assert counts == {"titles": 1, "refresh": 0, "evil": 0, "handlers": 0, "jsLinks": 0}
        assert dialogs == []
        assert log.outside(base) == []
        assert not [r for r in log.requests if "evil" in r]
        if path.endswith("housing/"):
            assert page.title().startswith(HOSTILE_TITLE + " - ")
            assert page.locator("article h1").inner_text().strip() == HOSTILE_TITLE
        else:
            assert page.get_by_text(HOSTILE_TITLE, exact=True).count() >= 1

"""The language switcher keeps the reader on the same clause, in a real headless Chromium over http."""

from __future__ import annotations

import pytest

from browser_util import browser, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def switch(page, lang: str) -> None:
    """Click the switcher's link to `lang` (the menu is hidden until hovered, so click it from script)."""
    with page.expect_navigation():
        page.evaluate("l => document.querySelector(`a.md-select__link[hreflang='${l}']`).click()", lang)


@pytest.mark.parametrize(
    "start,lang,expected",
    [
        ("guidelines/relocation/#c3-2", "en", "en/guidelines/relocation/#c3-2"),
        ("en/guidelines/relocation/#c5-3", "sv", "guidelines/relocation/#c5-3"),
        ("guidelines/relocation/v1.0/#c2", "en", "en/guidelines/relocation/v1.0/#c2"),
    ],
)
def test_switcher_keeps_the_clause_in_the_address(real_site, start, lang, expected):
    with serve(real_site) as base, browser() as b:
        page = b.new_page()
        page.goto(base + start)
        switch(page, lang)
        assert page.url == base + expected
        assert page.locator(f"#{expected.split('#')[1]}").count() == 1


def test_switcher_keeps_the_clause_scrolled_to(real_site):
    with serve(real_site) as base, browser() as b:
        page = b.new_page()
        page.goto(base + "guidelines/relocation/")
        page.evaluate("document.getElementById('c5-3').scrollIntoView()")
        switch(page, "en")
        assert page.url == base + "en/guidelines/relocation/#c5-3"


def test_switcher_at_the_top_of_a_page_has_no_anchor(real_site):
    with serve(real_site) as base, browser() as b:
        page = b.new_page()
        page.goto(base + "guidelines/relocation/")
        switch(page, "en")
        assert page.url == base + "en/guidelines/relocation/"

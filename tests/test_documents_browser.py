"""The document library's filters in a real headless Chromium: shown by the script, filtering, announced."""

from __future__ import annotations

import pytest

from browser_util import browser, record, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_library_filters_by_type_topic_and_audience(real_site):
    with serve(real_site) as base, browser() as b:
        page = b.new_page()
        log = record(page)
        page.goto(base + "en/documents/", wait_until="networkidle")
        form = page.locator("form.kc-doclib__filters")
        assert form.is_visible()  # the script showed the filters (hidden without it)
        items = page.locator(".kc-doclib__item")
        assert items.count() == 5
        page.get_by_label("Type", exact=True).select_option("checklist")
        visible = [i for i in range(5) if items.nth(i).is_visible()]
        assert [items.nth(i).get_attribute("data-type") for i in visible] == ["checklist"]
        assert page.locator(".kc-doclib__count").inner_text() == "Showing 1 of 5 documents."
        page.get_by_label("Type", exact=True).select_option("")
        page.get_by_label("Topic", exact=True).select_option("relocation")
        assert sum(items.nth(i).is_visible() for i in range(5)) == 3
        page.get_by_label("Audience", exact=True).select_option("procurement")
        assert sum(items.nth(i).is_visible() for i in range(5)) == 0
        assert page.locator(".kc-doclib__count").inner_text() == "No documents match the filter."
        assert log.console_errors == []
        assert log.outside(base) == []


def test_library_lists_everything_without_the_script(real_site):
    with serve(real_site) as base, browser() as b:
        context = b.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(base + "documents/")
        assert not page.locator("form.kc-doclib__filters").is_visible()
        items = page.locator(".kc-doclib__item")
        assert items.count() == 5 and all(items.nth(i).is_visible() for i in range(5))
        context.close()

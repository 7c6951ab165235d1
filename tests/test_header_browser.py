"""The header in real headless Chromium: at every width, each control is the element on top at its own
centre (nothing covers the language switcher), and the search results lie wholly inside the viewport."""

from __future__ import annotations

import pytest

from browser_util import browser, serve

pytestmark = pytest.mark.browser

WIDTHS = [320, 390, 768, 1366, 1920]
PAGE = "guidelines/relocation/"

# Each control, and whether it is shown at that width (the menu button is hidden on wide screens).
CONTROLS = {
    "language switcher": (".md-header .md-select > button, .md-header .md-select .md-header__button", None),
    "search box": ("#kc-search-input", None),
    "wordmark": (".kc-wordmark", None),
    "menu button": ('.md-header label[for="__drawer"]', 1220),
}

ON_TOP = """sel => {
  const el = document.querySelector(sel);
  if (!el) return "missing";
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) return "hidden";
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return "outside the viewport";
  const top = document.elementFromPoint(x, y);
  if (top === el || el.contains(top)) return "on top";
  return "covered by " + (top ? top.outerHTML.slice(0, 120) : "nothing");
}"""


def _check_header(page, width):
    for name, (selector, hidden_from) in CONTROLS.items():
        state = page.evaluate(ON_TOP, selector)
        if hidden_from is not None and width >= hidden_from:
            assert state in ("hidden", "missing"), f"{name} at {width}px: {state}"
            continue
        assert state == "on top", f"{name} at {width}px: {state}"


def _check_results(page, width):
    page.fill("#kc-search-input", "samråd")
    page.wait_for_selector(".kc-search__hit", timeout=10000)
    box = page.evaluate(
        """() => { const r = document.querySelector('.kc-search__panel').getBoundingClientRect();
                   return [r.left, r.right, r.top, innerWidth]; }"""
    )
    left, right, top, inner = box
    assert left >= 0 and right <= inner, f"results at {width}px run from {left} to {right} of {inner}"
    assert top >= 0


@pytest.mark.parametrize("width", WIDTHS)
def test_header_controls_are_on_top_and_results_fit_over_http(real_site, width):
    with serve(real_site) as base, browser() as b:
        page = b.new_page(viewport={"width": width, "height": 800})
        page.goto(base + PAGE)
        _check_header(page, width)
        _check_results(page, width)


@pytest.mark.parametrize("width", [320, 1366])
def test_header_controls_are_on_top_from_file(real_bundle, width):
    folder = real_bundle["folder"]
    with browser() as b:
        page = b.new_page(viewport={"width": width, "height": 800})
        page.goto((folder / "guidelines" / "relocation" / "index.html").as_uri())
        _check_header(page, width)
        _check_results(page, width)


def test_switcher_click_opens_the_language_menu_not_the_search(real_site):
    with serve(real_site) as base, browser() as b:
        page = b.new_page(viewport={"width": 1366, "height": 800})
        page.goto(base + PAGE)
        page.hover(".md-header .md-select")
        page.click('.md-header .md-select a[hreflang="en"]')
        page.wait_for_url("**/en/**")
        assert "/en/guidelines/relocation/" in page.url


@pytest.mark.parametrize("width", [320, 390])
def test_the_matrix_caption_stays_inside_a_phone_screen(real_site, width):
    with serve(real_site) as base, browser() as b:
        page = b.new_page(viewport={"width": width, "height": 800})
        page.goto(base + "guidelines/responsibilities/")
        left, right = page.evaluate(
            "(() => { const r = document.querySelector('.kc-matrix caption').getBoundingClientRect();"
            " return [r.left, r.right]; })()"
        )
        assert 0 <= left and right <= width, f"caption from {left} to {right} at {width}px"

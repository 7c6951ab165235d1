"""WCAG 2.1 A/AA in real headless Chromium: axe-core on every kind of page of the real site in both languages,
and what axe cannot see: language of parts, the skip link, visible focus, status in words."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from browser_util import browser, require_axe, serve
from conftest import ROOT, build

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Every kind of page: (id, path under the language's root). MkDocs writes one 404.html, at the site root.
PAGES = [
    ("home", ""),
    ("guideline-index", "guidelines/"),
    ("guideline", "guidelines/relocation/"),
    ("guideline-checklist", "guidelines/providers/"),
    ("guideline-matrix", "guidelines/responsibilities/"),
    ("archived-version", "guidelines/relocation/v1.0/"),
    ("history-comparison", "guidelines/relocation/history/"),
    ("glossary", "glossary/"),
    ("document-library", "documents/"),
    ("document", "documents/relocation-agreement/"),
    ("whats-new", "whats-new/"),
    ("translations", "translations/"),
    ("about", "about/"),
    ("accessibility", "accessibility/"),
    ("open-data", "open-data/"),
]
QUERY = {"sv": "kommunen", "en": "municipality"}


@pytest.fixture(scope="module")
def axe_source():
    return require_axe()


@pytest.fixture(scope="module")
def http_site(real_site, axe_source):
    with serve(real_site) as base:
        yield base


@pytest.fixture(scope="module")
def context(axe_source):
    with browser() as b:
        # The pages' Content-Security-Policy allows only the site's own scripts; axe is injected by the test.
        ctx = b.new_context(bypass_csp=True)
        yield ctx
        ctx.close()


def run_axe(page, axe_source: str) -> list[dict]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return result["violations"]


def report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        lines.extend(f"    {n['target']}: {n['html'][:160]}" for n in v["nodes"][:8])
    return "\n".join(lines)


def url(base: str, lang: str, path: str) -> str:
    return base + ("en/" if lang == "en" else "") + path


def test_axe_is_the_version_package_lock_pins(context, http_site, axe_source):
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    page = context.new_page()
    page.goto(http_site)
    page.add_script_tag(content=axe_source)
    assert page.evaluate("axe.version") == lock["packages"]["node_modules/axe-core"]["version"]
    page.close()


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("path", [p for _, p in PAGES], ids=[i for i, _ in PAGES])
def test_no_wcag_violations(context, http_site, axe_source, lang, path):
    page = context.new_page()
    page.goto(url(http_site, lang, path))
    # Collapsed comparisons and details are content too: open them so that axe checks them.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    violations = run_axe(page, axe_source)
    page.close()
    assert violations == [], f"{url(http_site, lang, path)}:\n{report(violations)}"


def test_no_wcag_violations_on_404(context, http_site, axe_source):
    page = context.new_page()
    response = page.goto(http_site + "404.html")
    assert response.ok and page.locator("h1").inner_text() == "Sidan finns inte"
    violations = run_axe(page, axe_source)
    page.close()
    assert violations == [], report(violations)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_no_wcag_violations_with_search_results_open(context, http_site, axe_source, lang):
    page = context.new_page()
    page.goto(url(http_site, lang, "guidelines/"))
    page.keyboard.press("/")
    page.keyboard.type(QUERY[lang])
    page.wait_for_selector(".kc-search__hit")
    page.check(".kc-search__archived")  # archived hits carry their own labels and badges
    page.wait_for_selector(".kc-search__version")
    page.keyboard.press("ArrowDown")
    assert page.locator(".kc-search__panel").is_visible()
    violations = run_axe(page, axe_source)
    page.close()
    assert violations == [], report(violations)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_page_language(real_site, lang):
    prefix = "en/" if lang == "en" else ""
    for _, path in PAGES:
        html = (real_site / prefix / path / "index.html").read_text(encoding="utf-8")
        assert re.search(rf'<html lang="{lang}"', html), f"{prefix}{path}: <html lang> is not {lang}"


def test_no_wcag_violations_with_an_outdated_clause_translation(context, site_copy, tmp_path, axe_source):
    """The notice under an English clause whose Swedish text changed (kc.pages.drift) passes axe too."""
    root = site_copy("real")
    sv = root / "docs/sv/guidelines/relocation/index.md"
    sv.write_text(sv.read_text(encoding="utf-8").replace("### 8.4 Avslut", "### 8.4 Avslut och uppföljning"),
                  encoding="utf-8")
    site = build(root, tmp_path / "site")
    with serve(site) as base:
        page = context.new_page()
        page.goto(base + "en/guidelines/relocation/")
        assert page.locator(".kc-drift").count() == 1
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        violations = run_axe(page, axe_source)
        page.locator(".kc-drift a").click()
        page.wait_for_url("**/guidelines/relocation/#c8-4")
        assert page.get_attribute("html", "lang") == "sv"
        page.close()
    assert violations == [], report(violations)


def test_untranslated_fallback_content_is_marked_swedish(context, site_copy, tmp_path):
    """English pages built from a Swedish text mark the text and their table of contents as Swedish."""
    root = site_copy("basic")
    (root / "docs/sv/om.md").write_text("# Om oss\n\n## Bakgrund\n\nText på svenska.\n", encoding="utf-8")
    site = build(root, tmp_path / "site")
    with serve(site) as base:
        page = context.new_page()
        for path, swedish in [("en/guidelines/schools/", "1 Syfte"), ("en/om/", "Bakgrund")]:
            page.goto(base + path)
            assert page.get_attribute("html", "lang") == "en"
            heading = page.locator("article h2", has_text=swedish)
            assert heading.evaluate("e => e.closest('[lang]').lang") == "sv", path
            toc = page.locator("[data-md-component=toc]").first
            assert toc.evaluate("e => e.closest('[lang]').lang") == "sv", path
        # The generated English header of the guideline stays English.
        page.goto(base + "en/guidelines/schools/")
        assert page.locator(".kc-facts").evaluate("e => e.closest('[lang]').lang") == "en"
        page.close()


@pytest.mark.parametrize("path", ["", "guidelines/relocation/", "en/guidelines/relocation/", "404.html"])
def test_skip_link_is_first_visible_and_moves_to_the_content(context, http_site, path):
    page = context.new_page()
    page.goto(http_site + path)
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert "md-skip" in skip.get_attribute("class").split()
    assert skip.inner_text().strip() in ("Gå till innehållet", "Skip to content")
    # Shown when focused (after Material's short fade-in).
    page.wait_for_function("() => getComputedStyle(document.activeElement).opacity === '1'", timeout=2000)
    box = skip.bounding_box()
    assert box and box["width"] > 0 and box["y"] >= 0  # on screen while focused
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    # The next stop is inside the main text, past the header, search box and navigation.
    assert page.evaluate("!!document.activeElement.closest('.md-content')"), page.evaluate(
        "document.activeElement.outerHTML.slice(0, 200)"
    )
    page.close()


FOCUSABLE = [
    ("guidelines/relocation/", ".kc-cite > summary"),
    ("guidelines/relocation/", ".md-content article a[href^='#c']"),
    ("guidelines/responsibilities/", ".kc-table-scroll[tabindex]"),
    ("", ".md-typeset p a"),
]


@pytest.mark.parametrize("path,selector", FOCUSABLE)
def test_own_controls_show_a_visible_focus_outline(context, http_site, path, selector):
    page = context.new_page()
    page.goto(http_site + path)
    page.keyboard.press("Tab")  # keyboard use: the browser now shows :focus-visible
    target = page.locator(selector).first
    target.focus()
    style = target.evaluate(
        "e => { const s = getComputedStyle(e); "
        "return [e.matches(':focus-visible'), s.outlineStyle, s.outlineWidth]; }"
    )
    assert style[0] and style[1] == "solid" and float(style[2].removesuffix("px")) >= 2, (selector, style)
    page.close()


def test_search_controls_show_a_visible_focus_outline(context, http_site):
    page = context.new_page()
    page.goto(http_site)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "kc-search-input"
    outline = page.locator("#kc-search-input").evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline == "solid"
    page.keyboard.type(QUERY["sv"])
    for selector in (".kc-search__archived", ".kc-search__topic"):
        page.keyboard.press("Tab")
        while not page.evaluate(f"document.activeElement.matches('{selector}')"):
            page.keyboard.press("Tab")
        width = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
        assert float(width.removesuffix("px")) >= 2, selector
    page.close()


def status_words(lang: str) -> set[str]:
    vocabulary = yaml.safe_load((ROOT / "docs/guidelines/_vocabulary.yml").read_text(encoding="utf-8"))
    return {labels[lang] for labels in vocabulary["statuses"].values()}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_status_is_written_in_words_not_colour_alone(context, http_site, lang):
    page = context.new_page()
    page.goto(url(http_site, lang, "guidelines/relocation/history/"))
    # The icon before the word is hidden from assistive technology; the word carries the status.
    badges = [t.split(maxsplit=1)[1].strip() for t in page.locator(".kc-badge").all_inner_texts()]
    assert len(set(badges)) >= 2 and set(badges) <= status_words(lang), badges
    assert page.locator(".kc-badge > [aria-hidden=true]").count() == len(badges)
    page.goto(url(http_site, lang, "guidelines/"))
    page.keyboard.press("/")
    page.keyboard.type(QUERY[lang])
    page.check(".kc-search__archived")
    page.wait_for_selector(".kc-search__version")
    in_search = page.locator(".kc-search__badge").all_inner_texts()
    assert len(set(in_search)) >= 2 and set(in_search) <= status_words(lang), in_search
    page.close()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_pages_reflow_at_320_css_pixels(context, http_site, lang):
    """WCAG 1.4.10: at 320 px (1280 px zoomed to 400 %) no page scrolls sideways; wide tables scroll alone."""
    page = context.new_page()
    page.set_viewport_size({"width": 320, "height": 640})
    for _, path in PAGES:
        page.goto(url(http_site, lang, path))
        assert page.evaluate("window.scrollTo(2000, 0), window.scrollX") == 0, path
    page.close()


def test_tabbing_out_of_search_closes_its_panel(context, http_site):
    page = context.new_page()
    page.goto(http_site)
    page.keyboard.press("/")
    page.keyboard.type(QUERY["sv"])
    page.wait_for_selector(".kc-search__hit")
    for _ in range(3):  # the archived checkbox, the topic list, then out of the box
        page.keyboard.press("Tab")
    assert not page.evaluate("!!document.activeElement.closest('.kc-search')")
    assert page.locator(".kc-search__panel").is_hidden()
    assert page.get_attribute("#kc-search-input", "aria-expanded") == "false"
    page.close()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_page_links_the_accessibility_statement_from_its_footer(real_site, lang):
    prefix = "en/" if lang == "en" else ""
    for _, path in PAGES:
        html = (real_site / prefix / path / "index.html").read_text(encoding="utf-8")
        footer = html[html.index('<footer class="md-footer"') :]
        link = re.search(r'<p class="kc-footer-links"><a href="([^"]+)">', footer)
        assert link, f"{prefix}{path}: no link to the accessibility statement in the footer"
        target = (real_site / prefix / path / link.group(1) / "index.html").resolve()
        assert target == (real_site / prefix / "accessibility/index.html").resolve(), f"{prefix}{path}"


# The offline edition is built without directory URLs: 'glossary.md' becomes 'glossary.html'.
BUNDLE_PAGES = [
    "index.html",
    "guidelines/relocation/index.html",
    "guidelines/relocation/v1.0/index.html",
    "guidelines/relocation/history.html",
    "glossary.html",
    "accessibility.html",
]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_offline_edition_from_disk_has_no_wcag_violations(real_bundle, context, axe_source, lang):
    """The copy municipalities open from a file share: other link form, edition footer, file:// URLs."""
    root = real_bundle["folder"] / ("en" if lang == "en" else "")
    page = context.new_page()
    for path in BUNDLE_PAGES:
        page.goto((root / path).as_uri())
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        violations = run_axe(page, axe_source)
        assert violations == [], f"{lang} {path}:\n{report(violations)}"
    page.goto((root / "index.html").as_uri())
    page.keyboard.press("/")
    page.keyboard.type(QUERY[lang])
    page.wait_for_selector(".kc-search__hit")
    violations = run_axe(page, axe_source)
    assert violations == [], f"{lang} search from disk:\n{report(violations)}"
    page.close()

"""Citations that last: the copied text names the published site's versioned address, the guideline's title
and status, whichever copy of the site it is copied from (a mirror over http, or file://)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser_util import browser, serve
from kc.content.model import Project
from kc.pages.render import canonical_url, citation

pytestmark = pytest.mark.browser

SITE_URL = "https://kunskapscentrum.example/"
ROOT = Path(__file__).resolve().parent.parent
CAPTURE = "window.__copied = []; navigator.clipboard && (navigator.clipboard.writeText = t => " \
          "{ window.__copied.push(t); return Promise.resolve(); });"


def test_citation_names_title_status_and_the_versioned_address():
    g = Project.load(ROOT).by_slug["relocation"]
    address = canonical_url(SITE_URL, g, "sv", "1.2", "c3-2")
    assert address == "https://kunskapscentrum.example/guidelines/relocation/v1.2/#c3-2"
    english = canonical_url(SITE_URL, g, "en", "1.2")
    assert english == "https://kunskapscentrum.example/en/guidelines/relocation/v1.2/"
    text = citation(g, "sv", "3.2", "1.2", "consultation", address)
    assert text == f"RL 3.2, {g.title['sv']}, version 1.2 (remissversion), {address}"


def _copy_from(page, clause: str) -> str:
    page.add_init_script(CAPTURE)
    page.reload()
    page.click(f"#{clause} + details.kc-cite > summary")
    page.click(f"#{clause} + details.kc-cite .kc-cite__copy")
    page.wait_for_function("() => window.__copied.length > 0", timeout=5000)
    return page.evaluate("window.__copied[0]")


def _check(copied: str, clause: str) -> tuple[str, str]:
    """The site path and anchor of the copied citation's address, after checking its parts."""
    g = Project.load(ROOT).by_slug["relocation"]
    m = re.fullmatch(r"RL (\S+), (.+), version (\S+) \((.+)\), (\S+)", copied)
    assert m, copied
    assert m.group(2) == g.title["sv"] and m.group(3) == g.version
    address = m.group(5)
    assert address.startswith(SITE_URL) and f"/v{g.version}/" in address and address.endswith(f"#{clause}")
    # The address leads to a page of this very copy that holds the clause.
    path = urlsplit(address).path.lstrip("/")
    return path, clause


@pytest.mark.parametrize("clause", ["c3-2", "c1"])
def test_copied_citation_from_a_mirror_names_the_published_site(real_site, clause):
    with serve(real_site) as mirror, browser() as b:
        page = b.new_page()
        page.goto(mirror + f"guidelines/relocation/#{clause}")
        copied = _copy_from(page, clause)
        assert "127.0.0.1" not in copied
        path, anchor = _check(copied, clause)
        page.goto(mirror + path)
        assert page.locator(f"#{anchor}").count() == 1
        assert page.locator(f"#{anchor} + details.kc-cite summary .kc-badge").count() == 1  # not adopted


def test_copied_citation_from_file_names_the_published_site(real_bundle):
    folder = real_bundle["folder"]
    with browser() as b:
        page = b.new_page()
        page.goto((folder / "guidelines" / "relocation" / "index.html").as_uri() + "#c3-2")
        copied = _copy_from(page, "c3-2")
        assert "file:" not in copied
        path, anchor = _check(copied, "c3-2")
        page.goto((folder / path / "index.html").as_uri())
        assert page.locator(f"#{anchor}").count() == 1


def _open_copy(page, base: str, suffix: str) -> None:
    """Open the versioned copy of relocation's current text (the page its citations name) at c3-2."""
    g = Project.load(ROOT).by_slug["relocation"]
    page.goto(f"{base}guidelines/relocation/v{g.version}/{suffix}#c3-2")


@pytest.mark.parametrize("over", ["http", "file"])
def test_the_versioned_copy_works_like_the_current_page(real_site, real_bundle, over):
    """The copy is written from the built current page (kc.pages.versioncopy): its styles, scripts, search
    index and language switcher must load from one folder deeper, over http and from disk alike."""
    from browser_util import record

    g = Project.load(ROOT).by_slug["relocation"]
    folder = real_site if over == "http" else real_bundle["folder"]
    with serve(folder) as http, browser() as b:
        base, suffix = (http, "") if over == "http" else (folder.as_uri() + "/", "index.html")
        page = b.new_page()
        log = record(page)
        _open_copy(page, base, suffix)
        page.wait_for_load_state("load")
        assert log.console_errors == []
        # Material's stylesheet applies (a sticky header), and Material's and kc's scripts run.
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        assert page.evaluate("typeof document$ !== 'undefined'")
        assert page.locator(".kc-facts").count() == 1
        copied = _copy_from(page, "c3-2")
        path, _ = _check(copied, "c3-2")
        assert path == f"guidelines/relocation/v{g.version}/"
        # The search box loads its index from the copy (found from data-base) and its hits lead to pages.
        page.keyboard.press("/")
        page.keyboard.type("flytt")
        # A function, not an expression: Playwright polls an expression with eval, which the CSP refuses.
        page.wait_for_function("() => document.querySelectorAll('.kc-search__hit a').length > 0",
                               timeout=10000)
        hit = page.locator(".kc-search__hit a").first.evaluate("a => a.href")
        assert hit.startswith(base) and "/v" not in hit.split("#")[0][len(base):]
        # The switcher leads to the English copy of the same version.
        english = page.locator('a.md-select__link[hreflang="en"]').first.evaluate("a => a.href")
        assert english == f"{base}en/guidelines/relocation/v{g.version}/{suffix}"
        page.goto(english + "#c3-2")
        assert page.locator("#c3-2").count() == 1 and log.console_errors == []

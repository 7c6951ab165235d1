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
    page.wait_for_function("window.__copied.length > 0", timeout=5000)
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

"""Every page of the online build and of the offline edition, in real headless Chromium, over http and from
file://: no request leaves the site, no console error (a blocked Content-Security-Policy shows up as one)."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_util import browser, record, serve
from kc.edition import csp, hosting

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def page():
    """One page in one context for the whole crawl: loading ~30 pages each way stays quick."""
    with browser() as b:
        ctx = b.new_context()
        p = ctx.new_page()
        yield p
        ctx.close()


def _pages(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))


def _crawl(page, base: str, paths: list[str]) -> dict[str, list[str]]:
    """Load base+path for every path; return {path: problems} for the pages that had any."""
    log = record(page)
    problems = {}
    for path in paths:
        log.requests.clear()
        log.console_errors.clear()
        response = page.goto(base + path, wait_until="load")
        if base.startswith("http"):
            header = response.headers.get("content-security-policy") if response else None
            if response is None or response.status != 200 or header != csp.header_policy():
                problems[path] = [f"HTTP status {response and response.status}, CSP header {header!r}"]
                continue
        # A second look after the deferred scripts (search box, Material) have run their start-up code.
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")
        csp_tags = page.locator('meta[http-equiv="Content-Security-Policy"]')
        found = [f"outside request: {u}" for u in log.outside(base)]
        found += [f"console: {e}" for e in log.console_errors]
        if csp_tags.count() != 1 or csp_tags.get_attribute("content") != csp.meta_policy():
            found.append("no Content-Security-Policy meta tag with the site's policy")
        if found:
            problems[path] = found
    return problems


def _file_base(folder: Path) -> str:
    return folder.as_uri() + "/"


@pytest.mark.parametrize("over", ["http", "file"])
def test_every_page_of_the_offline_edition_stays_inside_it(real_bundle, page, over):
    folder = real_bundle["folder"]
    paths = _pages(folder)
    assert len(paths) > 25 and "404.html" in paths and "en/index.html" in paths
    # Over http with the security headers of the hosting guide's server examples: header and meta together.
    with serve(folder, hosting.HEADERS) as http:
        assert _crawl(page, http if over == "http" else _file_base(folder), paths) == {}


@pytest.mark.parametrize("over", ["http", "file"])
def test_every_page_of_the_online_build_stays_inside_it(real_site, page, over):
    paths = _pages(real_site)
    if over == "file":
        # MkDocs gives error pages root-absolute links on purpose (a server shows them at any address): the
        # online build's 404.html is for servers only. The offline edition's is relative, crawled from disk.
        paths.remove("404.html")
    with serve(real_site, hosting.HEADERS) as http:
        assert _crawl(page, http if over == "http" else _file_base(real_site), paths) == {}


def test_the_policy_really_blocks_an_inline_script_and_an_outside_image(real_bundle, page):
    """The crawl can fail: a page under the policy that tries both logs errors and sends nothing out."""
    src = (real_bundle["folder"] / "about.html").read_text(encoding="utf-8")
    bad = src.replace("</body>", '<script>document.title="ran"</script>'
                                 '<img src="https://tracker.example/p.gif" alt=""></body>')
    (real_bundle["folder"] / "tampered-copy.html").write_text(bad, encoding="utf-8")
    url = _file_base(real_bundle["folder"]) + "tampered-copy.html"
    try:
        # Control: with the policy bypassed, the script runs and the image request reaches the network.
        control = page.context.browser.new_context(bypass_csp=True).new_page()
        reached = []
        control.route("https://tracker.example/**", lambda r: (reached.append(r.request.url), r.abort()))
        control.goto(url, wait_until="load")
        assert control.title() == "ran" and reached == ["https://tracker.example/p.gif"]
        control.context.close()

        log, reached = record(page), []
        page.route("https://tracker.example/**", lambda r: (reached.append(r.request.url), r.abort()))
        page.goto(url, wait_until="load")
        assert page.title() != "ran" and reached == []
        assert any("Content Security Policy" in e for e in log.console_errors), log.console_errors
        assert log.outside(_file_base(real_bundle["folder"])) == ["https://tracker.example/p.gif"]  # seen
    finally:
        page.unroute("https://tracker.example/**")
        (real_bundle["folder"] / "tampered-copy.html").unlink()

"""The output step that finishes the pages of a built folder (kc.pages.finish), apart from any generator."""

from __future__ import annotations

import os

import pytest

from kc.edition import csp
from kc.pages import finish

PAGE = """<!doctype html>
<html lang="sv">
  <head>
    <meta charset="utf-8">
    <link rel="alternate" href="../../en/" hreflang="en">
    <script>__md_scope=new URL("{root}",location)</script>
  </head>
  <body>
    <a href="../other/#c2">x</a> <a href="/assets/kc/kc.css">y</a>
    <input type="checkbox" autocomplete="off">
  </body>
</html>"""


def _site(tmp_path, pages: dict[str, str]):
    for rel, html in pages.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(html, encoding="utf-8")
    return tmp_path


def _script_src(html: str) -> str:
    start = html.index('<script src="') + len('<script src="')
    return html[start : html.index('"', start)]


@pytest.mark.parametrize(("rel", "root"), [
    ("index.html", ""),
    ("about/index.html", "../"),
    ("en/guidelines/relocation/index.html", "../../../"),
    ("about.html", ""),  # pages as files (the offline edition's use_directory_urls: false)
])
def test_each_page_is_secured_relative_to_its_own_depth(tmp_path, rel, root):
    site = _site(tmp_path, {rel: PAGE})
    assert finish.finish_site(site) == 1
    html = (site / rel).read_text(encoding="utf-8")
    src = _script_src(html)
    assert src.startswith(root + csp.INLINE_DIR + "/") and src.count("../") == root.count("../")
    assert (site / src[len(root):]).read_text(encoding="utf-8") == '__md_scope=new URL("{root}",location)'
    assert csp.META_TAG in html and "<script>" not in html
    assert "hreflang" not in html and 'autocomplete="off"' not in html
    assert 'href="../other/#c2"' in html  # folder links stay for a server


def test_the_error_page_gets_root_absolute_scripts_on_a_server_and_relative_ones_on_disk(tmp_path):
    server = _site(tmp_path / "server", {"404.html": PAGE, "en/404.html": PAGE})
    finish.finish_site(server, base_path="/kc/")
    assert _script_src((server / "404.html").read_text()).startswith("/kc/" + csp.INLINE_DIR)
    # Only the root's 404.html is shown at any address; another one is an ordinary page.
    assert _script_src((server / "en/404.html").read_text()).startswith("../" + csp.INLINE_DIR)
    disk = _site(tmp_path / "disk", {"404.html": PAGE})
    finish.finish_site(disk, base_path="/kc/", offline=True)
    html = (disk / "404.html").read_text()
    assert _script_src(html).startswith(csp.INLINE_DIR)
    assert 'href="./assets/kc/kc.css"' in html and 'href="../other/index.html#c2"' in html


def test_offline_pages_link_folders_by_their_index_file(tmp_path):
    site = _site(tmp_path, {"about/index.html": PAGE})
    finish.finish_site(site, offline=True)
    assert 'href="../other/index.html#c2"' in (site / "about/index.html").read_text()


def test_a_preview_gets_no_meta_policy(tmp_path):
    site = _site(tmp_path, {"index.html": PAGE})
    finish.finish_site(site, meta=False)
    html = (site / "index.html").read_text()
    assert "Content-Security-Policy" not in html and "<script>" not in html


def test_finishing_twice_changes_nothing_more(tmp_path):
    site = _site(tmp_path, {"index.html": PAGE, "a/b/index.html": PAGE, "404.html": PAGE})
    assert finish.finish_site(site, offline=True) == 3
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert finish.finish_site(site, offline=True) == 0
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_other_files_and_links_are_left_alone(tmp_path):
    outside = tmp_path / "outside.html"
    outside.write_text(PAGE, encoding="utf-8")
    site = _site(tmp_path / "site", {"data.js": "<script>x()</script>", "feed.xml": PAGE})
    os.symlink(outside, site / "link.html")
    assert finish.finish_site(site) == 0
    assert outside.read_text(encoding="utf-8") == PAGE  # never written through a link
    assert (site / "feed.xml").read_text(encoding="utf-8") == PAGE


def test_a_page_that_is_not_utf8_is_named_and_left_as_it_is(tmp_path):
    site = _site(tmp_path, {"a/index.html": PAGE})
    (site / "b.html").write_bytes(b"<p>caf\xe9</p>")
    with pytest.raises(ValueError, match=r"b\.html: byte 6 is not UTF-8"):
        finish.finish_site(site)
    assert (site / "b.html").read_bytes() == b"<p>caf\xe9</p>"

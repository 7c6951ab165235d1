"""Pages' HTML held compressed until written (kc.adapters.mkdocs.pagehold)."""

from __future__ import annotations

from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from kc.adapters.mkdocs import pagehold


def _rendered_page(tmp_path, markdown: str) -> Page:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/x.md").write_text(markdown, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: T\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    f = File("x.md", str(tmp_path / "docs"), str(tmp_path / "site"), True)
    page = Page(None, f, config)
    page.read_source(config)
    page.render(config, Files([f]))
    return page


def test_held_pages_keep_their_title_and_get_back_exactly_their_html_and_markdown(tmp_path):
    source = "# Översyn av § 3\n\nText med å, ä, ö och 😀 " + "upprepad " * 2000 + "\n"
    page = _rendered_page(tmp_path, source)
    html, title = page.content, page.title
    assert "Översyn" in html and title == "Översyn av § 3"

    assert pagehold.hold(page, html) == ""
    page.content = ""  # what MkDocs does with the event's result
    assert page.markdown == "" and page.title == title  # menus built meanwhile show the same title
    held = sum(len(x) for x in page._kc_held)
    assert held < len(html.encode()) / 10  # what it is for: far less than the HTML

    pagehold.restore(page)
    assert (page.content, page.markdown, page.title) == (html, source, title)
    assert not hasattr(page, "_kc_held")  # the compressed copy goes once restored


def test_restoring_a_page_that_was_not_held_changes_nothing(tmp_path):
    page = _rendered_page(tmp_path, "# T\n\nx\n")
    html = page.content
    pagehold.restore(page)
    assert page.content == html and page.markdown == "# T\n\nx\n"


def test_any_text_survives_even_lone_surrogates(tmp_path):
    page = _rendered_page(tmp_path, "# T\n")
    odd = "<p>\ud800 \x00 \u202e</p>"
    pagehold.hold(page, odd)
    pagehold.restore(page)
    assert page.content == odd

"""Changes to finished page HTML."""

import pytest

from kc.pages import pagehtml
from kc.pages.pagehtml import drop_hreflang_links, file_links, relative_root_links


def test_hreflang_links_are_dropped_and_nothing_else():
    html = ('<head>\n  <link rel="alternate" href="../en/" hreflang="en">\n'
            '  <link rel="canonical" href="https://x.example/">\n</head>\n'
            '<a href="../en/" hreflang="en" lang="en">English</a>')
    assert drop_hreflang_links(html) == ('<head>\n  <link rel="canonical" href="https://x.example/">\n</head>\n'
                                         '<a href="../en/" hreflang="en" lang="en">English</a>')


def test_real_pages_make_no_sitemap_request(real_site):
    for path in real_site.rglob("*.html"):
        assert '<link rel="alternate" href=' not in path.read_text(encoding="utf-8"), path


def test_root_links_of_the_offline_error_page_become_relative():
    html = ('<link href="/assets/x.css"><script src="/assets/kc/kc.js"></script><a href="//host.example/">'
            '<div data-base="/"></div><script id="__config" type="application/json">{"base": "/"}</script>')
    assert relative_root_links(html) == (
        '<link href="./assets/x.css"><script src="./assets/kc/kc.js"></script><a href="//host.example/">'
        '<div data-base="./"></div><script id="__config" type="application/json">{"base": "."}</script>')


@pytest.mark.parametrize(("link", "expected"), [
    ("../", "../index.html"),
    ("./", "./index.html"),
    ("guidelines/relocation/#c3-2", "guidelines/relocation/index.html#c3-2"),
    ("../../en/?q=1", "../../en/index.html?q=1"),
    # Unchanged: files, fragments, other sites, mail, root-absolute and protocol-relative links.
    ("about.html", "about.html"),
    ("#c2", "#c2"),
    ("https://kunskapscentrum.example/", "https://kunskapscentrum.example/"),
    ("mailto:info@kunskapscentrum.example", "mailto:info@kunskapscentrum.example"),
    ("/guidelines/", "/guidelines/"),
    ("//host.example/a/", "//host.example/a/"),
])
def test_folder_links_name_their_index_file_for_reading_from_disk(link, expected):
    assert file_links(f'<a href="{link}">x</a>') == f'<a href="{expected}">x</a>'


def test_valid_theme_markup_drops_autocomplete_from_checkboxes_only():
    html = ('<input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off">'
            '<input type="text" autocomplete="off">')
    out = pagehtml.valid_theme_markup(html)
    assert '<input class="md-toggle" type="checkbox" id="__drawer">' in out
    assert '<input type="text" autocomplete="off">' in out


def test_valid_theme_markup_unties_the_toc_title_only_when_the_toggle_is_missing():
    label = '<label class="md-nav__title" for="__toc">Innehåll</label>'
    assert pagehtml.valid_theme_markup(label) == '<label class="md-nav__title">Innehåll</label>'
    with_toggle = '<input class="md-toggle" type="checkbox" id="__toc">' + label
    assert label in pagehtml.valid_theme_markup(with_toggle)


def test_the_theme_script_no_longer_looks_up_an_empty_id(real_site):
    """Firefox warns on every page when getElementById gets '' (an address without a fragment)."""
    scripts = [p.read_text(encoding="utf-8") for p in (real_site / "assets" / "kc" / "inline").glob("*.js")]
    tab = [s for s in scripts if "location.hash.slice(1)" in s]
    assert tab, "the theme's tab script was expected among the moved inline scripts"
    assert all("location.hash.length>1&&document.getElementById" in s for s in tab)

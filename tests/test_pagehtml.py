"""Changes to finished page HTML."""

from kc.pagehtml import drop_hreflang_links


def test_hreflang_links_are_dropped_and_nothing_else():
    html = ('<head>\n  <link rel="alternate" href="../en/" hreflang="en">\n'
            '  <link rel="canonical" href="https://x.example/">\n</head>\n'
            '<a href="../en/" hreflang="en" lang="en">English</a>')
    assert drop_hreflang_links(html) == ('<head>\n  <link rel="canonical" href="https://x.example/">\n</head>\n'
                                         '<a href="../en/" hreflang="en" lang="en">English</a>')


def test_real_pages_make_no_sitemap_request(real_site):
    for path in real_site.rglob("*.html"):
        assert '<link rel="alternate" href=' not in path.read_text(encoding="utf-8"), path

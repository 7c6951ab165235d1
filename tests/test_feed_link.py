"""Every page announces the Atom feed of its own language in <head>, for feed readers."""

from __future__ import annotations

import posixpath
import re

import pytest


@pytest.mark.parametrize("page", ["index.html", "guidelines/relocation/v1.0/index.html",
                                  "en/index.html", "en/guidelines/relocation/history/index.html"])
def test_feed_link_points_at_the_feed_of_the_page_language(real_site, page):
    html = (real_site / page).read_text(encoding="utf-8")
    head = html[: html.index("</head>")]
    [link] = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*>', head)
    href = re.search(r'href="([^"]+)"', link).group(1)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
    assert target == ("en/feed.xml" if page.startswith("en/") else "feed.xml")
    assert (real_site / target).is_file()

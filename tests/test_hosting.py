"""The hosting guide: its server examples are generated and carry the site's own policy, in both languages."""

from __future__ import annotations

import html
import re

import pytest

from kc import csp, hosting
from kc.context import PageContext


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("example", [hosting.nginx, hosting.apache, hosting.iis])
def test_every_server_example_sends_every_header_and_caches_only_checksummed_files(lang, example):
    text = example(None, PageContext(lang, f"{lang}/hosting.md", lang))
    assert text.startswith("```") and text.rstrip().endswith("```")
    for name, value in hosting.HEADERS:
        assert name in text and value in text, name
    assert text.count(csp.header_policy()) == 1
    assert hosting.LONG_CACHE in text or 'cacheControlMaxAge="365.00:00:00"' in text
    for folder in hosting.IMMUTABLE_DIRS:
        assert folder.removeprefix("assets/") in text


@pytest.mark.slow
@pytest.mark.parametrize(("page", "title"), [("hosting/index.html", "Drift av en lokal kopia"),
                                             ("en/hosting/index.html", "Hosting a local copy")])
def test_the_guide_is_in_the_site_with_the_generated_policy(real_site, page, title):
    text = html.unescape((real_site / page).read_text(encoding="utf-8"))
    assert "<h1 id=" in text and title in text
    assert "<!-- kc:" not in text  # every marker was replaced
    # The policy once on its own, then in the nginx, Apache and IIS examples.
    assert text.count(csp.header_policy()) == 4
    for server in ("nginx", "Apache", "IIS"):
        assert re.search(rf"<h3 id=\"[a-z-]*\">{server}</h3>", text), server

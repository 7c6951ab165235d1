"""Relative links between source URIs (kc.content.paths)."""

from __future__ import annotations

import posixpath
import random

import pytest

from kc.content.paths import rel_link


@pytest.mark.parametrize(
    ("from_src", "to_src", "expected"),
    [
        ("sv/guidelines/a/index.md", "sv/guidelines/a/history.md", "history.md"),
        ("sv/guidelines/a/index.md", "sv/guidelines/b/v1.0/index.md", "../b/v1.0/index.md"),
        ("en/guidelines/a/v1.0/index.md", "en/glossary.md", "../../../glossary.md"),
        ("index.md", "sv/about.md", "sv/about.md"),
        ("sv/about.md", "sv", "."),
    ],
)
def test_links_between_pages(from_src, to_src, expected):
    assert rel_link(from_src, to_src) == expected


def test_every_link_is_the_one_posixpath_relpath_gives():
    # The quick way must agree with the standard one for any input, odd ones included.
    segments = ["a", "b", "sv", "guidelines", ".", "", "index.md", "v1.0", "..", "...", "ab"]
    rng = random.Random(15)
    for _ in range(20000):
        paths = [
            ("/" if rng.random() < 0.05 else "")
            + "/".join(rng.choice(segments) for _ in range(rng.randint(0, 5)))
            for _ in range(2)
        ]
        try:
            want = posixpath.relpath(paths[1], posixpath.dirname(paths[0]) or ".")
        except ValueError:
            with pytest.raises(ValueError):
                rel_link(*paths)
            continue
        assert rel_link(*paths) == want, paths

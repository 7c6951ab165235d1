"""What the first query loads: the main index, the postings shards of the query's terms, the snippets."""

from __future__ import annotations

import gzip

import pytest

from kc.content.model import Project
from kc.search import browserindex, searchbytes
from kc.search import index as search


@pytest.fixture
def built(site_copy, tmp_path, monkeypatch):
    """The search fixture's browser files as the build writes them, with small postings shards (so that
    there are several), and an expander reading queries with its Whoosh index."""
    monkeypatch.setattr(browserindex, "POST_SHARD", 20)
    project = Project.load(site_copy("search"))
    site = tmp_path / "out"
    for lang in ("sv", "en"):
        for rel, text in browserindex.browser_scripts(project, lang).items():
            path = site / ("en" if lang == "en" else "") / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    folder = tmp_path / "whoosh"
    search.build_index(project, folder)
    return site, lambda q, lang: search.expand_query(project, q, lang, folder).units


def _gz(path):
    return len(gzip.compress(path.read_bytes(), 9))


def test_the_postings_shard_of_a_term_holds_its_postings(built):
    site, _ = built
    folder = site / "assets" / "search"
    main = searchbytes._data(folder / "sv.js")
    shard = searchbytes.shards_of(main)
    terms = main["cur"]["terms"].split("\n")
    assert set(shard) == set(terms) and len(set(shard.values())) == len(list(folder.glob("sv-post-*.js"))) > 3
    # Every term's postings, read from its shard by the offsets of the dictionary, are those of the whole.
    whole = browserindex.browser_index(Project.load(site.parent / "site-search"), "sv")[0]["cur"]
    lens = browserindex.unvarints(whole["plen"])
    starts = [sum(lens[:i]) for i in range(len(lens) + 1)]
    first = {}
    for i, t in enumerate(terms):
        first.setdefault(shard[t], i)
    for i, t in enumerate(terms):
        text = searchbytes._data(folder / f"sv-post-{shard[t]}.js")
        base = starts[first[shard[t]]]
        assert text[starts[i] - base : starts[i + 1] - base] == whole["post"][starts[i] : starts[i + 1]], t


def test_first_query_counts_the_shards_of_its_terms(built):
    site, expand = built
    folder = site / "assets" / "search"
    snippets = sum(sorted(_gz(p) for p in folder.glob("sv-text-*.js"))[-searchbytes.PAGE :])
    alone = searchbytes.index_bytes(site, "sv")
    assert alone["first_query_gzip"] == alone["gzip"] + snippets  # no queries: no postings counted
    shard = searchbytes.shards_of(searchbytes._data(folder / "sv.js"))
    one = searchbytes.index_bytes(site, "sv", ["omplacering"], expand)
    units = expand("omplacering", "sv")
    need = {shard[t] for u in units for r in u.readings for p in r for t in p if t in shard}
    assert need and one["query_postings_max_gzip"] == sum(_gz(folder / f"sv-post-{k}.js") for k in need)
    assert one["first_query_gzip"] == one["gzip"] + one["query_postings_max_gzip"] + snippets
    # A second query with words elsewhere in the alphabet loads more; the figure is the largest of the two.
    two = searchbytes.index_bytes(site, "sv", ["omplacering", "omplacering samtycke socialtjänsten"], expand)
    assert two["query_postings_max_gzip"] > one["query_postings_max_gzip"]
    assert two["query_postings_median_gzip"] < two["query_postings_max_gzip"]
    # Unknown words need no postings, but the two-letter group of a word typed is loaded on the way.
    assert searchbytes.index_bytes(site, "sv", ["qqzz"], expand)["query_postings_max_gzip"] == 0
    typed = searchbytes.query_shards("omplx", "sv", [], shard)
    assert typed == {shard[next(t for t in shard if t.startswith("om"))]}

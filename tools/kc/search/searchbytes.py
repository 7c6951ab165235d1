"""What the search box loads, in bytes: the figures `kc bench` reports for the browser index.

The first query loads the main index of the language (the term dictionary and everything but the postings),
the postings shards of its terms (`<lang>-post-<k>.js`) and then the snippet shards of the hits listed on the
first page (PAGE hits, each in its own shard at worst). `first_query_gzip` is the largest over the queries
measured: the main index, the query's postings shards and, for the snippets, the worst case of the PAGE
largest snippet shards, gzip-compressed. A query's postings shards are those of the terms of its expansion
(kc.search.expansion, which the browser's query.js mirrors) and of the two-letter group of each of its words,
which the prefixes typed on the way to it load. The vocabulary (`-words.js`) comes only when a query has a
word that is not in the index, the archived versions only when asked for.
"""

from __future__ import annotations

import gzip
import json
import statistics
from collections.abc import Callable, Iterable
from pathlib import Path

from kc.search import analysis, browserindex

PAGE = 10  # hits on the first page of results (tools/kc/assets/kc/search.js PAGE)


def _gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9))


def _data(path: Path):
    return json.loads(path.read_text(encoding="utf-8").split("=", 2)[2].rstrip(";\n"))


def shards_of(main: dict) -> dict[str, int]:
    """term -> the number of its postings shard, from the main index `main` (browserindex.split_postings)."""
    cur = main["cur"]
    terms = cur["terms"].split("\n") if cur["terms"] else []
    out, at = {}, 0
    for k, n in enumerate(browserindex.unvarints(cur["pshards"])):
        for t in terms[at : at + n]:
            out[t] = k
        at += n
    return out


def query_shards(query: str, lang: str, units, shard: dict[str, int]) -> set[int]:
    """The postings shards a query loads: those of the terms of its units (kc.search.expansion) and of the
    two-letter group of each of its words (the prefixes typed on the way)."""
    need = {shard[t] for u in units for r in u.readings for part in r for t in part if t in shard}
    groups = {}
    for t in shard:
        groups.setdefault(t[:2], shard[t])
    for word in analysis.nfc(query).lower().split():
        for w in (word, *analysis.analyze(lang, word)):
            if w[:2] in groups:
                need.add(groups[w[:2]])
    return need


def index_bytes(site: Path, lang: str, queries: Iterable[str] = (),
                expand: Callable[[str, str], list] | None = None) -> dict:
    """Raw and gzip sizes of the search box's files of `lang` in the built `site`; with `queries` and
    `expand` (query, lang -> its units), the first-query figure is the largest over them (see the module)."""
    folder = site / ("en/" if lang == "en" else "") / "assets" / "search"
    main = folder / f"{lang}.js"
    shards = sorted(_gz(p) for p in folder.glob(f"{lang}-text-*.js"))
    archived_shards = [_gz(p) for p in folder.glob(f"{lang}-archived-text-*.js")]
    posts = {int(p.name.rsplit("-", 1)[1][:-3]): _gz(p) for p in folder.glob(f"{lang}-post-*.js")}
    out = {
        "raw": main.stat().st_size,
        "gzip": _gz(main),
        "archived_raw": (folder / f"{lang}-archived.js").stat().st_size,
        "archived_gzip": _gz(folder / f"{lang}-archived.js"),
        "words_gzip": _gz(folder / f"{lang}-words.js"),
        "snippet_shards": len(shards),
        "snippet_shard_max_gzip": shards[-1] if shards else 0,
        "snippets_gzip": sum(shards),
        "archived_snippets_gzip": sum(archived_shards),
        "postings_shards": len(posts),
        "postings_gzip": sum(posts.values()),
        "postings_shard_max_gzip": max(posts.values(), default=0),
    }
    per_query = [0]
    if expand is not None:
        shard = shards_of(_data(main))
        per_query = [sum(posts[k] for k in query_shards(q, lang, expand(q, lang), shard)) for q in queries]
        per_query = per_query or [0]
    out["query_postings_max_gzip"] = max(per_query)
    out["query_postings_median_gzip"] = statistics.median(per_query)
    out["first_query_gzip"] = out["gzip"] + max(per_query) + sum(shards[-PAGE:])
    out["first_query_median_gzip"] = out["gzip"] + statistics.median(per_query) + sum(shards[-PAGE:])
    return out

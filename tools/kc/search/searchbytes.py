"""What the search box loads, in bytes: the figures `kc bench` reports for the browser index.

The first query loads the main index of the language and then the snippet shards of the hits listed on the
first page (PAGE hits, each in its own shard at worst); `first_query_gzip` is that worst case: the main index
plus the PAGE largest shards, gzip-compressed. The vocabulary (`-words.js`) comes only when a query has a word
that is not in the index, the archived versions only when asked for.
"""

from __future__ import annotations

import gzip
from pathlib import Path

PAGE = 10  # hits on the first page of results (tools/kc/assets/kc/search.js PAGE)


def _gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9))


def index_bytes(site: Path, lang: str) -> dict:
    """Raw and gzip sizes of the search box's files of `lang` in the built `site`."""
    folder = site / ("en/" if lang == "en" else "") / "assets" / "search"
    main = folder / f"{lang}.js"
    shards = sorted(_gz(p) for p in folder.glob(f"{lang}-text-*.js"))
    archived_shards = [_gz(p) for p in folder.glob(f"{lang}-archived-text-*.js")]
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
    }
    out["first_query_gzip"] = out["gzip"] + sum(shards[-PAGE:])
    return out

"""Relevance benchmark: the team's query set (tests/fixtures/search/queries.yml) against the real texts.

For each language: recall@3 (the share of queries with an expected clause among the first three hits) and
MRR (the mean of 1 / rank of the first expected clause among the first ten, 0 if none), for `kc search`,
for the site's search box (headless Chromium, from file://, in the order the reader sees the hits) and for
Material's built-in search on the same content (plain Material + i18n over http; a hit is a page section,
whose clause is the number its heading starts with). `kc bench` reports them; `python -m kc.relevance` alone.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "tests" / "fixtures" / "search" / "queries.yml"
LANGS = ("sv", "en")
TOP = 3
DEPTH = 10


def load_queries(path: Path = QUERIES) -> dict[str, list[dict]]:
    """The query set: per language, items with q (the words), kind and expect (cites such as 'RL 5.4')."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {lang: list(data.get(lang) or []) for lang in LANGS}


def measure(ranked: list[list[str]], queries: list[dict]) -> dict:
    """recall@3, MRR and the queries missed (not in the first three), for ranked cites per query."""
    hits, rr, missed = 0, 0.0, []
    for cites, item in zip(ranked, queries, strict=True):
        want = set(item["expect"])
        rank = next((i + 1 for i, c in enumerate(cites[:DEPTH]) if c in want), None)
        hits += bool(rank and rank <= TOP)
        rr += 1 / rank if rank else 0.0
        if not rank or rank > TOP:
            missed.append({"q": item["q"], "kind": item.get("kind"), "got": cites[:TOP]})
    n = len(queries) or 1
    return {"queries": len(queries), "recall@3": hits / n, "mrr": rr / n, "missed": missed}


def ours_cli(project, queries: list[dict], lang: str) -> list[list[str]]:
    """The cites `kc search` ranks first for each query."""
    from . import search

    out = []
    for item in queries:
        hits = search.search(project, item["q"], lang, limit=DEPTH)
        out.append([f"{h.guideline} {h.clause}".strip() for h in hits])
    return out


def _type(page, input_sel: str, query: str) -> None:
    page.fill(input_sel, "")
    page.fill(input_sel, query)


def ours_browser(page, site: Path, queries: list[dict], lang: str) -> list[list[str]]:
    """The cites the site's search box lists first (from file://), in the order shown."""
    page.goto(site.as_uri() + ("/en/index.html" if lang == "en" else "/index.html"))
    page.focus("#kc-search-input")
    page.wait_for_function(
        "() => document.querySelector('.kc-search__status').textContent !== ''"
        " || !document.querySelector('.kc-search__panel').hidden"
    )
    out = []
    for item in queries:
        # A finished query (trailing space): the last word is not a prefix being typed.
        _type(page, "#kc-search-input", item["q"] + " ")
        page.wait_for_function(
            "q => document.getElementById('kc-search-input').value === q && "
            "/\\d|Inga|No /.test(document.querySelector('.kc-search__status').textContent)",
            arg=item["q"] + " ",
        )
        page.wait_for_timeout(30)  # a spelling suggestion may need the vocabulary loaded first
        page.wait_for_load_state()
        cites = page.locator(".kc-search__hit .kc-search__cite").all_inner_texts()
        out.append([c.strip() for c in cites])
    return out


CLAUSE_AT_START = re.compile(r"^\s*(\d+(?:\.\d+)*)\s")


def material_browser(page, base: str, ids: dict[str, str], queries: list[dict], lang: str) -> list[list[str]]:
    """The cites Material's search lists first (over http): each result section whose heading starts with a
    clause number, in the order shown (hidden 'more' sections included in their place)."""
    page.goto(base + ("en/" if lang == "en" else ""))
    out = []
    for item in queries:
        page.click(".md-search__input") if page.locator(".md-search__input").is_visible() else None
        page.fill(".md-search__input", item["q"])
        try:
            page.wait_for_function(
                "() => document.querySelector('.md-search-result__meta') && "
                "!/Initializing|Söker|Typing/.test(document.querySelector('.md-search-result__meta').textContent)",
                timeout=5000,
            )
            page.wait_for_timeout(150)
        except Exception:  # noqa: BLE001 - no result list is no hit
            out.append([])
            continue
        links = page.eval_on_selector_all(
            ".md-search-result__link",
            "as => as.map(a => [a.getAttribute('href'), (a.querySelector('h1,h2') || a).textContent])",
        )
        cites = []
        for href, title in links:
            slug = re.search(r"guidelines/([^/#]+)/", href or "")
            m = CLAUSE_AT_START.match(title or "")
            if slug and slug.group(1) in ids and m:
                cite = f"{ids[slug.group(1)]} {m.group(1)}"
                if cite not in cites:
                    cites.append(cite)
        out.append(cites)
    return out

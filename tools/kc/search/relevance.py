"""Relevance benchmark: the team's query set (tests/fixtures/search/queries.yml) and a held-out set written
before tuning (queries-heldout.yml) against the real texts, each reported on its own.

For each language: recall@3 (the share of queries with an expected clause among the first three hits),
guideline recall@3 (with a hit of an expected guideline among the first three, as the site is checked) and
MRR (the mean of 1 / rank of the first expected clause among the first ten, 0 if none), for `kc search`,
for the site's search box (headless Chromium, from file://, in the order the reader sees the hits) and for
Material's built-in search on the same content (plain Material + i18n over http; a hit is a page section,
whose clause is the number its heading starts with). `kc bench` reports them.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import sys
import threading
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
QUERIES = ROOT / "tests" / "fixtures" / "search" / "queries.yml"
HELDOUT = ROOT / "tests" / "fixtures" / "search" / "queries-heldout.yml"
LANGS = ("sv", "en")
TOP = 3
DEPTH = 10


def load_queries(path: Path = QUERIES) -> dict[str, list[dict]]:
    """The query set: per language, items with q (the words), kind and expect (cites such as 'RL 5.4', or a
    bare guideline id such as 'RL' when any of its clauses answers)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {lang: list(data.get(lang) or []) for lang in LANGS}


def _guideline(cite: str) -> str:
    return cite.split(" ", 1)[0]


def measure(ranked: list[list[str]], queries: list[dict]) -> dict:
    """recall@3, guideline recall@3, MRR and the queries missed (no expected clause in the first three), for
    ranked cites per query."""
    hits, ghits, rr, missed = 0, 0, 0.0, []
    for cites, item in zip(ranked, queries, strict=True):
        want = set(item["expect"])
        # A bare guideline id in `expect` accepts any of its clauses.
        rank = next((i + 1 for i, c in enumerate(cites[:DEPTH]) if c in want or _guideline(c) in want), None)
        hits += bool(rank and rank <= TOP)
        ghits += bool({_guideline(c) for c in cites[:TOP]} & {_guideline(w) for w in want})
        rr += 1 / rank if rank else 0.0
        if not rank or rank > TOP:
            missed.append({"q": item["q"], "kind": item.get("kind"), "got": cites[:TOP]})
    n = len(queries) or 1
    return {
        "queries": len(queries),
        "recall@3": hits / n,
        "guideline_recall@3": ghits / n,
        "mrr": rr / n,
        "missed": missed,
    }


def ours_cli(project, queries: list[dict], lang: str) -> list[list[str]]:
    """The cites `kc search` ranks first for each query."""
    from kc.search import index as search

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
    page.keyboard.press("/")  # Material's shortcut opens its search
    meta = "document.querySelector('.md-search-result__meta')"
    page.wait_for_function(f"() => {meta} && !/Initiali/.test({meta}.textContent)", timeout=15000)
    out = []
    for item in queries:
        # An empty query empties the list, so that the next list is surely this query's. Material reads the
        # box on key events: type, do not fill.
        box = page.locator(".md-search__input")
        box.fill("")
        box.press("Backspace")
        page.wait_for_function(f"() => !/\\d/.test({meta}.textContent)")
        box.press_sequentially(item["q"])
        try:
            page.wait_for_function(f"() => /\\d|Inga|No /.test({meta}.textContent)", timeout=5000)
        except Exception:  # noqa: BLE001 - no answer in time counts as no hit
            out.append([])
            continue
        page.wait_for_timeout(100)
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


def _copy_content(dest: Path) -> Path:
    """The real content (docs, configuration, theme overrides) in a folder of its own."""
    import shutil

    dest.mkdir(parents=True)
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def run(bench, browser: bool = True, queries: Path = QUERIES, heldout: Path | None = HELDOUT) -> dict:
    """recall@3 and MRR per language for `kc search` and, with `browser`, for the search box (from file://)
    and Material's search (over http) on the real content, each built in a temporary folder: per language
    and engine for the team's set, and the same under "heldout" for the held-out set. `bench` is kc.bench
    (its builds and browser settings; passed in, so that the modules do not import each other)."""
    import contextlib
    import shutil
    import tempfile

    from kc.content.model import Project
    from kc.search import index as search

    sets = [(load_queries(queries), lambda r: r)]
    if heldout is not None:
        sets.append((load_queries(heldout), lambda r: r.setdefault("heldout", {})))
    tmp = Path(tempfile.mkdtemp(prefix="kc-relevance-"))
    try:
        root = _copy_content(tmp / "root")
        project = Project.load(root)
        search.build_index(project)
        res: dict = {lang: {} for lang in LANGS}
        for lang in LANGS:
            for qs, into in sets:
                into(res[lang])["kc_search"] = measure(ours_cli(project, qs[lang], lang), qs[lang])
        if not browser:
            return res
        bench.our_build(root, tmp / "site-kc")
        bench.plain_build(bench.plain_config(root), tmp / "site-plain")
        ids = {g.slug: g.id for g in project.records}
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p, contextlib.ExitStack() as stack:
            b = p.chromium.launch(executable_path=bench.CHROMIUM, args=bench.CHROMIUM_ARGS, headless=True)
            stack.callback(b.close)
            plain_url = stack.enter_context(serve_folder(tmp / "site-plain"))
            page = b.new_page()
            for lang in LANGS:
                for qs, into in sets:
                    box = ours_browser(page, tmp / "site-kc", qs[lang], lang)
                    into(res[lang])["search_box"] = measure(box, qs[lang])
                    ranked = material_browser(page, plain_url, ids, qs[lang], lang)
                    into(res[lang])["material"] = measure(ranked, qs[lang])
        return res
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def serve_folder(folder: Path):
    """Serve `folder` over http on 127.0.0.1 (a free port) for the `with` block; yields the base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            # A browser that leaves a page drops the files it was still loading: not a benchmark error.
            if not isinstance(sys.exc_info()[1], ConnectionError):
                super().handle_error(request, client_address)

    handler = functools.partial(Quiet, directory=str(folder))
    server = Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def rows(res: dict) -> list[tuple[str, str, str]]:
    """Rows for the `kc bench` table: recall@3 / MRR per language and engine, for the team's set and (with
    guideline recall@3 too) for the held-out set."""
    out = []
    for lang in LANGS:
        for name, found in (("", res.get(lang, {})), (" held-out", res.get(lang, {}).get("heldout", {}))):
            for engine, label in (
                ("kc_search", "kc search"),
                ("search_box", "search box"),
                ("material", "Material"),
            ):
                if engine in found:
                    r = found[engine]
                    target = "target recall@3 >= 0.95" if engine != "material" else ""
                    figures = f"{r['recall@3']:.2f} / {r['mrr']:.2f}"
                    what = "recall@3 / MRR"
                    if name:
                        figures += f" / {r.get('guideline_recall@3', 0):.2f}"
                        what += " / guideline recall@3"
                    out.append((f"relevance{name} {lang}, {label}: {what}", figures, target))
    return out


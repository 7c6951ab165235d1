"""`kc bench`: build and search figures on a synthetic bilingual corpus of N guidelines.

Generates the corpus (deterministic seed) in a temporary folder from the 'basic' fixture layout, then measures
in one run: our full build (kc plugin + search index) vs plain Material + i18n (with Material's search), each
in its own subprocess (time, peak memory); Whoosh index build time; browser index bytes per language (raw,
gzip); `kc search` latency (in-process, warm); and in headless Chromium the time from the first keystroke to
the first rendered result (median of 5 runs), for our search (file:// and http) and Material's (http; it does
not run from disk).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from . import relevance, searchbytes
from .analysis import stop_words

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# The synthetic text draws words with the frequencies they have in the real guideline texts of this
# repository (docs/<lang>/guidelines), stop words included: a Zipf-like distribution over about 900 words per
# language, so common words occur in most documents and rare ones in few, as in real guidance.
SOURCE = ROOT / "docs"
TOPICS = ("responsibilities", "relocation", "providers")
STATUSES = ("adopted", "consultation", "draft")
QUERIES = {
    "sv": ["flytten", "boendet", "socialtjänsten ansvar", "mottagande kommun", "riskbedömning samtycke"],
    "en": ["relocation", "housing", "landlords", "risk assessment", "consent"],
}


def _ident(i: int) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    a, b = divmod(i, 26 * 26)
    b, c = divmod(b, 26)
    return (letters[a] if a else "") + letters[b] + letters[c] if a else "Z" + letters[b] + letters[c]


class Vocabulary:
    """The words of the real guideline texts of one language with their counts, for weighted draws."""

    def __init__(self, lang: str, source: Path = SOURCE):
        from collections import Counter
        from itertools import accumulate

        from .search import plain
        from .text import read_text

        counts: Counter[str] = Counter()
        for f in sorted((source / lang / "guidelines").glob("*/**/*.md")):
            counts.update(w.lower() for w in re.findall(r"[^\W\d_]+", plain(read_text(f).body)))
        if not counts:
            raise RuntimeError(f"no guideline texts in {source / lang / 'guidelines'} to draw words from")
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        self.words = [w for w, _ in ranked]
        self.cum = list(accumulate(c for _, c in ranked))
        stops = stop_words(lang)
        # Headings and titles: content words only (no stop words, no short forms such as abbreviations).
        self.content = [w for w in self.words if w not in stops and len(w) > 3]
        self.content_cum = list(accumulate(counts[w] for w in self.content))

    def draw(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum, k=k)

    def heading(self, rng: random.Random, k: int = 1) -> str:
        return " ".join(rng.choices(self.content, cum_weights=self.content_cum, k=k)).capitalize()


def _sentence(rng: random.Random, voc: Vocabulary) -> str:
    words = voc.draw(rng, rng.randint(8, 16))
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _text(rng: random.Random, voc: Vocabulary, lang: str, clauses: int) -> str:
    parts = []
    for c in range(1, clauses + 1):
        parts.append(
            f"## {c} {voc.heading(rng)}\n\n" + " ".join(_sentence(rng, voc) for _ in range(3)) + "\n"
        )
        for s in (1, 2):
            parts.append(
                f"### {c}.{s} {voc.heading(rng)}\n\n" + " ".join(_sentence(rng, voc) for _ in range(2)) + "\n"
            )
    head = "Checklista" if lang == "sv" else "Checklist"
    parts.append(f"## {head}\n\n- [ ] {_sentence(rng, voc)}\n")
    return "\n".join(parts)


def generate_corpus(dest: Path, n: int, seed: int = 7) -> Path:
    """A project with `n` guidelines (current 1.1 + archived 1.0, Swedish and English) in `dest`."""
    rng = random.Random(seed)
    vocabularies = {lang: Vocabulary(lang) for lang in ("sv", "en")}
    shutil.copytree(ROOT / "tests" / "fixtures" / "basic" / "docs", dest / "docs")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.split("\nnav:\n")[0] + "\n" + config.split("\nnav:\n")[1].split("\n\n", 1)[1]
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    docs = dest / "docs"
    for p in (docs / "guidelines").glob("*.yml"):
        if not p.name.startswith("_"):
            p.unlink()
    for lang in ("sv", "en"):
        shutil.rmtree(docs / lang / "guidelines" / "housing")
        shutil.rmtree(docs / lang / "guidelines" / "schools", ignore_errors=True)
    lock = {}
    for i in range(n):
        gid, slug = _ident(i), f"guideline-{i:04d}"
        record = {
            "id": gid,
            "slug": slug,
            "topic": TOPICS[i % 3],
            "title": {lang: vocabularies[lang].heading(rng, 3) for lang in ("sv", "en")},
            "status": "adopted",
            "version": "1.1",
            "effective": "2026-01-01",
            "review_by": "2028-01-01",
            "owner": {"sv": "Enheten för samverkan", "en": "Collaboration Unit"},
            "audiences": ["social-services"],
            "history": [
                {
                    "version": "1.1",
                    "date": "2025-12-01",
                    "status": "adopted",
                    "summary": {"sv": "Ändrad.", "en": "Changed."},
                },
                {
                    "version": "1.0",
                    "date": "2025-01-01",
                    "status": "superseded",
                    "summary": {"sv": "Första versionen.", "en": "First version."},
                },
            ],
        }
        text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
        text = text.replace("'2026-01-01'", "2026-01-01").replace("'2028-01-01'", "2028-01-01")
        text = text.replace("'2025-12-01'", "2025-12-01").replace("'2025-01-01'", "2025-01-01")
        (docs / "guidelines" / f"{slug}.yml").write_text(text, encoding="utf-8")
        clauses = rng.randint(3, 5)
        for lang in ("sv", "en"):
            folder = docs / lang / "guidelines" / slug
            (folder / "v1.0").mkdir(parents=True)
            front = '---\ntranslation_of: "1.1"\n---\n' if lang == "en" else ""
            (folder / "index.md").write_text(
                front + _text(rng, vocabularies[lang], lang, clauses), encoding="utf-8"
            )
            old = ('---\ntranslation_of: "1.0"\n---\n' if lang == "en" else "") + _text(
                rng, vocabularies[lang], lang, clauses
            )
            (folder / "v1.0" / "index.md").write_text(old, encoding="utf-8")
            rel = f"docs/{lang}/guidelines/{slug}/v1.0/index.md"
            lock[rel] = hashlib.sha256(old.encode("utf-8")).hexdigest()
    from .archive import lock_text

    (docs / "guidelines" / "_archive.lock").write_text(lock_text(lock), encoding="utf-8")
    return dest


def plain_config(root: Path) -> Path:
    """The same site as plain Material + i18n (with Material's own search), no kc plugin, no overrides."""
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
    config["plugins"] = [
        {"search": {}},
        {"i18n": next(p["i18n"] for p in config["plugins"] if isinstance(p, dict))},
    ]
    config["plugins"][1]["i18n"]["reconfigure_search"] = True
    config["theme"].pop("custom_dir", None)
    path = root / "mkdocs-plain.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


_BUILD = """
import json, resource, sys, time, logging
logging.disable(logging.WARNING)
from mkdocs.commands.build import build
from mkdocs.config import load_config
t = time.perf_counter()
build(load_config(sys.argv[1], site_dir=sys.argv[2]))
print(json.dumps({"seconds": time.perf_counter() - t,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def timed_build(config: Path, out: Path) -> dict:
    """Build in a fresh subprocess; its wall time and peak resident memory."""
    r = subprocess.run([sys.executable, "-c", _BUILD, str(config), str(out)], capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(f"build of {config} failed:\n{r.stderr[-3000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def _percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]


def query_latency(project, rounds: int = 20) -> dict:
    from . import search

    times = []
    for lang, queries in QUERIES.items():
        for q in queries:
            search.search(project, q, lang)  # warm
    for _ in range(rounds):
        for lang, queries in QUERIES.items():
            for q in queries:
                t = time.perf_counter()
                search.search(project, q, lang, limit=10)
                times.append((time.perf_counter() - t) * 1000)
    return {"median_ms": statistics.median(times), "p95_ms": _percentile(times, 0.95), "queries": len(times)}


_MEASURE = """
(async ({input, results, query}) => {
  window.__t0 = null; window.__t1 = null;
  document.addEventListener('keydown', () => {
    if (window.__t0 === null) window.__t0 = performance.now();
  }, true);
  const list = () => document.querySelector(results);
  const obs = new MutationObserver(() => {
    if (window.__t1 === null && document.querySelector(results + ' li')) window.__t1 = performance.now();
  });
  obs.observe(document.body, {childList: true, subtree: true});
  return !!list;
})
"""


def first_result_ms(browser, url: str, input_sel: str, results_sel: str, query: str) -> float | None:
    """Time from the first keystroke ('/' to focus the box, then the query) to the first rendered result."""
    page = browser.new_page()
    try:
        page.goto(url, wait_until="load")
        page.wait_for_timeout(300)
        page.evaluate(_MEASURE, {"input": input_sel, "results": results_sel, "query": query})
        page.keyboard.press("/")
        page.keyboard.type(query)
        try:
            page.wait_for_function("() => window.__t1 !== null", timeout=15000)
        except Exception:
            return None
        value = page.evaluate(
            "(window.__t0 !== null && window.__t1 >= window.__t0) ? window.__t1 - window.__t0 : null"
        )
        return value
    finally:
        page.close()


def _median_of(samples: list) -> float | None:
    """The median of the samples, or None if any run gave no result (the search does not work there)."""
    return None if any(v is None for v in samples) else statistics.median(samples)


def browser_figures(ours: Path, plain: Path, repeat: int = 5) -> tuple[dict, dict]:
    """Median time to the first result of each search and way of opening the site, and all the samples
    (one run alone says little on a machine that is doing other work)."""
    import contextlib
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    @contextlib.contextmanager
    def serve(folder):
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/"
        finally:
            server.shutdown()
            server.server_close()

    ours_sel = ("#kc-search-input", ".kc-search__results")
    material_sel = (".md-search__input", ".md-search-result__list")
    samples: dict[str, list] = {}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for lang, prefix in (("sv", ""), ("en", "en/")):
                q = QUERIES[lang][0]
                with serve(ours) as ours_url, serve(plain) as plain_url:
                    runs = {
                        f"kc_file_{lang}_ms": ((ours / prefix / "index.html").as_uri(), ours_sel),
                        f"material_file_{lang}_ms": ((plain / prefix / "index.html").as_uri(), material_sel),
                        f"kc_http_{lang}_ms": (ours_url + prefix, ours_sel),
                        f"material_http_{lang}_ms": (plain_url + prefix, material_sel),
                    }
                    for key, (url, sel) in runs.items():
                        samples[key] = []
                        for _ in range(repeat):
                            samples[key].append(first_result_ms(b, url, *sel, q))
                            if samples[key][-1] is None:
                                break  # no result within 15 s: this search does not work here

        finally:
            b.close()
    return {key: _median_of(values) for key, values in samples.items()}, samples


def run(n: int = 500, seed: int = 7, browser: bool = True, keep: Path | None = None) -> dict:
    """Run every measurement on a fresh corpus of `n` guidelines; return the figures."""
    from . import browserindex, search
    from .model import Project

    tmp = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="kc-bench-"))
    try:
        root = generate_corpus(tmp / "corpus", n, seed)
        project = Project.load(root)
        res: dict = {
            "guidelines": n,
            "seed": seed,
            "documents": {lang: sum(1 for _ in search.documents(project, lang)) for lang in ("sv", "en")},
        }
        plain = timed_build(plain_config(root), tmp / "site-plain")
        ours = timed_build(root / "mkdocs.yml", tmp / "site-kc")
        res["build"] = {
            "kc": ours,
            "plain": plain,
            "time_ratio": ours["seconds"] / plain["seconds"],
            "memory_ratio": ours["peak_mb"] / plain["peak_mb"],
        }
        t = time.perf_counter()
        search.build_index(project)
        res["whoosh_index_seconds"] = time.perf_counter() - t
        t = time.perf_counter()
        for lang in ("sv", "en"):
            browserindex.browser_script(project, lang)
        res["browser_index_seconds"] = time.perf_counter() - t
        res["index_bytes"] = {lang: searchbytes.index_bytes(tmp / "site-kc", lang) for lang in ("sv", "en")}
        material = tmp / "site-plain" / "search" / "search_index.json"
        if material.exists():
            data = material.read_bytes()
            res["material_index_bytes"] = {"raw": len(data), "gzip": len(gzip.compress(data, 9))}
        res["kc_search"] = query_latency(project)
        # Relevance on the real texts (tools/kc/relevance.py): the team's queries, ours and Material's.
        res["relevance"] = relevance.run(sys.modules[__name__], browser=browser)
        if browser:
            res["first_result"], res["first_result_samples"] = browser_figures(
                tmp / "site-kc", tmp / "site-plain"
            )
        return res
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)


def table(res: dict) -> str:
    """The figures as a plain-text table, with the targets of issue 7 beside them."""
    b = res["build"]
    rows = [
        ("guidelines / documents per language", f"{res['guidelines']} / {res['documents']['sv']}", ""),
        (
            "build kc (s) / plain Material+i18n (s)",
            f"{b['kc']['seconds']:.2f} / {b['plain']['seconds']:.2f}",
            f"ratio {b['time_ratio']:.2f} (target <= 1.25)",
        ),
        (
            "peak memory kc / plain (MB)",
            f"{b['kc']['peak_mb']:.0f} / {b['plain']['peak_mb']:.0f}",
            f"ratio {b['memory_ratio']:.2f} (target <= 1.25)",
        ),
        ("Whoosh index build (s)", f"{res['whoosh_index_seconds']:.2f}", ""),
        ("browser index build, both languages (s)", f"{res['browser_index_seconds']:.2f}", ""),
    ]
    for lang, size in res["index_bytes"].items():
        rows.append(
            (
                f"browser index {lang} (current) raw / gzip (kB)",
                f"{size['raw'] / 1000:.0f} / {size['gzip'] / 1000:.0f}",
                "target gzip <= 150",
            )
        )
        rows.append(
            (
                f"  {lang} first query: index + snippets of the first page, gzip (kB)",
                f"{size['first_query_gzip'] / 1000:.1f}",
                "target <= 150",
            )
        )
        for key, label in (
            ("snippets_gzip", "all snippets, in shards (gzip kB)"),
            ("archived_gzip", "archived versions, on request (gzip kB)"),
            ("words_gzip", "vocabulary, for spelling (gzip kB)"),
        ):
            rows.append((f"  {lang} {label}", f"{size[key] / 1000:.0f}", ""))
    if "material_index_bytes" in res:
        m = res["material_index_bytes"]
        rows.append(
            (
                "Material search_index.json raw / gzip (kB)",
                f"{m['raw'] / 1000:.0f} / {m['gzip'] / 1000:.0f}",
                "",
            )
        )
    s = res["kc_search"]
    rows.append(
        ("kc search median / p95 (ms)", f"{s['median_ms']:.1f} / {s['p95_ms']:.1f}", "target p95 <= 30")
    )
    for key, value in (res.get("first_result") or {}).items():
        shown = "no result (does not work)" if value is None else f"{value:.0f}"
        rows.append(
            (
                f"first result {key.replace('_ms', '')}, median (ms)",
                shown,
                "target kc file <= 50" if key.startswith("kc_file") else "",
            )
        )
    rows += relevance.rows(res.get("relevance", {}))
    width = max(len(r[0]) for r in rows)
    return "\n".join(f"{a.ljust(width)}  {b_.ljust(14)}  {c}".rstrip() for a, b_, c in rows)

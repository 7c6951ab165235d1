"""`kc bench`: build and search figures on the real site grown to N guidelines, for one or more N.

For each N, generates the corpus (kc.benchcorpus: the real mkdocs.yml, menu and pages, synthetic guidelines
added, deterministic seed) in a temporary folder, then measures: `kc build` (a process per language) vs plain
Material + i18n (with Material's search) under the same menu and features, each in fresh processes (wall
time, peak memory per process; kc.benchbuild); Whoosh index build time; browser index bytes per language
(raw, gzip); `kc search` latency (in-process, warm); and in headless Chromium the time from a keystroke to
the frame that shows the first result (median of 5 runs; kc.benchlatency defines it exactly), for our search
(file:// and http; "warm": the query typed 150 ms after "/" focused the box, timed from its first key; and
"cold": "/" and the query at once, timed from "/", index load included) and Material's (it does not run
from disk). With two or more N, the scaling of the build time from the smallest to the largest.
"""

from __future__ import annotations

import gzip
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kc import benchlatency
from kc.benchbuild import compare, floor_build, our_build, plain_build, scaling
from kc.benchcorpus import floor_configs, generate_corpus, plain_config
from kc.search import relevance, searchbytes

SIZES = (500, 2000)
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

QUERIES = {
    "sv": ["flytten", "boendet", "socialtjänsten ansvar", "mottagande kommun", "riskbedömning samtycke"],
    "en": ["relocation", "housing", "landlords", "risk assessment", "consent"],
}


def bytes_queries(lang: str) -> list[str]:
    """The queries the first-query bytes are measured for: the relevance sets (tests/fixtures/search) and
    QUERIES."""
    sets = [relevance.load_queries(), relevance.load_queries(relevance.HELDOUT)]
    return [item["q"] for s in sets for item in s[lang]] + QUERIES[lang]


def _expander(project):
    from kc.search import index as search

    return lambda q, lang: search.expand_query(project, q, lang).units


def _percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]


def query_latency(project, rounds: int = 20) -> dict:
    from kc.search import index as search

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


def browser_figures(ours: Path, plain: Path, repeat: int = 5) -> tuple[dict, dict]:
    """Median keystroke-to-first-result times (kc.benchlatency says exactly from which event to which) and
    all the samples."""
    return benchlatency.browser_figures(ours, plain, QUERIES, CHROMIUM, CHROMIUM_ARGS, repeat)


def run_sizes(
    sizes: tuple[int, ...] = SIZES, seed: int = 7, browser: bool = True, keep: Path | None = None
) -> dict:
    """Every measurement at each size (smallest first), and the build's scaling across them."""
    runs = []
    for n in sorted(sizes):
        runs.append(run(n, seed, browser, Path(keep) / f"n{n}" if keep else None))
    # Relevance is measured on the real texts, the same at every size: once (kc.search.relevance), for
    # ours (kc search and the search box) and for Material's search.
    rel = relevance.run(sys.modules[__name__], browser=browser)
    return {"runs": runs, "scaling": scaling(runs), "relevance": rel}


def run(n: int = 500, seed: int = 7, browser: bool = True, keep: Path | None = None) -> dict:
    """Run every measurement on a fresh corpus of `n` guidelines; return the figures."""
    from kc.content.model import Project
    from kc.search import browserindex
    from kc.search import index as search

    tmp = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="kc-bench-"))
    try:
        root = generate_corpus(tmp / "corpus", n, seed)
        project = Project.load(root)
        res: dict = {
            "guidelines": len(project.records),
            "seed": seed,
            "documents": {lang: sum(1 for _ in search.documents(project, lang)) for lang in ("sv", "en")},
        }
        plain = plain_build(plain_config(root), tmp / "site-plain")
        floor = floor_build(floor_configs(root), tmp / "site-floor")
        res["build"] = compare(our_build(root, tmp / "site-kc"), plain, floor)
        shutil.rmtree(tmp / "site-floor", ignore_errors=True)
        t = time.perf_counter()
        search.build_index(project)
        res["whoosh_index_seconds"] = time.perf_counter() - t
        t = time.perf_counter()
        for lang in ("sv", "en"):
            browserindex.browser_script(project, lang)
        res["browser_index_seconds"] = time.perf_counter() - t
        res["index_bytes"] = {
            lang: searchbytes.index_bytes(tmp / "site-kc", lang, bytes_queries(lang), _expander(project))
            for lang in ("sv", "en")
        }
        material = tmp / "site-plain" / "search" / "search_index.json"
        if material.exists():
            data = material.read_bytes()
            res["material_index_bytes"] = {"raw": len(data), "gzip": len(gzip.compress(data, 9))}
        res["kc_search"] = query_latency(project)
        if browser:
            res["first_result"], res["first_result_samples"] = browser_figures(
                tmp / "site-kc", tmp / "site-plain"
            )
        return res
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)


def table(res: dict) -> str:
    """The figures of one size as a plain-text table, with the targets of issues 7 and 15 beside them."""
    b = res["build"]
    langs = b["kc"].get("languages", {})
    rows = [
        ("guidelines / documents per language", f"{res['guidelines']} / {res['documents']['sv']}", ""),
        (
            "build kc, a process per language (s) / plain Material+i18n (s)",
            f"{b['kc']['seconds']:.2f} / {b['plain']['seconds']:.2f}",
            f"ratio {b['time_ratio']:.2f} (target <= 0.7 on 2 cores)",
        ),
        (
            "  CPU time, all processes, kc / plain (s)",
            f"{b['kc']['cpu_seconds']:.2f} / {b['plain']['cpu_seconds']:.2f}",
            f"ratio {b['cpu_ratio']:.2f}",
        ),
        (
            "  kc on 2 idle cores (parent + slower language, CPU s) / plain",
            f"{b['kc']['ideal_seconds']:.2f} / {b['plain']['cpu_seconds']:.2f}",
            f"ratio {b['ideal_ratio']:.2f}",
        ),
        *(
            [(
                "  Material alone, a process per language, no search (s / CPU s)",
                f"{b['floor']['seconds']:.2f} / {b['floor']['cpu_seconds']:.2f}",
                f"ratio {b['floor_ratio']:.2f} (on 2 idle cores {b['floor_ideal_ratio']:.2f})",
            )] if "floor" in b else []
        ),
        (
            "peak memory per process, kc busiest / plain (MB)",
            f"{b['kc']['peak_mb']:.0f} / {b['plain']['peak_mb']:.0f}",
            f"ratio {b['memory_ratio']:.2f} (target <= 1)",
        ),
        *(
            (
                f"  kc {lang} process: time / CPU (s) / peak (MB)",
                f"{x['seconds']:.2f} / {x['cpu_seconds']:.2f} / {x['peak_mb']:.0f}",
                "",
            )
            for lang, x in langs.items()
        ),
        ("  kc parent (merge, output scan): peak (MB)", f"{b['kc'].get('parent_peak_mb', 0):.0f}", ""),
        ("  kc validation (the parent's child): peak (MB)", f"{b['kc'].get('validation_peak_mb', 0):.0f}",
         ""),
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
                f"  {lang} first query: index + its postings + snippets of the first page, gzip (kB)",
                f"{size['first_query_gzip'] / 1000:.1f}"
                f" (median {size['first_query_median_gzip'] / 1000:.1f})",
                "target <= 150",
            )
        )
        for key, label in (
            ("postings_gzip", "all postings, in shards (gzip kB)"),
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
                "target kc file <= 50 (warm)"
                if key.startswith("kc_file")
                else "index loaded by the same key"
                if key.startswith("kc_cold")
                else "",
            )
        )
    width = max(len(r[0]) for r in rows)
    return "\n".join(f"{a.ljust(width)}  {b_.ljust(14)}  {c}".rstrip() for a, b_, c in rows)


def tables(result: dict) -> str:
    """The tables of every size of a `run_sizes` result, then the scaling of the build time."""
    parts = [f"n = {r['guidelines']}\n{table(r)}" for r in result["runs"]]
    rel = relevance.rows(result.get("relevance", {}))
    if rel:
        width = max(len(r[0]) for r in rel)
        parts.append("\n".join(f"{a.ljust(width)}  {b.ljust(14)}  {c}".rstrip() for a, b, c in rel))
    sc = result.get("scaling")
    if sc:
        parts.append(
            f"build time n = {sc['to']} / n = {sc['from']}: kc {sc['kc']:.2f}, plain {sc['plain']:.2f}"
            + (" (target kc <= 4.5)" if (sc["from"], sc["to"]) == SIZES else "")
        )
    return "\n\n".join(parts)

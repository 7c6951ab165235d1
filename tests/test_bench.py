"""kc bench: a tiny run produces every figure (no timing assertions: figures depend on the machine)."""

from __future__ import annotations

import json
from pathlib import Path

from kc import bench
from kc.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_corpus_is_deterministic_and_valid(tmp_path):
    from kc.findings import errors
    from kc.model import Project
    from kc.validate import validate

    a = bench.generate_corpus(tmp_path / "a", 3, seed=1)
    b = bench.generate_corpus(tmp_path / "b", 3, seed=1)
    for rel in (
        "docs/sv/guidelines/guideline-0002/index.md",
        "docs/en/guidelines/guideline-0001/v1.0/index.md",
    ):
        assert (a / rel).read_text(encoding="utf-8") == (b / rel).read_text(encoding="utf-8")
    project = Project.load(a)
    assert len(project.records) == 3
    assert [str(f) for f in errors(validate(project))] == []


def test_tiny_run_writes_every_figure(tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert main(["--root", str(ROOT), "bench", "--n", "2", "--out", str(out)]) == 0
    res = json.loads(out.read_text(encoding="utf-8"))
    assert {
        "guidelines",
        "documents",
        "build",
        "whoosh_index_seconds",
        "browser_index_seconds",
        "index_bytes",
        "kc_search",
        "first_result",
        "relevance",
    } <= set(res)
    assert {"kc", "plain", "time_ratio", "memory_ratio"} <= set(res["build"])
    assert {"seconds", "peak_mb"} <= set(res["build"]["kc"])
    assert {"raw", "gzip"} <= set(res["index_bytes"]["sv"]) and res["index_bytes"]["en"]["gzip"] > 0
    sv = res["index_bytes"]["sv"]
    assert sv["gzip"] < sv["first_query_gzip"] <= sv["gzip"] + 10 * sv["snippet_shard_max_gzip"]
    for lang in ("sv", "en"):
        assert {"kc_search", "search_box", "material"} <= set(res["relevance"][lang])
        assert (
            0
            <= res["relevance"][lang]["kc_search"]["mrr"]
            <= res["relevance"][lang]["kc_search"]["recall@3"] + 1
        )
    assert {"median_ms", "p95_ms"} <= set(res["kc_search"])
    assert {"kc_file_sv_ms", "kc_file_en_ms", "material_http_sv_ms", "kc_http_en_ms"} <= set(
        res["first_result"]
    )
    assert res["first_result"]["kc_file_sv_ms"] is not None  # our search answers from file://
    out = capsys.readouterr().out
    assert "kc search median / p95" in out and "relevance sv, Material: recall@3 / MRR" in out

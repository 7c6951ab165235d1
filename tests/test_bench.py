"""kc bench: a tiny run produces every figure (no timing assertions: figures depend on the machine)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kc import bench
from kc.cli import main
from kc.content.model import Project

ROOT = Path(__file__).resolve().parent.parent


def test_corpus_is_deterministic_and_valid(tmp_path):
    from kc.checks.validate import validate
    from kc.content.findings import errors

    real = len(Project.load(ROOT).records)
    a = bench.generate_corpus(tmp_path / "a", real + 3, seed=1)
    b = bench.generate_corpus(tmp_path / "b", real + 3, seed=1)
    for rel in (
        "docs/sv/guidelines/guideline-0002/index.md",
        "docs/en/guidelines/guideline-0001/v1.0/index.md",
    ):
        assert (a / rel).read_text(encoding="utf-8") == (b / rel).read_text(encoding="utf-8")
    assert not (a / "docs/sv/guidelines/guideline-0003").exists()
    project = Project.load(a)
    assert len(project.records) == real + 3
    assert [str(f) for f in errors(validate(project))] == []
    # What we ship: the real mkdocs.yml with its menu, and the real pages and guidelines beside the synthetic.
    assert (a / "mkdocs.yml").read_bytes() == (ROOT / "mkdocs.yml").read_bytes()
    assert {g.slug for g in Project.load(ROOT).records} <= {g.slug for g in project.records}


def test_plain_config_has_the_same_menu_and_features_without_our_plugin(tmp_path):
    import yaml

    root = bench.generate_corpus(tmp_path / "c", 1)
    ours = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    plain = yaml.safe_load(bench.plain_config(root).read_text(encoding="utf-8"))
    assert plain["nav"] == ours["nav"] and plain["theme"]["features"] == ours["theme"]["features"]
    names = [next(iter(p)) if isinstance(p, dict) else p for p in plain["plugins"]]
    assert names == ["search", "i18n"]
    # i18n's search de-duplication is quadratic: plain keeps the site's setting, which turns it off.
    assert plain["plugins"][1]["i18n"]["reconfigure_search"] is False
    assert "custom_dir" not in plain["theme"]


def test_floor_configs_build_one_language_each_without_kc_or_search(tmp_path):
    import yaml

    root = bench.generate_corpus(tmp_path / "c", 1)
    plain = yaml.safe_load(bench.plain_config(root).read_text(encoding="utf-8"))
    configs = bench.floor_configs(root)
    assert set(configs) == {"sv", "en"}
    for lang, path in configs.items():
        floor = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert floor["nav"] == plain["nav"] and floor["theme"] == plain["theme"]
        assert [next(iter(p)) for p in floor["plugins"]] == ["i18n"]
        i18n = floor["plugins"][0]["i18n"]
        assert i18n["build_only_locale"] == lang
        assert {k: v for k, v in i18n.items() if k != "build_only_locale"} == plain["plugins"][1]["i18n"]


@pytest.mark.slow
@pytest.mark.browser
def test_tiny_run_writes_every_figure(tmp_path, capsys):
    out = tmp_path / "bench.json"
    real = len(Project.load(ROOT).records)
    assert main(["--root", str(ROOT), "bench", "--n", str(real + 2), str(real), "--out", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert [r["guidelines"] for r in result["runs"]] == [real, real + 2]  # smallest first
    assert {"from", "to", "kc", "plain"} <= set(result["scaling"]) and result["scaling"]["kc"] > 0
    res = result["runs"][1]
    assert {
        "guidelines",
        "documents",
        "build",
        "whoosh_index_seconds",
        "browser_index_seconds",
        "index_bytes",
        "kc_search",
        "first_result",
    } <= set(res)
    assert {"kc", "plain", "floor", "time_ratio", "memory_ratio", "floor_ratio"} <= set(res["build"])
    # The floor built both languages, each in its own process, at the same time.
    floor = res["build"]["floor"]
    assert set(floor["languages"]) == {"sv", "en"}
    assert floor["seconds"] >= max(x["seconds"] for x in floor["languages"].values())
    assert {"seconds", "peak_mb", "parent_peak_mb", "languages"} <= set(res["build"]["kc"])
    # Ours ran a process per language; the busiest one's peak is the figure compared with plain's.
    langs = res["build"]["kc"]["languages"]
    assert set(langs) == {"sv", "en"}
    # The validation runs in a child process of the parent's (kc.build._check): its own figure, also compared.
    assert res["build"]["kc"]["validation_peak_mb"] > 0
    assert res["build"]["kc"]["peak_mb"] == max(
        [res["build"]["kc"]["parent_peak_mb"], res["build"]["kc"]["validation_peak_mb"]]
        + [x["peak_mb"] for x in langs.values()]
    )
    assert {"raw", "gzip"} <= set(res["index_bytes"]["sv"]) and res["index_bytes"]["en"]["gzip"] > 0
    sv = res["index_bytes"]["sv"]
    # The main index, the postings shards of the query and the snippets of the first page. On a corpus this
    # small one query may need every shard; that most need fewer is tested on the real site
    # (test_query_browser.py: a query loads only the shards of its terms).
    assert 0 < sv["query_postings_median_gzip"] <= sv["query_postings_max_gzip"] <= sv["postings_gzip"]
    snippets = sv["first_query_gzip"] - sv["gzip"] - sv["query_postings_max_gzip"]
    assert 0 < snippets <= 10 * sv["snippet_shard_max_gzip"]
    for lang in ("sv", "en"):  # relevance: measured once, on the real texts
        assert {"kc_search", "search_box", "material"} <= set(result["relevance"][lang])
        assert (
            0
            <= result["relevance"][lang]["kc_search"]["mrr"]
            <= result["relevance"][lang]["kc_search"]["recall@3"] + 1
        )
    assert {"median_ms", "p95_ms"} <= set(res["kc_search"])
    assert {
        "kc_file_sv_ms",
        "kc_file_en_ms",
        "material_http_sv_ms",
        "kc_http_en_ms",
        "kc_cold_file_sv_ms",
        "kc_cold_http_en_ms",
    } <= set(res["first_result"])
    assert res["first_result"]["kc_file_sv_ms"] is not None  # our search answers from file://
    assert res["first_result"]["kc_cold_file_sv_ms"] is not None  # also when typed before the index came
    printed = capsys.readouterr().out
    assert "Material alone, a process per language" in printed
    assert "kc search median / p95" in printed and f"n = {real + 2}" in printed
    assert "relevance sv, Material: recall@3 / MRR" in printed
    assert f"build time n = {real + 2} / n = {real}" in printed


def test_bench_refuses_a_size_below_one(capsys):
    assert main(["--root", str(ROOT), "bench", "--n", "0", "--no-browser"]) == 1
    assert "--n must be a positive number" in capsys.readouterr().err

"""kc.benchlatency: which figures are measured and how they are summed up (tests/test_benchlatency_browser.py:
from which key the time runs)."""

from __future__ import annotations

from pathlib import Path

from kc import benchlatency


def test_ours_is_measured_warm_and_cold_both_ways_material_warm_only(tmp_path):
    ours, plain = tmp_path / "kc", tmp_path / "plain"
    runs = benchlatency.runs(ours, plain, "http://ours/", "http://plain/", "en")
    assert set(runs) == {
        "kc_file_en_ms",
        "kc_cold_file_en_ms",
        "kc_http_en_ms",
        "kc_cold_http_en_ms",
        "material_file_en_ms",
        "material_http_en_ms",
    }
    assert [k for k, (_, _, cold) in runs.items() if cold] == ["kc_cold_file_en_ms", "kc_cold_http_en_ms"]
    assert runs["kc_file_en_ms"][0] == (ours / "en" / "index.html").as_uri()
    assert runs["kc_cold_http_en_ms"][0] == "http://ours/en/"
    assert runs["material_file_en_ms"][0] == (plain / "en" / "index.html").as_uri()
    assert runs["kc_http_en_ms"][1] == benchlatency.OURS
    assert runs["material_http_en_ms"][1] == benchlatency.MATERIAL
    sv = benchlatency.runs(Path("/x"), Path("/y"), "http://ours/", "http://plain/", "sv")
    assert (
        sv["kc_file_sv_ms"][0] == Path("/x/index.html").as_uri() and sv["kc_http_sv_ms"][0] == "http://ours/"
    )


def test_a_figure_is_the_median_or_none_when_a_run_found_nothing():
    assert benchlatency._median_of([30.0, 10.0, 20.0]) == 20.0
    assert benchlatency._median_of([30.0, None, 20.0]) is None

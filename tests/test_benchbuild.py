"""kc bench's build figures: ours against plain, per process, and the scaling between sizes."""

from __future__ import annotations

import pytest

from kc.benchbuild import compare, scaling


def _ours(parent_cpu: float, sv_cpu: float, en_cpu: float) -> dict:
    return {
        "seconds": 30.0,
        "parent_cpu_seconds": parent_cpu,
        "cpu_seconds": parent_cpu + sv_cpu + en_cpu,
        "peak_mb": 90.0,
        "languages": {"sv": {"cpu_seconds": sv_cpu}, "en": {"cpu_seconds": en_cpu}},
    }


def test_ours_on_two_idle_cores_is_the_parent_plus_the_slower_language():
    b = compare(_ours(2.0, 10.0, 8.0), {"seconds": 20.0, "cpu_seconds": 16.0, "peak_mb": 100.0})
    assert b["kc"]["ideal_seconds"] == 12.0
    assert b["ideal_ratio"] == pytest.approx(12.0 / 16.0)
    assert b["cpu_ratio"] == pytest.approx(20.0 / 16.0)
    assert b["time_ratio"] == pytest.approx(1.5) and b["memory_ratio"] == pytest.approx(0.9)


def _run(n: int, kc: float, plain: float) -> dict:
    return {"guidelines": n, "build": {"kc": {"seconds": kc}, "plain": {"seconds": plain}}}


def test_scaling_is_largest_over_smallest_whatever_the_order():
    sc = scaling([_run(2000, 80.0, 40.0), _run(500, 20.0, 10.0), _run(1000, 45.0, 20.0)])
    assert sc == {"from": 500, "to": 2000, "kc": 4.0, "plain": 4.0}


def test_one_size_has_no_scaling():
    assert scaling([_run(500, 20.0, 10.0)]) is None


def test_floor_is_compared_with_plain_and_its_ideal_is_the_larger_language():
    floor = {"seconds": 6.0, "cpu_seconds": 9.0, "peak_mb": 60.0,
             "languages": {"sv": {"cpu_seconds": 5.0}, "en": {"cpu_seconds": 4.0}}}
    b = compare(_ours(2.0, 10.0, 8.0), {"seconds": 20.0, "cpu_seconds": 16.0, "peak_mb": 100.0}, floor)
    assert b["floor_ratio"] == pytest.approx(6.0 / 20.0)
    assert b["floor_ideal_ratio"] == pytest.approx(5.0 / 16.0)
    plain = {"seconds": 20.0, "cpu_seconds": 16.0, "peak_mb": 1.0}
    assert "floor" not in compare(_ours(2.0, 10.0, 8.0), plain)

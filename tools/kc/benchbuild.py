"""Timed builds for `kc bench`: ours (`kc build`, a process per language) against plain Material + i18n.

Each build runs in a fresh process, so neither inherits the other's imports or caches. Peak memory is the
resident peak of each process (getrusage ru_maxrss): for ours the parent (merge, output scan), its
validation's process (whose CPU time counts as the parent's) and each language's process (with the steps it
runs in child processes), for plain its one process, which builds both languages one after the other.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

_PLAIN = """
import json, resource, sys, time, logging
logging.disable(logging.WARNING)
from mkdocs.commands.build import build
from mkdocs.config import load_config
t = time.perf_counter()
build(load_config(sys.argv[1], site_dir=sys.argv[2]))
u = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": time.perf_counter() - t, "cpu_seconds": u.ru_utime + u.ru_stime,
                  "peak_mb": u.ru_maxrss / 1024}))
"""

_OURS = """
import json, resource, sys, time
from pathlib import Path
from kc.build import build_site
stats = {}
t = time.perf_counter()
build_site(Path(sys.argv[1]), Path(sys.argv[2]), stats=stats)
u = resource.getrusage(resource.RUSAGE_SELF)
v = stats.pop("validation", {})  # the parent's work, in a child process of its own (kc.build._check)
print(json.dumps({"seconds": time.perf_counter() - t,
                  "parent_cpu_seconds": u.ru_utime + u.ru_stime + v.get("cpu_seconds", 0),
                  "parent_peak_mb": u.ru_maxrss / 1024, "validation_peak_mb": v.get("peak_mb", 0),
                  "languages": {k: {x: v[x] for x in ("seconds", "cpu_seconds", "peak_mb")}
                                for k, v in stats.items()}}))
"""


def _run(script: str, *args: str) -> dict:
    r = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(f"the build ({' '.join(args)}) failed:\n{r.stderr[-3000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def plain_build(config: Path, out: Path) -> dict:
    """Plain Material + i18n from `config` into `out`: wall seconds and peak MB of its one process."""
    return _run(_PLAIN, str(config), str(out))


def floor_build(configs: dict[str, Path], out: Path) -> dict:
    """Each language's floor config (kc.benchcorpus.floor_configs) built at the same time, each in its own
    process, as kc build runs its languages: wall seconds from the first start to the last end, CPU seconds
    of all, and the peak MB of the larger process."""
    start = time.perf_counter()
    procs = {
        lang: subprocess.Popen([sys.executable, "-c", _PLAIN, str(config), str(out / lang)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for lang, config in configs.items()
    }
    results = {}
    for lang, proc in procs.items():
        stdout, stderr = proc.communicate()
        if proc.returncode:
            raise RuntimeError(f"the floor build of '{lang}' failed:\n{stderr[-3000:]}")
        results[lang] = json.loads(stdout.strip().splitlines()[-1])
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": sum(x["cpu_seconds"] for x in results.values()),
        "peak_mb": max(x["peak_mb"] for x in results.values()),
        "languages": results,
    }


def our_build(root: Path, out: Path) -> dict:
    """`kc build` of `root` into `out`: wall seconds, and the peak MB of its busiest process (`peak_mb`), of
    the parent and of each language's process."""
    res = _run(_OURS, str(root), str(out))
    langs = res["languages"].values()
    res["peak_mb"] = max([res["parent_peak_mb"], res["validation_peak_mb"], *(x["peak_mb"] for x in langs)])
    res["cpu_seconds"] = res["parent_cpu_seconds"] + sum(x["cpu_seconds"] for x in langs)
    return res


def compare(ours: dict, plain: dict, floor: dict | None = None) -> dict:
    """Both builds' figures and ours relative to plain (time, and peak memory per process).

    On a machine shared with other work, wall times say little; CPU seconds (all processes together) do
    not depend on the load, and `ideal_seconds` is the wall time ours would take on two idle cores (the
    parent's own work plus the slower language), which the cpu_ratio and ideal_ratio compare with plain's.
    `floor` (floor_build), if given, is what Material alone costs built the way ours is.
    """
    slowest = max(x["cpu_seconds"] for x in ours["languages"].values())
    ours["ideal_seconds"] = ours["parent_cpu_seconds"] + slowest
    more = {} if floor is None else {
        "floor": floor,
        "floor_ratio": floor["seconds"] / plain["seconds"],
        # Two idle cores: the larger language's process alone.
        "floor_ideal_ratio": max(x["cpu_seconds"] for x in floor["languages"].values())
        / plain["cpu_seconds"],
    }
    return {
        **more,
        "kc": ours,
        "plain": plain,
        "time_ratio": ours["seconds"] / plain["seconds"],
        "cpu_ratio": ours["cpu_seconds"] / plain["cpu_seconds"],
        "ideal_ratio": ours["ideal_seconds"] / plain["cpu_seconds"],
        "memory_ratio": ours["peak_mb"] / plain["peak_mb"],
    }


def scaling(runs: list[dict]) -> dict | None:
    """The build time of the largest corpus over that of the smallest, for ours and for plain."""
    if len(runs) < 2:
        return None
    small, large = min(runs, key=lambda r: r["guidelines"]), max(runs, key=lambda r: r["guidelines"])
    return {
        "from": small["guidelines"],
        "to": large["guidelines"],
        "kc": large["build"]["kc"]["seconds"] / small["build"]["kc"]["seconds"],
        "plain": large["build"]["plain"]["seconds"] / small["build"]["plain"]["seconds"],
    }

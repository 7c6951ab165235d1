"""Property: whatever an editor (or an attacker) does to the records and texts, `kc validate` answers with
exit status 0 or 1 and findings, never a traceback or crash, within bounded time and memory.

Each example takes the real docs/ (copied once), mutates one file with one to three random mutations from
tests/fuzz_util.py (byte flips, inserted or deleted bytes, random Unicode, YAML special characters,
duplicated lines, deep nesting, swapped value types, truncation) and runs `kc validate` in a subprocess
with a memory limit and a timeout. Examples are derandomised, so CI runs the same ones every time.
KC_FUZZ_EXAMPLES sets their number; KC_FUZZ_TOOLS runs another copy of tools/ (to show the test fails there).
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fuzz_util import KINDS, SWAP_VALUES, YAML_SPECIALS, mutate

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    p.relative_to(ROOT).as_posix()
    for p in (ROOT / "docs").rglob("*")
    if p.is_file() and p.suffix in (".md", ".yml", ".lock")
)
# CPU seconds per run of kc validate (a run of the real content takes about one). CPU time, not wall time,
# so that a busy machine does not fail the test; the wall-clock timeout only catches a process that waits.
TIME_LIMIT = 10
WALL_LIMIT = 90
MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of address space for that run
EXAMPLES = int(os.environ.get("KC_FUZZ_EXAMPLES", "25"))

POSITION = st.integers(min_value=0, max_value=1_000_000)
# The parameter of each kind of mutation, in the range mutate() uses; only "insert" takes text.
PARAMETER = {
    "flip": st.integers(0, 7),
    "insert": st.just(0),
    "insert_raw": st.integers(0, 255),
    "special": st.integers(0, len(YAML_SPECIALS) - 1),
    "delete": st.integers(0, 63),
    "truncate": st.just(0),
    "duplicate": st.integers(0, 4),
    "nest": st.integers(0, 7),
    "swap": st.integers(0, len(SWAP_VALUES) - 1),
}
MUTATION = st.one_of(
    *(
        st.tuples(
            st.just(kind),
            POSITION,
            PARAMETER[kind],
            st.text(min_size=1, max_size=8) if kind == "insert" else st.just(""),
        )
        for kind in KINDS
    )
)


def _limit_memory_and_time() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    # SIGXCPU at the soft limit; the kernel kills outright at the hard one.
    resource.setrlimit(resource.RLIMIT_CPU, (TIME_LIMIT, TIME_LIMIT + 5))


def run_validate(root: Path) -> subprocess.CompletedProcess:
    """`kc validate` on `root` in a fresh interpreter with limited memory and CPU time; KC_DEBUG shows any
    traceback."""
    env = {**os.environ, "KC_DEBUG": "1", "PYTHONPATH": os.environ.get("KC_FUZZ_TOOLS", str(ROOT / "tools"))}
    return subprocess.run(
        [sys.executable, "-m", "kc.cli", "--root", str(root), "validate"],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=WALL_LIMIT,
        env=env,
        preexec_fn=_limit_memory_and_time,
    )


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(ROOT / "docs", root / "docs")
    return root


def test_the_unmutated_copy_is_valid(fuzz_root):
    """The baseline: without mutations the subprocess passes (so a failure below is the mutation's)."""
    result = run_validate(fuzz_root)
    assert result.returncode == 0, result.stdout + result.stderr


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(rel=st.sampled_from(FILES), mutations=st.lists(MUTATION, min_size=1, max_size=3))
# The kinds of input that once crashed kc validate, always tried: 50,000 nested brackets (a segmentation
# fault), an alias bomb's anchor, a byte that is not UTF-8 (a traceback naming no file), a list for a
# string, and deep nesting in a text's front matter.
@example(rel="docs/guidelines/relocation.yml", mutations=[("nest", 0, 2, "")])
@example(rel="docs/guidelines/_glossary.yml", mutations=[("nest", 5000, 3, "")])
@example(rel="docs/guidelines/_matrix.yml", mutations=[("special", 0, 0, "")])
@example(rel="docs/guidelines/providers.yml", mutations=[("insert_raw", 40, 0xFF, "")])
@example(rel="docs/sv/guidelines/relocation/index.md", mutations=[("insert_raw", 900, 0xC3, "")])
@example(rel="docs/en/guidelines/providers/index.md", mutations=[("nest", 4, 2, "")])
@example(rel="docs/guidelines/responsibilities.yml", mutations=[("swap", 4, 9, "")])
def test_validate_survives_mutations(fuzz_root, rel, mutations):
    path = fuzz_root / rel
    original = path.read_bytes()
    data = original
    for kind, a, b, extra in mutations:
        data = mutate(data, kind, a, b, extra)
    path.write_bytes(data)
    try:
        try:
            result = run_validate(fuzz_root)
        except subprocess.TimeoutExpired:
            pytest.fail(f"kc validate still ran after {WALL_LIMIT} s after {mutations!r} on {rel}")
        output = result.stdout + result.stderr
        if result.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
            pytest.fail(f"kc validate used more than {TIME_LIMIT} s of CPU after {mutations!r} on {rel}")
        assert result.returncode in (0, 1), output[-3000:]
        assert "Traceback" not in output, output[-3000:]
        assert "internal error" not in output, output[-3000:]
        if result.returncode == 1:
            # Every error is reported as 'path:line: message'.
            assert any(line.startswith("docs/") for line in result.stdout.splitlines()), output[-3000:]
    finally:
        path.write_bytes(original)

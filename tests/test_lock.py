"""requirements.lock: every dependency pinned with hashes, in step with the pins in pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIN_RE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def normalise(name: str) -> str:
    """PEP 503 name: `PyYAML` and `pyyaml`, `mkdocs_material` and `mkdocs-material` are one package."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_lock(text: str) -> dict[str, tuple[str, list[str]]]:
    """{name: (version, hashes)} of a hashed requirements file; ValueError on anything else."""
    entries: dict[str, tuple[str, list[str]]] = {}
    current = None
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip().rstrip("\\").strip()
        if not line:
            continue
        if line.startswith("--hash="):
            if current is None:
                raise ValueError(f"line {n}: a hash before any requirement: {raw.strip()}")
            algo, _, digest = line[len("--hash=") :].partition(":")
            if algo != "sha256" or not re.fullmatch(r"[0-9a-f]{64}", digest):
                raise ValueError(f"line {n}: not a sha256 hash: {raw.strip()}")
            entries[current][1].append(digest)
            continue
        m = PIN_RE.match(line)
        if not m or raw.startswith((" ", "\t")):
            raise ValueError(f"line {n}: not an exact pin (name==version): {raw.strip()}")
        current = normalise(m.group(1))
        if current in entries:
            raise ValueError(f"line {n}: {current} is pinned twice")
        entries[current] = (m.group(2), [])
    for name, (_, hashes) in entries.items():
        if not hashes:
            raise ValueError(f"{name} has no hash; regenerate the lock with 'make lock'")
    return entries


def direct_pins() -> dict[str, str]:
    """{name: version} of every dependency pyproject.toml names: runtime, test extra and build backend."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    reqs = [
        *data["project"]["dependencies"],
        *data["project"]["optional-dependencies"]["test"],
        *data["build-system"]["requires"],
    ]
    pins = {}
    for req in reqs:
        m = PIN_RE.match(req)
        assert m, f"pyproject.toml: {req!r} is not an exact pin; write name==x.y.z"
        pins[normalise(m.group(1))] = m.group(2)
    return pins


def test_every_direct_dependency_is_in_the_lock_at_the_pinned_version():
    lock = parse_lock((ROOT / "requirements.lock").read_text(encoding="utf-8"))
    pins = direct_pins()
    assert {"cryptography", "hypothesis", "setuptools", "mkdocs"} <= pins.keys()
    wrong = {n: (v, lock.get(n, ("missing",))[0]) for n, v in pins.items() if lock.get(n, (None,))[0] != v}
    assert not wrong, f"pyproject.toml and requirements.lock disagree (pin, lock): {wrong}; run 'make lock'"


def test_the_lock_holds_the_transitive_dependencies_too():
    lock = parse_lock((ROOT / "requirements.lock").read_text(encoding="utf-8"))
    # Jinja2 (mkdocs), Pygments (Material), cffi (cryptography): never named in pyproject.toml.
    assert {"jinja2", "pygments", "babel", "markupsafe", "cffi", "pip"} <= lock.keys()
    assert not {"jinja2", "pygments", "cffi"} & direct_pins().keys()


def test_the_lock_names_no_index_or_local_mirror():
    """Whatever index made it, the lock must install against plain PyPI on any machine."""
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    for bad in ("--index-url", "--extra-index-url", "--find-links", "-f ", "file:", "http://", "https://"):
        assert bad not in text, f"requirements.lock contains {bad!r}; regenerate it with 'make lock'"


def test_the_makefile_installs_with_hashes_and_reinstalls_when_the_lock_changes():
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet --require-hashes -r $(LOCK)" in make
    assert re.search(r"^\$\(STAMP\): pyproject\.toml \$\(LOCK\)$", make, re.M)
    assert "open('$(LOCK)','rb')" in make  # the stamp's name changes with the lock's content


@pytest.mark.parametrize(
    "text, message",
    [
        ("jinja2==3.1.6\n", "jinja2 has no hash"),
        ("jinja2>=3.1 \\\n    --hash=sha256:" + "a" * 64 + "\n", "not an exact pin"),
        ("jinja2==3.1.6 \\\n    --hash=md5:" + "a" * 32 + "\n", "not a sha256 hash"),
        ("--hash=sha256:" + "a" * 64 + "\n", "a hash before any requirement"),
        ("a==1 \\\n --hash=sha256:" + "a" * 64 + "\nA==1 \\\n --hash=sha256:" + "b" * 64 + "\n", "twice"),
    ],
)
def test_a_lock_without_hashes_or_exact_pins_is_refused(text, message):
    with pytest.raises(ValueError, match=message):
        parse_lock(text)


def test_a_well_formed_entry_with_a_marker_is_read():
    text = "cffi==2.1.1 ; platform_python_implementation != 'PyPy' \\\n    --hash=sha256:" + "c" * 64 + "\n"
    assert parse_lock(text) == {"cffi": ("2.1.1", ["c" * 64])}


def test_every_github_action_is_pinned_by_commit_with_its_release_named():
    uses = []
    for workflow in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        uses += re.findall(r"^\s*(?:-\s+)?uses:\s*(.+)$", workflow.read_text(encoding="utf-8"), re.M)
    assert len(uses) >= 2
    for use in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}\s+# v\d+\.\d+\.\d+", use), (
            f"{use!r}: pin the action by its full commit SHA, with the release tag in a comment"
        )

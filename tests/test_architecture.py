"""The layout of tools/kc/ as CONTRIBUTING describes it: no import cycles, imports downwards, small modules.

The import graph is read from the source with `ast` (every import, also those inside functions and under
TYPE_CHECKING), so the check needs no third-party tool and sees exactly what a reader sees.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

KC = Path(__file__).resolve().parent.parent / "tools" / "kc"
MAX_LINES = 400

# Package -> the packages it may import; "top" is kc/*.py (cli, build, bench). Nothing imports the cli or the
# adapters (test_nothing_imports_cli_or_adapters).
ALLOWED: dict[str, set[str]] = {
    "content": set(),
    # The hosting guide shows the edition's own server configuration (edition/hosting): that one arrow.
    "pages": {"content", "edition"},
    "search": {"content"},
    "edition": {"content"},
    # Rules on shared data live beside what uses that data: the blocks that render the glossary, matrix and
    # process (pages), the search vocabulary (search).
    "checks": {"content", "pages", "search"},
    "top": {"content", "pages", "search", "edition", "checks"},
    "adapters": {"content", "pages", "search", "edition", "checks"},
}
# Third-party packages that only some parts of kc may import, so that replacing one touches one place. The
# generator stays at arm's length: only the adapters and the pipeline on top (build, bench) run MkDocs.
ONLY_IN = {"whoosh": {"search"}, "mkdocs": {"adapters", "top"}, "cryptography": {"edition"}}


def module_name(path: Path, root: Path = KC) -> str:
    """kc's dotted name of the module in `path` (a package is named by its __init__.py)."""
    parts = ["kc", *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(root: Path = KC) -> dict[str, Path]:
    """Every module of kc by dotted name."""
    return {module_name(p, root): p for p in sorted(root.rglob("*.py")) if "assets" not in p.parts}


def imports(path: Path, name: str, known: set[str]) -> tuple[set[str], set[str]]:
    """(kc modules, third-party top-level packages) that the module `name` in `path` imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found, external = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # `from kc.pages import render` imports the module kc.pages.render.
            targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in known else module for a in node.names]
        else:
            continue
        for target in targets:
            if target == "kc" or target.startswith("kc."):
                # The longest known module that `target` names (kc.x.y.Name -> kc.x.y).
                while target not in known and "." in target:
                    target = target.rsplit(".", 1)[0]
                if target != "kc" and target != name:
                    found.add(target)
            else:
                external.add(target.split(".")[0])
    return found, external


def graph(root: Path = KC) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(kc module -> kc modules it imports, kc module -> third-party packages it imports)."""
    mods = modules(root)
    known = set(mods)
    edges, external = {}, {}
    for name, path in mods.items():
        edges[name], external[name] = imports(path, name, known)
    return edges, external


def package_of(module: str) -> str:
    """The layer of a module: its package under kc, 'top' for kc/*.py."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else "top"


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the directed graph `edges` as [a, b, ..., a], or None."""
    WHITE, GREY, BLACK = 0, 1, 2
    colour = {n: WHITE for n in edges}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        colour[n] = GREY
        stack.append(n)
        for m in sorted(edges.get(n, ())):
            if colour.get(m, WHITE) == GREY:
                return stack[stack.index(m) :] + [m]
            if colour.get(m, WHITE) == WHITE:
                found = visit(m)
                if found:
                    return found
        stack.pop()
        colour[n] = BLACK
        return None

    for n in sorted(edges):
        if colour[n] == WHITE:
            found = visit(n)
            if found:
                return found
    return None


def package_edges(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    """The graph between packages, without the arrows inside one package."""
    out: dict[str, set[str]] = {}
    for a, targets in edges.items():
        pa = package_of(a)
        out.setdefault(pa, set())
        for b in targets:
            if package_of(b) != pa:
                out[pa].add(package_of(b))
    return out


def witnesses(edges: dict[str, set[str]], pa: str, pb: str) -> list[str]:
    """The module arrows behind the package arrow pa -> pb."""
    return sorted(
        f"{a} -> {b}" for a, ts in edges.items() for b in ts if package_of(a) == pa and package_of(b) == pb
    )


EDGES, EXTERNAL = graph()


def test_the_graph_sees_imports_inside_functions_and_relative_ones(tmp_path):
    kc = tmp_path / "kc"
    (kc / "pkg").mkdir(parents=True)
    (kc / "__init__.py").write_text("")
    (kc / "pkg" / "__init__.py").write_text("")
    (kc / "pkg" / "a.py").write_text("def f():\n    from . import b\n    from ..top import x\n")
    (kc / "pkg" / "b.py").write_text("from kc.pkg.a import f\nimport whoosh.index\n")
    (kc / "top.py").write_text("x = 1\n")
    edges, external = graph(kc)
    assert edges["kc.pkg.a"] == {"kc.pkg.b", "kc.top"}
    assert edges["kc.pkg.b"] == {"kc.pkg.a"}
    assert external["kc.pkg.b"] == {"whoosh"}
    assert find_cycle(edges) == ["kc.pkg.a", "kc.pkg.b", "kc.pkg.a"]


def test_no_cycle_between_modules():
    cycle = find_cycle(EDGES)
    assert cycle is None, "import cycle between modules: " + " -> ".join(cycle or [])


def test_no_cycle_between_packages():
    packages = package_edges(EDGES)
    cycle = find_cycle(packages)
    if cycle:
        arrows = []
        for a, b in zip(cycle, cycle[1:], strict=False):
            found = witnesses(EDGES, a, b)
            arrows += found[:3] + ([f"(and {len(found) - 3} more {a} -> {b})"] if len(found) > 3 else [])
        pytest.fail("import cycle between packages: " + " -> ".join(cycle) + "\n  " + "\n  ".join(arrows))


def test_every_package_has_a_place_in_the_layers():
    assert set(package_edges(EDGES)) <= set(ALLOWED), "a new package: give it its place in ALLOWED"


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_packages_import_only_downwards(package):
    wrong = [
        w
        for target in sorted(package_edges(EDGES).get(package, set()) - ALLOWED[package])
        for w in witnesses(EDGES, package, target)
    ]
    assert not wrong, f"{package} may import only {sorted(ALLOWED[package])}:\n  " + "\n  ".join(wrong)


def test_nothing_imports_cli_or_adapters():
    wrong = sorted(
        f"{a} -> {b}"
        for a, ts in EDGES.items()
        for b in ts
        if (b == "kc.cli" or package_of(b) == "adapters") and package_of(a) != package_of(b)
    )
    assert not wrong, "the cli and the adapters sit on top; nothing imports them:\n  " + "\n  ".join(wrong)


@pytest.mark.parametrize("dependency", sorted(ONLY_IN))
def test_third_party_packages_stay_in_their_place(dependency):
    allowed = ONLY_IN[dependency]
    wrong = sorted(m for m, ext in EXTERNAL.items() if dependency in ext and package_of(m) not in allowed)
    assert not wrong, f"only {sorted(allowed)} import {dependency}: " + ", ".join(wrong)


def test_no_module_over_the_size_limit():
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in modules().items()}
    over = sorted(f"{name}: {n} lines" for name, n in sizes.items() if n > MAX_LINES)
    assert not over, f"modules over {MAX_LINES} lines; split them:\n  " + "\n  ".join(over)


def test_no_script_over_the_size_limit():
    # The browser's scripts (plain <script> files, no bundler) are modules too: the same limit.
    scripts = sorted((KC / "assets").rglob("*.js"))
    assert {"search.js", "searchview.js", "operators.js"} <= {p.name for p in scripts}
    sizes = {p.relative_to(KC).as_posix(): len(p.read_text(encoding="utf-8").splitlines()) for p in scripts}
    over = sorted(f"{name}: {n} lines" for name, n in sizes.items() if n > MAX_LINES)
    assert not over, f"scripts over {MAX_LINES} lines; split them:\n  " + "\n  ".join(over)

"""`make canary`: try the site with the pinned successor generator, Zensical, and write down what is missing.

Zensical reads mkdocs.yml and runs Python-Markdown extensions, but drops every MkDocs plugin it does not map
to a feature of its own. The canary installs the pinned Zensical into its own venv (never the project's
.venv), builds a copy of the site with it if it installs, and writes a report (.cache/canary-report.md): the
install's and the build's errors, word for word, and each plugin, Markdown extension, theme feature and
template override the site uses, with what Zensical does with it. Not part of `make test`: it needs the
package registry and says nothing about our code's correctness.

Run: python -m kc.canary [--root DIR] [--venv DIR] [--report FILE]; exit status 0 when Zensical built the
site, 1 when it did not install or did not build (the report says why).
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

PIN = "zensical==0.1.3"
TIMEOUT = 900

# What each of our MkDocs plugins does for readers, so the report says what a Zensical build loses.
PLUGIN_ROLES = {
    "kc": "guideline headers, clause numbers and anchors, citations, cross-references, generated blocks "
    "(guideline index, matrix, process, glossary), history pages, feed, CSV, browser search index, "
    "inline scripts moved out for the Content-Security-Policy, bilingual 404 page, content validation",
    "i18n": "the two languages (docs/sv, docs/en): English pages under /en/, the language switcher, "
    "fallback to the Swedish page where no translation exists, per-language menu titles and site name",
}


def _run(cmd: list[str], cwd: Path | None = None) -> tuple[int, str]:
    try:
        r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT)
    except (OSError, subprocess.SubprocessError) as exc:
        return 1, str(exc)
    return r.returncode, (r.stdout + r.stderr)


def _errors(text: str, limit: int = 20) -> str:
    """The lines that say what went wrong (pip's ERROR lines, a traceback's last line), not the noise."""
    lines = [x for x in text.splitlines() if x.strip() and "is ignored: it is neither" not in x]
    picked = [x for x in lines if re.match(r"\s*(ERROR|Error|error|\w+Error|\w+Exception)\b", x)]
    return "\n".join((picked or lines)[-limit:])


def install(venv: Path, root: Path) -> tuple[bool, str]:
    """Create `venv` if needed and install the pinned Zensical into it, and `root`'s own package without
    its MkDocs dependencies (our Markdown extensions must load); (installed, what pip said)."""
    python = venv / "bin" / "python"
    if not python.exists():
        code, out = _run([sys.executable, "-m", "venv", str(venv)])
        if code:
            return False, out
    code, out = _run([str(python), "-m", "pip", "install", "--quiet", PIN])
    if code == 0:
        if (root / "pyproject.toml").exists():
            _run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "-e", str(root)])
        return True, out
    # Without its dependencies Zensical cannot run, but its own source says which plugins it maps.
    _run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", PIN])
    return False, out


def _package_dir(venv: Path, name: str) -> Path | None:
    found = sorted(venv.glob(f"lib/python3*/site-packages/{name}"))
    return found[0] if found else None


def recognised_plugins(venv: Path) -> set[str] | None:
    """The MkDocs plugins Zensical maps to features of its own, read from its source (None if absent)."""
    pkg = _package_dir(venv, "zensical")
    if pkg is None or not (pkg / "config.py").exists():
        return None
    tree = ast.parse((pkg / "config.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "_PLUGIN_UNSUPPORTED_OPTIONS" for t in node.targets
        ):
            return {k.value for k in node.value.keys if isinstance(k, ast.Constant)}
    return None


def _config(root: Path) -> dict:
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=_Loader) or {}


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml's !!python and !ENV tags as plain text: the report only needs the names."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: getattr(node, "value", None))


def inventory(root: Path, venv: Path, installed: bool) -> list[tuple[str, str, str, str]]:
    """(kind, name, status, detail) for everything the site asks of its generator."""
    config = _config(root)
    rows = []
    known = recognised_plugins(venv)
    for entry in config.get("plugins") or []:
        name = next(iter(entry)) if isinstance(entry, dict) else str(entry)
        if known is None:
            status, detail = "unknown", "Zensical's source is not available to check"
        elif name.removeprefix("material/") in known:
            status, detail = "mapped", "Zensical has a replacement; check the build's output"
        else:
            status = "ignored"
            detail = f"not among the {len(known)} plugins Zensical maps, so dropped without a word; lost: "
            detail += PLUGIN_ROLES.get(name, "everything the plugin does")
        rows.append(("MkDocs plugin", name, status, detail))
    python = venv / "bin" / "python"
    for entry in config.get("markdown_extensions") or []:
        name = next(iter(entry)) if isinstance(entry, dict) else str(entry)
        if not installed:
            rows.append(("Markdown extension", name, "not checked", "Zensical did not install"))
            continue
        code, out = _run([str(python), "-c", f"import markdown; markdown.Markdown(extensions=[{name!r}])"])
        status = "loads" if code == 0 else "fails"
        rows.append(("Markdown extension", name, status, "" if code == 0 else _errors(out, 3)))
    theme = config.get("theme") or {}
    for feature in theme.get("features") or []:
        status = "see the build" if installed else "not checked"
        rows.append(("theme feature", feature, status, f"Material feature; theme {theme.get('name')}"))
    custom = theme.get("custom_dir")
    if custom:
        for path in sorted((root / custom).rglob("*")):
            if path.is_file():
                text = path.read_text(encoding="utf-8", errors="replace")
                blocks = list(dict.fromkeys(re.findall(r"{%-?\s*block\s+(\w+)", text)))
                detail = "overrides blocks: " + ", ".join(blocks) if blocks else "replaces file"
                status = "see the build" if installed else "not checked"
                rows.append(("template override", path.relative_to(root).as_posix(), status, detail))
    for hook in config.get("hooks") or []:
        rows.append(("MkDocs hook", str(hook), "ignored" if known is not None else "unknown", ""))
    return rows


def try_build(root: Path, venv: Path, work: Path) -> tuple[bool, str, Path]:
    """Build a copy of the site with Zensical (strict); (built, what it said, output folder)."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for name in ("docs", "overrides"):
        if (root / name).exists():
            shutil.copytree(root / name, work / name)
    shutil.copy2(root / "mkdocs.yml", work / "mkdocs.yml")
    code, out = _run([str(venv / "bin" / "zensical"), "build", "--strict", "-f", "mkdocs.yml"], cwd=work)
    return code == 0, out, work / "site"


def report(root: Path, venv: Path, work: Path) -> tuple[bool, str]:
    """Install, build and take stock; (Zensical built the site, the report as Markdown)."""
    installed, pip_said = install(venv, root)
    lines = [f"# Zensical canary ({PIN}, {dt.date.today().isoformat()})", ""]
    lines += ["## Install", "", "installed" if installed else "**failed**:", ""]
    if not installed:
        lines += ["```", _errors(pip_said), "```", ""]
    built = False
    lines += ["## Build", ""]
    if installed:
        built, said, out = try_build(root, venv, work)
        pages = len(list(out.rglob("*.html"))) if out.exists() else 0
        lines += [f"{'built' if built else '**failed**'} ({pages} HTML files in {out})", ""]
        if not built or said.strip():
            lines += ["```", _errors(said, 40), "```", ""]
    else:
        lines += ["not attempted: Zensical did not install", ""]
    lines += ["## What the site uses", "", "| kind | name | with Zensical | detail |", "|---|---|---|---|"]
    for kind, name, status, detail in inventory(root, venv, installed):
        cell = detail.replace("|", "\\|").replace("\n", "<br>")
        lines.append(f"| {kind} | `{name}` | {status} | {cell} |")
    return built, "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m kc.canary", description=__doc__.split("\n\n")[0])
    p.add_argument("--root", type=Path, default=Path("."), help="the project (default: .)")
    p.add_argument("--venv", type=Path, help="Zensical's own venv (default: ROOT/.venv-canary)")
    p.add_argument("--report", type=Path, help="report file (default: ROOT/.cache/canary-report.md)")
    args = p.parse_args(argv)
    root = args.root.resolve()
    if not (root / "mkdocs.yml").is_file():
        where = root / "mkdocs.yml"
        print(f"kc canary: {where}: no such file; run from the project or pass --root", file=sys.stderr)
        return 2
    venv = (args.venv or root / ".venv-canary").resolve()
    path = args.report or root / ".cache" / "canary-report.md"
    built, text = report(root, venv, root / ".cache" / "canary-build")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(text)
    print(f"kc canary: report written to {path}", file=sys.stderr)
    return 0 if built else 1


if __name__ == "__main__":
    sys.exit(main())

"""The `kc` command: one thin subcommand per module."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import findings as findings_mod


class UserError(Exception):
    """An error to show the user as one clear message, without a traceback."""


def fail(message: str, code: int = 1) -> int:
    """Print `message` as kc's error on stderr; return the exit status for `main`."""
    print(f"kc: error: {message}", file=sys.stderr)
    return code


def cmd_validate(args: argparse.Namespace) -> int:
    """Check records and texts; print one line per finding."""
    from .model import Project
    from .validate import validate

    project = Project.load(args.root)
    found = validate(project, strict=args.strict)
    order = getattr(args, "order_findings", None)
    if order:
        found = order(project, found, args)
    if args.format == "json":
        print(findings_mod.to_json(found))
    else:
        for f in found:
            print(f)
    n_err = len(findings_mod.errors(found))
    n_warn = len(found) - n_err
    if n_err or n_warn:
        print(f"kc validate: {n_err} error(s), {n_warn} warning(s)", file=sys.stderr)
    return 1 if n_err else 0


def cmd_build(args: argparse.Namespace) -> int:
    """Validate and build the static site into site/ (atomically)."""
    from .build import BuildError, build_site

    try:
        out = build_site(args.root, args.site_dir)
    except BuildError as exc:
        return fail(f"build failed, the previous site was left untouched: {exc}")
    print(out)
    return 0


def _order_since(project, found, args):
    from .gitdiff import order_for_cli

    return order_for_cli(project, found, args)


def cmd_links(args: argparse.Namespace) -> int:
    """List external links; with --check, report those that do not answer (never run by validate or build)."""
    from .links import NetworkUnavailable, links_command
    from .model import Project

    try:
        return links_command(Project.load(args.root), args.check, args.timeout)
    except NetworkUnavailable as exc:
        return fail(
            f"the network is unavailable ({exc}); no external link could be checked, try again online", 2
        )


def cmd_new_version(args: argparse.Namespace) -> int:
    """Archive the current texts of a guideline and start its next version as a draft."""
    from .archive import ArchiveError, new_version
    from .model import Project

    project = Project.load(args.root)
    try:
        version = new_version(project, args.slug, major=args.major)
    except ArchiveError as exc:
        raise UserError(f"new-version: {exc}") from exc
    g = project.by_slug[args.slug]
    print(
        f"{g.id} is now version {version} (draft). The texts of version {g.version} are archived and locked."
    )
    print(
        f"Next: write the summaries of version {version} in {project.rel(g.path)}, then edit the texts in "
        f"{project.rel(project.text_path(g.slug, 'sv'))} and the English text; 'kc validate' checks both."
    )
    return 0


def cmd_translations(args: argparse.Namespace) -> int:
    """Report, per guideline, whether the English text is current, outdated or missing."""
    from .model import Project
    from .translations import report

    project = Project.load(args.root)
    print(report(project, args.json))
    # A record that cannot be read is left out of the table; say so rather than let it vanish silently.
    unreadable = sorted({f.path for f in project.load_findings if f.rule in ("schema", "yaml")})
    for path in unreadable:
        print(
            f"kc translations: {path} is left out because it has errors; run 'kc validate'", file=sys.stderr
        )
    return 1 if unreadable else 0


def cmd_index(args: argparse.Namespace) -> int:
    """Build the Whoosh search index of each language into .cache/search/."""
    from .model import Project
    from .search import build_index

    summary = build_index(Project.load(args.root))
    counts = ", ".join(f"{lang}: {n} documents" for lang, n in summary["documents"].items())
    print(f"kc index: search index built ({counts})")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """Search the current (or all) guideline texts of one language; ranked hits with clause and URL."""
    import json

    from .model import Project
    from .search import SearchError, build_index, check_query, index_state, search

    try:
        check_query(args.query)
    except SearchError as exc:
        raise UserError(str(exc)) from None
    if args.limit < 1:
        raise UserError(f"--limit must be 1 or more: {args.limit}")
    project = Project.load(args.root)
    state = index_state(project)
    if state != "fresh":
        reason = "is missing" if state == "missing" else "is stale (the content changed since it was built)"
        print(f"kc search: the search index {reason}; rebuilding it (kc index)", file=sys.stderr)
        build_index(project)
    try:
        hits = search(project, args.query, args.lang, args.topic, args.all_versions, args.limit)
    except SearchError as exc:
        raise UserError(str(exc)) from None
    notes = []  # as the search box says them, in the language searched
    sv = args.lang == "sv"
    if getattr(hits, "also", None):
        also = ", ".join(hits.also)
        notes.append(("Visar även träffar för " if sv else "Also showing results for ") + also)
    if getattr(hits, "suggestion", None):
        notes.append(("Menade du: " if sv else "Did you mean: ") + hits.suggestion + "?")
    if args.json:
        print(json.dumps([h.as_json() for h in hits], ensure_ascii=False, indent=2))
        for note in notes:
            print(note, file=sys.stderr)
        return 0
    for note in notes:
        print(note)
    if not hits:
        print(f"no hits for {args.query!r}", file=sys.stderr)
    for h in hits:
        clause = f" {h.clause}" if h.clause else ""
        where = f"{h.guideline}{clause} v{h.version}" + ("" if h.current else f" ({h.status})")
        print(f"{where}  {h.title}: {h.heading}  [{h.score:.2f}]\n  /{h.url}\n  {h.snippet}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Measure build, index and search on a synthetic corpus; print a table and write JSON."""
    import json

    from .bench import run, table

    res = run(args.n, args.seed, browser=not args.no_browser, keep=args.keep)
    print(table(res))
    args.out.write_text(json.dumps(res, indent=2), encoding="utf-8")
    print(f"kc bench: figures written to {args.out}", file=sys.stderr)
    return 0


def cmd_bundle(args: argparse.Namespace) -> int:
    """Build the offline edition (zip with manifest) into --out; print its path."""
    from .build import BuildError
    from .bundle import make_bundle
    from .edition import SITE_INPUTS, has_local_changes

    try:
        path = make_bundle(args.root, args.out if args.out.is_absolute() else args.root / args.out)
    except BuildError as exc:
        return fail(f"bundle failed, earlier bundles and site/ were left untouched: {exc}")
    print(path)
    if path.name.endswith("-unknown.zip"):
        print(
            f"kc bundle: warning: git could not name the commit of {args.root.resolve()}, so the edition is "
            "called 'unknown'; build from a git checkout (as root in someone else's checkout: "
            "git config --global --add safe.directory <folder>)",
            file=sys.stderr,
        )
    elif has_local_changes(args.root):
        print(
            f"kc bundle: warning: {', '.join(SITE_INPUTS)} have uncommitted changes, so the commit in "
            "the edition's name does not describe its content; commit first for an edition to hand out",
            file=sys.stderr,
        )
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Check an edition (zip or folder) against its manifest."""
    from .verify import VerifyError, verify

    try:
        report = verify(args.path)
    except VerifyError as exc:
        raise UserError(str(exc)) from None
    for line in report.lines():
        print(line)
    if not report.ok:
        print(
            f"kc verify: {args.path}: {len(report.lines())} problem(s); the edition was altered",
            file=sys.stderr,
        )
        return 1
    print(f"kc verify: {args.path}: all {report.checked} files match the manifest", file=sys.stderr)
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kc", description="Tools for the knowledge-centre portal.")
    parser.add_argument("--root", type=Path, default=Path("."), help="project directory (default: current)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check records and texts; exit 1 on errors")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument(
        "--since",
        metavar="REF",
        help="git base: check version bumps against REF and report files "
        "changed since REF first (default base: the merge base with main)",
    )
    p.set_defaults(func=cmd_validate, order_findings=_order_since)

    p = sub.add_parser("build", help="validate and build the site into site/ (atomically)")
    p.add_argument("--site-dir", type=Path, default=None, help="output folder (default: site/)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("links", help="list external links (file:line url); --check tries to reach them")
    p.add_argument(
        "--check", action="store_true", help="send a HEAD request to each link and report failures"
    )
    p.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for each link (default: 5)")
    p.set_defaults(func=cmd_links)

    p = sub.add_parser(
        "new-version", help="archive the current texts of a guideline and start its next version"
    )
    p.add_argument("slug", help="the guideline's slug (its record's file name), e.g. relocation")
    p.add_argument(
        "--major", action="store_true", help="start a major version (1.1 -> 2.0) instead of 1.1 -> 1.2"
    )
    p.set_defaults(func=cmd_new_version)

    p = sub.add_parser("translations", help="which English texts are current, outdated or missing")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=cmd_translations)

    p = sub.add_parser("index", help="build the search index (Whoosh, per language) into .cache/search/")
    p.set_defaults(func=cmd_index)

    from .search import QUERY_HELP

    p = sub.add_parser(
        "search",
        help="search the guidelines: ranked clauses with URL and snippet",
        description="Search the guideline texts of one language.",
        epilog=QUERY_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("query", help='words to find; Whoosh syntax: AND, OR, NOT, "phrase", field:value')
    p.add_argument("--lang", choices=("sv", "en"), default="sv", help="which language's texts (default: sv)")
    p.add_argument("--topic", help="only guidelines with this topic key, e.g. relocation")
    p.add_argument("--all-versions", action="store_true", help="include archived versions")
    p.add_argument("--limit", type=int, default=10, help="at most this many hits (default: 10)")
    p.add_argument("--json", action="store_true", help="print a JSON list of hits")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("bench", help="benchmark build, search index and search on a synthetic corpus")
    p.add_argument("--n", type=int, default=500, help="number of synthetic guidelines (default: 500)")
    p.add_argument("--seed", type=int, default=7, help="random seed of the corpus (default: 7)")
    p.add_argument("--out", type=Path, default=Path("bench.json"), help="JSON output (default: bench.json)")
    p.add_argument("--no-browser", action="store_true", help="skip the headless Chromium measurements")
    p.add_argument("--keep", type=Path, help="build the corpus and sites in this folder and keep them")
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("bundle", help="build the offline edition (zip with SHA-256 manifest), print its path")
    p.add_argument("--out", type=Path, default=Path("dist"), help="output folder (default: dist/)")
    p.set_defaults(func=cmd_bundle)

    p = sub.add_parser("verify", help="check an edition (zip or unpacked folder) against its manifest")
    p.add_argument("path", type=Path, help="the edition's zip or its unpacked folder")
    p.set_defaults(func=cmd_verify)

    # Feature subcommands: add one `sub.add_parser(...)` block each, above this line.
    # Editors also type the option after the command (kc validate --root DIR);
    # SUPPRESS keeps the global value when it is not given there.
    for p in sub.choices.values():
        p.add_argument("--root", type=Path, default=argparse.SUPPRESS, help="project directory")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run kc with `argv`; return the exit status."""
    args = make_parser().parse_args(argv)
    root = args.root.resolve()
    # `kc verify` checks an edition anywhere (a municipality's server has no project folder).
    if args.command != "verify" and not (root / "docs").is_dir():
        return fail(f"{root} has no docs/ folder; run kc in the project folder or pass --root DIR", 2)
    args.root = root
    try:
        return args.func(args)
    except UserError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return fail("interrupted", 130)


if __name__ == "__main__":
    sys.exit(main())

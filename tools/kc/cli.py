"""The `kc` command: one thin subcommand per module."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kc import imagecmd
from kc.content import findings as findings_mod
from kc.content.errors import UserError, fail
from kc.editioncmd import cmd_bundle, cmd_verify


def require_readable(project) -> None:
    """UserError naming every file under docs/ that must not be read (a link, a device, a FIFO: checked
    first, so nothing follows them) or cannot be read, for commands that do not validate."""
    from kc.checks.inputcheck import unreadable_message
    from kc.content import layout
    from kc.content.findings import errors

    unsafe = errors(layout.check_tree(project.root))
    if unsafe:
        raise UserError(layout.refuse_message(unsafe, project.root))
    if message := unreadable_message(project):
        raise UserError(message)


def cmd_validate(args: argparse.Namespace) -> int:
    """Check records and texts; print one line per finding."""
    from kc.checks.validate import validate
    from kc.content.model import Project

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
    from kc.build import build_site
    from kc.content.errors import BuildError

    try:
        out = build_site(args.root, args.site_dir)
    except BuildError as exc:
        return fail(f"build failed, the previous site was left untouched: {exc}")
    print(out)
    return 0


def _order_since(project, found, args):
    from kc.checks.gitdiff import order_for_cli

    return order_for_cli(project, found, args)


def cmd_links(args: argparse.Namespace) -> int:
    """List external links; with --check, report those that do not answer (never run by validate or build)."""
    from kc.checks.weblinks import NetworkUnavailable, links_command
    from kc.content.model import Project

    project = Project.load(args.root)
    require_readable(project)
    try:
        return links_command(project, args.check, args.timeout)
    except NetworkUnavailable as exc:
        return fail(
            f"the network is unavailable ({exc}); no external link could be checked, try again online", 2
        )


def cmd_new_version(args: argparse.Namespace) -> int:
    """Archive the current texts of a guideline and start its next version as a draft."""
    from kc.checks.archive import ArchiveError, new_version
    from kc.content.model import Project

    project = Project.load(args.root)
    require_readable(project)
    doc = next((d for d in project.documents if d.slug == args.slug), None)
    if doc is not None and args.slug not in project.by_slug:
        from kc.checks.docarchive import new_document_version

        try:
            version = new_document_version(project, args.slug, major=args.major)
        except ArchiveError as exc:
            raise UserError(f"new-version: {exc}") from exc
        print(f"{doc.id} is now version {version} (draft). The texts of version {doc.version} are archived.")
        return 0
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
    from kc.content.model import Project
    from kc.pages.translations import report

    project = Project.load(args.root)
    require_readable(project)
    if args.mark or args.mark_all:
        return _mark_translations(project, args)
    print(report(project, args.json))
    unreadable = warn_left_out(project, "translations")
    from kc.pages.drift import load_marks

    # Without readable marks no clause can be checked: say so rather than report every clause as fine.
    marks_problems = load_marks(project)[1]
    for finding in marks_problems:
        print(f"kc translations: {finding} (clauses are not checked until it is fixed)", file=sys.stderr)
    return 1 if unreadable or marks_problems else 0


def _mark_translations(project, args: argparse.Namespace) -> int:
    """`kc translations --mark ID CLAUSE... | --mark ID --all | --mark-all`: record clauses as translated."""
    from kc.pages.drift import MarkError, mark

    if args.mark_all:
        if args.mark or args.all:
            raise UserError("translations: --mark-all marks every guideline; give it without --mark "
                            "and --all")
        plan = [(g.id, None) for g in sorted(project.records, key=lambda g: g.id)
                if project.text_path(g.slug, "en").is_file()]
    else:
        gid, numbers = args.mark[0], args.mark[1:]
        if bool(numbers) == args.all:
            raise UserError(f"translations: name the clauses to mark ('--mark {gid} 3.2 3.3') or mark them "
                            f"all ('--mark {gid} --all'), not both and not neither")
        plan = [(gid, None if args.all else numbers)]
    for gid, numbers in plan:
        try:
            done = mark(project, gid, numbers)
        except MarkError as exc:
            raise UserError(str(exc)) from None
        print(f"kc translations: {gid}: marked as translated: {', '.join(done)}")
        g = project.by_id[gid]
        from kc.pages.translations import english_version

        if english_version(project, g) != g.version:
            print(f"kc translations: note: the English text of {gid} still says translation_of: "
                  f"{english_version(project, g)!r}; set it to \"{g.version}\" once the whole text is "
                  "translated", file=sys.stderr)
    return 0


def warn_left_out(project, command: str) -> list[str]:
    """Say which records are left out because they have errors (rather than let them vanish silently)."""
    left_out = sorted({f.path for f in project.load_findings if f.rule in ("schema", "yaml")})
    for path in left_out:
        print(f"kc {command}: {path} is left out because it has errors; run 'kc validate'", file=sys.stderr)
    return left_out


def cmd_index(args: argparse.Namespace) -> int:
    """Build the Whoosh search index of each language into .cache/search/."""
    from kc.content.model import Project
    from kc.search.index import build_index

    project = Project.load(args.root)
    require_readable(project)
    warn_left_out(project, "index")
    summary = build_index(project)
    counts = ", ".join(f"{lang}: {n} documents" for lang, n in summary["documents"].items())
    print(f"kc index: search index built ({counts})")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """Search the current (or all) guideline texts of one language; ranked hits with clause and URL."""
    import json

    from kc.content.model import Project
    from kc.search.index import SearchError, check_query, ensure_index, index_state, search

    try:
        check_query(args.query)
    except SearchError as exc:
        raise UserError(str(exc)) from None
    if args.limit < 1:
        raise UserError(f"--limit must be 1 or more: {args.limit}")
    project = Project.load(args.root)
    require_readable(project)
    warn_left_out(project, "search")
    state = index_state(project)
    if state != "fresh":
        reason = "is missing" if state == "missing" else "is stale (the content changed since it was built)"
        print(f"kc search: the search index {reason}; rebuilding it (kc index)", file=sys.stderr)
        ensure_index(project)  # another run may be rebuilding it too: wait for it rather than build twice
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
        where = f"[document] {where}" if h.kind == "document" else where
        print(f"{where}  {h.title}: {h.heading}  [{h.score:.2f}]\n  /{h.url}\n  {h.snippet}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Preview the site with live reload on a free port; content errors show in the browser."""
    from kc.serve import PortBusy, serve

    try:
        return serve(args.root, args.port)
    except PortBusy as exc:
        raise UserError(str(exc)) from None


def cmd_bench(args: argparse.Namespace) -> int:
    """Measure build, index and search on a synthetic corpus; print a table and write JSON."""
    import json

    from kc.bench import SIZES, run_sizes, tables

    sizes = tuple(args.n) if args.n else SIZES
    if any(n < 1 for n in sizes):
        return fail(f"--n must be a positive number of guidelines: {' '.join(map(str, sizes))}")
    res = run_sizes(sizes, args.seed, browser=not args.no_browser, keep=args.keep)
    print(tables(res))
    args.out.write_text(json.dumps(res, indent=2), encoding="utf-8")
    print(f"kc bench: figures written to {args.out}", file=sys.stderr)
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
    p.add_argument("slug", help="the slug of a guideline or document (its record's file name)")
    p.add_argument(
        "--major", action="store_true", help="start a major version (1.1 -> 2.0) instead of 1.1 -> 1.2"
    )
    p.set_defaults(func=cmd_new_version)

    p = sub.add_parser("translations", help="which English texts are current, outdated or missing")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--mark", nargs="+", metavar=("ID", "CLAUSE"),
                   help="record clauses of guideline ID as translated (the English text matches the "
                   "Swedish one now): '--mark RL 3.2 3.3', or '--mark RL --all'")
    p.add_argument("--all", action="store_true", help="with --mark ID: every clause of that guideline")
    p.add_argument("--mark-all", action="store_true",
                   help="record every clause of every guideline with an English text as translated")
    p.set_defaults(func=cmd_translations)

    p = sub.add_parser("index", help="build the search index (Whoosh, per language) into .cache/search/")
    p.set_defaults(func=cmd_index)

    from kc.search.index import QUERY_HELP

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

    p = sub.add_parser("serve", help="preview the site with live reload (content errors show in the browser)")
    p.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("bench", help="benchmark build, search index and search on a synthetic corpus")
    p.add_argument(
        "--n",
        type=int,
        nargs="+",
        help="number(s) of guidelines, the real ones included (default: 500 and 2000, with the scaling)",
    )
    p.add_argument("--seed", type=int, default=7, help="random seed of the corpus (default: 7)")
    p.add_argument("--out", type=Path, default=Path("bench.json"), help="JSON output (default: bench.json)")
    p.add_argument("--no-browser", action="store_true", help="skip the headless Chromium measurements")
    p.add_argument("--keep", type=Path, help="build the corpus and sites in this folder and keep them")
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("bundle", help="build the signed offline edition (zip), print its path")
    p.add_argument("--out", type=Path, default=Path("dist"), help="output folder (default: dist/)")
    p.add_argument("--key", type=Path, help="the centre's Ed25519 private key (PEM), outside the project "
                   "(default: $KC_SIGNING_KEY_FILE or $KC_SIGNING_KEY)")
    p.add_argument("--unsigned", action="store_true", help="build without a signature, for a local preview")
    p.set_defaults(func=cmd_bundle)

    p = sub.add_parser("verify", help="check an edition's signature and its files (zip or unpacked folder)")
    p.add_argument("path", type=Path, help="the edition's zip or its unpacked folder")
    p.add_argument("--integrity-only", action="store_true",
                   help="check the files against the manifest but NOT the signature (proves no origin)")
    p.set_defaults(func=cmd_verify)

    imagecmd.add_parser(sub)

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
    except Exception as exc:
        # Last resort: every known kind of bad input has its own message. The exception's text is not
        # shown, as it may quote content or the environment; KC_DEBUG=1 shows the traceback.
        if os.environ.get("KC_DEBUG"):
            raise
        return fail(
            f"internal error ({type(exc).__name__}) in 'kc {args.command}'; this is a bug in kc: please "
            "report it with the command you ran (KC_DEBUG=1 shows the details)"
        )


if __name__ == "__main__":
    sys.exit(main())

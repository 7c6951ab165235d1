"""Changes since a git base: texts changed without a version bump, and changed files first in reports.

The base is `kc validate --since REF`, or else the merge base with main. Everything here is silently
skipped when the project is not the top of a git checkout or no base can be found.
"""

from __future__ import annotations

import difflib
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from kc.content import yamlsrc
from kc.content.errors import UserError
from kc.content.findings import Finding
from kc.content.model import LANGUAGES
from kc.content.sourcefile import read_lenient
from kc.content.text import split_front_matter

RULE = "version-bump"
# Texts not yet in force: a changed text is reported as a warning, since a typo fix needs no new version.
UNSETTLED = ("draft", "consultation")


def git(root: Path, *args: str) -> str | None:
    """stdout of `git args` run in `root`, or None when git fails or is missing."""
    try:
        proc = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            text=True,
            timeout=30,
            encoding="utf-8",
            errors="replace",
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


def is_checkout_root(root: Path) -> bool:
    """True when `root` is the top folder of a git checkout (fixture folders inside one are not)."""
    top = git(root, "rev-parse", "--show-toplevel")
    return top is not None and Path(top.strip()).resolve() == Path(root).resolve()


def resolve_base(root: Path, since: str | None = None) -> str | None:
    """The commit to compare with: `since`, else the merge base of HEAD and main (or origin/main)."""
    if not is_checkout_root(root):
        return None
    if since:
        out = git(root, "rev-parse", "--verify", "--quiet", f"{since}^{{commit}}")
        return out.strip() if out else None
    for branch in ("main", "origin/main", "master", "origin/master"):
        out = git(root, "merge-base", "HEAD", branch)
        if out:
            return out.strip()
    return None


def changed_files(root: Path, base: str) -> list[str]:
    """Files (relative, posix) that differ between `base` and the working tree, new files included."""
    diff = git(root, "diff", "--name-only", "--no-renames", "-z", base, "--") or ""
    untracked = git(root, "ls-files", "--others", "--exclude-standard", "-z") or ""
    return sorted({p for p in (diff + untracked).split("\0") if p})


def file_at(root: Path, base: str, rel: str) -> str | None:
    """The text of `rel` at commit `base`, or None when it did not exist there."""
    return git(root, "show", f"{base}:{rel}")


def _body_lines(text: str) -> list[str]:
    _, body, _, _ = split_front_matter(text.replace("\r\n", "\n"))
    return [line.rstrip() for line in body.splitlines()]


def first_changed_line(old: str, new: str) -> int:
    """1-based line in `new` where it first differs from `old`."""
    old_lines, new_lines = old.replace("\r\n", "\n").splitlines(), new.replace("\r\n", "\n").splitlines()
    for tag, _i1, _i2, j1, _j2 in difflib.SequenceMatcher(
        None, old_lines, new_lines, autojunk=False
    ).get_opcodes():
        if tag != "equal":
            return min(j1 + 1, max(len(new_lines), 1))
    return 1


def _record_moved_on(old_record: str, g) -> bool:
    """True when the record at the base has another version or other history than now."""
    try:
        old = yamlsrc.loads(old_record)[0] or {}
    except yamlsrc.YamlError:
        return True
    if not isinstance(old, dict) or str(old.get("version")) != g.version:
        return True
    old_history = old.get("history") or []
    if not isinstance(old_history, list):
        return True
    if len(old_history) != len(g.history):
        return True
    first = old_history[0] if old_history and isinstance(old_history[0], dict) else {}
    now = g.history[0]
    return (str(first.get("date")), first.get("status"), first.get("summary")) != (
        str(now.date),
        now.status,
        dict(now.summary),
    )


def version_bump_findings(project, base: str, label: str) -> Iterator[Finding]:
    """Current texts changed since `base` whose record shows neither a new version nor a history change."""
    root = project.root
    changed = set(changed_files(root, base))
    for g in project.records:
        record_rel = project.rel(g.path)
        for lang in LANGUAGES:
            path = project.text_path(g.slug, lang)
            rel = project.rel(path)
            if rel not in changed or not path.exists():
                continue
            old = file_at(root, base, rel)
            if old is None:
                continue  # a new text (e.g. a first translation) needs no bump
            new = read_lenient(path)
            if _body_lines(old) == _body_lines(new):
                continue
            if lang != "sv" and split_front_matter(old)[0].get("translation_of") != split_front_matter(new)[
                0
            ].get("translation_of"):
                continue  # the translation caught up with a newer Swedish version
            old_record = file_at(root, base, record_rel)
            if old_record is None or _record_moved_on(old_record, g):
                continue
            line = first_changed_line(old, new)
            if g.status in UNSETTLED:
                # CONTRIBUTING allows typo fixes in drafts and consultation texts without a new version.
                yield Finding(
                    rel,
                    line,
                    f"the {g.status} text has changed since {label} but {record_rel} still says version "
                    f"{g.version!r} with the same history: first change on this line; fine for a typo, "
                    "but if the meaning changed, run 'kc new-version' "
                    "(or update the current entry's summary)",
                    "warning",
                    RULE,
                )
                continue
            yield Finding(
                rel,
                line,
                f"the text has changed since {label} but {record_rel} still says version {g.version!r} "
                "with the same history: first change on this line; raise 'version' and add a history entry "
                "that says what changed (or update the current entry's date and summary while it is a draft)",
                rule=RULE,
            )


def check_version_bump(project) -> Iterator[Finding]:
    """A changed current text comes with a version bump or a history entry in its record."""
    since = getattr(project, "since", None)
    base = resolve_base(project.root, since)
    if base:
        yield from version_bump_findings(project, base, since or "the merge base with main")


def order_for_cli(project, found: list[Finding], args) -> list[Finding]:
    """For `kc validate --since REF`: redo the bump check against REF, then list changed files first."""
    since = getattr(args, "since", None)
    if not since:
        return found
    base = resolve_base(project.root, since)
    if base is None:
        if is_checkout_root(project.root):
            raise UserError(
                f"--since {since}: no such commit, branch or tag in this git checkout; "
                "use e.g. --since main or --since HEAD~1"
            )
        return found
    strict = getattr(args, "strict", False)
    redone = [
        f if not strict else Finding(f.path, f.line, f.message, "error", f.rule)
        for f in version_bump_findings(project, base, since)
    ]
    found = [f for f in found if f.rule != RULE] + redone
    changed = set(changed_files(project.root, base))
    first, rest = order_changed_first(found, changed)
    print(
        f"kc validate: {len(first)} finding(s) in files changed since {since}, "
        f"{len(rest)} in the rest of the site",
        file=sys.stderr,
    )
    return first + rest


def order_changed_first(found: Iterable[Finding], changed: set[str]) -> tuple[list[Finding], list[Finding]]:
    """Split findings into those in `changed` files and the rest, each sorted by file and line."""
    found = sorted(set(found), key=lambda f: (f.path, f.line, f.message))
    return [f for f in found if f.path in changed], [f for f in found if f.path not in changed]

"""The archive of earlier versions: the lock that keeps archived texts unchanged, and `kc new-version`."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from kc.content import sourcefile
from kc.content.findings import Finding
from kc.content.mdsyntax import relinked
from kc.content.model import LANGUAGES, VERSION_DIR_RE, Guideline, Project
from kc.content.sourcefile import read_lenient

LOCK_NAME = "_archive.lock"
RULE = "archive"


class ArchiveError(Exception):
    """A problem that stops `kc new-version`; nothing has been changed when it is raised."""


def lock_path(project: Project) -> Path:
    return project.records_dir / LOCK_NAME


def sha256(path: Path) -> str:
    """The SHA-256 of `path` ('unreadable' when it cannot be read: kc validate names that file)."""
    try:
        return hashlib.sha256(sourcefile.read_bytes(path)).hexdigest()
    except sourcefile.SourceError:
        return "unreadable"


def archived_texts(project: Project) -> Iterator[Path]:
    """Every archived text `docs/<lang>/guidelines/<slug>/v<X.Y>/index.md`, and of documents
    `docs/<lang>/documents/<slug>/v<X.Y>/index.md`, in a stable order."""
    for kind in ("guidelines", "documents"):
        for lang in LANGUAGES:
            root = project.docs / lang / kind
            if not root.is_dir():
                continue
            for folder in sorted(root.glob("*/v*")):
                if VERSION_DIR_RE.match(folder.name) and (folder / "index.md").is_file():
                    yield folder / "index.md"


def read_lock(project: Project) -> dict[str, str]:
    """The lock: project-relative path of each archived text -> its SHA-256 (empty when there is no lock)."""
    path = lock_path(project)
    if not path.exists():
        return {}
    restore = "restore it from git (it is written only by 'kc new-version')"
    try:
        data = json.loads(sourcefile.read(path))
    except sourcefile.SourceError as exc:
        raise ArchiveError(f"{project.rel(path)}:{exc.line}: {exc.message}; {restore}") from None
    except json.JSONDecodeError as exc:
        raise ArchiveError(
            f"{project.rel(path)}:{exc.lineno}: the archive lock is not valid JSON ({exc.msg}); {restore}"
        ) from exc
    except RecursionError:
        raise ArchiveError(
            f"{project.rel(path)}:1: the archive lock is nested too deeply; {restore}"
        ) from None
    texts = data.get("texts", {}) if isinstance(data, dict) else None
    if not isinstance(texts, dict) or not all(isinstance(v, str) for v in texts.values()):
        raise ArchiveError(
            f"{project.rel(path)}:1: the archive lock must hold 'texts' mapping each archived text to its "
            f"SHA-256; {restore}"
        )
    return dict(texts)


def lock_text(texts: dict[str, str]) -> str:
    """The lock file's content: sorted, one entry per line, so that diffs in review stay readable."""
    return (
        json.dumps(
            {
                "about": "SHA-256 of every archived text. Written only by 'kc new-version'; "
                "never edit by hand.",
                "texts": dict(sorted(texts.items())),
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


def check_archive(project: Project) -> Iterator[Finding]:
    """Archived texts never change after publication: each matches the checksum in the archive lock."""
    lock_rel = project.rel(lock_path(project))
    try:
        locked = read_lock(project)
    except ArchiveError as exc:
        path, line, message = str(exc).split(":", 2)
        yield Finding(path, int(line), message.strip(), "error", RULE)
        return
    present = set()
    for path in archived_texts(project):
        rel = project.rel(path)
        present.add(rel)
        if rel not in locked:
            yield Finding(
                rel,
                1,
                f"archived text is not in {lock_rel}; archived versions are created only with "
                "'kc new-version <slug>', never by copying files — remove this folder and run it",
                "error",
                RULE,
            )
        elif sha256(path) != locked[rel]:
            line = _first_edited_line(project, rel, locked[rel], path)
            yield Finding(
                rel,
                line,
                "archived text changed after publication; archived versions never change: "
                f"restore it with 'git checkout -- {rel}' and make the change in the current text",
                "error",
                RULE,
            )
    lines = read_lenient(lock_path(project)).splitlines() if locked else []
    for rel in sorted(set(locked) - present):
        line = next((i for i, text in enumerate(lines, 1) if f'"{rel}"' in text), 1)
        yield Finding(
            lock_rel,
            line,
            f"archived text {rel} is missing; restore it with 'git checkout -- {rel}'",
            "error",
            RULE,
        )


def _first_edited_line(project: Project, rel: str, digest: str, path: Path) -> int:
    """The first line that differs from the published text, when git still holds it (HEAD), else 1."""
    from kc.checks.gitdiff import file_at, first_changed_line, is_checkout_root

    if not is_checkout_root(project.root):
        return 1
    published = file_at(project.root, "HEAD", rel)
    if published is None or hashlib.sha256(published.encode("utf-8")).hexdigest() != digest:
        return 1
    return first_changed_line(published, read_lenient(path))


def check_history_archived(project: Project) -> Iterator[Finding]:
    """Every earlier published version has an archived text, and every archived text is in the history."""
    for g in project.records:
        history = {e.version: e for e in g.history}
        archived = set(project.archived_versions(g.slug))
        for entry in g.history[1:]:
            if entry.version not in archived:
                where = project.rel(project.text_path(g.slug, "sv", entry.version))
                yield Finding(
                    project.rel(g.path),
                    entry.line,
                    f"version {entry.version} of {g.id} is in the history but has no archived text "
                    f"({where}); archive versions with 'kc new-version {g.slug}'",
                    "error",
                    RULE,
                )
        for lang in LANGUAGES:
            for version in project.archived_versions(g.slug, lang):
                if version not in history or version == g.version:
                    rel = project.rel(project.text_path(g.slug, lang, version))
                    yield Finding(
                        rel,
                        1,
                        f"archived version {version} of {g.id} is not an earlier version in the "
                        f"history of {project.rel(g.path)}; add its history entry or remove the folder",
                        "error",
                        RULE,
                    )


def bump(version: str, major: bool) -> str:
    """The next version: 1.1 -> 1.2, or 2.0 with `major`."""
    a, b = (int(x) for x in version.split("."))
    return f"{a + 1}.0" if major else f"{a}.{b + 1}"


HISTORY_RE = re.compile(r"^history:[ \t]*(#.*)?$", re.M)


def new_version(project: Project, slug: str, major: bool = False, today: date | None = None) -> str:
    """Archive the current texts of `slug`, lock them and start the next version as a draft; return it.

    The record is edited as text, so that its comments and layout survive. Nothing is changed on error.
    """
    if project.load_findings:
        first = project.load_findings[0]
        raise ArchiveError(f"the records have errors (first: {first}); run 'kc validate' and fix them first")
    g: Guideline | None = project.by_slug.get(slug)
    if g is None:
        known = ", ".join(sorted(project.by_slug)) or "none"
        raise ArchiveError(f"no guideline with slug {slug!r} (known: {known}); use the record's file name")
    if g.status == "draft":
        raise ArchiveError(f"{g.id} {g.version} is still a draft; a draft is changed in place, not archived")
    old, new = g.version, bump(g.version, major)
    sources = {lang: project.text_path(slug, lang) for lang in LANGUAGES}
    if not sources["sv"].exists():
        raise ArchiveError(f"{project.rel(sources['sv'])} does not exist; there is nothing to archive")
    targets = {lang: project.text_path(slug, lang, old) for lang in LANGUAGES if sources[lang].exists()}
    for target in targets.values():
        if target.exists():
            raise ArchiveError(f"{project.rel(target)} already exists; version {old} is archived already")
    locked = read_lock(project)
    texts: dict[str, str] = {}
    for key, path in [("record", g.path), *((lang, sources[lang]) for lang in targets)]:
        try:
            texts[key] = sourcefile.read(path)
        except sourcefile.SourceError as exc:
            raise ArchiveError(f"{project.rel(path)}:{exc.line}: {exc.message}; nothing changed") from None
    record_text = texts.pop("record")
    updated = _record_for(record_text, old, new, today or date.today(), g.status)

    written: list[Path] = []
    try:
        for lang, target in targets.items():
            target.parent.mkdir(parents=True)
            written.append(target.parent)
            # The copy sits one folder deeper: its relative links are moved along so they still resolve.
            target.write_bytes(relinked(texts[lang]).encode("utf-8"))
            locked[project.rel(target)] = sha256(target)
        _write_atomic(lock_path(project), lock_text(locked))
        _write_atomic(g.path, updated)
    except OSError as exc:
        for folder in written:
            shutil.rmtree(folder, ignore_errors=True)
        raise ArchiveError(f"could not write the new version ({exc}); nothing was changed") from exc
    return new


def _record_for(text: str, old: str, new: str, today: date, old_status: str) -> str:
    """The record text with `new` as a draft at the top of the history and the old entry superseded."""
    version_re = re.compile(rf'^version:[ \t]*["\']?{re.escape(old)}["\']?[ \t]*(#.*)?$', re.M)
    status_re = re.compile(r"^status:[ \t]*\S+[ \t]*(#.*)?$", re.M)
    if not version_re.search(text) or not status_re.search(text) or not HISTORY_RE.search(text):
        raise ArchiveError(
            "the record's 'version', 'status' or 'history' line is not in the usual form "
            "('key: value' at the start of a line); edit it by hand"
        )
    text = version_re.sub(f'version: "{new}"', text, count=1)
    text = status_re.sub("status: draft", text, count=1)
    # Fields that only fit the old status go; the editor sets them again for the new version.
    text = re.sub(r"^consultation_closes:.*\n", "", text, flags=re.M)
    m = HISTORY_RE.search(text)
    rest = text[m.end() :]
    first = re.search(r"^([ \t]*)- version:", rest, re.M)
    if not first:
        raise ArchiveError(
            "the history has no entries in the usual form ('  - version: ...'); edit it by hand"
        )
    indent = first.group(1)
    entry = (
        f'{indent}- version: "{new}"\n'
        f"{indent}  date: {today.isoformat()}\n"
        f"{indent}  status: draft\n"
        f"{indent}  summary:\n"
        f'{indent}    sv: ""  # Skriv vad som ändras i den nya versionen och varför.\n'
        f'{indent}    en: ""  # Write what changes in the new version and why.\n'
    )
    # An adopted version stays in force until the new one is adopted; a draft put out for consultation
    # is replaced by the new version at once.
    head, tail = rest[: first.start()], rest[first.start() :]
    if old_status != "adopted":
        tail = re.sub(r"^(\s+status:[ \t]*)\S+", r"\1superseded", tail, count=1, flags=re.M)
    return text[: m.end()] + head + entry + tail


def _write_atomic(path: Path, text: str) -> None:
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
    ) as f:
        f.write(text)
    Path(f.name).replace(path)

"""New versions of documents: the current texts are archived in v<X.Y>/ and locked in _archive.lock, like
guideline texts (kc.checks.archive), and the record's version and date move on."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

from kc.checks.archive import ArchiveError, _write_atomic, bump, lock_path, lock_text, read_lock, sha256
from kc.content.documents import LANGS
from kc.content.mdsyntax import relinked


def new_document_version(project, slug: str, major: bool = False, today: date | None = None) -> str:
    """Archive the current texts of document `slug`, lock them, and start the next version as a draft
    dated `today`; return the new version. Nothing is changed on error."""
    doc = next((d for d in project.documents if d.slug == slug), None)
    if doc is None:
        raise ArchiveError(f"no document with slug {slug!r}")
    if doc.status == "draft":
        raise ArchiveError(f"{doc.id} {doc.version} is a draft; a draft is changed in place, not archived")
    old, new = doc.version, bump(doc.version, major)
    sources = {lang: project.docs / doc.text_src(lang) for lang in LANGS}
    targets = {
        lang: project.docs / lang / "documents" / slug / f"v{old}" / "index.md"
        for lang in LANGS
        if sources[lang].is_file()
    }
    if "sv" not in targets:
        raise ArchiveError(f"{project.rel(sources['sv'])} does not exist; there is nothing to archive")
    for target in targets.values():
        if target.exists():
            raise ArchiveError(f"{project.rel(target)} already exists; version {old} is archived already")
    record = doc.path.read_text(encoding="utf-8")
    day = (today or date.today()).isoformat()
    updated, n = re.subn(r'(?m)^version:\s*"?[\d.]+"?\s*$', f'version: "{new}"', record, count=1)
    updated, m = re.subn(r"(?m)^date:\s*\S+\s*$", f"date: {day}", updated, count=1)
    updated = re.sub(r"(?m)^status:\s*\S+\s*$", "status: draft", updated, count=1)
    if not (n and m):
        raise ArchiveError(f"{project.rel(doc.path)}: could not find the 'version:' and 'date:' lines")
    locked = read_lock(project)
    written: list[Path] = []
    try:
        for lang, target in targets.items():
            target.parent.mkdir(parents=True)
            written.append(target.parent)
            target.write_bytes(relinked(sources[lang].read_bytes().decode("utf-8")).encode("utf-8"))
            locked[project.rel(target)] = sha256(target)
        _write_atomic(lock_path(project), lock_text(locked))
        _write_atomic(doc.path, updated)
    except OSError as exc:
        for folder in written:
            shutil.rmtree(folder, ignore_errors=True)
        raise ArchiveError(f"could not write the new version ({exc}); nothing was changed") from exc
    return new

"""Every source file kc reads from docs/ can be read as UTF-8 text: one finding per file that cannot.

The checks that read texts use a lenient reader (kc.sourcefile.read_lenient), so one unreadable file is
reported here once, with its line, and never stops the other checks.
"""

from __future__ import annotations

from collections.abc import Iterator

from . import sourcefile
from .findings import Finding
from .sources import content_files

LOCK_NAME = "_archive.lock"  # read by kc.archive as JSON


def source_files(project) -> list:
    """The files kc reads as text: Markdown and YAML under docs/ and the archive lock."""
    files = content_files(project.docs)
    lock = project.records_dir / LOCK_NAME
    if lock.exists() or lock.is_symlink():
        files.append(lock)
    return files


def check_sources_readable(project) -> Iterator[Finding]:
    """Each source file is a readable, regular UTF-8 file without BOM or NUL bytes, within the size limit."""
    for path in source_files(project):
        try:
            sourcefile.read(path)
        except sourcefile.SourceError as exc:
            yield Finding(project.rel(path), exc.line, exc.message, "error", sourcefile.RULE)


def unreadable_sources(project) -> list[Finding]:
    """The findings of `check_sources_readable` plus the records' load problems of that kind."""
    found = set(check_sources_readable(project))
    found.update(f for f in project.load_findings if f.rule == sourcefile.RULE)
    return sorted(found)

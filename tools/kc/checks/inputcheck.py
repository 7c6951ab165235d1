"""Every source file kc reads from docs/ can be read as UTF-8 text: one finding per file that cannot.

The checks that read texts use a lenient reader (kc.content.sourcefile.read_lenient), so one unreadable
file is reported here once, with its line, and never stops the other checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kc.content import sourcefile, yamlsrc
from kc.content.findings import Finding
from kc.content.model import parse_text_src
from kc.content.sources import content_files
from kc.content.text import split_front_matter

LOCK_NAME = "_archive.lock"  # read by kc.checks.archive as JSON
DATA_FILES = ("_glossary", "_matrix", "_process", "_vocabulary")
# How MkDocs finds front matter (mkdocs.utils.meta.YAML_RE); it parses that with PyYAML itself.
MKDOCS_FRONT_MATTER_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def source_files(project) -> list:
    """The files kc reads as text: Markdown and YAML under docs/ and the archive lock."""
    files = content_files(project.docs)
    lock = project.records_dir / LOCK_NAME
    if lock.exists() or lock.is_symlink():
        files.append(lock)
    return files


def check_sources_readable(project) -> Iterator[Finding]:
    """Each source file is a readable, regular UTF-8 file without BOM or NUL bytes, within the size limit,
    and the front matter of every Markdown page is plain YAML (MkDocs reads it too, with its own loader)."""
    for path in source_files(project):
        try:
            source = sourcefile.read(path)
        except sourcefile.SourceError as exc:
            yield Finding(project.rel(path), exc.line, exc.message, "error", sourcefile.RULE)
            continue
        if path.suffix in (".yml", ".yaml") and not _loaded_elsewhere(project, path):
            yield from _check_other_yaml(project, path, source)
        elif path.suffix == ".md":
            error = split_front_matter(source)[3]
            if error and not _is_guideline_text(project, path):
                line = getattr(error, "line", 1)
                yield Finding(project.rel(path), line, f"{error}; fix the lines between the two '---'")
            elif not error:
                yield from _check_front_matter_as_mkdocs_reads_it(project, path, source)


def _check_front_matter_as_mkdocs_reads_it(project, path, source: str) -> Iterator[Finding]:
    """MkDocs finds front matter by its own rule (an indented '---' does not end it): what it would read
    must be plain YAML too, or it would expand aliases or recurse where kc checked something else."""
    m = MKDOCS_FRONT_MATTER_RE.match(source)
    if not m:
        return
    try:
        yamlsrc.loads(m.group(1))
    except yamlsrc.YamlError as exc:
        yield Finding(
            project.rel(path),
            exc.line + 1,
            f"front matter (up to the line '---' that MkDocs takes for its end): {exc.message}; fix the "
            "lines between the two '---', which start at the beginning of a line",
        )


def _loaded_elsewhere(project, path) -> bool:
    """Records and shared data files are loaded, and their YAML reported, by the model and their checks."""
    return path.parent == project.records_dir and (not path.name.startswith("_") or path.stem in DATA_FILES)


def _check_other_yaml(project, path, source: str) -> Iterator[Finding]:
    """Any other YAML file (the allow-list, or one that should not be there) is plain YAML; the allow-list
    has lists of texts under 'emails' and 'phones'."""
    rel = project.rel(path)
    try:
        data, lines = yamlsrc.loads(source)
    except yamlsrc.YamlError as exc:
        yield Finding(rel, exc.line, exc.message, "error", exc.rule)
        return
    if path.parent != project.records_dir or path.name != "_allowlist.yml" or data is None:
        return
    if not isinstance(data, dict):
        yield Finding(rel, 1, "the allow-list must be a mapping with 'emails:' and 'phones:' lists")
        return
    for key in ("emails", "phones"):
        value = data.get(key)
        if value is not None and not (
            isinstance(value, list) and all(isinstance(v, (str, int)) for v in value)
        ):
            yield Finding(
                rel,
                yamlsrc.line_of(lines, key),
                f"'{key}' must be a list of texts, one per line starting with '- '",
            )


def _is_guideline_text(project, path) -> bool:
    """Texts of known guidelines: kc validate checks their front matter with the texts' other rules."""
    parsed = parse_text_src(path.relative_to(project.docs).as_posix())
    return parsed is not None and parsed[1] in project.by_slug


def unreadable_sources(project) -> list[Finding]:
    """The findings of `check_sources_readable` plus the records' load problems of that kind."""
    found = set(check_sources_readable(project))
    found.update(f for f in project.load_findings if f.rule == sourcefile.RULE)
    return sorted(found)


def unreadable_message(project) -> str | None:
    """One message naming every source file that cannot be read (None when all can)."""
    problems = unreadable_sources(project)
    if not problems:
        return None
    listing = "\n".join(str(f) for f in problems)
    return f"{len(problems)} source file(s) cannot be read; fix them (kc validate):\n{listing}"

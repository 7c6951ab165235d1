"""Guideline texts: Markdown with optional YAML front matter."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kc.content import sourcefile, yamlsrc


@dataclass
class Text:
    """A Markdown file split into front matter and body; body line i is file line body_offset + i + 1."""

    path: Path
    meta: dict = field(default_factory=dict)
    body: str = ""
    body_offset: int = 0
    meta_error: str | None = None
    read_error: sourcefile.SourceError | None = None  # reported by kc validate's check of readable sources

    def file_line(self, body_index: int) -> int:
        """1-based file line of 0-based body line `body_index`."""
        return self.body_offset + body_index + 1


@lru_cache(maxsize=1024)
def _cached_front_matter(raw: str):
    """The parsed front matter `raw`; cached by its text, as every build reads each text several times and
    most texts share the same few lines (`translation_of: "1.1"`)."""
    data = yamlsrc.loads(raw)[0] or {}
    return data if isinstance(data, dict) else _NotAMapping()


def _front_matter(raw: str):
    # Only short front matter is cached: a thousand cached hostile megabytes would exhaust memory.
    return _cached_front_matter(raw) if len(raw) < 4096 else _cached_front_matter.__wrapped__(raw)


class MetaError(str):
    """The message of a front matter problem; `line` is its line in the file."""

    line: int = 1

    @classmethod
    def at(cls, line: int, message: str) -> MetaError:
        error = cls(message)
        error.line = line
        return error


class _NotAMapping(dict):
    """Front matter that parsed to something other than a mapping."""


def split_front_matter(source: str) -> tuple[dict, str, int, str | None]:
    """Return (meta, body, body_offset, error) for Markdown `source`."""
    lines = source.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return {}, source, 0, None
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            raw, body = "".join(lines[1:i]), "".join(lines[i + 1 :])
            try:
                parsed = _front_matter(raw)
            except yamlsrc.YamlError as exc:
                return {}, body, i + 1, MetaError.at(exc.line + 1, f"front matter: {exc.message}")
            if isinstance(parsed, _NotAMapping):
                return {}, body, i + 1, "front matter must be a mapping of 'key: value' lines"
            return copy.deepcopy(dict(parsed)), body, i + 1, None  # the cached mapping is shared
    return {}, source, 0, "front matter starts with '---' but has no closing '---' line"


def read_text(path: Path) -> Text:
    """Read a Markdown file with its front matter; an unreadable one gives an empty text with `read_error`."""
    try:
        source, read_error = sourcefile.read(path), None
    except sourcefile.SourceError as exc:
        # The other checks go on with what can be read, so one bad byte does not hide their findings.
        source, read_error = sourcefile.read_lenient(path), exc
    meta, body, offset, error = split_front_matter(source)
    return Text(path, meta, body, offset, error, read_error)

"""YAML loading that remembers the line of every value, so findings can name it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

# libyaml's parser when PyYAML was built with it: records are read on every build, and it is ~10x faster.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):
    """SafeLoader that keeps dates as text: a bad date then gets our message, not a traceback."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class YamlError(Exception):
    """A file that is not valid YAML; carries the 1-based line of the problem."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


UNCLOSED_RE = re.compile(r'^\s*(?:- +)?(?:[\w-]+:[ \t]+)?"(?:[^"\\]|\\.)*$')


def _unclosed_quote(text: str, before: int) -> int | None:
    """1-based line (up to `before`) with a double-quoted value that is not closed and, once closed, makes
    the file valid YAML; None when there is no such line."""
    lines = text.splitlines()
    for i, line in enumerate(lines[:before]):
        if UNCLOSED_RE.match(line):
            fixed = "\n".join(lines[:i] + [line.rstrip() + '"'] + lines[i + 1 :])
            try:
                yaml.safe_load(fixed)
            except yaml.YAMLError:
                continue
            return i + 1
    return None


def load(path: Path) -> tuple[Any, dict[str, int]]:
    """Parse `path`; return the data and a map from dotted key paths (`history.0.date`) to lines."""
    text = path.read_text(encoding="utf-8")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        opened = _unclosed_quote(text, line)
        if opened:
            # YAML notices a missing closing quote only lines later; point at the line that opened it.
            raise YamlError(
                opened,
                'a value starts with a quotation mark (") that is not closed on its line; '
                'add the closing " at the end of the value',
            ) from None
        raise YamlError(
            line, f"the file is not valid YAML ({exc.problem}); check indentation and quotes"
        ) from None
    finally:
        loader.dispose()
    if node is None:
        return None, {"": 1}
    lines: dict[str, int] = {}
    _walk(node, "", lines)
    return data, lines


def _walk(node: yaml.Node, prefix: str, lines: dict[str, int]) -> None:
    lines.setdefault(prefix, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            path = f"{prefix}.{key.value}" if prefix else str(key.value)
            line = key.start_mark.line + 1
            if key.value in seen:
                # PyYAML silently keeps the last of two equal keys; an editor would never notice.
                raise YamlError(
                    line, f"'{key.value}' is given twice (first on line {seen[key.value]}); keep one"
                )
            seen[key.value] = line
            lines[path] = line
            _walk(value, path, lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            path = f"{prefix}.{i}" if prefix else str(i)
            lines[path] = item.start_mark.line + 1
            _walk(item, path, lines)


def line_of(lines: dict[str, int], key: str) -> int:
    """The line of `key`, or of its nearest enclosing key when it is missing."""
    while key:
        if key in lines:
            return lines[key]
        key = key.rpartition(".")[0]
    return lines.get("", 1)

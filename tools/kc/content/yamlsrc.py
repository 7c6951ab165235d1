"""YAML loading for every record and data file: safe against hostile input, and it remembers the line of
every value, so findings can name it.

Only plain YAML is accepted: mappings, lists and scalars. Anchors, aliases and tags (`&a`, `*a`, `!!str`,
`!foo`) are refused, nesting is limited to MAX_DEPTH levels and files to sourcefile.MAX_BYTES. The document
is built from the parser's events by a loop, not by recursion, so no input can exhaust the stack or expand
into more data than the file holds.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from kc.content import sourcefile

# The real records and data files nest at most 5 levels (glossary terms' forms); 32 leaves ample room.
MAX_DEPTH = 32
# Python refuses to turn longer digit strings into numbers (sys.get_int_max_str_digits); no field needs one.
MAX_NUMBER_CHARS = 1000

# libyaml's parser when PyYAML was built with it: records are read on every build, and it is ~10x faster.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Implicit types that are not plain values: dates stay text (a bad date then gets our message), and '<<'
# (merge key) and '=' (value key) are ordinary text rather than YAML 1.1 features.
_DROPPED = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")


class _Loader(_SafeLoader):
    """SafeLoader with the implicit types of _DROPPED read as text."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class YamlError(sourcefile.SourceError):
    """A file that is not valid (or not allowed) YAML; carries the 1-based line of the problem."""

    def __init__(self, line: int, message: str, rule: str = "yaml"):
        super().__init__(line, message, rule)


UNCLOSED_RE = re.compile(r'^\s*(?:- +)?(?:[\w-]+:[ \t]+)?"(?:[^"\\]|\\.)*$')
# Guessing the line of an unclosed quote parses the file once per candidate line; bound that work.
_GUESS_MAX_CHARS = 100_000
_GUESS_MAX_TRIES = 10


def _parses(text: str) -> bool:
    """Whether `text` is one YAML document (events only: nothing is built, so nothing can blow up)."""
    loader = _Loader(text)
    try:
        while loader.check_event():
            loader.get_event()
        return True
    except yaml.YAMLError:
        return False
    finally:
        loader.dispose()


def _unclosed_quote(text: str, before: int) -> int | None:
    """1-based line (up to `before`) with a double-quoted value that is not closed and, once closed, makes
    the file valid YAML; None when there is no such line."""
    if len(text) > _GUESS_MAX_CHARS:
        return None
    lines = text.splitlines()
    candidates = [i for i, line in enumerate(lines[:before]) if UNCLOSED_RE.match(line)]
    for i in candidates[-_GUESS_MAX_TRIES:]:
        fixed = "\n".join(lines[:i] + [lines[i].rstrip() + '"'] + lines[i + 1 :])
        if _parses(fixed):
            return i + 1
    return None


def load(path: Path) -> tuple[Any, dict[str, int]]:
    """Parse `path`; return the data and a map from dotted key paths (`history.0.date`) to lines.

    Raises YamlError (a SourceError) for unreadable files, invalid UTF-8 and invalid or refused YAML."""
    try:
        text = sourcefile.read(path)
    except YamlError:
        raise
    except sourcefile.SourceError as exc:
        raise YamlError(exc.line, exc.message, exc.rule) from None
    return loads(text)


def loads(text: str) -> tuple[Any, dict[str, int]]:
    """Parse the YAML `text` like `load`."""
    loader = _Loader(text)
    try:
        node = _compose(loader)
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
    except yaml.YAMLError as exc:
        raise YamlError(1, f"the file is not valid YAML ({exc}); check indentation and quotes") from None
    except (ValueError, TypeError, OverflowError) as exc:
        # A value the constructors reject although it parsed (defence in depth: the checks above
        # should catch every such value with its line).
        raise YamlError(1, f"a value cannot be read ({exc}); check the values in this file") from None
    finally:
        loader.dispose()
    if node is None:
        return None, {"": 1}
    lines: dict[str, int] = {}
    _walk(node, "", lines)
    return data, lines


def _tag_name(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


def _refuse(event) -> None:
    """YamlError for the YAML features kc does not accept: aliases, anchors, tags."""
    line = event.start_mark.line + 1
    if isinstance(event, AliasEvent):
        raise YamlError(
            line,
            f"'*{event.anchor}' is a YAML alias (a reference to another value); kc does not accept "
            "aliases: write the value out in full",
        )
    if getattr(event, "anchor", None) is not None:
        raise YamlError(
            line,
            f"'&{event.anchor}' is a YAML anchor; kc does not accept anchors or aliases: remove "
            f"'&{event.anchor}' and write values out in full",
        )
    if getattr(event, "tag", None) is not None:
        raise YamlError(
            line,
            f"'{_tag_name(event.tag)}' is a YAML tag; kc does not accept tags: remove it (put the value "
            "in quotes to keep it as text)",
        )


def _compose(loader) -> yaml.Node | None:
    """The single document of the stream as a node tree, built from the parser's events by a loop."""
    loader.get_event()  # StreamStartEvent
    if loader.check_event(StreamEndEvent):
        return None
    start = loader.get_event()
    assert isinstance(start, DocumentStartEvent)
    root: yaml.Node | None = None
    stack: list[yaml.Node] = []
    while True:
        event = loader.get_event()
        _refuse(event)
        if isinstance(event, (MappingEndEvent, SequenceEndEvent)):
            done = stack.pop()
            done.end_mark = event.end_mark
            node = None
        elif isinstance(event, DocumentEndEvent):
            break
        elif isinstance(event, ScalarEvent):
            node = ScalarNode(
                loader.resolve(ScalarNode, event.value, event.implicit),
                event.value,
                event.start_mark,
                event.end_mark,
                style=event.style,
            )
            if node.tag.endswith((":int", ":float")) and len(event.value) > MAX_NUMBER_CHARS:
                raise YamlError(
                    event.start_mark.line + 1,
                    f"a number of {len(event.value)} digits; put the value in quotes if it is text",
                )
        elif isinstance(event, (MappingStartEvent, SequenceStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise YamlError(
                    event.start_mark.line + 1,
                    f"the data is nested more than {MAX_DEPTH} levels deep; records and data files need "
                    "only a few levels: check the brackets and the indentation",
                )
            kind = MappingNode if isinstance(event, MappingStartEvent) else SequenceNode
            node = kind(
                loader.resolve(kind, None, event.implicit),
                [],
                event.start_mark,
                None,
                flow_style=event.flow_style,
            )
        else:  # pragma: no cover - the parser yields no other event inside a document
            raise YamlError(event.start_mark.line + 1, "unexpected YAML; check the file")
        if node is not None:
            _attach(stack, node, event)
            if root is None:
                root = node
            if isinstance(node, (MappingNode, SequenceNode)):
                stack.append(node)
    if not loader.check_event(StreamEndEvent):
        event = loader.get_event()
        raise YamlError(
            event.start_mark.line + 1,
            "the file holds a second YAML document (after '---'); a file holds one: remove the '---' line",
        )
    loader.get_event()  # StreamEndEvent
    return root


def _attach(stack: list[yaml.Node], node: yaml.Node, event) -> None:
    """Put `node` into the collection on top of `stack` (a mapping takes key, value, key, value ...)."""
    if not stack:
        return
    parent = stack[-1]
    if isinstance(parent, SequenceNode):
        parent.value.append(node)
    elif getattr(parent, "_key", None) is None:
        if not isinstance(node, ScalarNode):
            raise YamlError(
                event.start_mark.line + 1,
                "a key is a list or mapping; keys must be plain text like 'title:'",
            )
        parent._key = node
    else:
        parent.value.append((parent._key, node))
        parent._key = None


def _walk(node: yaml.Node, prefix: str, lines: dict[str, int]) -> None:
    lines.setdefault(prefix, node.start_mark.line + 1)
    if isinstance(node, MappingNode):
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
    elif isinstance(node, SequenceNode):
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

"""Mutations of the real records and texts, for the fuzz test of `kc validate` (tests/test_fuzz_validate.py).

Each mutation is a pure function of the file's bytes and a few numbers Hypothesis chooses, so a failing
example can be replayed exactly.
"""

from __future__ import annotations

import yaml

YAML_SPECIALS = [
    "&a ",
    "*a",
    "!!python/object:os.system ",
    "!foo ",
    "<<: ",
    "? ",
    ": ",
    "- ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "'",
    '"',
    "|",
    ">",
    "#",
    "%YAML 1.1\n",
    "---\n",
    "...\n",
    "\t",
    "@",
    "`",
    "=",
    "~",
    "null",
    "0x1F",
    "1e999",
    "9" * 5000,
    "2026-02-30",
    "\\",
    "\r",
    "\u2028",
    "\ufeff",
    "\x00",
    "\x1b",
]
SWAP_VALUES = [
    None,
    0,
    -1,
    3.5,
    True,
    "",
    "text",
    [],
    {},
    ["a", 1],
    {"sv": 1, "en": []},
    [[[]]],
    {"a": {"b": {}}},
]


def flip_byte(data: bytes, pos: int, bit: int) -> bytes:
    if not data:
        return data
    pos %= len(data)
    return data[:pos] + bytes([data[pos] ^ (1 << (bit % 8))]) + data[pos + 1 :]


def insert_bytes(data: bytes, pos: int, insert: bytes) -> bytes:
    pos %= len(data) + 1
    return data[:pos] + insert + data[pos:]


def delete_bytes(data: bytes, pos: int, length: int) -> bytes:
    if not data:
        return data
    pos %= len(data)
    return data[:pos] + data[pos + length :]


def truncate(data: bytes, pos: int) -> bytes:
    return data[: pos % (len(data) + 1)]


def duplicate_line(data: bytes, line: int, times: int) -> bytes:
    lines = data.split(b"\n")
    line %= len(lines)
    return b"\n".join(lines[:line] + [lines[line]] * times + lines[line:])


def deep_nesting(data: bytes, pos: int, depth: int, block: bool) -> bytes:
    """Nested lists `depth` levels deep, in flow (`[[[...]]]`) or block (`- - - ...`) style, at `pos`."""
    if block:
        nest = b"\n" + b"".join(b"  " * i + b"-\n" for i in range(min(depth, 3000)))
    else:
        nest = b"[" * depth + b"]" * depth
    return insert_bytes(data, pos, nest)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


def swap_type(data: bytes, which: int, value_index: int) -> bytes:
    """The YAML of `data` (a whole file, or the front matter of a Markdown text) with one value replaced by
    a value of another type; `data` unchanged when it is not YAML."""
    text = data.decode("utf-8", "replace")
    head, body = "", text
    if text.startswith("---\n") and "\n---\n" in text[4:]:
        fm, rest = text[4:].split("\n---\n", 1)
        head, body = fm, rest
    source = head or body
    try:
        tree = yaml.safe_load(source)
    except yaml.YAMLError:
        return data
    paths = list(_paths(tree))
    path = paths[which % len(paths)]
    new = SWAP_VALUES[value_index % len(SWAP_VALUES)]
    if not path:
        tree = new
    else:
        parent = tree
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = new
    dumped = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)
    if head:
        return f"---\n{dumped}---\n{body}".encode()
    return dumped.encode()


def mutate(data: bytes, kind: str, a: int, b: int, extra: str) -> bytes:
    """Apply mutation `kind` with parameters `a`, `b` and `extra` to `data`."""
    if kind == "flip":
        return flip_byte(data, a, b)
    if kind == "insert":
        return insert_bytes(data, a, extra.encode("utf-8", "surrogatepass"))
    if kind == "insert_raw":
        return insert_bytes(data, a, bytes([b % 256]) * (1 + a % 4))
    if kind == "special":
        return insert_bytes(data, a, YAML_SPECIALS[b % len(YAML_SPECIALS)].encode("utf-8"))
    if kind == "delete":
        return delete_bytes(data, a, 1 + b % 64)
    if kind == "truncate":
        return truncate(data, a)
    if kind == "duplicate":
        return duplicate_line(data, a, 2 + b % 5)
    if kind == "nest":
        return deep_nesting(data, a, (50, 1000, 50_000, 1_000_000)[b % 4], block=b % 2 == 1)
    if kind == "swap":
        return swap_type(data, a, b)
    raise ValueError(kind)


KINDS = ("flip", "insert", "insert_raw", "special", "delete", "truncate", "duplicate", "nest", "swap")

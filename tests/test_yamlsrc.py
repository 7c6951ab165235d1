"""The YAML loader: plain YAML only (no anchors, aliases or tags), bounded depth and size, lines kept."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from kc.content import sourcefile, yamlsrc

ROOT = Path(__file__).resolve().parent.parent
BILLION_LAUGHS = 'a: ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'.replace(
    "a:", "a: &a"
) + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9))

# (YAML text, line of the problem, part of the message)
HOSTILE = [
    ("id: RL\ntitle: &t {sv: a, en: b}\n", 2, "'&t' is a YAML anchor; kc does not accept anchors"),
    ("a: 1\nb:\n  - *x\n", 3, "'*x' is a YAML alias"),
    (BILLION_LAUGHS, 1, "'&a' is a YAML anchor"),
    ("id: !!python/object/apply:os.system [echo hi]\n", 1, "'!!python/object/apply:os.system' is a YAML tag"),
    ("a: 1\nb: !custom value\n", 2, "'!custom' is a YAML tag; kc does not accept tags"),
    ("a: !!str 1\n", 1, "'!!str' is a YAML tag"),
    ("a: ! 1\n", 1, "'!' is a YAML tag"),
    ("a: !!binary aGVsbG8=\n", 1, "'!!binary' is a YAML tag"),
    ("x: " + "[" * 33 + "]" * 33 + "\n", 1, "nested more than 32 levels deep"),
    ("a:\n" + "".join("  " * i + "-\n" for i in range(40)), 33, "nested more than 32 levels deep"),
    ("x:\n  " + "- " * 50 + "1\n", 2, "nested more than 32 levels deep"),
    ("a: 1\n---\nb: 2\n", 2, "a second YAML document"),
    ("? [a, b]\n: c\n", 1, "keys must be plain text"),
    ("a: 1\nb: 2\na: 3\n", 3, "'a' is given twice (first on line 1)"),
    ("n: " + "9" * 5000 + "\n", 1, "a number of 5000 digits"),
    ('title: "open\nnext: 1\n', 1, "not closed on its line"),
    ("a: [1, 2\nb: 3\n", 2, "the file is not valid YAML"),
]


@pytest.mark.parametrize("text, line, message", HOSTILE, ids=[h[2][:30] for h in HOSTILE])
def test_hostile_yaml_is_refused_with_line_and_message(text, line, message):
    with pytest.raises(yamlsrc.YamlError) as exc:
        yamlsrc.loads(text)
    assert (exc.value.line, message in exc.value.message) == (line, True), exc.value.message


@pytest.mark.parametrize("depth", [50_000, 1_000_000])
@pytest.mark.parametrize("style", ["flow", "block", "mapping"])
def test_deep_nesting_neither_crashes_nor_takes_long(depth, style):
    """Before, 50,000 brackets crashed the process (segmentation fault) while the document was built."""
    if style == "flow":
        text = "x: " + "[" * depth + "]" * depth
    elif style == "block":
        text = "x:\n  " + "- " * depth + "1\n"
    else:
        text = "x: " + "{a: " * depth + "1" + "}" * depth
    started = time.monotonic()
    with pytest.raises(yamlsrc.YamlError) as exc:
        yamlsrc.loads(text)
    assert "nested more than 32 levels" in exc.value.message
    assert time.monotonic() - started < 5


def test_depth_32_is_allowed():
    data, _ = yamlsrc.loads("x: " + "[" * 31 + "]" * 31)
    depth = 0
    while isinstance(data, (dict, list)) and data:
        data = data["x"] if isinstance(data, dict) else data[0]
        depth += 1
    assert depth == 31  # the mapping is level 1, then 31 lists


def test_billion_laughs_is_refused_quickly():
    started = time.monotonic()
    with pytest.raises(yamlsrc.YamlError):
        yamlsrc.loads(BILLION_LAUGHS)
    assert time.monotonic() - started < 1


def test_merge_and_value_keys_are_plain_text():
    """YAML 1.1's '<<' merge key and '=' value key are ordinary text, not features (and never a crash)."""
    data, _ = yamlsrc.loads("a: =\n<<: {b: 1}\n")
    assert data == {"a": "=", "<<": {"b": 1}}


def test_dates_stay_text_and_lines_are_kept():
    data, lines = yamlsrc.loads("id: RL\nhistory:\n  - version: '1.0'\n    date: 2025-01-01\n")
    assert data == {"id": "RL", "history": [{"version": "1.0", "date": "2025-01-01"}]}
    assert lines["history.0.date"] == 4
    assert yamlsrc.line_of(lines, "history.0.summary.sv") == 3


def test_empty_file():
    assert yamlsrc.loads("# only a comment\n") == (None, {"": 1})


@pytest.mark.parametrize("path", sorted((ROOT / "docs/guidelines").glob("*.yml")), ids=lambda p: p.name)
def test_real_files_load_as_before(path):
    """The real records and data files give exactly what PyYAML's safe loader gives (dates as text)."""
    expected = yaml.load(path.read_text(encoding="utf-8"), Loader=yamlsrc._Loader)
    assert yamlsrc.load(path)[0] == expected


def test_real_files_are_well_within_the_limits():
    """The limits leave room: the real files nest at most 5 levels and are far below the size limit."""

    def depth(value) -> int:
        if isinstance(value, dict):
            return 1 + max(map(depth, value.values()), default=0)
        if isinstance(value, list):
            return 1 + max(map(depth, value), default=0)
        return 0

    for path in (ROOT / "docs/guidelines").glob("*.yml"):
        assert depth(yamlsrc.load(path)[0]) <= 8
        assert path.stat().st_size < sourcefile.MAX_BYTES / 10


def test_load_reports_file_problems_as_yaml_errors(tmp_path):
    path = tmp_path / "x.yml"
    path.write_bytes(b"a: 1\nb: \xff\n")
    with pytest.raises(yamlsrc.YamlError) as exc:
        yamlsrc.load(path)
    assert (exc.value.line, exc.value.rule) == (2, "input")
    assert "not valid UTF-8 (byte 0xff in column 4)" in exc.value.message
    path.write_bytes(b"a: " + b"x" * sourcefile.MAX_BYTES)
    with pytest.raises(yamlsrc.YamlError, match="larger than 1024 KiB"):
        yamlsrc.load(path)

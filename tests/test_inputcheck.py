"""Hostile input to `kc validate`, one fixture per rule: each is refused with the right file, line and
message, exit status 1 and no traceback. Every fixture is a change to a copy of the real content."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kc.cli import main
from kc.content import sourcefile

REC = "docs/guidelines/relocation.yml"
SV = "docs/sv/guidelines/relocation/index.md"
EN = "docs/en/guidelines/relocation/index.md"
HOME = "docs/sv/index.md"


def append(rel: str, data: bytes, offset: int = 0):
    """Add `data` as new last line(s) of `rel`; the expected line is the first added one plus `offset`."""

    def change(root: Path) -> int:
        path = root / rel
        old = path.read_bytes()
        path.write_bytes(old + data)
        return old.count(b"\n") + 1 + offset

    return change


def prepend(rel: str, data: bytes):
    def change(root: Path) -> int:
        path = root / rel
        path.write_bytes(data + path.read_bytes())
        return 1

    return change


def replace(rel: str, old: str, new: str):
    """Replace the first `old` in `rel` by `new`; the expected line is that of `old`."""

    def change(root: Path) -> int:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return text[: text.index(old)].count("\n") + 1

    return change


def write(rel: str, data: bytes, line: int = 1):
    def change(root: Path) -> int:
        (root / rel).write_bytes(data)
        return line

    return change


def folder_instead(rel: str):
    def change(root: Path) -> int:
        (root / rel).unlink()
        (root / rel).mkdir()
        return 1

    return change


def fifo(rel: str):
    def change(root: Path) -> int:
        os.mkfifo(root / rel)
        return 1

    return change


def front_matter(rel: str, yaml_lines: str, problem_line: int):
    def change(root: Path) -> int:
        path = root / rel
        path.write_text(f"---\n{yaml_lines}---\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
        return problem_line

    return change


DEEP_FLOW = b"x: " + b"[" * 50_000 + b"]" * 50_000 + b"\n"
DEEP_BLOCK = b"x:\n  " + b"- " * 50_000 + b"1\n"

# (rule, file, change, part of the message)
CASES = [
    ("alias", REC, append(REC, b"extra: *x\n"), "'*x' is a YAML alias"),
    (
        "anchor",
        "docs/guidelines/_glossary.yml",
        append("docs/guidelines/_glossary.yml", b"x: &a 1\n"),
        "'&a' is a YAML anchor",
    ),
    (
        "tag",
        "docs/guidelines/_matrix.yml",
        append("docs/guidelines/_matrix.yml", b"x: !!python/name:os.system\n"),
        "'!!python/name:os.system' is a YAML tag",
    ),
    (
        "custom tag",
        "docs/guidelines/_process.yml",
        append("docs/guidelines/_process.yml", b"x: !foo 1\n"),
        "'!foo' is a YAML tag",
    ),
    (
        "depth, flow",
        "docs/guidelines/_vocabulary.yml",
        append("docs/guidelines/_vocabulary.yml", DEEP_FLOW),
        "nested more than 32 levels",
    ),
    ("depth, block", REC, append(REC, DEEP_BLOCK, 1), "nested more than 32 levels"),
    (
        "depth in the allow-list",
        "docs/guidelines/_allowlist.yml",
        append("docs/guidelines/_allowlist.yml", DEEP_FLOW),
        "nested more than 32 levels",
    ),
    (
        "size",
        "docs/guidelines/_glossary.yml",
        prepend("docs/guidelines/_glossary.yml", b"# " + b"x" * sourcefile.MAX_BYTES + b"\n"),
        "larger than 1024 KiB",
    ),
    (
        "invalid UTF-8 in a record",
        REC,
        append(REC, b"extra: caf\xe9\n"),
        "not valid UTF-8 (byte 0xe9 in column 11)",
    ),
    ("invalid UTF-8 in a text", SV, append(SV, b"\nTrasig \xc3(\n", 1), "not valid UTF-8"),
    ("invalid UTF-8 in a page", HOME, append(HOME, b"\xfe\n"), "not valid UTF-8"),
    (
        "invalid UTF-8 in the lock",
        "docs/guidelines/_archive.lock",
        append("docs/guidelines/_archive.lock", b"\xff"),
        "not valid UTF-8",
    ),
    ("BOM", EN, prepend(EN, b"\xef\xbb\xbf"), "byte order mark (BOM)"),
    ("NUL", "docs/guidelines/providers.yml", append("docs/guidelines/providers.yml", b"a\x00\n"), "NUL byte"),
    (
        "folder for a text",
        "docs/en/guidelines/providers/index.md",
        folder_instead("docs/en/guidelines/providers/index.md"),
        "is a folder where a file is expected",
    ),
    (
        "folder for a record",
        "docs/guidelines/extra.yml",
        lambda root: (root / "docs/guidelines/extra.yml").mkdir() or 1,
        "is a folder where a file is expected",
    ),
    ("FIFO", "docs/sv/extra.md", fifo("docs/sv/extra.md"), "a FIFO (named pipe) is not allowed here"),
    ("second document", REC, append(REC, b"---\nid: XX\n"), "a second YAML document"),
    ("list as key", REC, append(REC, b"? [a, b]\n: c\n"), "keys must be plain text"),
    ("list for a string", REC, replace(REC, "id: RL", "id: [R, L]"), "'id' must be 2-4 capital letters"),
    (
        "mapping for a string",
        REC,
        replace(REC, "topic: relocation", "topic: {a: 1}"),
        "'topic' must be one of",
    ),
    (
        "number for a list",
        REC,
        replace(REC, "audiences: [social-services", "audiences: 5\nx: [social-services"),
        "'audiences' must be a list",
    ),
    (
        "mapping in a list",
        REC,
        replace(REC, "audiences: [social-services", "audiences: [{a: 1}"),
        "each audience must be a key",
    ),
    (
        "top level a list",
        "docs/guidelines/providers.yml",
        write("docs/guidelines/providers.yml", b"- a\n- b\n"),
        "the record must be a mapping",
    ),
    (
        "top level a scalar",
        "docs/guidelines/_matrix.yml",
        write("docs/guidelines/_matrix.yml", b"just text\n"),
        "the matrix must be a mapping",
    ),
    (
        "null record",
        "docs/guidelines/providers.yml",
        write("docs/guidelines/providers.yml", b"~\n"),
        "the record must be a mapping",
    ),
    (
        "vocabulary of the wrong type",
        "docs/guidelines/_vocabulary.yml",
        replace("docs/guidelines/_vocabulary.yml", "statuses:\n", "statuses: 5\nx:\n"),
        "'statuses' must map keys",
    ),
    (
        "vocabulary label a list",
        "docs/guidelines/_vocabulary.yml",
        replace("docs/guidelines/_vocabulary.yml", "  police: {sv: Polisen, en: Police}", "  police: [1]"),
        "'police' in 'audiences' needs an 'sv' and an 'en' label",
    ),
    (
        "allow-list of the wrong type",
        "docs/guidelines/_allowlist.yml",
        replace("docs/guidelines/_allowlist.yml", "phones:\n", "phones: {a: 1}\nx:\n"),
        "'phones' must be a list of texts",
    ),
    (
        "lock of the wrong type",
        "docs/guidelines/_archive.lock",
        write("docs/guidelines/_archive.lock", b'{"texts": [1, 2]}\n'),
        "must hold 'texts' mapping",
    ),
    (
        "alias in a page's front matter",
        HOME,
        front_matter(HOME, "a: &x 1\nb: *x\n", 2),
        "'&x' is a YAML anchor",
    ),
    (
        "deep front matter in a text",
        EN,
        front_matter(EN, "translation_of: '1.2'\nx: " + "[" * 50_000 + "\n", 3),
        "nested more than 32 levels",
    ),
]


@pytest.mark.parametrize("rule, rel, change, message", CASES, ids=[c[0] for c in CASES])
def test_hostile_input_is_refused_with_file_line_and_message(site_copy, capsys, rule, rel, change, message):
    root = site_copy("real")
    line = change(root)
    status = main(["--root", str(root), "validate"])
    out, err = capsys.readouterr()
    assert status == 1, out
    assert "Traceback" not in out + err and "internal error" not in err
    expected = f"{rel}:{line}: "
    assert any(row.startswith(expected) and message in row for row in out.splitlines()), out


def test_unreadable_file_is_named(site_copy, capsys, monkeypatch):
    root = site_copy("real")
    if os.geteuid() == 0:
        # Root reads files whatever their permissions: refuse the opening as the system would.
        real_open, denied = os.open, {os.fspath(root / SV), os.fspath(root / REC)}

        def open_as_others(name, *args, **kwargs):
            if os.fspath(name) in denied:
                raise PermissionError(13, "Permission denied")
            return real_open(name, *args, **kwargs)

        monkeypatch.setattr(sourcefile.os, "open", open_as_others)
    (root / SV).chmod(0)
    (root / REC).chmod(0)
    assert main(["--root", str(root), "validate"]) == 1
    out = capsys.readouterr().out
    assert f"{SV}:1: the file cannot be read: permission denied" in out
    assert f"{REC}:1: the file cannot be read: permission denied" in out


@pytest.mark.parametrize(
    "command",
    [
        ["index"],
        ["search", "flytt"],
        ["translations"],
        ["links"],
        ["new-version", "relocation"],
        ["build"],
        ["bundle"],
    ],
    ids=lambda c: c[0],
)
def test_other_commands_name_the_bad_file(site_copy, capsys, command):
    """Commands that read the content stop with the file and line named, not with a traceback."""
    root = site_copy("real")
    line = append(SV, b"Trasig \xff\n")(root)
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    extra = ["--out", str(root / "dist"), "--unsigned"] if command == ["bundle"] else []
    status = main(["--root", str(root), *command, *extra])
    out, err = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in out + err and "internal error" not in err
    assert f"{SV}:{line}: the file is not valid UTF-8" in err
    if command[0] in ("new-version", "build", "bundle"):
        after = sorted(p.relative_to(root) for p in root.rglob("*"))
        # Nothing written (kc bundle makes its output folder first, and leaves it empty).
        assert set(after) ^ set(before) <= {Path("dist")}
        assert not (root / "dist").exists() or not any((root / "dist").iterdir())


def test_last_resort_handler_names_no_details(site_copy, capsys, monkeypatch):
    """An unexpected exception gives one line without its text (which might quote content), exit 1."""
    import kc.checks.validate

    def broken(project):
        raise RuntimeError("SECRET=hunter2")

    monkeypatch.setattr(kc.checks.validate, "CHECKS", [broken])
    monkeypatch.delenv("KC_DEBUG", raising=False)
    root = site_copy("real")
    assert main(["--root", str(root), "validate"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kc: error: internal error (RuntimeError) in 'kc validate'")
    assert "hunter2" not in err and "Traceback" not in err


def test_real_content_has_no_input_findings(site_copy):
    from kc.checks.inputcheck import check_sources_readable
    from kc.content.model import Project

    root = site_copy("real")
    assert list(check_sources_readable(Project.load(root))) == []
    shutil.rmtree(root / "docs/guidelines")  # no records: still no crash
    assert list(check_sources_readable(Project.load(root))) == []


@pytest.mark.parametrize("command", [["index"], ["search", "flytt"]], ids=lambda c: c[0])
def test_index_and_search_name_a_record_left_out(site_copy, capsys, command):
    """A record of the wrong structure is left out of the index, and the command says so."""
    root = site_copy("real")
    replace(REC, "title:\n", "title: [a, b]\nx:\n")(root)
    assert main(["--root", str(root), *command]) == 0
    err = capsys.readouterr().err
    assert f"kc {command[0]}: {REC} is left out because it has errors; run 'kc validate'" in err
    assert "Traceback" not in err


def test_front_matter_is_checked_as_mkdocs_reads_it(site_copy, capsys):
    """An indented '---' ends the front matter for kc's reader but not for MkDocs, which would then read
    (and expand) the alias bomb below it; it is refused like any other."""
    root = site_copy("real")
    path = root / HOME
    bomb = 'a: &a ["x", "x"]\nb: &b [*a, *a]\n'
    path.write_text(f"---\ntitle: x\n ---\n{bomb}---\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["--root", str(root), "validate"]) == 1
    out = capsys.readouterr().out
    expected = f"{HOME}:4: front matter (up to the line '---' that MkDocs takes for its end): '&a' is a YAML"
    assert expected in out

"""Allow-listed publishing: only files of the content model may exist under docs/ and overrides/; links and
special files are refused without being followed, by `kc validate`, `kc build` and a bare `mkdocs build`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import build
from kc.build import build_site
from kc.checks.validate import validate
from kc.content.errors import BuildError
from kc.content.layout import check_tree
from kc.content.model import Project

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 16


def _write(root: Path, rel: str, content: bytes | str = b"x") -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)


# (why, file to add, its bytes, start of the expected message)
REFUSED = [
    ("script file", "docs/x.js", "alert(1)", ".js files are not published from docs/"),
    ("html page", "docs/sv/evil.html", "<script>alert(1)</script>", ".html files are not published"),
    ("style sheet", "docs/assets/site.css", "body{}", ".css files are not published"),
    ("svg", "docs/assets/images/karta.svg", "<svg onload='alert(1)'/>", "SVG images can carry scripts"),
    ("svg beside texts", "docs/sv/guidelines/housing/karta.svg", "<svg/>", "SVG images can carry scripts"),
    ("text file", "docs/sv/notes.txt", "hej", "this file is not part of the content model"),
    ("pdf", "docs/sv/guide.pdf", "%PDF-1.4", "this file is not part of the content model"),
    ("markdown outside the model", "docs/sv/extra/page.md", "# Sida", "this kind of file is allowed"),
    ("markdown at docs root", "docs/page.md", "# Sida", "this kind of file is allowed, but not"),
    ("extra file in a text folder", "docs/sv/guidelines/housing/draft.md", "x", "this kind of file is"),
    ("upper-case page name", "docs/sv/About.md", "# Om", "this kind of file is allowed, but not"),
    ("image with a space", "docs/assets/images/bild 1.png", PNG, "file or folder name with characters"),
    ("dot file", "docs/sv/.htaccess", "Options +Indexes", "hidden file or folder"),
    ("file in a dot folder", "docs/.well-known/security.txt", "x", "hidden file or folder"),
    ("windows device name", "docs/sv/aux.md", "# Aux", "'aux.md' is a reserved device name on Windows"),
    ("control character in name", "docs/sv/a\x1bb.md", "x", "file or folder name with characters"),
    ("bidi override in name", "docs/sv/gnp\u202e.md", "x", "file or folder name with characters"),
    ("png that is html", "docs/assets/images/bild.png", "<html><script>", "this file is not a PNG image"),
    ("jpeg that is svg", "docs/sv/bild.jpg", "<svg/>", "this file is not a JPG image"),
    ("unknown data file", "docs/guidelines/_secrets.yml", "a: 1", "this file is not part of the content"),
    ("template with another type", "overrides/evil.js", "alert(1)", "this file is not part of the content"),
    ("css in overrides", "overrides/partials/x.css", "body{}", "this file is not part of the content"),
]


@pytest.mark.parametrize("why, rel, content, message", REFUSED, ids=[c[0] for c in REFUSED])
def test_file_outside_the_content_model_is_refused(site_copy, why, rel, content, message):
    root = site_copy("basic")
    _write(root, rel, content)
    found = [f for f in validate(Project.load(root)) if f.rule == "layout"]
    shown = rel.replace("\x1b", "\\u001b").replace("\u202e", "\\u202e").replace("/security.txt", "")
    assert [(f.path, f.line) for f in found] == [(shown, 1)], found
    assert found[0].message.startswith(message), found[0].message


ALLOWED = [
    ("png in assets/images", "docs/assets/images/karta.png", PNG),
    ("jpeg in a subfolder", "docs/assets/images/kartor/lan-1.jpeg", JPEG),
    ("png beside a text", "docs/sv/guidelines/housing/flode.png", PNG),
    ("gif beside a page", "docs/en/img/flow.gif", b"GIF89a" + b"\x00" * 8),
    ("webp", "docs/assets/images/a.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 "),
    ("a new page", "docs/sv/kontakt.md", "# Kontakt\n"),
    ("a template", "overrides/partials/extra.html", "<p>x</p>"),
    ("leftover of an older kc index", "docs/assets/search/sv.js", "var x = 1;"),
]


@pytest.mark.parametrize("why, rel, content", ALLOWED, ids=[c[0] for c in ALLOWED])
def test_files_of_the_content_model_pass(site_copy, why, rel, content):
    root = site_copy("basic")
    _write(root, rel, content)
    assert check_tree(root) == []


def test_real_content_passes_the_layout_check():
    assert check_tree(Path(__file__).resolve().parent.parent) == []


def _special(root: Path, rel: str, kind: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "link to environ":
        path.symlink_to("/proc/self/environ")
    elif kind == "link outside":
        (root.parent / "outside.md").write_text("# Hemligt\n", encoding="utf-8")
        path.symlink_to(root.parent / "outside.md")
    elif kind == "link to a folder":
        path.symlink_to("/")
    elif kind == "broken link":
        path.symlink_to(root / "nowhere.md")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        s = socket.socket(socket.AF_UNIX)
        s.bind(str(path))
        s.close()


SPECIAL = [
    ("link to environ", "docs/sv/env.md", "a symbolic link"),
    ("link outside", "docs/sv/guidelines/housing/index2.md", "a symbolic link"),
    ("link to a folder", "docs/sv/root", "a symbolic link"),
    ("broken link", "docs/sv/broken.md", "a symbolic link"),
    ("link to environ", "docs/guidelines/leak.yml", "a symbolic link"),  # a record is read by the loader
    ("fifo", "docs/guidelines/pipe.yml", "a FIFO (named pipe)"),  # reading it would block the build for ever
    ("fifo", "docs/sv/pipe.md", "a FIFO (named pipe)"),
    ("socket", "docs/sv/sock.md", "a socket"),
    ("link to environ", "overrides/partials/env.html", "a symbolic link"),
]


@pytest.mark.parametrize("kind, rel, what", SPECIAL, ids=[f"{c[0]} {c[1]}" for c in SPECIAL])
def test_links_and_special_files_are_refused_unread(site_copy, kind, rel, what):
    root = site_copy("basic")
    _special(root, rel, kind)
    found = validate(Project.load(root))  # would block on a FIFO, or show secrets, if it read the file
    assert [(f.path, f.line, f.rule) for f in found] == [(rel, 1, "unsafe-file")]
    assert found[0].message.startswith(f"{what} is not allowed here")
    assert "PATH=" not in str(found)


def test_linked_docs_folder_is_refused(site_copy, tmp_path):
    root = site_copy("basic")
    os.rename(root / "docs", tmp_path / "real-docs")
    (root / "docs").symlink_to(tmp_path / "real-docs")
    assert [(f.path, f.rule) for f in check_tree(root)] == [("docs", "unsafe-file")]


def test_kc_build_refuses_a_link_and_keeps_the_old_site(site_copy):
    root = site_copy("basic")
    good = build_site(root)
    (good / "marker").write_text("old site", encoding="utf-8")
    _special(root, "docs/sv/env.md", "link to environ")
    with pytest.raises(BuildError, match=r"docs/sv/env\.md:1: a symbolic link"):
        build_site(root)
    assert (good / "marker").read_text(encoding="utf-8") == "old site"


def test_mkdocs_build_refuses_even_without_content_checks(site_copy, tmp_path, caplog):
    """`mkdocs build`/`serve` skip `kc build`: the plugin refuses before MkDocs walks docs/ (it follows
    links)."""
    from mkdocs.exceptions import Abort

    root = site_copy("basic")
    _special(root, "docs/sv/env.md", "link to environ")
    _write(root, "docs/x.js", "alert(1)")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("  - kc\n", "  - kc:\n      check_content: false\n")
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    with pytest.raises(Abort):
        build(root, tmp_path / "out")
    assert "check_content: false" in text and "file(s) that may not be published" in caplog.text
    assert "docs/sv/env.md:1: a symbolic link" in caplog.text
    assert "docs/x.js:1: .js files are not published" in caplog.text
    assert not (tmp_path / "out" / "env").exists() and not (tmp_path / "out" / "x.js").exists()


def test_kc_validate_cli_names_the_file_and_fails(site_copy):
    root = site_copy("basic")
    _write(root, "docs/assets/images/karta.svg", "<svg/>")
    out = subprocess.run(
        [sys.executable, "-m", "kc.cli", "validate"], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 1
    assert "docs/assets/images/karta.svg:1: SVG images can carry scripts" in out.stdout + out.stderr
    assert "Traceback" not in out.stderr


def test_link_inside_a_refused_folder_is_still_reported(site_copy):
    """MkDocs walks hidden folders too, following links: a link to / there would walk the whole disk."""
    root = site_copy("basic")
    _special(root, "docs/.cache/root", "link to a folder")
    found = {(f.path, f.rule) for f in check_tree(root)}
    assert found == {("docs/.cache", "layout"), ("docs/.cache/root", "unsafe-file")}


def test_leftover_search_files_of_older_versions_do_not_break_the_build(site_copy, tmp_path):
    """Older `kc index` wrote docs/assets/search/ (git-ignored): it is neither refused nor published."""
    root = site_copy("guardrails")  # no mkdocs.yml of its own: the project's, which excludes the folder
    _write(root, "docs/assets/search/sv.js", "window.stale = true;")
    assert check_tree(root) == []
    site = build_site(root, tmp_path / "out")
    published = (site / "assets" / "search" / "sv.js").read_text(encoding="utf-8")
    assert "stale" not in published and "kcSearch" in published


def test_a_very_deep_tree_gives_a_finding_not_a_crash(site_copy):
    """More nested folders than Python's recursion limit would crash recursive walkers (rglob): refused, and
    nothing else reads the tree."""
    root = site_copy("basic")
    here, levels = os.getcwd(), 1100
    os.chdir(root / "docs" / "sv")  # relative paths keep every call below the path-length limit
    try:
        for _ in range(levels):
            os.mkdir("d")
            os.chdir("d")
        Path("x.md").write_text("djupt", encoding="utf-8")
        os.chdir(here)
        found = validate(Project.load(root))
    finally:
        os.chdir(root / "docs" / "sv")
        for _ in range(levels):  # removed by hand: shutil.rmtree recurses too
            os.chdir("d")
        Path("x.md").unlink()
        for _ in range(levels):
            os.chdir("..")
            os.rmdir("d")
        os.chdir(here)
    deep = "docs/sv/" + "/".join(["d"] * 12)  # the first folder 13 levels under docs/
    assert [(f.path, f.line, f.rule) for f in found] == [(deep, 1, "unsafe-file")]
    assert found[0].message.startswith("folders nested more than 12 deep are not allowed")


@pytest.mark.parametrize("command", [["index"], ["search", "samråd"], ["translations"]])
def test_commands_that_do_not_validate_refuse_a_link_before_reading_anything(site_copy, tmp_path, capsys,
                                                                               command):
    from kc.cli import main

    root = site_copy("basic")
    secret = tmp_path / "secret.txt"
    secret.write_text("KC_SECRET=do-not-index\n", encoding="utf-8")
    (root / "docs" / "sv" / "hemligt.md").symlink_to(secret)
    assert main(["--root", str(root), *command]) == 1
    err = capsys.readouterr().err
    assert "docs/sv/hemligt.md" in err and "do-not-index" not in err and "Traceback" not in err
    assert not (root / ".cache" / "search").exists()  # nothing was indexed

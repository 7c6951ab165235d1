"""Build-only files handed to MkDocs (kc.adapters.mkdocs.generated)."""

from __future__ import annotations

import os

import pytest
from mkdocs.config import load_config

from kc.adapters.mkdocs.generated import generated_file, published_file, published_files


def _config(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nsite_url: https://k.example/\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins._current_plugin = "kc"  # as during the on_files event, where the plugin makes them
    return config


def test_a_published_file_is_in_its_place_before_mkdocs_copies_anything(tmp_path):
    config = _config(tmp_path)
    f = published_file(config, "en", "feed.xml", "<feed>ö</feed>\n")
    target = tmp_path / "site/en/feed.xml"
    assert target.read_bytes() == "<feed>ö</feed>\n".encode()
    assert (f.dest_uri, f.url, f.abs_src_path) == ("en/feed.xml", "en/feed.xml", str(target))
    f.copy_file()  # the source is its destination: MkDocs leaves it as written
    assert target.read_bytes() == "<feed>ö</feed>\n".encode()
    assert f.content_bytes == target.read_bytes()  # read back from disk when asked: nothing kept in memory


def test_default_language_and_root_files_and_bytes_as_they_are(tmp_path):
    config = _config(tmp_path)
    sv = published_file(config, "sv", "assets/search/sv.js", "x")
    root = published_file(config, None, "api/v1/clauses.csv", b"\xef\xbb\xbfa,b\r\n")
    assert sv.dest_uri == "assets/search/sv.js" and (tmp_path / "site/assets/search/sv.js").read_text() == "x"
    assert root.url == "api/v1/clauses.csv"
    assert (tmp_path / "site/api/v1/clauses.csv").read_bytes() == b"\xef\xbb\xbfa,b\r\n"  # BOM and CRLF kept
    # Placed like the in-memory files: the same address as before.
    same = generated_file(config, "sv", "assets/search/sv.js", "x")
    assert (same.dest_uri, same.url, same.abs_dest_path) == (sv.dest_uri, sv.url, sv.abs_dest_path)


def test_published_files_are_written_by_a_child_and_placed_here(tmp_path):
    config = _config(tmp_path)

    def make():
        return {"assets/search/en.js": f"pid={os.getpid()}", "assets/search/en-words.js": b"\x00w"}

    made = published_files(config, "en", make)
    assert [f.dest_uri for f in made] == ["en/assets/search/en.js", "en/assets/search/en-words.js"]
    written = (tmp_path / "site/en/assets/search/en.js").read_text()
    assert written.startswith("pid=") and written != f"pid={os.getpid()}"  # made in another process
    assert made[1].content_bytes == b"\x00w" and made[1].abs_src_path == made[1].abs_dest_path
    # Placed exactly as published_file places the same file.
    one = published_file(config, "en", "assets/search/en.js", "x")
    assert (one.dest_uri, one.url, one.abs_src_path) == (made[0].dest_uri, made[0].url, made[0].abs_src_path)


def test_published_files_raise_what_making_them_raised_and_root_files(tmp_path):
    config = _config(tmp_path)
    root = published_files(config, None, lambda: {"api/v1/x.json": "{}"})
    assert [f.url for f in root] == ["api/v1/x.json"]

    def broken():
        raise ValueError("docs/sv/documents/x.md: no title")

    with pytest.raises(ValueError, match="no title"):
        published_files(config, "sv", broken)

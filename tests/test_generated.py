"""Build-only files handed to MkDocs (kc.adapters.mkdocs.generated)."""

from __future__ import annotations

from mkdocs.config import load_config

from kc.adapters.mkdocs.generated import generated_file, published_file


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

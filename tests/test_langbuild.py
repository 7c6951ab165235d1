"""One language's build in its own process: only that language, and a clear result when it cannot build."""

from __future__ import annotations

from kc.langbuild import build_language


def test_builds_only_the_given_language_at_its_place(site_copy, tmp_path):
    root = site_copy("basic")
    res = build_language(str(root / "mkdocs.yml"), str(tmp_path / "en"), "en", {}, None)
    assert res["ok"] and res["error"] is None and res["warnings"] == []
    assert res["peak_mb"] > 0 and res["seconds"] > 0
    # English pages under en/, no Swedish page at the root (that is the other process's work).
    assert (tmp_path / "en" / "en" / "index.html").is_file()
    assert not (tmp_path / "en" / "index.html").exists()


def test_an_unknown_language_is_a_result_not_a_traceback(site_copy, tmp_path):
    root = site_copy("basic")
    res = build_language(str(root / "mkdocs.yml"), str(tmp_path / "fi"), "fi", {}, None)
    assert not res["ok"] and "language 'fi' is not among" in res["error"]


def test_a_broken_config_is_a_result(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: [unclosed\n", encoding="utf-8")
    res = build_language(str(config), str(tmp_path / "out"), "sv", {}, None)
    assert not res["ok"] and res["error"]

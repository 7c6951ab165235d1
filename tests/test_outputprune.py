"""The theme's unused search files and source maps are removed from the output, and nothing else."""

from __future__ import annotations

import os

from kc.edition.outputprune import prune_unused_theme_files


def test_prune_removes_the_theme_search_and_source_maps_only(tmp_path):
    keep = ["index.html", "assets/javascripts/bundle.min.js", "assets/kc/search.js", "assets/kc/kc.css"]
    drop = ["assets/javascripts/bundle.min.js.map", "assets/stylesheets/main.min.css.map",
            "assets/javascripts/lunr/min/lunr.sv.min.js", "assets/javascripts/workers/search.min.js"]
    for rel in keep + drop:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    removed = prune_unused_theme_files(tmp_path)
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert left == sorted(keep)
    assert "assets/javascripts/lunr/" in removed and "assets/stylesheets/main.min.css.map" in removed


def test_prune_never_follows_a_symlink_out_of_the_site(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.map").write_text("keep me", encoding="utf-8")
    site = tmp_path / "site"
    (site / "assets" / "javascripts").mkdir(parents=True)
    os.symlink(outside, site / "assets" / "javascripts" / "lunr")
    prune_unused_theme_files(site)
    assert (outside / "precious.map").read_text(encoding="utf-8") == "keep me"

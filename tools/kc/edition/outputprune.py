"""Theme files that no page of ours uses, removed from the output folder after every build.

Material ships its own search (lunr, its language files and a web worker) and source maps for its
scripts and styles. Our pages never load them: the site's search is its own (assets/kc/search.js), since
Material's does not work from file://. Left in, they would be a megabyte of dead weight in every offline
edition, and files that no reader needs are files that nobody checks.
"""

from __future__ import annotations

import shutil
from pathlib import Path

UNUSED_FOLDERS = ("assets/javascripts/lunr", "assets/javascripts/workers")


def prune_unused_theme_files(site_dir: Path) -> list[str]:
    """Remove the theme's search files and every source map under `site_dir`; return what was removed."""
    site_dir = Path(site_dir)
    removed = []
    for rel in UNUSED_FOLDERS:
        folder = site_dir / rel
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder)
            removed.append(rel + "/")
    for path in sorted(site_dir.rglob("*.map")):
        if path.is_file() and not path.is_symlink():
            path.unlink()
            removed.append(path.relative_to(site_dir).as_posix())
    return removed

"""The output step that finishes every page of a built site folder, whatever generator wrote it.

It works on the files, not on generator events: the theme's invalid markup is repaired, the language links
Material would fetch sitemaps for are dropped, links to folders point at their index.html in the offline
edition, and every page is put under the Content-Security-Policy with its inline scripts moved to files
(kc.edition.csp). Each change is idempotent, so a folder can be finished twice without harm, which a
preview that rebuilds only some pages needs.
"""

from __future__ import annotations

from pathlib import Path

from kc.edition import csp
from kc.pages import pagehtml

# The one page a server shows at any address: its links are root-absolute (or, read from disk, relative
# to the root folder it lies in).
ERROR_PAGE = "404.html"


def finish_page(
    html: str, rel: str, *, base_path: str = "/", offline: bool = False, meta: bool = True
) -> tuple[str, dict[str, str]]:
    """The finished HTML of the page at `rel` (its path below the site root, e.g. 'en/about/index.html') and
    the scripts to write beside it ({path below the site root: text}).

    `base_path`: the site's path on its server ('/' or '/kc/'), for the error page's links; `offline`: the
    edition read from disk; `meta`: add the policy's meta tag (not under a live-reloading preview)."""
    html = pagehtml.valid_theme_markup(pagehtml.drop_hreflang_links(html))
    if rel == ERROR_PAGE:
        if not offline:
            return csp.secure(html, base_path, meta=meta)
        html, root = pagehtml.relative_root_links(html), "."
    else:
        depth = rel.count("/")
        root = "/".join([".."] * depth) or "."
    if offline:
        # Links written as HTML in the content ('../') are not rewritten by the generator: disk needs
        # index.html.
        html = pagehtml.file_links(html)
    return csp.secure(html, root, meta=meta)


def finish_site(site_dir: Path, *, base_path: str = "/", offline: bool = False, meta: bool = True) -> int:
    """Finish every page below `site_dir` in place (see `finish_page`); the number of pages changed."""
    site_dir = Path(site_dir)
    changed = 0
    for path in sorted(site_dir.rglob("*.html")):
        if path.is_symlink() or not path.is_file():
            continue  # the output scan refuses links; nothing here may follow one out of the folder
        try:
            html = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            # The generator writes UTF-8; anything else was put there by hand and is not published.
            raise ValueError(f"{path}: byte {exc.start} is not UTF-8; the page cannot be finished") from None
        done, scripts = finish_page(
            html, path.relative_to(site_dir).as_posix(), base_path=base_path, offline=offline, meta=meta
        )
        csp.write_scripts(site_dir, scripts)
        if done != html:
            path.write_text(done, encoding="utf-8")
            changed += 1
    return changed

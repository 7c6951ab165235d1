"""The Content-Security-Policy of every page: only the site's own resources, and no inline scripts.

Material writes a few small inline <script>s into every page (local-storage scope, palette, tabs), and one
of them differs with the page's depth. Instead of allowing them by hash, which would make the policy differ
from page to page and the HTTP header of a server impossible to write once, each inline script is moved
into a file of its own under assets/kc/inline/, named by the SHA-256 of its text. A classic external script
without defer or async runs at the same point of parsing as the inline one did, so the order of execution
is unchanged, and the
policy is the same short text for every page, for the meta tag and for a server's header alike.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

INLINE_DIR = "assets/kc/inline"

# 'self' covers the site's own files over http and, in Chromium, other file: URLs when the page itself was
# opened from disk (checked by tests/test_crawl_browser.py). data: images are the icons Material's
# stylesheet draws with CSS masks. Nothing else: no outside hosts, fonts, frames, plug-ins or form targets.
DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("object-src", "'none'"),
    ("frame-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
# Browsers ignore these in a <meta> tag (and log an error about it); they belong in the HTTP header only.
HEADER_ONLY: tuple[tuple[str, str], ...] = (("frame-ancestors", "'none'"),)


def meta_policy() -> str:
    """The policy as written into the meta tag of every page."""
    return "; ".join(f"{name} {value}" for name, value in DIRECTIVES)


def header_policy() -> str:
    """The same policy for a web server's Content-Security-Policy header (adds what a meta tag cannot say)."""
    return "; ".join(f"{name} {value}" for name, value in DIRECTIVES + HEADER_ONLY)


META_TAG = f'<meta http-equiv="Content-Security-Policy" content="{meta_policy()}">'

# Every <script> element; `move` decides which are inline scripts a browser would run. Data blocks such as
# Material's <script id="__config" type="application/json"> are not run, so the policy does not touch them.
_SCRIPT_RE = re.compile(r"<script(\s[^>]*)?>(.*?)</script\s*>", re.S | re.I)
_SRC_RE = re.compile(r"\ssrc\s*=", re.I)
_TYPE_RE = re.compile(r"\stype\s*=\s*[\"']?([^\"'\s>;]+)", re.I)
_RUN_TYPES = {"text/javascript", "application/javascript", "module", "text/ecmascript"}
# Browsers ignore defer and async on an inline script, but not on an external one: drop them when moving.
_TIMING_RE = re.compile(r"\s(?:defer|async)(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?(?=\s|$)", re.I)
_CHARSET_RE = re.compile(r"<meta charset=\"[^\"]*\">")


def secure(html: str, root: str, meta: bool = True) -> tuple[str, dict[str, str]]:
    """`html` with its inline scripts moved to files and (unless `meta` is false) the policy's meta tag added.

    `root` is the page's relative or absolute URL of the site root ('../..', '/', '.'). Returns the new HTML
    and the scripts to write, as {path below the site root: text}.
    """
    scripts: dict[str, str] = {}
    prefix = root.rstrip("/") + "/" if root not in ("", ".") else ""

    def move(m: re.Match) -> str:
        attrs, code = m.group(1) or "", m.group(2)
        kind = _TYPE_RE.search(attrs)
        if _SRC_RE.search(attrs) or not code.strip() or (kind and kind.group(1).lower() not in _RUN_TYPES):
            return m.group(0)
        attrs = _TIMING_RE.sub("", attrs)
        path = f"{INLINE_DIR}/{hashlib.sha256(code.encode('utf-8')).hexdigest()[:20]}.js"
        scripts[path] = code
        return f'<script{attrs} src="{prefix}{path}"></script>'

    html = _SCRIPT_RE.sub(move, html)
    if meta and 'http-equiv="Content-Security-Policy"' not in html:
        # Right after the charset, before anything that loads: a meta policy covers only what follows it.
        m = _CHARSET_RE.search(html) or re.search(r"<head>", html)
        if m:
            html = html[: m.end()] + "\n      " + META_TAG + html[m.end() :]
    return html, scripts


def write_scripts(site_dir: Path, scripts: dict[str, str]) -> None:
    """Write the moved scripts below `site_dir`; the same text always goes to the same file."""
    for rel, code in scripts.items():
        target = Path(site_dir) / rel
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(code, encoding="utf-8")

"""Real headless Chromium for browser tests: launching it, serving a built site, recording requests."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = os.environ.get("KC_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium tries to reach Google's hosts at start-up.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    """Skip when Chromium is absent, unless KC_REQUIRE_BROWSER is set (CI), where it is an error."""
    if Path(CHROMIUM).exists() and shutil.which(CHROMIUM):
        return
    message = f"Chromium not found at {CHROMIUM}; install Debian's 'chromium' package"
    if os.environ.get("KC_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


def require_axe() -> str:
    """axe-core's source (pinned by package-lock.json); skip when absent, unless KC_REQUIRE_BROWSER."""
    require_chromium()
    if AXE.is_file():
        return AXE.read_text(encoding="utf-8")
    message = f"axe-core not found at {AXE}; run 'npm ci' (or 'make test', which runs it)"
    if os.environ.get("KC_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


@contextlib.contextmanager
def browser():
    """A headless Chromium browser (playwright, Debian's executable)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


class _HeaderHandler(_QuietHandler):
    extra_headers: tuple[tuple[str, str], ...] = ()

    def end_headers(self):
        for name, value in self.extra_headers:
            self.send_header(name, value)
        super().end_headers()


@contextlib.contextmanager
def serve(folder: Path, headers: tuple[tuple[str, str], ...] = ()):
    """Serve `folder` over http on 127.0.0.1 (random port), adding `headers` to every response;
    yields the base URL ending in '/'."""
    handler_class = type("_Handler", (_HeaderHandler,), {"extra_headers": tuple(headers)})
    handler = functools.partial(handler_class, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def site_base(folder: Path, over: str):
    """The root URL of the built site in `folder`, ending in '/': its file:// URL (over="file") or that of
    an http server for it (over="http"); the server runs in both cases."""
    with serve(folder) as http:
        yield folder.as_uri() + "/" if over == "file" else http


def home(base: str, lang: str = "sv") -> str:
    """The home page in `lang` below `base`: index.html named on file://, where no server adds it."""
    return base + ("en/" if lang == "en" else "") + ("index.html" if base.startswith("file:") else "")


@dataclass
class PageLog:
    """What a page asked for and complained about while it loaded."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def outside(self, base: str) -> list[str]:
        """Requests to anywhere but the site under test (`base` is its http URL or file:// root)."""
        allowed = urlparse(base)
        out = []
        for url in self.requests:
            u = urlparse(url)
            if u.scheme in ("data", "blob", "about"):
                continue
            if allowed.scheme == "file" and u.scheme == "file" and u.path.startswith(allowed.path):
                continue
            if (
                allowed.scheme.startswith("http")
                and u.scheme == allowed.scheme
                and u.netloc == allowed.netloc
            ):
                continue
            out.append(url)
        return out


def record(page) -> PageLog:
    """Start recording requests and console errors of a playwright `page`."""
    log = PageLog()
    page.on("request", lambda r: log.requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and log.console_errors.append(m.text))
    page.on("pageerror", lambda e: log.console_errors.append(str(e)))
    return log

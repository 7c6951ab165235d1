"""The editors' preview: `mkdocs serve` on a port that is checked first, with the content checked too."""

from __future__ import annotations

import errno
import socket
import subprocess
import sys
from pathlib import Path

HOST = "127.0.0.1"


class PortBusy(Exception):
    """The port is taken; the message says what to do."""


def check_port(port: int, host: str = HOST) -> None:
    """Raise PortBusy when `port` cannot be listened on (a preview or another program already has it)."""
    if not 1 <= port <= 65535:
        raise PortBusy(f"port {port} is not a port number; choose one from 1024 to 65535")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PortBusy(
                    f"port {port} is already in use (is another preview running?); "
                    f"choose another: make serve PORT={port + 1}  (or kc serve --port {port + 1})"
                ) from None
            raise PortBusy(f"cannot listen on {host}:{port} ({exc.strerror}); choose another port") from None


def serve(root: Path, port: int) -> int:
    """Run the live-reloading preview of `root` on `port`; return its exit status.

    Content errors do not stop the preview: the kc plugin then shows them on every page in the browser,
    and the next save that fixes them brings the site back (adapters/mkdocs plugin, serving mode).
    """
    check_port(port)
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", f"{HOST}:{port}",
           "--config-file", str(root / "mkdocs.yml")]
    print(f"kc serve: the preview is at http://{HOST}:{port}/ (Ctrl+C stops it)", file=sys.stderr)
    try:
        return subprocess.call(cmd, cwd=root)
    except KeyboardInterrupt:
        return 0

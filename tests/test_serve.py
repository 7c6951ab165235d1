"""The editors' preview: a busy port is one clear line; content errors show in the browser and go away."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from kc.cli import main
from kc.serve import PortBusy, check_port


def _listening() -> tuple[socket.socket, int]:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen()
    return s, s.getsockname()[1]


def test_busy_port_is_refused_in_one_line(site_copy, capsys):
    root = site_copy("basic")
    s, port = _listening()
    with s:
        status = main(["serve", "--port", str(port), "--root", str(root)])
    err = capsys.readouterr().err.strip()
    assert status == 1
    assert err.count("\n") == 0, err
    assert f"port {port} is already in use" in err and f"PORT={port + 1}" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("port", [0, -1, 70000])
def test_impossible_port_is_refused(port):
    with pytest.raises(PortBusy, match="not a port number"):
        check_port(port)


def test_free_port_passes():
    s, port = _listening()
    s.close()
    check_port(port)  # raises when it cannot listen


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, predicate, seconds: float = 90) -> str:
    end = time.monotonic() + seconds
    text = ""
    while time.monotonic() < end:
        text = _get(url)
        if predicate(text):
            return text
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed what was expected; last page:\n{text[:2000]}")


@pytest.mark.slow
def test_preview_lists_content_errors_and_recovers(site_copy):
    root = site_copy("basic")
    record = root / "docs" / "guidelines" / "housing.yml"
    good = record.read_text(encoding="utf-8")
    record.write_text(good.replace("status: adopted", "status: bogus"), encoding="utf-8")
    s, port = _listening()
    s.close()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kc.cli", "--root", str(root), "serve", "--port", str(port)],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        page = _wait_for(url, lambda t: "Innehållet har fel" in t)
        assert "docs/guidelines/housing.yml:" in page and "bogus" in page
        record.write_text(good, encoding="utf-8")  # the editor fixes it and saves
        page = _wait_for(url, lambda t: t and "Innehållet har fel" not in t)
        assert "kc-content-errors" not in page
        assert _get(url + "guidelines/housing/").count("Tillfälligt boende") >= 1
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()

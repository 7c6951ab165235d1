"""Every kind of page is valid HTML by the current Nu HTML Checker (vnu, pinned in package-lock.json)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

VNU = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# One page of every kind, in both languages.
PAGES = [
    "index.html", "404.html", "guidelines/index.html", "guidelines/relocation/index.html",
    "guidelines/relocation/v1.1/index.html", "guidelines/relocation/history/index.html",
    "guidelines/responsibilities/index.html", "guidelines/providers/index.html", "glossary/index.html",
    "whats-new/index.html", "about/index.html", "translations/index.html", "hosting/index.html",
    "accessibility/index.html", "contributing/index.html",
]


def _vnu_command() -> list[str]:
    java = shutil.which("java")
    if java and VNU.is_file():
        return [java, "-jar", str(VNU), "--errors-only", "--format", "json"]
    message = (
        "the Nu HTML Checker needs Java and node_modules/vnu-jar ('npm ci'; Debian: default-jre-headless)"
    )
    if os.environ.get("KC_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


def _errors(site: Path, pages: list[str]) -> list[str]:
    files = [str(site / p) for p in pages]
    missing = [f for f in files if not Path(f).is_file()]
    assert not missing, missing
    out = subprocess.run(_vnu_command() + files, capture_output=True, text=True, timeout=600)
    messages = json.loads(out.stderr or '{"messages": []}')["messages"]
    return [
        f"{m.get('url', '').rsplit(str(site), 1)[-1]}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages if m.get("type") == "error"
    ]


def test_every_kind_of_page_is_valid_html(real_site):
    pages = PAGES + ["en/" + p for p in PAGES if p != "404.html"]
    assert _errors(real_site, pages) == []


def test_offline_edition_pages_are_valid_html(real_bundle):
    pages = ["index.html", "guidelines/relocation/index.html", "en/guidelines/providers/index.html"]
    assert _errors(real_bundle["folder"], pages) == []

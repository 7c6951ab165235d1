"""The process diagram: checks at file and line, and an inline SVG that needs nothing from outside."""

from __future__ import annotations

import pytest

from browser_util import browser, record, require_chromium, serve
from conftest import build
from kc.model import Project
from kc.process import load_process

PROCESS = "docs/guidelines/_process.yml"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('clause: "1.1"', 'clause: "9"', f"{PROCESS}:4: clause '9' of step 'move' is not in the current Swedish text"),
        ('{id: ask, clause: "1", ', '{id: ask, ', f"{PROCESS}:3: step 'ask' has no 'clause'"),
        ('en: "Moving in"', 'es: "Mudanza"', f"{PROCESS}:4: step 'move' has no English label 'en'"),
        ("id: move", "id: ask", f"{PROCESS}:4: step id 'ask' is used twice (first on line 3)"),
        ("guideline: HO", "guideline: ZZ", f"{PROCESS}:1: unknown guideline 'ZZ'"),
    ],
)
def test_bad_process_is_reported_at_its_line(site_copy, old, new, expected):
    root = site_copy("datafiles")
    path = root / PROCESS
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    found = [str(f) for f in load_process(Project.load(root)).findings]
    assert any(p.startswith(expected) for p in found), found


def test_steps_out_of_clause_order(site_copy):
    root = site_copy("datafiles")
    path = root / PROCESS
    path.write_text(path.read_text(encoding="utf-8").replace('clause: "1",', 'clause: "1.2",').replace(
        'clause: "1.1"', 'clause: "1"').replace('clause: "1.2"', 'clause: "1.1"'), encoding="utf-8")
    found = [str(f) for f in load_process(Project.load(root)).findings]
    assert any("comes earlier in the text" in p and p.startswith(f"{PROCESS}:4:") for p in found), found


def test_real_process_steps_match_relocation_clauses():
    from conftest import ROOT

    process = load_process(Project.load(ROOT))
    assert process.findings == [] and process.guideline == "RL" and len(process.steps) >= 6


@pytest.mark.browser
def test_diagram_renders_inline_without_outside_requests(site_copy, tmp_path):
    require_chromium()
    site = build(site_copy("datafiles"), tmp_path / "site")
    html = (site / "en/guidelines/housing/index.html").read_text(encoding="utf-8")
    assert '<svg class="kc-process__diagram" role="img"' in html
    with serve(site) as base, browser() as b:
        page = b.new_page()
        log = record(page)
        page.goto(f"{base}en/guidelines/housing/", wait_until="networkidle")
        box = page.locator("svg.kc-process__diagram").bounding_box()
        assert box and box["width"] > 100 and box["height"] > 100
        assert page.locator(".kc-process__steps li").all_inner_texts()[0].startswith("Request for housing")
        assert log.outside(base) == []
        assert log.console_errors == []

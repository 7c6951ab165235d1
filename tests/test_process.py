"""The process diagram: checks at file and line, and an inline SVG that needs nothing from outside."""

from __future__ import annotations

import pytest

from browser_util import browser, record, require_chromium, serve
from conftest import build
from kc.content.model import Project
from kc.pages.process import load_process

PROCESS = "docs/guidelines/_process.yml"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'clause: "1.1"',
            'clause: "9"',
            f"{PROCESS}:4: clause '9' of step 'move' is not in the current Swedish text",
        ),
        ('{id: ask, clause: "1", ', "{id: ask, ", f"{PROCESS}:3: step 'ask' has no 'clause'"),
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
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace('clause: "1",', 'clause: "1.2",')
        .replace('clause: "1.1"', 'clause: "1"')
        .replace('clause: "1.2"', 'clause: "1.1"'),
        encoding="utf-8",
    )
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
    assert '<svg class="kc-process__diagram" aria-hidden="true"' in html
    with serve(site) as base, browser() as b:
        page = b.new_page()
        log = record(page)
        page.goto(f"{base}en/guidelines/housing/", wait_until="networkidle")
        box = page.locator("svg.kc-process__diagram").bounding_box()
        assert box and box["width"] > 100 and box["height"] > 100
        assert page.locator(".kc-process__steps li").all_inner_texts()[0].startswith("Request for housing")
        assert log.outside(base) == []
        assert log.console_errors == []


@pytest.mark.browser
def test_diagram_is_accessible_and_readable_on_a_phone(site_copy, tmp_path):
    site = build(site_copy("datafiles"), tmp_path / "site")
    with serve(site) as base, browser() as b:
        page = b.new_page(
            viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True
        )
        log = record(page)
        page.goto(f"{base}guidelines/housing/", wait_until="networkidle")
        svg = page.locator("svg.kc-process__diagram")
        # Hidden from assistive technology (links inside an image are nested interactive content): the figure
        # is named by its caption, and the ordered list in it carries the same steps as links.
        assert svg.get_attribute("aria-hidden") == "true"
        steps = page.locator(".kc-process__steps li a")
        assert steps.count() == 2 and steps.nth(1).get_attribute("href") == "#c1-1"
        assert page.get_by_role("figure", name="Processen steg för steg", exact=True).count() == 1
        assert page.locator("figure.kc-process").get_by_role("img").count() == 0
        # Fits the screen without sideways scrolling, and its text is not shrunk below a readable size.
        box = svg.bounding_box()
        assert box and 0 < box["x"] and box["x"] + box["width"] <= 360
        figure = page.locator("figure.kc-process")
        assert figure.evaluate("f => f.scrollWidth <= f.clientWidth")  # nothing in it sticks out sideways
        right = figure.evaluate(
            "f => Math.max(...[...f.querySelectorAll('*')].map(e => e.getBoundingClientRect().right))"
        )
        assert right <= 360
        scale = box["width"] / float(svg.get_attribute("viewBox").split()[2])
        assert 16 * scale >= 13, f"diagram text would be {16 * scale:.1f} px on a phone"
        assert log.outside(base) == [] and log.console_errors == []

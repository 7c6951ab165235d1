"""Generated page parts in render.py: the HTML stash, the outdated-translation notice, text paths."""

from __future__ import annotations

import pytest

from kc.content.model import Project, parse_text_src
from kc.pages import render
from kc.pages.render import HtmlStash, outdated_notice


def test_stash_fills_its_own_placeholders_in_place():
    stash = HtmlStash()
    first, second = stash.put("<p>one</p>"), stash.put("<p>two</p>")
    assert stash.fill(f"<h1>T</h1>\n{second}\n{first}") == "<h1>T</h1>\n<p>two</p>\n<p>one</p>"


def test_stash_leaves_placeholders_it_did_not_make():
    stash, other = HtmlStash(), HtmlStash()
    stash.put("<p>one</p>")
    foreign = other.put("<p>other</p>")
    # A text quoting the placeholder form (an editors' guide), another stash's, and one past the end.
    out_of_range = f"<!-- kc-html {stash.token} 7 -->"
    html = f"<p>x</p><!-- kc-html 0 -->{foreign}{out_of_range}"
    assert stash.fill(html) == html
    assert stash.token != other.token


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("sv/guidelines/housing/index.md", ("sv", "housing", None)),
        ("en/guidelines/housing/v1.0/index.md", ("en", "housing", "1.0")),
        ("sv/guidelines/housing/history.md", None),  # the generated history page, not a text
        ("sv/guidelines/housing/v1/index.md", None),  # versions are MAJOR.MINOR
        ("de/guidelines/housing/index.md", None),  # not a site language
        ("sv/guidelines/index.md", None),  # the guideline index
        ("guidelines/housing.yml", None),  # a record
    ],
)
def test_parse_text_src(src, expected):
    assert parse_text_src(src) == expected


def _outdated_project(root):
    en = root / "docs/en/guidelines/housing/index.md"
    # An English text still translating the earlier version.
    en.write_text(
        (root / "docs/en/guidelines/housing/v1.0/index.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return Project.load(root)


def test_outdated_notice_links_the_swedish_text(site_copy):
    project = _outdated_project(site_copy("basic"))
    g = project.by_slug["housing"]
    src = "en/guidelines/housing/index.md"
    notice = outdated_notice(project, g, "en", src, dir_urls=True)
    assert notice.startswith('<div class="admonition warning kc-outdated" role="note">')
    assert "This translation is of version 1.0" in notice and "version 2.0" in notice
    assert '<a href="../../../guidelines/housing/" hreflang="sv">' in notice
    # Without directory URLs the page is en/guidelines/housing/index.html: same folder, named file.
    plain = outdated_notice(project, g, "en", src, dir_urls=False)
    assert '<a href="../../../guidelines/housing/index.html" hreflang="sv">' in plain


def test_outdated_notice_only_on_the_current_english_text(site_copy):
    root = site_copy("basic")
    project = Project.load(root)
    g = project.by_slug["housing"]
    assert outdated_notice(project, g, "en", "en/guidelines/housing/index.md", True) is None  # up to date
    project = _outdated_project(root)
    g = project.by_slug["housing"]
    assert outdated_notice(project, g, "sv", "sv/guidelines/housing/index.md", True) is None
    assert outdated_notice(project, g, "en", "sv/guidelines/housing/index.md", True) is None  # a fallback
    assert outdated_notice(project, g, "en", "en/guidelines/housing/v1.0/index.md", True) is None


def test_consultation_notice_says_how_to_comment_with_the_configured_address(site_copy):
    project = Project.load(site_copy("basic"))
    g = project.records[0]
    g.status, g.consultation_closes = "consultation", None
    hostile = 'remiss@example.invalid"><script>'
    (note,) = render.status_notices(g, "sv", hostile)
    assert 'href="mailto:remiss@example.invalid&quot;&gt;&lt;script&gt;?subject=Remissvar%20' in note
    assert "<script>" not in note and "Skicka synpunkterna med e-post" in note
    (note,) = render.status_notices(g, "en", "")
    assert "mailto:" not in note  # no address configured: no link to nowhere


def test_guideline_index_calls_a_date_of_a_text_not_adopted_a_plan(site_copy):
    project = Project.load(site_copy("basic"))
    adopted = next(g for g in project.records if g.status == "adopted")
    table = render.guideline_index(project, "sv", "sv/guidelines/index.md", "sv")
    row = next(line for line in table.splitlines() if line.startswith(f"| {adopted.id} |"))
    assert "Gäller från " in row and "Planeras" not in row
    adopted.status = "consultation"
    table = render.guideline_index(project, "en", "en/guidelines/index.md", "en")
    row = next(line for line in table.splitlines() if line.startswith(f"| {adopted.id} |"))
    assert "Planned to apply from " in row

"""The page rules as a Python-Markdown extension, run by Python-Markdown alone (no MkDocs)."""

from __future__ import annotations

from pathlib import Path

import markdown
import yaml

from kc.content.clauses import anchor
from kc.content.model import Project
from kc.pages.extension import NAME

ROOT = Path(__file__).resolve().parent.parent
BASIC = Path(__file__).resolve().parent / "fixtures" / "basic"
HOUSING = "sv/guidelines/housing/index.md"
EXTENSIONS = ["attr_list", "fenced_code", "md_in_html", "toc", "pymdownx.tasklist", NAME]


def convert(text: str, **options) -> str:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs={NAME: options}).convert(text)


def housing_text() -> str:
    return (BASIC / "docs" / HOUSING).read_text(encoding="utf-8")


def test_a_guideline_page_gets_header_anchors_and_cross_references():
    html = convert(housing_text(), root=str(BASIC), lang="sv", src=HOUSING)
    assert 'class="kc-facts"' in html  # the generated header, put back from its placeholder
    assert "kc-html" not in html  # no placeholder left behind
    assert f'id="{anchor("1.1")}"' in html
    assert "[[SC 1.1]]" not in html and f"../schools/index.md#{anchor('1.1')}" in html
    assert 'class="task-list-item' in html and "<label" in html  # the checklist's box has its label


def test_the_project_can_be_handed_over_instead_of_its_folder():
    project = Project.load(BASIC)
    by_object = convert(housing_text(), project=project, lang="sv", src=HOUSING)
    by_root = convert(housing_text(), root=str(BASIC), lang="sv", src=HOUSING)
    # The stash token differs per page; everything else is the same page.
    assert 'class="kc-facts"' in by_object and by_object.count("<h2") == by_root.count("<h2")


def test_without_a_page_the_markdown_is_left_as_written():
    text = housing_text()
    plain = markdown.Markdown(extensions=EXTENSIONS[:-1]).convert(text)
    assert convert(text, root=str(BASIC), lang="sv") == plain
    assert "[[SC 1.1]]" in plain


def test_code_blocks_are_not_touched():
    text = "## 1 Syfte\n\nText.\n\n```\n[[SC 1.1]]\n<!-- kc:glossary -->\n```\n"
    html = convert(text, root=str(BASIC), lang="sv", src="sv/about.md")
    assert "[[SC 1.1]]" in html and "&lt;!-- kc:glossary --&gt;" in html


def test_mkdocs_yml_lists_the_extension():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
    assert NAME in config["markdown_extensions"]


def test_the_page_is_finished_once_not_once_per_heading(monkeypatch):
    """The table of contents runs every postprocessor on each heading's text; the page rules' own step
    runs on the whole page only, and the headings' names come out as written."""
    from kc.pages import extension

    calls = []
    real = extension.page_html
    monkeypatch.setattr(extension, "page_html", lambda html, *a: calls.append(html) or real(html, *a))
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs={NAME: {"root": str(BASIC), "lang": "sv",
                                                                           "src": "sv/about.md"}})
    html = md.convert("# Titel\n\n## Ett *avsnitt*\n\nText.\n\n## Ett annat\n\n- [ ] uppgift\n")
    assert len(calls) == 1 and calls[0].startswith("<h1")
    assert [t["name"] for t in md.toc_tokens[0]["children"]] == ["Ett avsnitt", "Ett annat"]
    assert "<label>" in html  # and the page's own step did run


def test_glossary_explanations_go_to_the_abbr_extension_not_into_the_text():
    project = Project.load(ROOT)
    text = "Ett avhopparärende.\n\n*[avhopparärende]: egen förklaring\n"
    options = {NAME: {"project": project, "lang": "sv", "src": "sv/about.md"}}
    md = markdown.Markdown(extensions=["abbr", *EXTENSIONS], extension_configs=options)
    html = md.convert(text)
    # The glossary's explanation wins over the page's own line, as when it stood at the end of the page.
    assert '<abbr title="' in html and 'title="egen förklaring"' not in html and "*[" not in html
    assert md.treeprocessors["abbr"].abbrs["avhopparärende"] != "egen förklaring"
    lines = md.preprocessors["kc-page-rules"].run(text.split("\n"))
    assert [line for line in lines if line.startswith("*[")] == ["*[avhopparärende]: egen förklaring"]
    # Without the abbr extension the lines stay in the text, where they always stood.
    plain = markdown.Markdown(extensions=EXTENSIONS, extension_configs=options).convert(text)
    assert "*[avhopparärende]:" in plain

"""What the build does to stay fast and lean must never show stale or different content."""

from __future__ import annotations

import dataclasses
import re

from conftest import ROOT, build
from kc.content.model import Project
from kc.content.text import read_text
from kc.pages import history


def test_deferred_history_page_is_the_same_page_once_filled():
    project = Project.load(ROOT)
    compared = [g for g in project.records if len(g.history) > 1]
    assert compared, "the real content must have a guideline with two versions"
    for g in compared:
        for lang in ("sv", "en"):
            inline = history.history_page(project, g, lang, lang)
            deferred = history.history_page(project, g, lang, lang, deferred=True)
            assert "kc-history__diff" not in deferred and "<!-- kc-comparison " in deferred
            assert history.fill_comparisons(project, g, lang, deferred) == inline


def test_index_by_slug_follows_the_records(site_copy):
    project = Project.load(site_copy("basic"))
    before = project.by_slug
    assert project.by_slug is before  # cached between look-ups
    extra = dataclasses.replace(project.records[0], slug="extra", id="EXT")
    project.records.append(extra)
    assert project.by_slug["extra"] is extra and project.by_id["EXT"] is extra


def test_front_matter_is_read_afresh_after_an_edit(tmp_path):
    path = tmp_path / "index.md"
    path.write_text('---\ntranslation_of: "1.0"\n---\nText\n', encoding="utf-8")
    first = read_text(path)
    first.meta["translation_of"] = "changed by a caller"  # must not leak into the next read
    assert read_text(path).meta == {"translation_of": "1.0"}
    path.write_text('---\ntranslation_of: "1.1"\n---\nText\n', encoding="utf-8")
    assert read_text(path).meta == {"translation_of": "1.1"}
    path.write_text("---\n- a list\n---\nText\n", encoding="utf-8")
    assert "must be a mapping" in read_text(path).meta_error


def test_a_second_build_in_the_same_process_shows_the_edits(site_copy):
    """`mkdocs serve` rebuilds in one process: nothing cached may survive an edit of the content."""
    root = site_copy("basic")
    site = build(root)
    text = root / "docs" / "sv" / "guidelines" / "housing" / "index.md"
    assert "Nyordet" not in (site / "guidelines" / "housing" / "history" / "index.html").read_text("utf-8")
    source = text.read_text(encoding="utf-8")
    heading = re.search(r"^## .*$", source, re.M)
    edited = source[: heading.end()] + "\n\nNyordet står här.\n" + source[heading.end() :]
    text.write_text(edited, encoding="utf-8")
    site = build(root)
    page = (site / "guidelines" / "housing" / "index.html").read_text("utf-8")
    assert "Nyordet står här." in page
    # The HTML kept out of Markdown is back in its place, and no placeholder is left.
    assert page.count('<details class="kc-cite" lang="sv">') == 2 and '<dl class="kc-facts"' in page
    assert re.search(r'<h2 class="kc-clause" id="c1">1 Syfte</h2>\n<details class="kc-cite"', page)
    assert "<!-- kc-html" not in page
    history_html = (site / "guidelines" / "housing" / "history" / "index.html").read_text("utf-8")
    assert re.search(r'<ins><span class="kc-sr-only">\[[^:]+: </span>(<br><br>)?Nyordet', history_html)
    assert "<!-- kc-comparison" not in history_html


def test_history_pages_stay_out_of_a_generated_navigation(site_copy):
    """Reached from their guideline; in a site without a `nav` they would double every page's menu."""
    root = site_copy("basic")
    config = root / "mkdocs.yml"
    config.write_text(re.sub(r"\nnav:\n(  - .*\n)+", "\n", config.read_text("utf-8")), encoding="utf-8")
    site = build(root)
    assert (site / "guidelines" / "housing" / "history" / "index.html").exists()
    page = (site / "guidelines" / "housing" / "index.html").read_text("utf-8")
    links = re.findall(r'href="([^"]*)" class="md-nav__link', page)
    assert "v1.0/" in links  # the generated navigation lists every page of the folder ...
    assert not [link for link in links if "history" in link]  # ... but the history page
    # Pages written earlier keep their titles in later pages' menus and footers (the build empties the text
    # of each page once it is written).
    footer = re.findall(r'class="md-footer__link[^"]*" aria-label="[^"]*: ([^"]*)"', page)
    assert footer and "None" not in footer and "" not in footer


def test_project_paths_are_named_relative_to_the_root(site_copy, tmp_path):
    project = Project.load(site_copy("basic"))
    text = project.text_path("housing", "sv", "1.0")
    assert project.rel(text) == "docs/sv/guidelines/housing/v1.0/index.md"
    assert project.rel(project.docs / "sv" / ".." / "en" / "index.md") == "docs/en/index.md"
    assert project.rel(tmp_path / "elsewhere.md") == (tmp_path / "elsewhere.md").as_posix()
    # A Path's text is taken as it is; a string is normalised as a Path would be.
    for inner in ["docs", "a b/ö.yml", "docs/sv/guidelines/x/v1.0/index.md"]:
        assert project.rel(project.root / inner) == inner
    assert project.rel(f"{project.root}/docs//sv/") == "docs/sv"


def test_glossary_word_lookup_agrees_with_a_scan_of_the_page():
    """Tooltips find terms through the page's set of words; the answer must be the regular expression's."""
    from kc.pages.glossary import _WORD_RE, occurs

    pages = [
        "Avhoppare får stöd. En avhopparverksamhet finns; avhopparen och e-post.",
        "Skyddat boende (skyddat  boende) ordnas, follow-up within 3 days; ej skyddat boendet.",
        "- [ ] Kontakt med *socialtjänsten*.\n\n| socialtjänst | x |",
    ]
    variants = ["Avhoppare", "avhoppare", "avhopparen", "avhopparverksamhet", "e-post", "post",
                "skyddat boende", "Skyddat boende", "skyddat  boende", "follow-up", "follow", "up", "3",
                "socialtjänsten", "socialtjänst", "boendet", "boende", "Kontakt med", "med *socialtjänsten*",
                "x |", "-"]
    for page in pages:
        words = set(_WORD_RE.findall(page))
        for variant in variants:
            scan = re.search(rf"(?<!\w){re.escape(variant)}(?!\w)", page) is not None
            assert occurs(variant, page, words) is scan, (variant, page)

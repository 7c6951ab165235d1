"""The glossary: checks, the generated page in each language and explanations in the texts."""

from __future__ import annotations

import pytest

from conftest import build
from kc.content.model import Project
from kc.pages.glossary import load_glossary, sort_key

GLOSSARY = "docs/guidelines/_glossary.yml"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'definition: "Den som hyr ut bostaden."',
            'definition: ""',
            f"{GLOSSARY}:6: the Swedish part of term 'hyresvard' has no 'definition'",
        ),
        ("id: hyresvard", "id: boende", f"{GLOSSARY}:5: term id 'boende' is used twice (first on line 2)"),
        ("forms: [hyresvärden]", "forms: [boendet]", f"{GLOSSARY}:6: 'boendet' is explained twice"),
        (
            "forms: [landlords]",
            "forms: landlords",
            f"{GLOSSARY}:7: 'forms' of term 'hyresvard' (en) must be a list",
        ),
    ],
)
def test_bad_glossary_is_reported_at_its_line(site_copy, old, new, expected):
    root = site_copy("datafiles")
    path = root / GLOSSARY
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    found = [str(f) for f in load_glossary(Project.load(root)).findings]
    assert any(p.startswith(expected) for p in found), found


def test_swedish_order_puts_a_ring_and_umlauts_last():
    words = ["översättning", "ärende", "åtgärd", "zon", "avhopp"]
    assert sorted(words, key=lambda w: sort_key(w, "sv")) == [
        "avhopp",
        "zon",
        "åtgärd",
        "ärende",
        "översättning",
    ]
    assert sorted(words, key=lambda w: sort_key(w, "en"))[:2] == [
        "ärende",
        "åtgärd",
    ]  # a-words first in English


def test_pages_and_tooltips_follow_the_data_in_each_language(site_copy, tmp_path):
    root = site_copy("datafiles")
    site = build(root, tmp_path / "one")
    sv = (site / "glossary/index.html").read_text(encoding="utf-8")
    en = (site / "en/glossary/index.html").read_text(encoding="utf-8")
    assert sv.index("<dfn>boende</dfn>") < sv.index("<dfn>hyresvärd</dfn>")
    assert '<span lang="en">accommodation</span>' in sv
    assert en.index("<dfn>accommodation</dfn>") < en.index("<dfn>landlord</dfn>")

    text_sv = (site / "guidelines/housing/index.html").read_text(encoding="utf-8")
    text_en = (site / "en/guidelines/housing/index.html").read_text(encoding="utf-8")
    assert '<abbr title="Den som hyr ut bostaden.">Hyresvärden</abbr>' in text_sv
    assert '<abbr title="The party that lets the home.">landlord</abbr>' in text_en
    assert "Den som hyr ut" not in text_en

    path = root / GLOSSARY
    path.write_text(
        path.read_text(encoding="utf-8").replace("The party that lets the home.", "Whoever lets the home."),
        encoding="utf-8",
    )
    site = build(root, tmp_path / "two")
    assert '<abbr title="Whoever lets the home.">landlord</abbr>' in (
        site / "en/guidelines/housing/index.html"
    ).read_text(encoding="utf-8")


def test_real_glossary_is_valid():
    from conftest import ROOT

    glossary = load_glossary(Project.load(ROOT))
    assert glossary.findings == [] and len(glossary.terms) >= 20


def test_no_tooltips_inside_links_or_headings():
    from kc.pages.glossary import drop_tooltips_in_links_and_headings as drop

    html = (
        '<h2 id="x"><abbr title="d">Boende</abbr> och mer</h2><p><abbr title="d">boende</abbr> '
        '<a href="y/"><abbr title="d">Boende</abbr></a></p>'
    )
    assert (
        drop(html)
        == '<h2 id="x">Boende och mer</h2><p><abbr title="d">boende</abbr> <a href="y/">Boende</a></p>'
    )


def test_tooltips_only_in_the_authors_text_once_per_section(site_copy, tmp_path):
    import re

    root = site_copy("datafiles")
    record = root / "docs/guidelines/housing.yml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("sv: Enheten för samverkan", "sv: Enheten för boende"),
        encoding="utf-8",
    )
    text = root / "docs/sv/guidelines/housing/index.md"
    text.write_text(
        text.read_text(encoding="utf-8").replace(
            "## Ansvar\n",
            (
                "## Om boendet\n\nLäs om [boendet](#c1) och `hyresvärd` i kod. Boendet väljs av hyresvärden. "
                "Hyresvärden och boendet nämns igen.\n\n## Ansvar\n"
            ),
        ),
        encoding="utf-8",
    )
    page = (build(root, tmp_path / "site") / "guidelines/housing/index.html").read_text(encoding="utf-8")
    article = page[page.index("<article") : page.index("</article>")]

    header = article[: article.index("<h2")]  # title, facts and notices are generated from the record
    assert "Enheten för boende" in header and "<abbr" not in header
    for tag in ("h1", "h2", "h3", "a", "code"):
        for inner in re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", article, re.S):
            assert "<abbr" not in inner, (tag, inner)
    section = article[article.index('id="om-boendet"') : article.index('id="ansvar"')]
    assert re.findall(r"<abbr[^>]*>(\w+)</abbr>", section) == ["Boendet", "hyresvärden"]  # first of each term
    assert "kc-header-end" not in page


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # the generated header (before the marker) gets no tooltips
        (
            '<dl><dd><abbr title="d">boende</abbr></dd></dl>\n<!-- kc-header-end -->\n'
            '<p><abbr title="d">boende</abbr></p>',
            '<dl><dd>boende</dd></dl>\n\n<p><abbr title="d">boende</abbr></p>',
        ),
        # a term and its forms share one explanation per section; a new h2 section explains it again
        (
            '<p><abbr title="d">boende</abbr> <abbr title="d">boendet</abbr></p>'
            '<h2>X</h2><p><abbr title="d">boende</abbr></p>',
            '<p><abbr title="d">boende</abbr> boendet</p><h2>X</h2><p><abbr title="d">boende</abbr></p>',
        ),
        # a page without any term (an untranslated English page) still loses the marker
        ('<dl><dd>x</dd></dl>\n<!-- kc-header-end -->\n<p>y</p>', '<dl><dd>x</dd></dl>\n\n<p>y</p>'),
        ("<h2>a</h2><p>b</p><h2>c</h2>", "<h2>a</h2><p>b</p><h2>c</h2>"),
    ],
)
def test_tooltip_placement_rules(html, expected):
    from kc.pages.glossary import drop_tooltips_in_links_and_headings as drop

    assert drop(html) == expected


def test_explanations_are_those_a_scan_per_term_finds():
    """Terms are looked up by their first word; the lines must be those a scan of the page for every term,
    form and capitalised form gives, in the glossary's order, on every page of the real site."""
    from pathlib import Path

    from kc.pages.glossary import abbreviations, occurs

    root = Path(__file__).resolve().parent.parent
    project = Project.load(root)
    terms = load_glossary(project).terms
    pages = [p.read_text(encoding="utf-8") for p in sorted((root / "docs").rglob("*.md"))]
    pages += ["Skyddat boende. skyddat\nboende, Avhopparverksamhet!", "", "— ( ) *"]
    checked = 0
    for lang in ("sv", "en"):
        for page in pages:
            expected = []
            for term in terms:
                entry = term.entries[lang]
                for word in entry.words:
                    for variant in dict.fromkeys((word, word[:1].upper() + word[1:])):
                        if occurs(variant, page):  # the plain regular-expression scan
                            expected.append(f"*[{variant}]: {entry.definition}")
            if 'class="kc-glossary"' in page:
                expected = []
            assert abbreviations(project, page, lang) == "\n".join(dict.fromkeys(expected)), page[:80]
            checked += bool(expected)
    assert checked > 10  # most pages do explain terms

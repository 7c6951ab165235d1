"""Code set aside once for the page rules (kc.pages.codesplit), and every rule leaving code alone."""

from __future__ import annotations

import random
from pathlib import Path

import markdown
import pytest

from kc.content.model import Project
from kc.content.sources import mask_code
from kc.pages import codesplit
from kc.pages.extension import NAME

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = ["abbr", "attr_list", "fenced_code", "md_in_html", "toc", NAME]
ALPHABET = ["`", "```", "~~~", "````", "\n", "\n\n", " ", "  ", "x", "[[RL 1]]", "## 1 T", "\ue000", "é"]


@pytest.fixture(scope="module")
def project() -> Project:
    return Project.load(ROOT)


def convert(project: Project, text: str, src: str = "sv/about.md", lang: str = "sv") -> str:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs={NAME: {"project": project, "lang": lang,
                                                                            "src": src}})
    return md.convert(text)


def random_texts(n: int = 400, seed: int = 15):
    rnd = random.Random(seed)
    for _ in range(n):
        yield "".join(rnd.choice(ALPHABET) for _ in range(rnd.randint(0, 40)))


def test_the_code_is_what_mask_code_blanks_out():
    for text in random_texts():
        masked = mask_code(text)
        inside = [False] * len(text)
        for a, b in codesplit.code_spans(text):
            inside[a:b] = [True] * (b - a)
        for i, ch in enumerate(text):
            if masked[i] != ch:  # blanked: must be code
                assert inside[i], (text, i)
            elif inside[i]:  # code keeps only its line breaks and spaces when blanked
                assert ch in "\n ", (text, i)


def test_restore_gives_back_the_page_byte_for_byte():
    for text in random_texts():
        split = codesplit.split_code(text)
        assert split.restore(split.text) == text
        if split.chunks:
            assert split.mark not in text
            # The text keeps its lines: one placeholder per line of code.
            assert split.text.count("\n") == text.count("\n")


def test_no_rule_sees_code():
    text = "a `[[RL 1]]` b\n\n```\n[[RL 1]]\n## 1 T\n```\n[[RL 2]] `x`"
    seen = []
    out = codesplit.apply_to_text(text, lambda t: seen.append(t) or t.replace("[[RL 2]]", "link"))
    assert out == "a `[[RL 1]]` b\n\n```\n[[RL 1]]\n## 1 T\n```\nlink `x`"
    assert "[[RL 1]]" not in seen[0] and "## 1 T" not in seen[0] and "`" not in seen[0]


def test_a_rule_that_writes_the_mark_itself_gets_another_mark():
    text = "`code` and text"
    mark = codesplit.split_code(text).mark
    # A generated block holding the very character (and a placeholder's shape) is text, not code.
    out = codesplit.apply_to_text(text, lambda t: t + f" {mark}0{mark}")
    assert out == f"`code` and text {mark}0{mark}"


def test_a_page_without_code_is_handed_over_as_it_is():
    split = codesplit.split_code("plain [[RL 1]] text\n")
    assert split.text == "plain [[RL 1]] text\n" and split.chunks == ()


def test_code_is_left_untouched_by_every_page_rule(project):
    doc = project.documents[0].id
    page = (
        "Ett avhopparärende och [[RL 1.1]] och [[" + doc + "]].\n\n"
        "```\n## 9 Exempelrubrik\n[[RL 1.1]] [[" + doc + "]] avhopparverksamhet\n"
        "<!-- kc:glossary -->\n```\n\n"
        "Inline: `[[RL 1.1]]`, `[[" + doc + "]]`, `avhopparverksamhet`.\n\n"
        "<!-- kc:consultation -->\n"
    )
    html = convert(project, page)
    code = html[html.index("<pre>") : html.index("</pre>")]
    assert "## 9 Exempelrubrik" in code and "[[RL 1.1]]" in code and f"[[{doc}]]" in code
    assert "&lt;!-- kc:glossary --&gt;" in code and "<abbr" not in code
    assert "<code>[[RL 1.1]]</code>" in html and f"<code>[[{doc}]]</code>" in html
    assert "<code>avhopparverksamhet</code>" in html
    # Around the code every rule still applies: links, the generated block, the glossary term's explanation.
    assert html.count("[[RL 1.1]]") == 2 and html.count(f"[[{doc}]]") == 2
    assert 'href="../guidelines/relocation/index.md#c1-1"' in html or "relocation/index.md#c1-1" in html
    assert "kc-glossary" not in html  # the marker in the code block was not expanded
    assert '<abbr title="' in html and ">avhopparärende</abbr>" in html
    # A term that stands only in code is not explained at all.
    assert "*[avhopparverksamhet]" not in html and ">avhopparverksamhet</abbr>" not in html


def test_clause_headings_in_code_are_no_clauses(project):
    g = project.by_id["RL"]
    src = f"sv/guidelines/{g.slug}/index.md"
    page = "## 1 Syfte\n\nText.\n\n```\n## 2 Inte en klausul\n```\n\n## 3 Efter koden\n\nMer text.\n"
    html = convert(project, page, src=src)
    assert 'id="c1"' in html and 'id="c3"' in html
    assert 'id="c2"' not in html and "## 2 Inte en klausul" in html


def test_glossary_terms_are_looked_for_in_the_text_only(project):
    from kc.pages.extension import page_context, page_markdown
    from kc.pages.render import HtmlStash

    def rules(text: str) -> str:
        return page_markdown(project, text, page_context(project, "sv", "sv/about.md"), HtmlStash())

    in_code = "Text.\n\n```\navhopparverksamhet\n```\n\n`avhopparverksamhet`\n"
    assert "*[avhopparverksamhet]:" not in rules(in_code)
    assert "*[avhopparverksamhet]:" in rules("En avhopparverksamhet och `kod`.\n")

"""Word-level comparison of two versions."""

from __future__ import annotations

import re

from kc.pages.diff import blocks, compare, render, tokens, words

OLD = """## 1 Syfte

Riktlinjen beskriver hur kommunen ordnar boende.

### 1.1 Omfattning

Riktlinjen gäller socialtjänsten.

### 1.2 Borttagen punkt

Den här punkten finns inte längre.
"""

NEW = """## 1 Syfte { #c1 .kc-clause }

Riktlinjen beskriver hur
kommunen ordnar **tillfälligt** boende.

### 1.1 Omfattning

Riktlinjen gäller socialtjänsten och bostadsaktörer.

### 1.3 Ny punkt

Helt ny text.
"""


def plain(html):
    return re.sub(r"<[^>]+>", "", html)


def test_tokens_keep_paragraphs_and_ignore_line_wrapping():
    assert tokens("a b\nc\n\nd") == ["a ", "b ", "c", "\n\n", "d"]


def test_blocks_follow_clauses():
    assert [b.key for b in blocks(OLD)] == ["1", "1.1", "1.2"]


def test_compare_classifies_each_clause():
    kinds = {c.key: c.kind for c in compare(OLD, NEW, "sv")}
    # Bold markup and the attribute list are not changes; a re-wrapped line is not a change either.
    assert kinds == {"1": "changed", "1.1": "changed", "1.3": "added", "1.2": "removed"}


def test_words_marks_insertions_and_deletions_with_words_for_screen_readers():
    html = words(
        "Riktlinjen gäller socialtjänsten.", "Riktlinjen gäller socialtjänsten och bostadsaktörer.", "sv"
    )
    assert "<del>" in html and "<ins>" in html
    assert plain(html).startswith("Riktlinjen gäller ")
    assert "[Tillagt: </span>socialtjänsten och bostadsaktörer." in html
    assert "[Borttaget: </span>socialtjänsten." in html


def test_unchanged_text_is_listed_not_repeated():
    html = render(OLD, OLD.replace("socialtjänsten.", "socialtjänsten och skolan."), "en")
    # Unchanged clauses are named where they stand, around the changed one.
    assert "Unchanged sections: 1</p>" in html and "Unchanged sections: 1.2</p>" in html
    assert html.count('class="kc-diff__clause') == 1


def test_identical_texts():
    assert "The text is unchanged." in render(OLD, OLD, "en")


def test_links_and_cross_references_compared_as_read():
    # The comparison is raw HTML: Markdown link syntax would be shown as it stands.
    old = OLD.replace(
        "socialtjänsten.", "socialtjänsten, se [[RL 3.2]] och [boende](../housing/index.md#c1)."
    )
    html = render(old, old.replace("[[RL 3.2]]", "[[RL 3.5 v1.0]]"), "sv")
    assert "[[" not in html and "](" not in html
    assert "se RL" in plain(html) and "3.2" in plain(html) and "3.5" in plain(html)
    assert "och boende." in plain(html)


def test_lists_and_tables_keep_their_lines_in_the_comparison():
    old = ("Parterna ska\n\n- kalla till möten\n- dokumentera\n\n"
           "| Aktör | Ansvar |\n|---|---|\n| Polisen | hot |\n")
    new = ("Parterna ska\n\n- kalla till möten\n- dokumentera ärendet\n- följa upp\n\n"
           "| Aktör | Ansvar |\n|---|---|\n| Polisen | hot |\n")
    assert tokens(new).count("\n") == 3  # two breaks between three items, one between two table rows
    out = words(old, new, "sv")
    # Each item starts a line of its own (no run-on paragraph), the new item is marked, no table rule shown.
    assert "<br>• kalla till möten<br>• dokumentera" in out
    assert re.search(r"<ins>.*• följa upp.*</ins>", out)
    assert "---" not in out and "| Polisen | hot |" in out


def test_history_summary_links_clause_numbers_but_not_versions(site_copy):
    from kc.content.clauses import parse_clauses
    from kc.content.model import Project
    from kc.pages.history import linked_summary

    project = Project.load(site_copy("basic"))
    g = project.records[0]
    text_ = project.text_path(g.slug, "sv").read_text(encoding="utf-8")
    number = next(c.number for c in parse_clauses(text_) if "." in c.number)
    text = f"Ny lydelse i {number} och i version {number}; punkt 99.9 finns inte."
    out = linked_summary(project, g, g.version, text, "sv")
    assert out.count("[[") == 1 and f"[[{g.id} {number} v{g.version}]]" in out
    # The rest is literal Markdown: versions and unknown numbers stay text, and nothing else becomes markup.
    assert f"version {number}".replace(".", "\\.") in out and "99\\.9" in out

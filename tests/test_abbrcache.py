"""The abbr extension's tree processor with its pattern compiled once per set of terms."""

from __future__ import annotations

import markdown
from markdown.extensions.abbr import AbbrTreeprocessor

from kc.pages import abbrcache

TEXT = """# Om HTML och HTML5

HTML5 är nyare än HTML, och CSS styr utseendet. Ordet HTMLX är inget av dem.

*[HTML]: HyperText Markup Language
*[HTML5]: den femte versionen
*[CSS]: Cascading Style Sheets
"""


def _plain_abbr(text: str) -> str:
    return markdown.Markdown(extensions=["abbr"]).convert(text)


def _cached_abbr(text: str) -> tuple[str, markdown.Markdown]:
    md = markdown.Markdown(extensions=["abbr"])
    abbrcache.install(md)
    return md.convert(text), md


def test_the_page_is_exactly_the_abbr_extensions():
    html, md = _cached_abbr(TEXT)
    assert isinstance(md.treeprocessors["abbr"], abbrcache.CachedAbbrTreeprocessor)
    assert html == _plain_abbr(TEXT)
    assert '<abbr title="den femte versionen">HTML5</abbr>' in html  # the longer term wins
    assert "HTMLX" in html and "<abbr title=\"HyperText Markup Language\">HTMLX" not in html


def test_a_second_page_with_the_same_terms_reuses_the_pattern_and_other_terms_get_their_own():
    first = abbrcache.pattern(["HTML", "HTML5", "CSS"])
    assert abbrcache.pattern(["HTML", "HTML5", "CSS"]) is first
    other = abbrcache.pattern(["HTML", "CSS"])
    assert other is not first and other.search("HTML5") is None
    # The page's own lines, in a new Markdown instance (as MkDocs makes for every page), give its own page.
    text = "HTML och CSS.\n\n*[HTML]: annat\n*[CSS]: mer\n"
    assert _cached_abbr(text)[0] == _plain_abbr(text)


def test_terms_of_equal_length_keep_their_order_as_in_the_extension():
    # The extension sorts its list longest first, keeping the order of equal lengths: so must the cache.
    assert abbrcache.pattern(["ab", "abc", "cd"]).pattern == r"\b(?:abc|ab|cd)\b"
    assert abbrcache.pattern(["cd", "abc", "ab"]).pattern == r"\b(?:abc|cd|ab)\b"


def test_the_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(abbrcache, "_PATTERNS", {})
    monkeypatch.setattr(abbrcache, "_MAX_PATTERNS", 3)
    for n in range(10):
        abbrcache.pattern([f"term{n}"])
        assert len(abbrcache._PATTERNS) <= 3


def test_a_page_without_terms_is_left_alone():
    assert _cached_abbr("Bara text.\n")[0] == "<p>Bara text.</p>"


def test_another_tree_processor_named_abbr_is_left_in_place():
    class Other(AbbrTreeprocessor):
        pass

    md = markdown.Markdown(extensions=["abbr"])
    other = Other(md, md.treeprocessors["abbr"].abbrs)
    md.treeprocessors.register(other, "abbr", 7)
    abbrcache.install(md)
    assert md.treeprocessors["abbr"] is other
    plain = markdown.Markdown()
    abbrcache.install(plain)  # no abbr extension: nothing to replace
    assert "abbr" not in plain.treeprocessors


def test_the_cached_processor_keeps_the_extensions_place_and_list_of_terms():
    md = markdown.Markdown(extensions=["abbr", "toc", "attr_list"])
    before = [item.name for item in sorted(md.treeprocessors._priority, key=lambda i: -i.priority)]
    abbrs = md.treeprocessors["abbr"].abbrs
    abbrcache.install(md)
    after = [item.name for item in sorted(md.treeprocessors._priority, key=lambda i: -i.priority)]
    assert after == before
    assert md.treeprocessors["abbr"].abbrs is abbrs  # the block processor fills the same dict


def _spans(matches) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m[0]) for m in matches]


def test_the_pattern_of_every_term_finds_exactly_what_the_pages_own_pattern_finds():
    import random

    # Terms that overlap, nest and share beginnings and ends, with word and non-word edges.
    known = ("ab", "abc", "b", "bc", "c d", "d", "ab c", "x-y", "y", "C++", "é", "aé", "_a", "a.", ".a",
             "abcd", "a", "[x]", "b\u0308")
    pieces = [*known, " ", "-", "+", "a", "é", "_", ".", "\n", "bb", "\u0308", "c"]
    rng = random.Random(15)
    every = abbrcache._every(known)
    for _ in range(6000):
        page_terms = {t: "t" for t in rng.sample(known, rng.randint(1, len(known)))}
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        want = _spans(abbrcache.pattern(page_terms).finditer(text))
        assert _spans(abbrcache._Matcher(every, page_terms).finditer(text)) == want, (page_terms, text)


def test_the_page_with_known_terms_is_exactly_the_abbr_extensions_also_where_others_stand_first():
    # "HTML5" is known but not explained on this page: the page's own pattern decides there.
    text = "HTML5 och HTML, CSS.\n\n*[HTML]: språket\n*[CSS]: stilar\n"
    md = markdown.Markdown(extensions=["abbr"])
    abbrcache.install(md, ("HTML5", "HTML", "CSS", "JS"))
    html = md.convert(text)
    assert html == _plain_abbr(text)
    assert 'HTML5 och <abbr title="språket">HTML</abbr>' in html
    # A term the known ones lack (the page's own explanation) takes the page's own pattern.
    text = "XYZ och CSS.\n\n*[XYZ]: eget\n*[CSS]: stilar\n"
    md = markdown.Markdown(extensions=["abbr"])
    abbrcache.install(md, ("CSS",))
    assert md.convert(text) == _plain_abbr(text)


def test_the_kc_extension_gives_the_abbr_extension_the_glossarys_terms():
    from pathlib import Path

    from kc.content.model import Project
    from kc.pages import glossary
    from kc.pages.extension import NAME

    project = Project.load(Path(__file__).resolve().parent.parent)
    options = {NAME: {"project": project, "lang": "sv", "src": "sv/about.md"}}
    md = markdown.Markdown(extensions=["abbr", NAME], extension_configs=options)
    known = md.treeprocessors["abbr"].known
    assert known and known == glossary.terms(project, "sv") and "avhopparärende" in known
    html = md.convert("Ett avhopparärende.\n")
    assert '<abbr title="' in html and ">avhopparärende</abbr>" in html
    off = {NAME: {**options[NAME], "glossary_tooltips": False}}
    md = markdown.Markdown(extensions=["abbr", NAME], extension_configs=off)
    assert type(md.treeprocessors["abbr"]) is AbbrTreeprocessor  # no glossary terms: left as it is


def test_empty_known_terms_are_ignored():
    assert abbrcache._every(("", "")) is None
    text = "HTML.\n\n*[HTML]: språket\n"
    md = markdown.Markdown(extensions=["abbr"])
    abbrcache.install(md, ("", "HTML"))
    assert md.convert(text) == _plain_abbr(text)
    md = markdown.Markdown(extensions=["abbr"])
    abbrcache.install(md, ("",))
    assert md.convert(text) == _plain_abbr(text)


def test_long_terms_and_deeply_nested_terms_are_matched_as_the_extension_does():
    # A term of 3000 characters exceeded Python's recursion depth when the tree was written out, and
    # hundreds of terms each a prefix of the next nest deeper than the pattern compiler follows.
    long = "kunskap" * 430
    nested = tuple("a" * n for n in range(1, 801))
    for known, text in (((long, "kunskap", "ord"), f"ett {long} och kunskap, ord"),
                        (nested, "a aaa " + "a" * 799 + " " + "a" * 801)):
        every = abbrcache._every(known)
        page_terms = dict.fromkeys(known, "t")
        want = _spans(abbrcache.pattern(page_terms).finditer(text))
        assert want and _spans(abbrcache._Matcher(every, page_terms).finditer(text)) == want

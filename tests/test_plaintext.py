"""Plain text stays plain text: hostile record fields and labels are refused at their file and line, judged
after decoding entities and NFKC; the renderers escape what they put into Markdown and CSV."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from kc.checks.validate import validate
from kc.content.model import Project
from kc.content.plaintext import csv_cell, decoded, md_inline, problems

HOUSING = "docs/guidelines/housing.yml"
GLOSSARY = "docs/guidelines/_glossary.yml"
MATRIX = "docs/guidelines/_matrix.yml"
PROCESS = "docs/guidelines/_process.yml"
VOCABULARY = "docs/guidelines/_vocabulary.yml"
INDEX = "docs/sv/index.md"


def _replace(root, rel: str, old: str, new: str) -> int:
    """Replace the first `old` in file `rel` by `new`; return the 1-based line where it was."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


# (why, file, text replaced, hostile text, start of every expected message after "'<key>': ")
CASES = [
    (
        "entity-encoded script in a title",
        HOUSING,
        "sv: Tillfälligt boende",
        'sv: "Boende &lt;/title&gt;&lt;script src=x.js&gt;&lt;/script&gt;"',
        ["'title.sv': HTML entity '&lt;' in plain text", "'title.sv': markup in plain text"],
    ),
    (
        "meta refresh by entities",
        HOUSING,
        "en: Temporary housing",
        "en: \"Housing &lt;meta http-equiv='refresh' content='0;url=https://evil.example'&gt;\"",
        ["'title.en': HTML entity '&lt;'", "'title.en': markup in plain text"],
    ),
    ("raw tag in a title", HOUSING, "en: Temporary housing", "en: Temporary <b>housing</b>",
     ["'title.en': markup in plain text"]),
    (
        "doubly encoded tag in the owner",
        HOUSING,
        "sv: Enheten för samverkan",
        "sv: Enheten &amp;lt;img src=x onerror=alert(1)&amp;gt;",
        ["'owner.sv': HTML entity '&amp;'", "'owner.sv': markup in plain text"],
    ),
    ("numeric entities", HOUSING, "en: Collaboration Unit", "en: Unit &#60;svg onload=alert(1)&#62;",
     ["'owner.en': HTML entity '&#60;'", "'owner.en': markup in plain text"]),
    ("fullwidth brackets (NFKC)", HOUSING, "en: Temporary housing", "en: Housing ＜script＞",
     ["'title.en': markup in plain text"]),
    ("bidi override", HOUSING, "en: Temporary housing", "en: \"Temporary \u202egnisuoh\"",
     ["'title.en': control or invisible character (U+202E RIGHT-TO-LEFT OVERRIDE)"]),
    ("bidi isolate", HOUSING, "en: Temporary housing", "en: \"Temporary \u2066housing\u2069\"",
     ["'title.en': control or invisible character (U+2066 LEFT-TO-RIGHT ISOLATE, U+2069"]),
    ("zero-width space", HOUSING, "sv: Tillfälligt boende", "sv: \"Tillfälligt\u200bboende\"",
     ["'title.sv': control or invisible character (U+200B ZERO WIDTH SPACE)"]),
    ("escape character", HOUSING, "sv: Tillfälligt boende", 'sv: "Tillfälligt \\e[31mboende"',
     ["'title.sv': control or invisible character (U+001B"]),
    ("line break in a title", HOUSING, "sv: Tillfälligt boende", 'sv: "Tillfälligt\\nboende"',
     ["'title.sv': line break in a one-line field"]),
    ("line separator in a title", HOUSING, "sv: Tillfälligt boende", 'sv: "Tillfälligt\\Lboende"',
     ["'title.sv': line break in a one-line field"]),
    (
        "markup in a version summary",
        HOUSING,
        "en: The requirement for a written agreement with the landlord is new.",
        'en: "New rule <img src=x onerror=alert(1)>"',
        ["'history.0.summary.en': markup in plain text"],
    ),
    ("vocabulary label", VOCABULARY, "{sv: Flytt mellan kommuner,", "{sv: Flytt <i>mellan</i> kommuner,",
     ["'topics.relocation.sv': markup in plain text"]),
    ("glossary term", GLOSSARY, "{term: boende,", "{term: \"boende&lt;script&gt;\",",
     ["'terms.0.sv.term': HTML entity '&lt;'", "'terms.0.sv.term': markup in plain text"]),
    ("glossary definition", GLOSSARY, '"Den som hyr ut bostaden."', '"Den som <a href=x>hyr</a> ut."',
     ["'terms.1.sv.definition': markup in plain text"]),
    ("matrix actor label", MATRIX, 'sv: "Socialtjänsten"', 'sv: "Social<br>tjänsten"',
     ["'actors.0.sv': markup in plain text"]),
    ("matrix task label", MATRIX, 'sv: "Ordna boende"', 'sv: "Ordna <!-- dolt --> boende"',
     ["'tasks.0.sv': markup in plain text"]),
    ("process label", PROCESS, 'sv: "Inflyttning"', 'sv: "In&#x3C;script&#x3E;flyttning"',
     ["'steps.1.sv': HTML entity '&#x3C;'", "'steps.1.sv': markup in plain text"]),
    ("front matter title", INDEX, "# Start",
     '---\ntitle: "Start &lt;/title&gt;&lt;script&gt;"\n---\n\n# Start',
     ["'title': HTML entity '&lt;'", "'title': markup in plain text"]),
    ("front matter description", INDEX, "# Start", '---\ndescription: "x\u202ey"\n---\n\n# Start',
     ["'description': control or invisible character (U+202E"]),
]


@pytest.mark.parametrize("why, rel, old, new, messages", CASES, ids=[c[0] for c in CASES])
def test_hostile_plain_text_is_refused_at_its_line(site_copy, why, rel, old, new, messages):
    root = site_copy("datafiles")
    line = _replace(root, rel, old, new)
    if rel == INDEX:  # the hostile line is inside the new front matter
        line += next(i for i, x in enumerate(new.split("\n")) if x.startswith(("title:", "description:")))
    found = [f for f in validate(Project.load(root)) if f.rule == "plain-text"]
    assert {(f.path, f.line) for f in found} == {(rel, line)}, found
    assert len(found) == len(messages), found
    for f, start in zip(sorted(found, key=lambda f: f.message), sorted(messages), strict=True):
        assert f.message.startswith(start) or start in f.message, f.message
        assert f.severity == "error"


SAFE = [
    "Rubrik med < och & tecken",
    "a < b > c",
    "R&D-enheten",
    "Ansvar – kommun/region (2026)",
    "Mottagande kommun: *inte* hemkommunen",
    "Flytt {: #id } och [länk](javascript:x)",  # Markdown-looking text: escaped when rendered
    "Ålder ≥ 18 år, “citat” och emoji 🙂",
]


@pytest.mark.parametrize("value", SAFE)
def test_ordinary_text_passes(value):
    assert problems(value) == []


def test_summaries_may_span_lines_but_titles_may_not():
    assert problems("Första raden.\nAndra raden.", one_line=False) == []
    assert problems("Första raden.\nAndra raden.")[0].startswith("line break in a one-line field")


@pytest.mark.parametrize("brk", ["\r", "\u2028", "\u2029", "\x0b", "\x85"])
def test_paragraph_fields_take_only_plain_newlines(brk):
    """Markdown starts a new line at '\r' too: in a definition it would begin Markdown of its own."""
    found = problems(f"Definition.{brk}[klicka](javascript:alert(1))", one_line=False)
    assert len(found) == 1 and found[0].startswith("control or invisible character (U+"), found


def test_decoding_repeats_until_stable_and_normalises():
    assert decoded("&amp;amp;lt;b&amp;amp;gt;") == "<b>"
    assert decoded("ｆｕｌｌ＜") == "full<"


def test_real_content_has_plain_text_only():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    assert [f for f in validate(Project.load(root)) if f.rule == "plain-text"] == []


@pytest.mark.parametrize(
    "title",
    [
        "Boende &lt;/title&gt;&lt;script&gt;",
        "Rubrik <b>fet</b> {: onclick=alert(1) }",
        "[klicka](javascript:alert(1)) *och* `kod` | cell # slut",
        "Ett \\ snedstreck och ![bild](x.png)",
    ],
)
def test_md_inline_renders_exactly_the_text(title):
    """Rendered by Python-Markdown with the site's extensions, the escaped title is the title as text."""
    import html

    import markdown

    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "abbr", "def_list", "footnotes"])
    out = md.convert(f"# {md_inline(title)}")
    assert out.startswith("<h1>") and out.endswith("</h1>"), out
    inner = out[len("<h1>") : -len("</h1>")]
    assert "<" not in inner and html.unescape(inner) == title


@pytest.mark.parametrize(
    "cell, shown",
    [
        ("=HYPERLINK(\"https://evil.example\";\"Klicka\")", "'=HYPERLINK(\"https://evil.example\";\"Klicka\")"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Socialtjänsten", "Socialtjänsten"),
        ("3.1", "3.1"),
        ("", ""),
    ],
)
def test_csv_cells_cannot_start_a_formula(cell, shown):
    assert csv_cell(cell) == shown


def test_matrix_csv_guards_formulas(site_copy):
    from kc.pages.matrix import matrix_csv

    root = site_copy("datafiles")
    _replace(root, MATRIX, 'sv: "Ordna boende"', "sv: '=HYPERLINK(\"x\")'")
    _replace(root, MATRIX, 'sv: "Hyresvärden"', 'sv: "@Hyresvärden"')
    text = matrix_csv(Project.load(root), "sv")
    assert "'=HYPERLINK" in text and "'@Hyresvärden" in text
    cells = [cell for row in text.splitlines() for cell in row.split(";")]
    assert not any(cell.startswith(("=", "@", "+", "-")) for cell in cells)


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text of <title> and the first <h1>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[str, str] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("title", "h1") and tag not in self.texts:
            self._open.append(tag)
            self.texts[tag] = ""

    def handle_endtag(self, tag):
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data):
        for tag in self._open:
            self.texts[tag] += data


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from hostile_util import build_hostile_site

    return build_hostile_site(tmp_path_factory.mktemp("hostile"))


def test_hostile_title_is_text_everywhere_in_the_built_site(hostile_site):
    from hostile_util import HOSTILE_TITLE

    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 5
    showing = 0
    for page in pages:
        html_text = page.read_text(encoding="utf-8")
        parsed = _Elements()
        parsed.feed(html_text)
        for tag, attrs in parsed.tags:
            where = f"{page.relative_to(hostile_site)}: <{tag} {attrs}>"
            assert not (tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh"), where
            assert not (tag == "script" and "evil" in (attrs.get("src") or "")), where
            assert not (tag == "img" and attrs.get("src") == "x"), where
            assert not any(name.startswith("on") for name in attrs), where
            assert not (attrs.get("href") or "").lower().startswith("javascript:"), where
        assert [t for t, _ in parsed.tags].count("title") == 1, page
        if "Boende" in html_text:
            showing += 1
    assert showing >= 4  # the guideline page, its history, the list of guidelines, the English pages

    for rel in ("guidelines/housing/index.html", "en/guidelines/housing/index.html"):
        parsed = _Elements()
        parsed.feed((hostile_site / rel).read_text(encoding="utf-8"))
        assert parsed.texts["title"].strip().startswith(HOSTILE_TITLE + " - "), parsed.texts["title"]
        assert parsed.texts["h1"].strip() == HOSTILE_TITLE
    listing = _Elements()  # its title comes from front matter
    listing.feed((hostile_site / "guidelines/index.html").read_text(encoding="utf-8"))
    assert listing.texts["title"].strip().startswith(HOSTILE_TITLE + " - "), listing.texts["title"]
    history = _Elements()
    history.feed((hostile_site / "guidelines/housing/history/index.html").read_text(encoding="utf-8"))
    assert history.texts["h1"].strip().endswith(HOSTILE_TITLE)


def test_hostile_title_is_text_in_the_feed_and_the_search_data(hostile_site):
    import json
    import xml.etree.ElementTree as ET

    from hostile_util import HOSTILE_TITLE

    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(hostile_site / "feed.xml").getroot()
    titles = [e.findtext(f"{atom}title") for e in feed.iter(f"{atom}entry")]
    assert any(HOSTILE_TITLE in (t or "") for t in titles), titles
    assert not list(feed.iter("script")) and not list(feed.iter("meta"))
    data = (hostile_site / "assets" / "search" / "sv.js").read_text(encoding="utf-8")
    encoded = {json.dumps(HOSTILE_TITLE, ensure_ascii=ascii)[1:-1] for ascii in (True, False)}
    assert any(e in data for e in encoded)


def test_footer_edition_string_is_escaped():
    """The footer lists each guideline's id and version as HTML; values that bypassed the schema stay text."""
    from types import SimpleNamespace

    from kc.adapters.mkdocs.plugin import KcPlugin

    plugin = KcPlugin()
    plugin._edition = {"guidelines": [{"id": "HO", "version": "2.0"}, {"id": "<img src=x>", "version": "&"}]}
    config = SimpleNamespace(extra={})
    shown = plugin._with_edition(config).extra["kc_edition_versions"]
    assert shown == "HO 2.0, &lt;img src=x&gt; &amp;"

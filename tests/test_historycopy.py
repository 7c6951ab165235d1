"""The history pages, written into the built site from the built current pages (kc.pages.historycopy)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import build, copy_site
from kc.content.model import LANGUAGES, Project
from kc.pages import history, historycopy
from kc.pages.historycopy import HistoryError, page_url, relative_url, write_history_pages

SITE_URL = "https://kunskapscentrum.example/"
HISTORY_SRC_RE = re.compile(r"^(sv|en)/guidelines/([a-z0-9-]+)/history\.md$")


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def rendered_by_the_theme(root: Path, site_dir: Path, **overrides) -> Path:
    """The site built as before this step existed: each history page a page of its own that MkDocs renders
    through Markdown and Material's templates, its comparisons filled in when MkDocs writes it."""
    from mkdocs import plugins

    from kc.adapters.mkdocs import plugin as kcplugin
    cls = kcplugin.KcPlugin
    own_files, own_post_page = cls.on_files, cls._post_page

    @plugins.event_priority(-200)
    def on_files(self, files, config):
        files = own_files(self, files, config)
        lang = self._language(config)
        for g in self.project.records:
            path = f"guidelines/{g.slug}/history.md"
            files.remove(files.get_file_from_path(f"{lang}/{path}"))
            markdown = history.history_page(self.project, g, lang, lang, deferred=True)
            files.append(generated_page(config, lang, path, markdown))
        config.plugins.get("i18n").i18n_files_per_language[lang] = files.documentation_pages()
        return files

    def post_page(self, output, page, config):
        m = HISTORY_SRC_RE.match(page.file.src_uri)
        if m:
            g = self.project.by_slug[m[2]]
            output = history.fill_comparisons(self.project, g, self._language(config), output)
        return own_post_page(self, output, page, config)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cls, "on_files", on_files)
        mp.setattr(cls, "on_post_page", plugins.CombinedEvent(post_page, cls._release_page))
        mp.setattr(kcplugin, "write_history_pages", lambda *a, **k: [])
        return build(root, site_dir, **overrides)


def generated_page(config, lang: str, path: str, markdown: str):
    """A build-only Markdown page with the attributes the i18n plugin reads for its language switcher, as
    the plugin made the history pages before they became an output step."""
    from types import SimpleNamespace

    from mkdocs.structure.files import InclusionLevel

    from kc.adapters.mkdocs.generated import generated_file, site_path

    f = generated_file(config, lang, path, markdown, InclusionLevel.NOT_IN_NAV)
    f.locale = f.locale_alternate_of = f.localization = lang
    f.norm_src_uri = path
    stem = path[: -len(".md")]
    url = f"{stem}/" if config.use_directory_urls else f"{stem}.html"
    f.alternates = {other: SimpleNamespace(url=site_path(other, url), page=None) for other in LANGUAGES}
    return f


@pytest.fixture(scope="module")
def basic_root(tmp_path_factory) -> Path:
    return copy_site("basic", tmp_path_factory.mktemp("historycopy") / "site")


@pytest.fixture(scope="module")
def basic_project(basic_root) -> Project:
    return Project.load(basic_root)


def offline(root: Path) -> dict:
    from kc.build import offline_overrides

    return offline_overrides(root, {"date": "2026-12-01", "commit": "0000000", "local_changes": False,
                                    "guidelines": []})


@pytest.mark.parametrize("edition", ["served", "offline"])
def test_every_file_is_what_the_theme_rendered_before(basic_root, edition):
    """The whole site, history pages and sitemap included, byte for byte as when MkDocs rendered them."""
    overrides = offline(basic_root) if edition == "offline" else {}
    theirs = files_of(rendered_by_the_theme(basic_root, basic_root.parent / f"theirs-{edition}", **overrides))
    ours = files_of(build(basic_root, basic_root.parent / f"ours-{edition}", **overrides))
    name = "history.html" if edition == "offline" else "history/index.html"
    pages = [rel for rel in theirs if rel.endswith(name)]
    assert len(pages) == 4, "sv and en history pages of both guidelines"
    assert sorted(ours) == sorted(theirs)
    assert [rel for rel in ours if ours[rel] != theirs[rel]] == []


@pytest.fixture(scope="module")
def site(basic_root) -> Path:
    return build(basic_root, basic_root.parent / "site-built")


def test_the_history_page_names_its_own_address(site):
    page = read(site, "en/guidelines/housing/history/index.html")
    assert f'<link rel="canonical" href="{SITE_URL}en/guidelines/housing/history/">' in page
    assert f'data-kc-permalink="{SITE_URL}en/guidelines/housing/history/"' in page
    assert re.search(r"<title>Version history: [A-Z]+ [^<]+ - ", page)
    assert re.search(r'<a href="(?:\.\./){4}guidelines/housing/history/" hreflang="sv"', page)
    # The table of contents lists the versions, not the current text's clauses.
    toc = page[page.index('<nav class="md-nav md-nav--secondary"'):]
    toc = toc[: toc.index("</nav>")]
    assert re.findall(r'href="#([^"]+)"', toc) == re.findall(r'<h2 id="(v[0-9-]+)"', page)
    assert 'class="kc-history__diff"' in page  # the comparison was filled in


def test_the_sitemap_lists_each_history_page_once_with_its_alternates(site):
    sitemap = read(site, "sitemap.xml")
    for lang in LANGUAGES:
        prefix = "" if lang == "sv" else "en/"
        assert sitemap.count(f"<loc>{SITE_URL}{prefix}guidelines/housing/history/</loc>") == 1
    entry = re.search(rf"<loc>{SITE_URL}en/guidelines/housing/history/</loc>.*?</url>", sitemap, re.S)[0]
    assert re.findall(r'hreflang="([a-z]+)" href="([^"]*)"', entry) == [
        ("sv", f"{SITE_URL}guidelines/housing/history/"), ("en", f"{SITE_URL}en/guidelines/housing/history/")]


@pytest.mark.parametrize(("src", "dir_urls", "url"), [
    ("sv/guidelines/housing/index.md", True, "guidelines/housing/"),
    ("en/guidelines/housing/v1.0/index.md", True, "en/guidelines/housing/v1.0/"),
    ("sv/whats-new.md", True, "whats-new/"),
    ("sv/index.md", True, "./"),
    ("sv/guidelines/housing/index.md", False, "guidelines/housing/index.html"),
    ("en/whats-new.md", False, "en/whats-new.html"),
])
def test_page_url(src, dir_urls, url):
    assert page_url(src, dir_urls) == url


@pytest.mark.parametrize(("url", "page", "rel"), [
    ("guidelines/housing/", "guidelines/housing/history/index.html", "../"),
    ("guidelines/housing/v1.0/", "guidelines/housing/history/index.html", "../v1.0/"),
    ("guidelines/schools/", "guidelines/housing/history/index.html", "../../schools/"),
    ("guidelines/housing/index.html", "guidelines/housing/history.html", "index.html"),
    ("en/guidelines/housing/index.html", "guidelines/housing/history.html",
     "../../en/guidelines/housing/index.html"),
    ("./", "guidelines/housing/history/index.html", "../../../"),
    ("guidelines/../about/", "guidelines/housing/history/index.html", "../../../about/"),
])
def test_relative_url_is_written_as_mkdocs_writes_it(url, page, rel):
    assert relative_url(url, page) == rel


def write(project: Project, site: Path, lang: str = "sv") -> list[str]:
    return write_history_pages(project, site, lang, extensions=["toc", "abbr", "attr_list", "md_in_html",
                                                                 "kc.pages.extension"],
                               extension_configs={"toc": {"permalink": False}}, site_url=SITE_URL)


def test_writing_again_lists_no_page_twice(site, basic_root, basic_project, tmp_path):
    """Entries already in the sitemap stay as they are."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    # As the plugin hands them over: MkDocs' defaults and mkdocs.yml's list, kc's rules among them.
    from mkdocs.config import load_config

    config = load_config(str(basic_root / "mkdocs.yml"))
    before = read(copy, "sitemap.xml")
    made = write_history_pages(basic_project, copy, "sv", extensions=config.markdown_extensions,
                               extension_configs=config.mdx_configs, site_url=SITE_URL)
    assert made == ["guidelines/housing/history/index.html", "guidelines/schools/history/index.html"]
    assert read(copy, "sitemap.xml") == before


def test_a_missing_current_page_is_named(site, basic_project, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    (copy / "guidelines/housing/index.html").unlink()
    with pytest.raises(HistoryError) as exc:
        write(basic_project, copy)
    message = str(exc.value)
    assert "guidelines/housing/index.html" in message and "missing" in message and "kc build" in message


@pytest.mark.parametrize("content", [
    b"<html><body><p>not a guideline page</p></body></html>",
    b'\xff\xfe<article class="md-content__inner md-typeset">',
    b"",
    # An article, but no table of contents to put the versions in.
    b'<html><title>x</title><article class="md-content__inner md-typeset"><h1>x</h1></article></html>',
])
def test_a_malformed_current_page_is_refused(site, basic_project, tmp_path, content):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    (copy / "guidelines/housing/index.html").write_bytes(content)
    with pytest.raises(HistoryError, match=r"guidelines/housing/index\.html: .*kc build"):
        write(basic_project, copy)


LINKS_REFUSED = [
    # What MkDocs' strict mode checked when it rendered the page: every link leads to a built page.
    ("[gone](../gone/index.md#c1)", r"history/index\.html: the history page links to \.\./gone/"),
    # Such a link is written for the text's source file: with folder URLs it would be one folder off.
    ("[feed](../../feed.xml)", r"links to \.\./\.\./feed\.xml, which is not a Markdown file"),
]


@pytest.mark.parametrize("link, message", LINKS_REFUSED, ids=["to no page", "not to a Markdown file"])
def test_a_link_the_step_cannot_place_is_refused(site, basic_project, tmp_path, monkeypatch, link, message):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    real = history.history_page
    monkeypatch.setattr(history, "history_page", lambda *a, **k: real(*a, **k) + f"\n{link}\n")
    with pytest.raises(HistoryError, match=message):
        write(basic_project, copy)


def test_a_current_page_that_is_a_link_is_not_followed(site, basic_project, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    outside = tmp_path / "outside.html"
    outside.write_bytes((copy / "guidelines/housing/index.html").read_bytes())
    (copy / "guidelines/housing/index.html").unlink()
    (copy / "guidelines/housing/index.html").symlink_to(outside)
    with pytest.raises(HistoryError, match=r"guidelines/housing/index\.html: .*symbolic link"):
        write(basic_project, copy)


def test_a_build_with_a_broken_current_page_fails_and_keeps_the_site(site_copy, monkeypatch):
    from kc.build import BuildError, build_site

    root = site_copy("basic")
    built = build_site(root, root / "site", parallel=False)
    good = read(built, "guidelines/housing/history/index.html")

    def broken(g, lang, shell, content, toc, name="", **kw):
        raise HistoryError(f"{name}: not a guideline page as kc builds it")

    monkeypatch.setattr(historycopy, "history_page_html", broken)
    with pytest.raises(BuildError, match=r"guidelines/housing/index\.html: not a guideline page"):
        build_site(root, root / "site", parallel=False)
    assert read(built, "guidelines/housing/history/index.html") == good


def test_the_parallel_build_writes_the_same_history_pages(site_copy):
    """kc build's language processes write each language's history pages in their own folder."""
    from kc.build import build_site

    root = site_copy("basic")
    parallel = build_site(root, root / "site", parallel=True)
    sequential = build(root, root / "sequential")
    for rel in ("guidelines/housing/history/index.html", "en/guidelines/housing/history/index.html",
                "guidelines/schools/history/index.html", "en/guidelines/schools/history/index.html",
                "sitemap.xml"):
        # The footer's edition names the build's commit and date, which may differ between the two builds.
        strip = re.compile(r'<div class="kc-edition".*?</div>', re.S)
        assert strip.sub("", read(parallel, rel)) == strip.sub("", read(sequential, rel)), rel


def test_links_to_history_pages_are_not_reported_as_links_to_an_excluded_page(site_copy, caplog):
    import logging

    root = site_copy("basic")
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        build(root)
    assert "history.md' which is excluded" not in caplog.text


def test_links_to_history_pages_are_checked_by_the_generator_and_written_as_urls(site_copy):
    """The placeholder makes MkDocs check a link to a history page (strict) as to any page: the header's
    link (kc.pages.render) and, with kc's own content check off, a link in a text."""
    from mkdocs.exceptions import Abort

    root = site_copy("basic")
    config = root / "mkdocs.yml"
    settings = config.read_text(encoding="utf-8")
    assert "\n  - kc\n" in settings
    settings = settings.replace("\n  - kc\n", "\n  - kc:\n      check_content: false\n")
    config.write_text(settings, encoding="utf-8")
    text = root / "docs/sv/guidelines/housing/index.md"
    original = text.read_text(encoding="utf-8")
    text.write_text(original + "\nSe [historiken för SC](../schools/history.md#v1-0).\n", encoding="utf-8")
    built = build(root)
    page = read(built, "guidelines/housing/index.html")
    assert '<p class="kc-history-link"><a href="history/">' in page
    assert '<a href="../schools/history/#v1-0">historiken för SC</a>' in page
    assert 'id="v1-0"' in read(built, "guidelines/schools/history/index.html")
    text.write_text(original + "\nSe [historiken](../nosuch/history.md).\n", encoding="utf-8")
    with pytest.raises(Abort):
        build(root, root / "site2")

"""MkDocs event handlers only; everything they do is delegated to the plain `kc` modules."""

from __future__ import annotations

import html
import logging
from copy import deepcopy
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs import plugins
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

import kc
from kc.adapters.mkdocs import pagehold
from kc.adapters.mkdocs.config import KcConfig
from kc.adapters.mkdocs.generated import (
    generated_file,
    published_file,
    published_files,
    quiet_copy_links,
)
from kc.adapters.mkdocs.nav import attach_guideline_pages
from kc.checks.validate import validate
from kc.content import layout
from kc.content.findings import errors
from kc.content.model import DEFAULT_LANGUAGE, Project, parse_text_src
from kc.edition import info as edition
from kc.edition.outputprune import prune_unused_theme_files
from kc.pages import (
    docxexport,
    extension,
    fallback,
    finish,
    history,
    matrix,
    registry,
)
from kc.pages.errorpage import error_page_markdown
from kc.pages.historycopy import HistoryError, write_history_pages
from kc.pages.pagedates import page_dates
from kc.pages.strings import format_date
from kc.pages.versioncopy import CopyError, write_copies
from kc.pages.versioned import copy_folder, copy_source
from kc.search import browserindex
from kc.search import index as search

log = logging.getLogger("mkdocs.plugins.kc")
# The package root, not this file's folder: the adapter may move within the package.
ASSETS = Path(kc.__file__).resolve().parent / "assets"


class KcPlugin(plugins.BasePlugin[KcConfig]):
    """Guideline headers, clause anchors, generated blocks and content validation."""

    project: Project
    serving = False
    _error_page: str | None  # the default language's 404.html, kept for the other languages' builds
    # Under `mkdocs serve`, content errors are shown on every page instead of stopping the preview.
    _serve_errors: list = []

    def on_startup(self, *, command, dirty):
        # `mkdocs serve` adds an inline live-reload script to every page, which the pages' policy would block.
        self.serving = command == "serve"

    def on_shutdown(self):
        """MkDocs keeps plugin instances for the whole process: a later build in it is not a preview."""
        self.serving = False

    def on_config(self, config):
        if not self.config.enabled:
            return config
        self._dir_urls = config.use_directory_urls  # for links written as HTML (no MkDocs rewriting)
        self._site_url = config.site_url or ""  # citations name the published site, from any copy
        self._consultation_address = str(config.extra.get("kc_consultation") or "")
        if extension.NAME not in config.markdown_extensions:
            # The page rules are a Markdown extension (mkdocs.yml lists it); a site that does not gets it too.
            config.markdown_extensions.append(extension.NAME)
        i18n = config.plugins.get("i18n")
        project = getattr(self, "project", None)
        if (self._language(config) != DEFAULT_LANGUAGE and getattr(i18n, "building", False)
                and project is not None and project.root == Path(config.config_file_path).parent.resolve()):
            # mkdocs-static-i18n builds the other languages from its on_post_build (`building`), right after
            # the Swedish build of the same content: that content is loaded and validated already. A build
            # of one language alone (kc build's language processes) loads its own: MkDocs keeps plugin
            # instances for the whole process, so `project` may be another build's (kc.langbuild resets it).
            return self._add_assets(self._with_edition(config))
        self._error_page = None  # a new build, its default language first
        root = Path(config.config_file_path).parent
        # Before MkDocs walks docs/ (following links) or the theme reads overrides/: also when check_content
        # is off and under `mkdocs serve`, which skip `kc build`.
        unsafe = errors(layout.check_tree(root))
        if unsafe:
            raise PluginError(layout.refuse_message(unsafe, root))
        self.project = Project.load(root)
        # The footer's edition (date, commit, guideline versions); `kc bundle` passes its own.
        self._edition = config.extra.get("kc_edition") or edition.edition(self.project)
        self._page_dates = page_dates(self.project.root)  # one git call, for the pages' own dates
        if self.config.check_content:
            problems = errors(validate(self.project))
            self._serve_errors = problems if self.serving else []
            if problems and not self.serving:
                listing = "\n".join(str(f) for f in problems)
                raise PluginError(
                    f"the content in {self.project.docs} has {len(problems)} error(s); "
                    f"fix them (run 'kc validate'):\n{listing}"
                )
        return self._add_assets(self._with_edition(config))

    def _with_edition(self, config):
        ed = config.extra.setdefault("kc_edition", self._edition)
        # Plain text, not an element per version: every page carries the list, and at 500 guidelines the
        # markup alone made half of each page's bytes.
        config.extra["kc_edition_versions"] = ", ".join(
            html.escape(f"{g['id']} {g['version']}") for g in ed["guidelines"]
        )
        return config

    @staticmethod
    def _add_assets(config):
        for css in ("assets/kc/kc.css", "assets/kc/print.css"):
            if css not in config.extra_css:
                config.extra_css.append(css)
        for js in ("assets/kc/kc.js", "assets/kc/print.js", "assets/kc/documents.js"):
            if js not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(js)
        return config

    @plugins.event_priority(-200)
    def on_files(self, files: Files, config) -> Files:
        """Runs after mkdocs-static-i18n (-100) so our generated files keep their content."""
        if not self.config.enabled:
            return files
        quiet_copy_links()
        for path in sorted(ASSETS.rglob("*")):
            if path.is_file():
                rel = path.relative_to(ASSETS).as_posix()
                files.append(
                    File(f"assets/{rel}", str(ASSETS.parent), config.site_dir, config.use_directory_urls)
                )
        if self._serve_errors:
            return files  # nothing is generated from content with errors
        lang = self._language(config)
        for g in self.project.records:
            # The history page and the versioned copy are written from the built current page
            # (finish_output); excluded placeholders here, so that links to them resolve.
            files.append(generated_file(config, lang, f"guidelines/{g.slug}/history.md", "",
                                        InclusionLevel.EXCLUDED))
            if copy_folder(self.project, g, lang):
                files.append(generated_file(config, lang, copy_source(g), "", InclusionLevel.EXCLUDED))
        # The search box's index of this language, rebuilt on every build so it is never stale; the
        # documents' editable downloads, written from their Markdown on every build; the open-data registry,
        # once, at the site root. Each in a child process of its own: see kc.content.forked.
        project, site_url = self.project, config.site_url or ""
        made = [
            *published_files(config, lang, lambda: browserindex.browser_scripts(project, lang)),
            *published_files(config, lang, lambda: docxexport.downloads(project, lang)),
            *(published_files(config, None, lambda: registry.api_files(project, site_url))
              if lang == DEFAULT_LANGUAGE else []),
        ]
        for f in made:
            files.append(f)
        feed = history.atom_feed(self.project, lang, config.site_url or "", config.site_name)
        files.append(published_file(config, lang, "feed.xml", feed))
        download = matrix.csv_download(self.project, lang)
        if download:
            # BOM first, so that spreadsheet programs read å, ä and ö correctly.
            # Explicitly included: exclude_docs hides the records folder, which shares the 'guidelines/'
            # prefix.
            files.append(published_file(config, None, download[0], ("\ufeff" + download[1]).encode("utf-8")))
        return files

    @plugins.event_priority(-200)
    def on_nav(self, nav, config, files):
        """Runs after mkdocs-static-i18n (-100), which sets each language's menu. What every page's footer
        shows is found once here: a template loop over all pages, on every page, made large builds slow."""
        if self.config.enabled:
            config.extra["kc_statement"] = next(
                (p for p in nav.pages if p.file.src_uri.rsplit("/", 1)[-1] == "accessibility.md"), None
            )
            attach_guideline_pages(nav, files)
        return nav

    def on_page_markdown(self, markdown, page, config, files):
        """Names the page to the page rules (kc.pages.extension): MkDocs renders it right after this event,
        with a Markdown instance built from `mdx_configs`."""
        if not self.config.enabled:
            return markdown
        if "title" in page.meta:
            # A front-matter title is plain text, but Material writes it as HTML (menus, header, <title>).
            page.meta["title"] = html.escape(str(page.meta["title"]))
        lang = self._language(config)
        src = page.file.src_uri
        # An error page under `mkdocs serve` is not a page of the site: no page rules for it.
        rules = config.mdx_configs[extension.NAME] = {"src": "" if self._serve_errors else src}
        if self._serve_errors:
            return error_page_markdown(self._serve_errors, lang)
        rules.update(
            project=self.project,
            lang=lang,
            dir_urls=self._dir_urls,
            glossary_tooltips=self.config.glossary_tooltips,
            site_url=self._site_url,
            consultation_address=self._consultation_address,
        )
        text = parse_text_src(src)
        dates = self._page_dates.get(src)
        if (not text or text[1] not in self.project.by_slug) and dates:  # not a guideline text
            page.meta["kc_dates"] = {
                "published": format_date(date.fromisoformat(dates[0]), lang), "published_iso": dates[0],
                "updated": format_date(date.fromisoformat(dates[1]), lang), "updated_iso": dates[1],
            }
        return markdown

    @plugins.event_priority(-1000)
    def on_page_content(self, content, page, config, files):
        """Last of all: the HTML is held compressed until the page is written (adapters.mkdocs.pagehold)."""
        return pagehold.hold(page, content) if self.config.enabled else content

    @plugins.event_priority(1000)
    def on_page_context(self, context, page, config, nav):
        """First of all, before any template or plugin reads the page's HTML again."""
        pagehold.restore(page)
        return context

    def _post_page(self, output, page, config):
        if not self.config.enabled:
            return output
        text_lang = fallback.source_language(page.file.src_uri)
        if text_lang != self._language(config):
            output = fallback.mark_toc(output, text_lang)
        return output  # finished with the others on the output folder (on_post_build, kc.pages.finish)

    @plugins.event_priority(-1000)
    def _release_page(self, output, page, config):
        """Last of all, once the page is finished: its Markdown and HTML are never read again, and holding
        them for every page of both languages (the English build runs while the Swedish one is in memory)
        cost about 20 MB of the build's peak at 500 guidelines.

        Priority -1000 puts this after every other plugin's on_post_page, which may still read the text.
        Emptied, not None: `Page.title` returns None once `markdown` is None, and with `content` None falls
        back to parsing `markdown`, so the menus and footers of pages built later would lose this title."""
        if self.config.enabled:
            page.markdown = page.content = ""
        return output

    on_post_page = plugins.CombinedEvent(_post_page, _release_page)

    def on_template_context(self, context, template_name, config):
        """The error page belongs to no page: its language switcher leads to each language's home page."""
        if self.config.enabled and template_name == "404.html":
            home_pages = getattr(config.plugins.get("i18n"), "extra_alternate", None)
            if home_pages:
                # i18n sets the switcher per page and leaves the last page's links behind for the 404 page.
                config.extra["alternate"] = deepcopy(home_pages)
        return context

    def on_post_template(self, output_content, template_name, config):
        """MkDocs writes one 404.html at the site root, and every language's build writes it again: keep the
        default language's (the page itself speaks both), not whichever language was built last."""
        if not self.config.enabled or template_name != "404.html":
            return output_content
        if self._language(config) == DEFAULT_LANGUAGE:
            self._error_page = output_content
        return self._error_page or output_content

    def finish_output(self, config, languages: list[str] | None = None) -> None:
        """The output steps on the built folder, for `languages` (default: every language built): the
        history pages written from the current pages (kc.pages.historycopy), every page finished
        (kc.pages.finish: valid markup, the Content-Security-Policy, links for reading from disk), then the
        versioned copies of the current texts written from the finished pages (kc.pages.versioncopy).
        kc.langbuild calls it for the one language it builds."""
        site_dir = Path(config.site_dir)
        i18n = config.plugins.get("i18n")
        languages = languages or getattr(i18n, "build_languages", None) or [DEFAULT_LANGUAGE]
        for lang in [] if self._serve_errors else languages:
            try:
                write_history_pages(
                    self.project, site_dir, lang, extensions=config.markdown_extensions,
                    extension_configs=config.mdx_configs, dir_urls=config.use_directory_urls,
                    site_url=self._site_url, page_rules={"glossary_tooltips": self.config.glossary_tooltips,
                                                         "consultation_address": self._consultation_address},
                )
            except (HistoryError, OSError) as exc:
                raise PluginError(str(exc)) from None
        try:
            finish.finish_site(
                site_dir,
                # Error pages have root-absolute links (a server shows them at any address).
                base_path=urlsplit(config.site_url or "/").path,
                offline=bool(config.extra.get("kc_offline")),
                meta=not self.serving,
            )
        except (OSError, ValueError) as exc:
            raise PluginError(f"finishing the built pages failed: {exc}") from None
        if self._serve_errors:
            return  # an error page stands in for every page: there is no current text to copy
        for lang in languages:
            try:
                write_copies(self.project, site_dir, lang, site_url=config.site_url or "",
                             dir_urls=config.use_directory_urls)
            except CopyError as exc:
                raise PluginError(str(exc)) from None

    # After mkdocs-static-i18n's (-100), from which it builds the other languages: the outermost build
    # finishes the whole folder once, when every language is in it.
    @plugins.event_priority(-200)
    def on_post_build(self, config):
        """Finish the output folder; report a stale index of `kc search` (.cache/search), and rebuild it
        when `search_index` is on or under `mkdocs serve`, where editors expect every index to follow."""
        if not self.config.enabled:
            return
        if not getattr(config.plugins.get("i18n"), "building", False):
            self.finish_output(config)
        prune_unused_theme_files(Path(config.site_dir))
        if self._serve_errors:
            return
        state = search.index_state(self.project)
        if state == "fresh":
            return
        if self.config.search_index or self.serving:
            log.info("kc: the index of 'kc search' was %s; rebuilding it", state)
            search.ensure_index(self.project)
        elif state == "stale":
            log.info("kc: the 'kc search' index is stale; 'kc index' (or the next 'kc search') renews it")

    @staticmethod
    def _language(config) -> str:
        i18n = config.plugins.get("i18n")
        return getattr(i18n, "current_language", None) or DEFAULT_LANGUAGE

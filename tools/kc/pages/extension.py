"""kc's page rules as a Python-Markdown extension: guideline header, clause anchors, cross-references,
generated blocks and glossary terms, for any generator that runs Python-Markdown.

Listed in mkdocs.yml under `markdown_extensions` as `kc.pages.extension`. Everything it needs comes through
its configuration: the project (`project`, or its folder `root`), the reader's language (`lang`) and the
page (`src`, the source URI such as `sv/guidelines/relocation/index.md`). A page without `src` is left as it
is, so a generator that cannot say which page it renders gets plain Markdown, never a wrong page.

Python-Markdown knows nothing of pages, and MkDocs builds a new Markdown instance for every page from
`markdown_extensions` and `mdx_configs`, with no hook in between. The MkDocs adapter therefore writes the
page's identity into this extension's entry of `mdx_configs` in on_page_markdown, which MkDocs calls right
before it renders that page; another generator passes the same options its own way.
"""

from __future__ import annotations

from pathlib import Path

from markdown import Extension, Markdown
from markdown.extensions.abbr import AbbrBlockprocessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from kc.content import documents
from kc.content.model import DEFAULT_LANGUAGE, LANGUAGES, Project, parse_text_src
from kc.content.plaintext import md_inline
from kc.pages import abbrcache, codesplit, docrender, drift, fallback, glossary, render, tasklist
from kc.pages.context import PageContext
from kc.pages.markers import expand
from kc.pages.strings import t

NAME = "kc.pages.extension"
_PROJECTS: dict[Path, Project] = {}  # by folder, for generators that pass `root` rather than the project


def page_context(
    project: Project, lang: str, src: str, site_url: str = "", dir_urls: bool = True
) -> PageContext:
    """The context of the page `src` (a source URI) read in `lang`."""
    folder = src.split("/", 1)[0]
    lang_folder = folder if folder in LANGUAGES else DEFAULT_LANGUAGE
    text = parse_text_src(src)
    guideline = project.by_slug.get(text[1]) if text else None
    return PageContext(lang, src, lang_folder, guideline, text[2] if text else None, site_url, dir_urls)


def page_markdown(
    project: Project,
    markdown: str,
    ctx: PageContext,
    stash: render.HtmlStash,
    tooltips: list[tuple[str, str]] | None = None,
    **options,
) -> str:
    """The page's Markdown with every page rule applied; generated HTML waits in `stash`. The rules read
    the page's text only: its code is set aside once, before the first rule, and put back after the last.

    The glossary's explanations are `*[term]: definition` lines at the end of the page, or, given a list
    `tooltips`, (term, definition) pairs in it for the abbr extension's own list (see Tooltips).
    `options`: dir_urls, glossary_tooltips, site_url, consultation_address (KcExtension's options)."""

    def rules(text: str) -> str:
        text = _text_rules(project, text, ctx, stash, **options)
        if not options.get("glossary_tooltips", True):
            return text
        defs = glossary.abbreviations(project, text, ctx.lang)
        if tooltips is not None and _hand_over(defs, tooltips):
            return text
        return f"{text}\n\n{defs}\n" if defs else text

    return codesplit.apply_to_text(markdown, rules)


def _hand_over(defs: str, tooltips: list[tuple[str, str]]) -> bool:
    """Puts the `*[term]: definition` lines `defs` into `tooltips` as the abbr extension would read them;
    False (and nothing put) if it would not read one of them as a definition."""
    pairs = []
    for line in defs.split("\n") if defs else ():
        m = AbbrBlockprocessor.RE.search(line)
        if m is None or not m.group("abbr").strip() or not m.group("title").strip():
            return False  # then the lines go into the text, where the reader sees what is wrong
        pairs.append((m.group("abbr").strip(), m.group("title").strip()))
    tooltips[:] = pairs
    return True


def _text_rules(project: Project, markdown: str, ctx: PageContext, stash: render.HtmlStash, **options) -> str:
    if ctx.guideline is not None:
        markdown = guideline_page(project, markdown, ctx, stash, **options)
    doc_text = documents.parse_text_src(ctx.src)
    doc = next((d for d in project.documents if doc_text and d.slug == doc_text[1]), None)
    if doc is not None:
        markdown = docrender.document_page(project, doc, ctx.lang, ctx.lang_folder, markdown, doc_text[2])
    markdown = render.resolve_xrefs(project, markdown, ctx.src, ctx.lang_folder)
    markdown = docrender.resolve_doc_xrefs(project, markdown, ctx.src, ctx.lang_folder)
    return expand(project, markdown, ctx)


def guideline_page(
    project: Project,
    markdown: str,
    ctx: PageContext,
    stash: render.HtmlStash,
    *,
    dir_urls: bool = True,
    site_url: str = "",
    consultation_address: str = "",
    **_,
) -> str:
    """A guideline text with its title, generated header, notices and numbered clauses."""
    g, lang = ctx.guideline, ctx.lang
    header = render.guideline_header(project, g, lang, ctx.version, consultation_address)
    parts = [f"# {md_inline(g.title[lang])}", *(stash.put(block) for block in header.split("\n\n"))]
    parts.extend(render.version_notices(project, g, lang, ctx.src, ctx.lang_folder, ctx.version))
    outdated = render.outdated_notice(project, g, lang, ctx.src, dir_urls)
    if outdated:
        parts.append(outdated)
    if lang == "en" and ctx.lang_folder == "en":
        parts.append(f'<p class="kc-authoritative">{t(lang, "authoritative")}</p>')
    notes = drift.drift_notes(project, g, ctx.src, dir_urls)  # English clauses to re-translate
    body = render.number_clauses(project, g, markdown, lang, ctx.version, stash, site_url, notes)
    if ctx.lang_folder != lang:
        # English build showing the Swedish text because no translation exists yet.
        parts.append(
            f'<div class="admonition info kc-untranslated" role="note"><p>{t(lang, "untranslated")}</p></div>'
        )
        body = f'<div lang="{ctx.lang_folder}" markdown>\n\n{body}\n\n</div>'
    parts += [glossary.HEADER_END, body]  # no glossary tooltips in the generated header
    return "\n\n".join(parts)


def page_html(html: str, ctx: PageContext, stash: render.HtmlStash, tooltips: bool) -> str:
    """The page's finished HTML: generated HTML back in place, labelled checkboxes, fallback marked."""
    html = tasklist.label_checkboxes(stash.fill(html))
    if tooltips:
        html = glossary.drop_tooltips_in_links_and_headings(html)
    text_lang = fallback.source_language(ctx.src)
    if text_lang != ctx.lang and parse_text_src(ctx.src) is None:
        # An untranslated page shown in the other language (guideline pages mark their own body).
        html = fallback.wrap(html, text_lang)
    return html


class PageRules(Preprocessor):
    """Applies the page rules to the Markdown before Python-Markdown reads it."""

    def __init__(self, md: Markdown, ext: KcExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        """The page's lines with every page rule applied."""
        ext = self.ext
        ext.page_done = False
        # With the abbr extension the explanations go straight into its list, not into the text: parsed as
        # Markdown, each line is a block of its own that every block processor looks at first.
        abbr = self.md.treeprocessors["abbr"] if "abbr" in self.md.treeprocessors else None
        ext.tooltips = [] if isinstance(getattr(abbr, "abbrs", None), dict) else None
        text = page_markdown(ext.project, "\n".join(lines), ext.ctx, ext.stash, ext.tooltips, **ext.options)
        return text.split("\n")


class Tooltips(Treeprocessor):
    """Adds the glossary's explanations to the abbr extension's list right before it marks up the page:
    after the page's own `*[...]` lines, as if they stood at its end, so that they win as they did there."""

    def __init__(self, md: Markdown, ext: KcExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root) -> None:
        """The explanations put in place; the tree stays as it is."""
        if not self.ext.tooltips:
            return
        abbrs = self.md.treeprocessors["abbr"].abbrs
        for term, definition in self.ext.tooltips:
            if definition in ("''", '""'):  # what the abbr extension reads as 'forget this term'
                abbrs.pop(term, None)
            else:
                abbrs[term] = definition


class PageDone(Treeprocessor):
    """Notes that the page's tree is complete: from here on the postprocessors run on the whole page."""

    def __init__(self, md: Markdown, ext: KcExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root) -> None:
        """Marks the page as done; the tree stays as it is."""
        self.ext.page_done = True


class PageHtml(Postprocessor):
    """Puts the generated HTML in place once the page is HTML."""

    def __init__(self, md: Markdown, ext: KcExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, text: str) -> str:
        """The finished page; a heading's text, which the table of contents passes through every
        postprocessor before the page is done (toc.run_postprocessors), is left as it is: it holds nothing of
        ours, and the table of contents keeps only its words."""
        if not self.ext.page_done:
            return text
        return page_html(text.strip(), self.ext.ctx, self.ext.stash, self.ext.options["glossary_tooltips"])


class KcExtension(Extension):
    """kc's page rules; options: project or root, lang, src, and how the site is published."""

    def __init__(self, **kwargs) -> None:
        # Defaults neither None nor bool: Extension.setConfig would turn a Project given for them into True.
        self.config = {
            "project": ["", "the loaded kc Project (else it is loaded from 'root')"],
            "root": ["", "the project folder, holding mkdocs.yml and docs/"],
            "lang": [DEFAULT_LANGUAGE, "the reader's language"],
            "src": ["", "the page's source URI, e.g. sv/guidelines/relocation/index.md; empty: no rules"],
            "dir_urls": [True, "whether pages are served as folders (links written as HTML)"],
            "glossary_tooltips": [True, "explain glossary terms on the page (abbr)"],
            "site_url": ["", "the published site's address, named by citations from any copy"],
            "consultation_address": ["", "where comments on a guideline out for consultation go"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        """Registers the page rules, unless no page was named."""
        cfg = self.getConfigs()
        if not cfg["src"]:
            return
        self.project = cfg["project"] or _load(Path(cfg["root"] or ".").resolve())
        self.ctx = page_context(self.project, cfg["lang"], cfg["src"], cfg["site_url"], cfg["dir_urls"])
        self.stash = render.HtmlStash()
        options = ("dir_urls", "glossary_tooltips", "site_url", "consultation_address")
        self.options = {k: cfg[k] for k in options}
        # Before normalize_whitespace (30) and the HTML block reader (20): the rules see the page as written.
        md.preprocessors.register(PageRules(md, self), "kc-page-rules", 35)
        # After every other postprocessor (raw HTML 30, & 20, unescape 10): the page is finished HTML.
        md.postprocessors.register(PageHtml(md, self), "kc-page-html", 1)
        # After every other treeprocessor (the table of contents 5, unescape 0).
        md.treeprocessors.register(PageDone(md, self), "kc-page-done", -100)
        # Right before the abbr extension (7), which marks up the terms.
        md.treeprocessors.register(Tooltips(md, self), "kc-tooltips", 7.5)
        if self.options["glossary_tooltips"]:  # the glossary's terms found with one pattern, not one per page
            abbrcache.install(md, glossary.terms(self.project, self.ctx.lang))
        self.page_done, self.tooltips = False, None
        md.registerExtension(self)

    def set_page(self, src: str) -> None:
        """Points the registered rules at the page `src`: one Markdown instance (reset between pages) then
        renders many generated pages, where making one per page would cost more than the pages take."""
        cfg = self.getConfigs()
        self.config["src"][0] = src
        self.ctx = page_context(self.project, cfg["lang"], src, cfg["site_url"], cfg["dir_urls"])
        self.stash = render.HtmlStash()
        self.page_done, self.tooltips = False, None


def _load(root: Path) -> Project:
    if root not in _PROJECTS:
        _PROJECTS[root] = Project.load(root)
    return _PROJECTS[root]


def makeExtension(**kwargs) -> KcExtension:  # noqa: N802 (the name Python-Markdown looks for)
    """The extension, for `markdown_extensions: [kc.pages.extension]`."""
    return KcExtension(**kwargs)

"""Generated blocks that hand-written pages place with a `<!-- kc:NAME -->` line."""

from __future__ import annotations

from collections.abc import Callable

from kc.content.model import Project
from kc.edition import hosting
from kc.pages import docrender, glossary, history, matrix, opendata, process, render, translations
from kc.pages.context import PageContext

Marker = Callable[[Project, PageContext], str]

MARKERS: dict[str, Marker] = {
    "guideline-index": lambda p, c: render.guideline_index(p, c.lang, c.src, c.lang_folder),
    "consultation": lambda p, c: render.consultation_list(p, c.lang, c.src, c.lang_folder),
    "matrix": matrix.render_matrix,
    "process": process.render_process,
    "glossary": glossary.render_glossary,
    "whats-new": history.whats_new,
    "latest-changes": history.latest_changes,
    "translations": translations.render_table,
    "document-library": docrender.library,
    "open-data": opendata.render_open_data,
    # The hosting guide: server examples carrying the site's own Content-Security-Policy.
    "csp-policy": hosting.policy_block,
    "hosting-nginx": hosting.nginx,
    "hosting-apache": hosting.apache,
    "hosting-iis": hosting.iis,
    "signing-keys": hosting.signing_keys,
}


def expand(project: Project, markdown: str, ctx: PageContext) -> str:
    """Replace every known marker line in `markdown` with its generated block.

    `markdown` is text without code (kc.pages.codesplit): the editors' guide shows marker lines as
    examples."""

    def replace(m):
        func = MARKERS.get(m.group(1))
        return func(project, ctx) if func else m.group(0)

    return render.MARKER_RE.sub(replace, markdown)

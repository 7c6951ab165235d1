"""Generated blocks that hand-written pages place with a `<!-- kc:NAME -->` line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import glossary, matrix, process, render
from .model import Guideline, Project


@dataclass(frozen=True)
class PageContext:
    """Where a block is rendered: reader's language, the page's source URI and language folder."""

    lang: str
    src: str
    lang_folder: str
    guideline: Guideline | None = None
    version: str | None = None


Marker = Callable[[Project, PageContext], str]

MARKERS: dict[str, Marker] = {
    "guideline-index": lambda p, c: render.guideline_index(p, c.lang, c.src, c.lang_folder),
    "consultation": lambda p, c: render.consultation_list(p, c.lang, c.src, c.lang_folder),
    "matrix": matrix.render_matrix,
    "process": process.render_process,
    "glossary": glossary.render_glossary,
}


def expand(project: Project, markdown: str, ctx: PageContext) -> str:
    """Replace every known marker line in `markdown` with its generated block."""

    def replace(m):
        func = MARKERS.get(m.group(1))
        return func(project, ctx) if func else m.group(0)

    return render.MARKER_RE.sub(replace, markdown)

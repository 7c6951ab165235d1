"""The current text of a guideline at its lasting address, guidelines/<slug>/v<X.Y>/.

Citations name that address: it shows the same version before and after the next version is published,
because `kc new-version` archives the text under the very same folder name. The page there is made from the
built current page (kc.pages.versioncopy), not rendered a second time.
"""

from __future__ import annotations

from kc.content.model import DEFAULT_LANGUAGE, Guideline, Project


def copy_folder(project: Project, g: Guideline, lang: str) -> str | None:
    """The folder below the `lang` site (guidelines/<slug>/v<X.Y>, en/ first for English) where the current
    text is published under its version; None when a text of that version is archived already, or when
    there is no current text to copy."""
    if project.text_path(g.slug, lang, g.version).exists():
        return None
    sources = (project.text_path(g.slug, lang), project.text_path(g.slug, DEFAULT_LANGUAGE))
    if not any(p.is_file() for p in sources):
        return None
    return f"{site_folder(lang, g)}/v{g.version}"


def copy_source(g: Guideline) -> str:
    """The copy's address as a Markdown file of the language's site, which links in the texts name."""
    return f"guidelines/{g.slug}/v{g.version}/index.md"


def site_folder(lang: str, g: Guideline) -> str:
    """The folder of the guideline's current page below the site root."""
    return f"guidelines/{g.slug}" if lang == DEFAULT_LANGUAGE else f"{lang}/guidelines/{g.slug}"

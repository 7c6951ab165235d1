"""The current text of a guideline at its lasting address, guidelines/<slug>/v<X.Y>/.

Citations name that address: it shows the same version before and after the next version is published,
because `kc new-version` archives the text under the very same folder name.
"""

from __future__ import annotations

from kc.content.mdsyntax import relinked
from kc.content.model import DEFAULT_LANGUAGE, Guideline, Project


def versioned_current_text(project: Project, g: Guideline, lang: str) -> tuple[str, str] | None:
    """(path in the `lang` site, Markdown) of the current text published under its version's folder;
    None when there is no text, or when a text of that version is archived already."""
    if project.text_path(g.slug, lang, g.version).exists():
        return None
    source = project.text_path(g.slug, lang)
    if not source.is_file():
        source = project.text_path(g.slug, DEFAULT_LANGUAGE)  # shown untranslated, as the current page is
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None  # kc validate reports the file; the build stops there
    # One folder deeper than the current text: its relative links move along, as in an archived copy.
    return f"guidelines/{g.slug}/v{g.version}/index.md", relinked(text)

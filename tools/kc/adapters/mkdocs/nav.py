"""Guideline pages in the menu's "Guidelines" section without listing them in the menu itself.

A guideline's pages (its current and archived texts and its history) are not in `nav:`: with hundreds of
guidelines, every page's menu would list them all. Made children of the section that holds the guideline
index, they get breadcrumbs ("Start > Riktlinjer") and that section is highlighted while they are read.
"""

from __future__ import annotations

import re

from mkdocs.structure.nav import Navigation, Section

GUIDELINE_PAGE_RE = re.compile(r"^(?:(?:sv|en)/)?guidelines/[a-z0-9-]+/")


def _guidelines_section(items) -> Section | None:
    """The menu section whose index page is the guideline index (guidelines/index.md)."""
    for item in items:
        if isinstance(item, Section):
            for child in item.children:
                src = getattr(getattr(child, "file", None), "src_uri", "")
                if src.split("/", 1)[-1] == "guidelines/index.md" or src == "guidelines/index.md":
                    return item
            found = _guidelines_section(item.children)
            if found is not None:
                return found
    return None


def attach_guideline_pages(nav: Navigation, files) -> None:
    """Make every guideline page a child of the guidelines section: parented, not listed."""
    section = _guidelines_section(nav.items)
    if section is None:
        return
    for file in files.documentation_pages():
        page = file.page
        if page is not None and page.parent is None and GUIDELINE_PAGE_RE.match(file.src_uri):
            page.parent = section

"""The abbr extension's tree processor with its pattern compiled once per set of terms, not once per page.

Python-Markdown's AbbrTreeprocessor compiles one alternation of every term it knows for each page. The
glossary gives each page the terms that occur in it, so most pages of a build share a handful of term sets,
and compiling the alternation again (most of the extension's time) finds the pattern it compiled before.
Only the compiling changes: the pattern, and so the page, is exactly the abbr extension's.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions.abbr import AbbrTreeprocessor

_PATTERNS: dict[str, re.Pattern] = {}
_MAX_PATTERNS = 2048  # a bound on the memory: a build with more term sets starts the cache afresh


def pattern(terms) -> re.Pattern:
    """The abbr extension's pattern for `terms`: the longest first, each a whole word."""
    ordered = sorted(terms, key=len, reverse=True)  # stable, as the extension's list.sort
    source = f"\\b(?:{'|'.join(re.escape(term) for term in ordered)})\\b"
    compiled = _PATTERNS.get(source)
    if compiled is None:
        if len(_PATTERNS) >= _MAX_PATTERNS:
            _PATTERNS.clear()
        compiled = _PATTERNS[source] = re.compile(source)
    return compiled


class CachedAbbrTreeprocessor(AbbrTreeprocessor):
    """AbbrTreeprocessor whose pattern comes from `pattern`."""

    def run(self, root):
        """Marks up the known terms in the tree, as AbbrTreeprocessor.run does."""
        if not self.abbrs:
            return
        self.RE = pattern(self.abbrs)
        self.iter_element(root)


def install(md: Markdown) -> None:
    """Puts CachedAbbrTreeprocessor in the abbr extension's place, sharing its list of terms; leaves any
    other tree processor of that name (a later version's, another extension's) as it is."""
    if "abbr" not in md.treeprocessors:
        return
    current = md.treeprocessors["abbr"]
    if type(current) is not AbbrTreeprocessor:
        return
    priority = next(item.priority for item in md.treeprocessors._priority if item.name == "abbr")
    md.treeprocessors.register(CachedAbbrTreeprocessor(md, current.abbrs), "abbr", priority)

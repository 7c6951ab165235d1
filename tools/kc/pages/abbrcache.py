"""The abbr extension's tree processor without a new pattern for every page.

Python-Markdown's AbbrTreeprocessor compiles one alternation of the page's terms for each page, and
compiling it was most of the extension's time: the glossary gives each page the terms that occur in it, a
different set on nearly every page. Here one pattern of every glossary term (`known`, compiled once per
build) finds the places, and the page's own pattern is compiled only for a page where a term it does not
explain stands first. The matches, and so the page, are exactly the abbr extension's (see `_Matcher`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown import Markdown
from markdown.extensions.abbr import AbbrTreeprocessor

_PATTERNS: dict = {}
_MAX_PATTERNS = 256  # a bound on the memory: a build with more term sets starts the cache afresh


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


class _Matcher:
    """`finditer` as the page's pattern (`pattern(terms)`) would give it, found with `every`, the pattern of
    a superset of `terms`.

    Both patterns try the terms longest first at each place, so where `every` matches first, the page's
    pattern matches nowhere earlier (its terms are among `every`'s), and if the longest term there is one
    of the page's, the page's pattern takes that same term (two terms of one length matching at one place
    are the same string). Only where that term is not the page's does the page's own pattern decide."""

    def __init__(self, every: re.Pattern, terms: dict):
        self.every = every
        self.terms = terms
        self.own: re.Pattern | None = None

    def finditer(self, text: str) -> Iterator[re.Match]:
        """The matches of the page's pattern in `text`, in order."""
        pos = 0
        while (m := self.every.search(text, pos)) is not None:
            if m[0] not in self.terms:
                if self.own is None:
                    self.own = pattern(self.terms)
                m = self.own.search(text, m.start())
                if m is None:
                    return
            yield m
            pos = m.end()


class CachedAbbrTreeprocessor(AbbrTreeprocessor):
    """AbbrTreeprocessor that finds the terms with the pattern of `known` where the page's are among them
    (see `_Matcher`), else with the page's own pattern, compiled once per set of terms."""

    known: tuple[str, ...] = ()  # set by the page rules: the glossary's terms in the page's language

    def run(self, root):
        """Marks up the known terms in the tree, as AbbrTreeprocessor.run does."""
        if not self.abbrs:
            return
        terms, every = _entry(self.known) if self.known else (frozenset(), None)
        if every is not None and terms.issuperset(self.abbrs):
            self.RE = _Matcher(every, self.abbrs)
        else:
            self.RE = pattern(self.abbrs)
        self.iter_element(root)


_EVERY: dict[tuple[str, ...], tuple[frozenset[str], re.Pattern | None]] = {}


def _every(known: tuple[str, ...]) -> re.Pattern | None:
    """The pattern of the terms `known` (None if there is none), compiled once."""
    return _entry(known)[1]


def _entry(known: tuple[str, ...]) -> tuple[frozenset[str], re.Pattern | None]:
    entry = _EVERY.get(known)
    if entry is None:
        if len(_EVERY) >= 8:  # a few projects and languages per process
            _EVERY.clear()
        terms = tuple(term for term in known if term)  # an empty term would match everywhere
        entry = _EVERY[known] = (frozenset(terms), _compiled(terms) if terms else None)
    return entry


def _compiled(terms: tuple[str, ...]) -> re.Pattern:
    """The tree's pattern, or the plain alternation (the same matches) where the tree nests deeper than
    the regular expression compiler can follow (hundreds of terms each a prefix of the next)."""
    try:
        return re.compile(_trie_pattern(terms))
    except (RecursionError, OverflowError, AssertionError, re.error):
        return pattern(terms)


def _trie_pattern(terms: tuple[str, ...]) -> str:
    """A pattern that matches what `pattern(terms)` matches, written as a tree of the terms' characters.

    The plain alternation tries every term at every place of the text (hundreds of glossary terms made it
    ten times slower than the tree). At one place the terms that fit are prefixes of one another, one path
    of the tree; trying a node's longer continuations before ending there finds the longest that is a whole
    word, as the alternation sorted longest first does. A look-ahead for the first characters skips ahead."""
    tree: dict = {}
    for term in terms:
        node = tree
        for ch in term:
            node = node.setdefault(ch, {})
        node[""] = {}  # a term ends here
    firsts = "".join(sorted({re.escape(term[0]) for term in terms if term}))
    return f"(?=[{firsts}])\\b(?:{_tree_source(tree)})\\b"


def _tree_source(tree: dict) -> str:
    """The tree's pattern: at each node its continuations, then its end if a term ends there. Written with
    a stack, not recursion: a glossary term of a few hundred characters would exceed Python's depth."""
    out: list[str] = []
    stack: list = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        alternatives = [[re.escape(ch), child] for ch, child in item.items() if ch]
        if "" in item:
            alternatives.append([])  # last: the longer terms first
        if len(alternatives) == 1:
            stack.extend(reversed(alternatives[0]))
            continue
        seq: list = ["(?:"]
        for i, alternative in enumerate(alternatives):
            seq += ["|", *alternative] if i else alternative
        seq.append(")")
        stack.extend(reversed(seq))
    return "".join(out)


def install(md: Markdown, known: tuple[str, ...] = ()) -> None:
    """Puts CachedAbbrTreeprocessor in the abbr extension's place, sharing its list of terms, with the
    terms `known` (those most pages draw theirs from); leaves any other tree processor of that name (a
    later version's, another extension's) as it is."""
    if "abbr" not in md.treeprocessors:
        return
    current = md.treeprocessors["abbr"]
    if type(current) is not AbbrTreeprocessor:
        return
    priority = next(item.priority for item in md.treeprocessors._priority if item.name == "abbr")
    replacement = CachedAbbrTreeprocessor(md, current.abbrs)
    replacement.known = tuple(known)
    md.treeprocessors.register(replacement, "abbr", priority)

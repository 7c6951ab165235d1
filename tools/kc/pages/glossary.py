"""The glossary (`docs/guidelines/_glossary.yml`): the glossary page, and explanations of the terms wherever
they occur, as Python-Markdown `abbr` definitions (`*[term]: definition`) in the reader's language.

Choice for untranslated pages: the English site shows the Swedish text where no English translation exists.
Such pages get English explanations of English terms only, like every English page; the Swedish words in
them are not explained. Readers of the English site find the Swedish terms with their English names on the
English glossary page, which the untranslated notice sits beside in the navigation.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from kc.content import datafiles
from kc.content.findings import Finding
from kc.content.model import LANGUAGES, Project
from kc.pages.context import PageContext
from kc.pages.strings import t

RULE = "glossary"
GLOSSARY_CLASS = "kc-glossary"
# Tooltips read the glossary and its words once per build, not per page; a project is loaded afresh for
# every build.
_CACHE: WeakKeyDictionary = WeakKeyDictionary()


@dataclass(frozen=True)
class Entry:
    """A term in one language: its base form, the inflected forms also explained, and its definition."""

    term: str
    forms: tuple[str, ...]
    definition: str

    @property
    def words(self) -> tuple[str, ...]:
        return (self.term, *self.forms)


@dataclass(frozen=True)
class Term:
    id: str
    entries: dict[str, Entry]


@dataclass
class Glossary:
    """The valid terms of the glossary file, plus every problem found in it."""

    terms: list[Term] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    exists: bool = False


def load_glossary(project: Project) -> Glossary:
    """Read and check `_glossary.yml`; problems are in `.findings`, each at its file and line."""
    df = datafiles.load(project, "glossary", RULE)
    glossary = Glossary(findings=list(df.findings), exists=df.exists)
    if not df.exists or df.findings:
        return glossary
    data, problems = df.data, glossary.findings
    items = data.get("terms") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        problems.append(df.error("terms", "the glossary must have a non-empty list 'terms'", RULE))
        return glossary
    ids: dict[str, int] = {}
    words: dict[str, dict[str, tuple[str, int]]] = {lang: {} for lang in LANGUAGES}
    for i, item in enumerate(items):
        key = f"terms.{i}"
        tid = datafiles.as_id(item.get("id")) if isinstance(item, dict) else None
        if tid is None:
            problems.append(df.error(key, "term has no 'id'; add 'id: short-name'", RULE))
            continue
        if tid in ids:
            problems.append(
                df.error(
                    key,
                    f"term id {tid!r} is used twice (first on line {ids[tid]}); give each term its own id",
                    RULE,
                )
            )
            continue
        ids[tid] = df.line(key)
        problems.extend(datafiles.unknown_keys(item, ("id", *LANGUAGES), df, key, RULE, f"term {tid!r}"))
        entries: dict[str, Entry] = {}
        for lang in LANGUAGES:
            entry = _entry(item.get(lang), df, f"{key}.{lang}", tid, lang, problems)
            if entry is None:
                continue
            for j, word in enumerate(entry.words):
                where = f"{key}.{lang}.term" if j == 0 else f"{key}.{lang}.forms.{j - 1}"
                other = words[lang].get(word)
                if other and other[0] != tid:
                    problems.append(
                        df.error(
                            where,
                            f"{word!r} is explained twice: also by term {other[0]!r} on "
                            f"line {other[1]}; keep it in one term",
                            RULE,
                        )
                    )
                words[lang].setdefault(word, (tid, df.line(where)))
            entries[lang] = entry
        if len(entries) == len(LANGUAGES):
            glossary.terms.append(Term(tid, entries))
    return glossary


def _entry(
    value, df: datafiles.DataFile, key: str, tid: str, lang: str, problems: list[Finding]
) -> Entry | None:
    word = "Swedish" if lang == "sv" else "English"
    if not isinstance(value, dict):
        problems.append(
            df.error(
                key,
                f"term {tid!r} has no {word} part '{lang}'; add '{lang}:' with 'term' and 'definition'",
                RULE,
            )
        )
        return None
    problems.extend(
        datafiles.unknown_keys(
            value, ("term", "forms", "definition", "synonyms"), df, key, RULE, f"term {tid!r} ({lang})"
        )
    )
    ok = True
    for name in ("term", "definition"):
        text = value.get(name)
        if not isinstance(text, str) or not text.strip():
            problems.append(
                df.error(key, f"the {word} part of term {tid!r} has no '{name}'; add '{name}: \"...\"'", RULE)
            )
            ok = False
    forms = value.get("forms") or []
    if not isinstance(forms, list) or not all(isinstance(f, str) and f.strip() for f in forms):
        problems.append(
            df.error(
                f"{key}.forms",
                f"'forms' of term {tid!r} ({lang}) must be a list of words, e.g. [avhopparen, avhopparna]",
                RULE,
            )
        )
        ok = False
    if not ok:
        return None
    return Entry(
        " ".join(value["term"].split()),
        tuple(" ".join(f.split()) for f in forms),
        " ".join(value["definition"].split()),
    )


def check_glossary(project: Project) -> Iterator[Finding]:
    """Glossary terms have an id, a term and a definition in both languages, and explain each word once."""
    yield from load_glossary(project).findings


# Swedish alphabet: ... x y z å ä ö (Danish and Norwegian æ and ø sort as ä and ö).
SV_TAIL = {"å": 0, "ä": 1, "æ": 1, "ö": 2, "ø": 2}


def sort_key(text: str, lang: str) -> tuple:
    """Alphabetical order as readers of `lang` expect it: in Swedish å, ä and ö come after z."""
    key = []
    for ch in text.casefold():
        if lang == "sv" and ch in SV_TAIL:
            key.append((1, str(SV_TAIL[ch])))
        else:
            key.append((0, unicodedata.normalize("NFD", ch)[0]))
    return (tuple(key), text)


def render_glossary(project: Project, ctx: PageContext) -> str:
    """Every term, alphabetical in the reader's language, with the other language's term and an anchor."""
    lang = ctx.lang
    other = "en" if lang == "sv" else "sv"
    terms = sorted(load_glossary(project).terms, key=lambda term: sort_key(term.entries[lang].term, lang))
    rows = []
    for term in terms:
        mine, theirs = term.entries[lang], term.entries[other]
        rows.append(
            f'<dt id="{html.escape(term.id)}"><dfn>{html.escape(mine.term)}</dfn> '
            f'<span class="{GLOSSARY_CLASS}__other">({t(lang, "term_" + other).lower()}: '
            f'<span lang="{other}">{html.escape(theirs.term)}</span>)</span></dt>\n'
            f"<dd>{html.escape(mine.definition)}</dd>"
        )
    return f'<dl class="{GLOSSARY_CLASS}">\n' + "\n".join(rows) + "\n</dl>"


def abbreviations(project: Project, markdown: str, lang: str) -> str:
    """`*[word]: definition` lines for the glossary words that occur in `markdown`, in `lang`.

    A word at the start of a sentence is also explained in its capitalised form.
    """
    if f'class="{GLOSSARY_CLASS}"' in markdown:
        return ""  # the glossary page itself explains every term already
    variants, by_word = _variants(project, lang)
    words = set(_WORD_RE.findall(markdown))
    # Only the variants whose first word is a word of the page can occur: look those up, in glossary order.
    found = set(by_word.get("", ()))
    for word in words.intersection(by_word):
        found.update(by_word[word])
    lines = []
    for i in sorted(found):
        variant = variants[i]
        if all(part in words for part in variant.parts) and (
            # The plain substring test first: it rules out most phrases far faster than the pattern.
            variant.pattern is None or (variant.text in markdown and variant.pattern.search(markdown))
        ):
            lines.append(variant.line)
    return "\n".join(dict.fromkeys(lines))


_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class _Variant:
    """A word of the glossary as it may stand on a page, with its `*[...]` line; `pattern` finds it as a
    whole word where its words alone do not tell (several words, or more than one word's characters)."""

    text: str
    line: str
    parts: tuple[str, ...]
    pattern: re.Pattern | None


def _variants(project: Project, lang: str) -> tuple[list[_Variant], dict[str, list[int]]]:
    """Every variant of every term in `lang`, in glossary order, and their indexes by first word ('': none).

    Built once per project and language: every page of a build asks for it."""
    cached = _CACHE.get(project)
    if cached is None:
        cached = _CACHE[project] = {"glossary": load_glossary(project)}
    if lang not in cached:
        variants: list[_Variant] = []
        by_word: dict[str, list[int]] = {}
        for term in cached["glossary"].terms:
            entry = term.entries[lang]
            definition = entry.definition.replace("\n", " ")
            for word in entry.words:
                for variant in dict.fromkeys((word, word[:1].upper() + word[1:])):
                    parts = tuple(_WORD_RE.findall(variant))
                    single = len(parts) == 1 and parts[0] == variant
                    pattern = None if single else re.compile(rf"(?<!\w){re.escape(variant)}(?!\w)")
                    by_word.setdefault(parts[0] if parts else "", []).append(len(variants))
                    variants.append(_Variant(variant, f"*[{variant}]: {definition}", parts, pattern))
        cached[lang] = (variants, by_word)
    return cached[lang]


def terms(project: Project, lang: str) -> tuple[str, ...]:
    """Every word that `abbreviations` may explain in `lang`, as the abbr extension reads it from its line;
    one tuple per project and language (kc.pages.abbrcache compiles one pattern of them per build)."""
    variants = _variants(project, lang)[0]
    cached = _CACHE[project]
    if ("terms", lang) not in cached:
        cached["terms", lang] = tuple(dict.fromkeys(v.text.strip() for v in variants if v.text.strip()))
    return cached["terms", lang]


def occurs(variant: str, markdown: str, words: set[str] | None = None) -> bool:
    """Whether `variant` stands in `markdown` as a whole word (or words), not inside a longer word.

    `words`, the set of `markdown`'s words, answers for one-word terms without scanning the page. This is
    the definition that `abbreviations` follows with its index built once per build (the tests hold the two
    to the same answers); it asks this per term and form, hundreds of times a page.
    """
    if words is not None:
        parts = _WORD_RE.findall(variant)
        # Each word of a term that occurs is a whole word of the page, so one missing word rules it out.
        if not all(part in words for part in parts):
            return False
        if len(parts) == 1 and parts[0] == variant:
            return True
    return re.search(rf"(?<!\w){re.escape(variant)}(?!\w)", markdown) is not None


# Where an explanation would get in the way: link texts (a tooltip inside a link competes with it) and
# headings (a term in a heading is explained in the text below it).
_NO_TOOLTIP_RE = re.compile(r"<(a|h[1-6])\b[^>]*>.*?</\1>", re.S)
_ABBR_TAG_RE = re.compile(r"</?abbr\b[^>]*>")


# The plugin puts this line between the generated page header and the author's text.
HEADER_END = "<!-- kc-header-end -->"
_ABBR_RE = re.compile(r'<abbr title="([^"]*)">(.*?)</abbr>', re.S)
# A section starts at its h2; a literal start, so that the search skips ahead (a lookahead tries every place).
_SECTION_RE = re.compile(r"<h2\b")


def drop_tooltips_in_links_and_headings(html_text: str) -> str:
    """`html_text` with the glossary's <abbr> tags removed inside links and headings, in the generated header
    (everything before HEADER_END) and after the first explanation of a term in each section.

    A term explained on every line distracts more than it helps; once per section (h2) is enough, and a reader
    who jumps to a clause still finds the explanation in that clause's section.
    """
    head, found, body = html_text.partition(HEADER_END)
    if "<abbr" not in html_text:
        return head + body  # no term to drop: only the marker goes
    if found:
        html_text = _ABBR_TAG_RE.sub("", head) + body
    html_text = _NO_TOOLTIP_RE.sub(_without_tooltips, html_text)
    starts = [0, *(m.start() for m in _SECTION_RE.finditer(html_text)), len(html_text)]
    return "".join(_first_per_term(html_text[a:b]) for a, b in zip(starts, starts[1:], strict=False))


def _without_tooltips(m: re.Match) -> str:
    return _ABBR_TAG_RE.sub("", m.group(0)) if "<abbr" in m.group(0) else m.group(0)


def _first_per_term(section: str) -> str:
    if "<abbr" not in section:
        return section
    seen: set[str] = set()

    def keep_first(m: re.Match) -> str:
        if m.group(1) in seen:  # one definition per term: its forms share it
            return m.group(2)
        seen.add(m.group(1))
        return m.group(0)

    return _ABBR_RE.sub(keep_first, section)

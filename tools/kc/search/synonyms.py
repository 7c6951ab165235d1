"""Editors' search vocabulary: the `synonyms` of each glossary term in each language (`_glossary.yml`).

A synonym is a word or phrase readers use for a term: an everyday word, an older term, or the word the
police, social services or procurement use. A query that contains a synonym also finds the term (and its
forms); the reader is told so ("Also showing results for …"). Synonyms are compared as index terms
(analysed: lower case, stop words dropped, stemmed), so *bostaden* is the synonym *bostad*.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kc.content import datafiles
from kc.content.findings import Finding
from kc.content.model import LANGUAGES, Project
from kc.search import analysis

RULE = "synonyms"


@dataclass(frozen=True)
class Synonym:
    """One synonym of a term in one language, with the term's words it leads to."""

    words: tuple[str, ...]  # the synonym's index terms
    term: str  # the term as shown to the reader
    target: tuple[tuple[str, ...], ...]  # per word of the term, its index terms (in the term and its forms)
    term_id: str
    line: int


def _key(lang: str, text: str) -> tuple[str, ...]:
    return tuple(analysis.analyze(lang, text))


def _target(lang: str, term: str, forms) -> tuple[tuple[str, ...], ...]:
    """Per word of `term`, the index terms it has in the term and in the forms with as many words."""
    parts = [{t} for t in _key(lang, term)]
    for form in forms if isinstance(forms, list) else []:
        key = _key(lang, form) if isinstance(form, str) else ()
        if len(key) == len(parts):
            for part, t in zip(parts, key, strict=True):
                part.add(t)
    return tuple(tuple(sorted(p, key=lambda t: t.encode("utf-16-be"))) for p in parts)


WORDS = "search_words"  # words of the texts that are no glossary terms, with the synonyms readers use


def load(project: Project) -> tuple[dict[str, list[Synonym]], list[Finding]]:
    """The synonyms of each language and every problem found in them (each at its file and line)."""
    df = datafiles.load(project, "glossary", RULE)
    found: dict[str, list[Synonym]] = {lang: [] for lang in LANGUAGES}
    problems: list[Finding] = []
    data = df.data if df.exists and not df.findings and isinstance(df.data, dict) else {}
    lists = []
    for name in ("terms", WORDS):
        items = data.get(name)
        if items is None:
            continue
        if not isinstance(items, list):
            problems.append(df.error(name, f"'{name}' must be a list of entries with an 'id'", RULE))
            continue
        lists.append((name, items))
    # Index terms of every glossary term and form, so that a synonym cannot hide another term.
    owner: dict[str, dict[tuple, str]] = {lang: {} for lang in LANGUAGES}
    for _, items in lists:
        for item in items:
            for lang in LANGUAGES:
                entry = item.get(lang) if isinstance(item, dict) else None
                if isinstance(entry, dict):
                    for w in [entry.get("term")] + list(entry.get("forms") or []):
                        if isinstance(w, str) and _key(lang, w):
                            owner[lang].setdefault(_key(lang, w), str(item.get("id")))
    seen: dict[str, dict[tuple, tuple[str, int]]] = {lang: {} for lang in LANGUAGES}
    for name, items in lists:
        for i, item in enumerate(items):
            if name == WORDS:
                problems.extend(_word_entry(df, item, i))
            if not isinstance(item, dict):
                continue
            for lang in LANGUAGES:
                entry = item.get(lang)
                if isinstance(entry, dict) and "synonyms" in entry:
                    key = f"{name}.{i}.{lang}"
                    found[lang].extend(
                        _synonyms(df, key, str(item.get("id")), lang, entry, owner, seen, problems)
                    )
    return found, problems


def _word_entry(df, item, i: int) -> list[Finding]:
    """An entry of `search_words`: an id and, per language, a `term` (a word of the texts), synonyms."""
    key = f"{WORDS}.{i}"
    if not isinstance(item, dict) or not datafiles.as_id(item.get("id")):
        return [df.error(key, f"entry of '{WORDS}' has no 'id'; add 'id: short-name'", RULE)]
    out = list(datafiles.unknown_keys(item, ("id", *LANGUAGES), df, key, RULE, f"search word {item['id']!r}"))
    for lang in LANGUAGES:
        entry = item.get(lang)
        if entry is None:
            continue
        where = f"{key}.{lang}"
        if not isinstance(entry, dict) or not isinstance(entry.get("term"), str) or not entry["term"].strip():
            out.append(
                df.error(
                    where, f"search word {item['id']!r} ({lang}) needs 'term: <a word of the texts>'", RULE
                )
            )
            continue
        out.extend(
            datafiles.unknown_keys(
                entry, ("term", "forms", "synonyms"), df, where, RULE, f"search word {item['id']!r} ({lang})"
            )
        )
    return out


def _synonyms(df, key, tid, lang, entry, owner, seen, problems) -> list[Synonym]:
    values, out = entry["synonyms"], []
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        problems.append(
            df.error(
                f"{key}.synonyms",
                f"'synonyms' of term {tid!r} ({lang}) must be a list of words or phrases, "
                "e.g. [bostad, lägenhet]",
                RULE,
            )
        )
        return out
    term = " ".join(str(entry.get("term", "")).split())
    target = _target(lang, term, entry.get("forms"))
    for j, value in enumerate(values):
        where, words = f"{key}.synonyms.{j}", _key(lang, value)
        line = df.line(where)
        problem = _problem(words, value, tid, lang, owner[lang], seen[lang])
        if problem:
            problems.append(Finding(df.rel, line, problem, "error", RULE))
            continue
        seen[lang][words] = (tid, line)
        out.append(Synonym(words, term, target, tid, line))
    return out


def _problem(words, value, tid, lang, owner, seen) -> str | None:
    if not words:
        return (
            f"synonym {value!r} of term {tid!r} ({lang}) has only stop words, so it can never match; "
            "use a word that carries meaning"
        )
    if words in seen:
        other, line = seen[words]
        if other == tid:
            return f"synonym {value!r} of term {tid!r} ({lang}) is listed twice (also line {line}); keep one"
        return (
            f"synonym {value!r} ({lang}) is also a synonym of term {other!r} on line {line}; "
            "a word may lead to one term only: keep it under one of them"
        )
    if words in owner:
        if owner[words] == tid:
            return (
                f"synonym {value!r} of term {tid!r} ({lang}) is the term itself or one of its forms; "
                "remove it"
            )
        return (
            f"synonym {value!r} of term {tid!r} ({lang}) is the glossary term {owner[words]!r} itself; "
            "remove it, or list it under that term"
        )
    return None


def check_synonyms(project: Project) -> Iterator[Finding]:
    """Synonyms are lists of words, each leading to one term; every term they lead to occurs in the texts."""
    yield from check_synonym_lists(project)
    yield from check_synonym_reach(project)


def check_synonym_lists(project: Project) -> Iterator[Finding]:
    """Synonyms are lists of words, each leading to one term (errors)."""
    yield from load(project)[1]


def check_synonym_reach(project: Project) -> Iterator[Finding]:
    """Every term that synonyms lead to occurs in the current texts (warnings only: a build, which fails on
    errors alone, skips it and the index terms of every text it needs)."""
    found, _ = load(project)
    from kc.search import docs, vocab

    for lang in LANGUAGES:
        if not found[lang]:
            continue
        known = vocab.terms(lang, docs.documents(project, lang, current_only=True))
        reported = set()
        for s in found[lang]:
            if s.term_id not in reported and not all(any(t in known for t in part) for part in s.target):
                reported.add(s.term_id)
                yield Finding(
                    f"{project.rel(project.records_dir / '_glossary.yml')}",
                    s.line,
                    f"term {s.term!r} ({lang}) has synonyms but not all its words occur in the current "
                    "texts, so they cannot find it; check the term's spelling, or drop its synonyms",
                    "warning",
                    RULE,
                )


def forms(project: Project, lang: str) -> list[Synonym]:
    """A glossary term, or one of its forms, typed by the reader also finds the term's other forms where the
    stemmer cannot join them (*verkliga huvudmän* and *verklig huvudman*, *bostäder* and *bostad*): an entry
    like a synonym's whose term shown is empty (the reader typed the term itself: nothing to announce)."""
    df = datafiles.load(project, "glossary", RULE)
    data = df.data if df.exists and not df.findings and isinstance(df.data, dict) else {}
    out: dict[tuple, Synonym] = {}
    for name in ("terms", WORDS):
        for item in data.get(name) or [] if isinstance(data.get(name), list) else []:
            entry = item.get(lang) if isinstance(item, dict) else None
            if not isinstance(entry, dict) or not isinstance(entry.get("term"), str):
                continue
            term = " ".join(entry["term"].split())
            target = _target(lang, term, entry.get("forms"))
            values = [term] + [f for f in entry.get("forms") or [] if isinstance(f, str)]
            for words in {_key(lang, v) for v in values}:
                if len(words) != len(target) or len(set().union(*target)) != sum(map(len, target)):
                    continue  # not word for word, or the forms' words are in another order
                if any(set(p) - {w} for w, p in zip(words, target, strict=True)):
                    out.setdefault(words, Synonym(words, "", target, str(item.get("id")), 0))
    return list(out.values())


def table(project: Project, lang: str) -> list[Synonym]:
    """The valid synonyms of `lang` and the glossary's forms (`forms`), longest first (a query is matched
    greedily, longest phrase first)."""
    found, _ = load(project)
    taken = {s.words for s in found[lang]}
    both = found[lang] + [f for f in forms(project, lang) if f.words not in taken]
    return sorted(both, key=lambda s: (-len(s.words), s.words))

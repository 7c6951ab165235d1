"""Search: the Whoosh index of `kc search` and its queries, per language.

The documents (one per clause or section) come from kc.search.docs. `build_index` writes a Whoosh index
per language (for `kc search`) under .cache/search/ with a hash of its inputs, so a stale or missing index
is detected; beside each index, in the same generation, kc.search.ranking's lengths and query data.
kc.search.browserindex makes the site search box's index from the same documents with the same analysis
(kc.search.analysis).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from kc.content import sourcefile
from kc.content.model import DEFAULT_LANGUAGE, LANGUAGES, Project
from kc.search import analysis, indexstore, operators, opsearch, porter, ranking, swedish
from kc.search.docs import Doc, documents
from kc.search.errors import SearchError

FORMAT = 5  # bump when the documents or the analysis change, so that old indexes count as stale
SNIPPET_CHARS = 200
FIELDS = (
    "guideline", "clause", "title", "text", "version", "status", "topic", "audience", "lang", "current",
    "kind",
)


def inputs_hash(project: Project) -> str:
    """A hash of everything the indexes are made from: records, vocabulary, texts and the analysis code."""
    h = hashlib.sha256(f"format {FORMAT}\n".encode())
    for module in (analysis, porter, swedish):
        h.update(Path(module.__file__).read_bytes())
    files = sorted(project.records_dir.glob("*.yml")) + sorted(project.records_dir.glob("documents/*.yml"))
    for lang in LANGUAGES:
        for base in (project.docs / lang / "guidelines", project.docs / lang / "documents"):
            if base.is_dir():
                files += sorted(base.rglob("*.md"))
    for f in files:
        try:
            data = sourcefile.read_bytes(f)
        except sourcefile.SourceError as exc:
            data = exc.message.encode()  # kc index and kc search refuse such a file before they get here
        h.update(project.rel(f).encode() + b"\0" + data + b"\0")
    return h.hexdigest()


# ---- Whoosh index (command line) ----


def schema(lang: str):
    from whoosh import fields

    ana = analysis.analyzer(lang)
    return fields.Schema(
        guideline=fields.ID(stored=True),
        clause=fields.ID(stored=True),
        title=fields.TEXT(analyzer=ana, stored=True, field_boost=2.0),
        text=fields.TEXT(analyzer=ana, stored=True),
        version=fields.ID(stored=True),
        status=fields.ID(stored=True),
        topic=fields.ID(stored=True),
        audience=fields.KEYWORD(stored=True),
        lang=fields.ID(stored=True),
        current=fields.BOOLEAN(stored=True),
        kind=fields.ID(stored=True),
        url=fields.STORED,
        heading=fields.STORED,
        gtitle=fields.STORED,
    )


def default_dir(project: Project) -> Path:
    return project.root / ".cache" / "search"


def build_index(project: Project, out: Path | None = None, *, only_if_stale: bool = False) -> dict | None:
    """Write the Whoosh index of each language into `out` (default .cache/search); return a summary.

    Concurrent runs take turns (kc.search.indexstore); with `only_if_stale`, a run that finds the index fresh
    once its turn comes (another run has just built it) builds nothing and returns None."""
    out = Path(out or default_dir(project))
    with indexstore.building(out):
        summary = {"hash": inputs_hash(project), "documents": {}}
        if only_if_stale and _built_hash(out) == summary["hash"]:
            return None
        _build_generation(project, out, summary)
    _forget_searchers()
    return summary


def _build_generation(project: Project, out: Path, summary: dict) -> None:
    """Write a new generation of the index into `out` and make it current (call while `building`)."""
    generation = indexstore.new_generation(out)
    try:
        for lang in LANGUAGES:
            docs = list(documents(project, lang))
            summary["documents"][lang] = len(docs)
            # The default search (current versions only) has an index of its own: a query then walks only
            # the postings of current documents instead of filtering every version's, which halves its cost.
            lengths: dict = {}  # each document's length, computed once for both indexes
            for folder, part in ((lang, docs), (f"{lang}-current", [d for d in docs if d.current])):
                _write(generation / folder, schema(lang), part)
                ranking.write_lengths(generation / folder, lang, part, lengths)
            # The query data (vocabulary, synonyms) is part of the generation, published with it in one step.
            ranking.write_data(generation, project, lang, docs)
        (generation / "state.json").write_text(json.dumps(summary), encoding="utf-8")
    except BaseException:
        indexstore.discard(generation)
        raise
    indexstore.publish(out, generation)


def ensure_index(project: Project, out: Path | None = None) -> dict | None:
    """Build the index unless it is fresh (also when another run made it fresh meanwhile)."""
    return build_index(project, out, only_if_stale=True)


def _write(folder: Path, schema, docs: list[Doc]) -> None:
    from whoosh import index

    folder.mkdir(parents=True)
    ix = index.create_in(str(folder), schema)
    w = ix.writer()
    for d in docs:
        w.add_document(
            guideline=d.guideline,
            clause=d.clause,
            title=f"{d.title} {d.clause} {d.heading}".strip(),
            text=d.text,
            version=d.version,
            status=d.status,
            topic=d.topic,
            audience=" ".join(d.audiences),
            lang=d.lang,
            current=d.current,
            kind="document" if d.kind else "guideline",
            url=d.url,
            heading=d.heading,
            gtitle=d.title,
        )
    w.commit()


def _built_hash(out: Path) -> str | None:
    with indexstore.reading(out) as generation:
        if generation is None:
            return None
        try:
            return json.loads((generation / "state.json").read_text(encoding="utf-8"))["hash"]
        except (OSError, ValueError, KeyError, TypeError):
            return None


def index_state(project: Project, out: Path | None = None) -> str:
    """'fresh', 'stale' (the content changed since the index was built) or 'missing'."""
    built = _built_hash(Path(out or default_dir(project)))
    if built is None:
        return "missing"
    return "fresh" if built == inputs_hash(project) else "stale"


_SEARCHERS: dict[str, object] = {}
_FILTERS: dict[tuple, object] = {}


def _filter_set(searcher, filters: list):
    """The document set of the filter queries, computed once per searcher (it is the same for every query)."""
    if not filters:
        return None
    from whoosh import query as q
    from whoosh.idsets import BitSet

    key = (id(searcher), tuple(repr(f) for f in filters))
    if key not in _FILTERS:
        docs = searcher.docs_for_query(q.And(filters))
        _FILTERS[key] = BitSet(docs, size=searcher.doc_count_all())
    return _FILTERS[key]


def _forget_searchers() -> None:
    for s in _SEARCHERS.values():
        s.close()
    _SEARCHERS.clear()
    _FILTERS.clear()
    ranking.forget()  # its kept postings are keyed by searcher


_ANALYZERS: dict[str, object] = {}


def _analyzer(lang: str):
    """The analyzer of `lang`, made once: its stemmer keeps a cache of the words it has stemmed."""
    if lang not in _ANALYZERS:
        _ANALYZERS[lang] = analysis.analyzer(lang)
    return _ANALYZERS[lang]


def _searcher(folder: Path):
    key = str(folder)
    if key not in _SEARCHERS:
        if any(Path(k).parent != folder.parent for k in _SEARCHERS):
            _forget_searchers()  # another generation is current now: let the old one's files go
        from whoosh import index

        _SEARCHERS[key] = index.open_dir(key).searcher()
    return _SEARCHERS[key]


QUERY_HELP = """Query syntax: plain words find the clauses with all of them first, then those with most of
them; synonyms from the glossary, parts of compounds and the nearest spelling count too. Operators make
the query exact, the same in the site's search box: AND (both; also between words side by side), OR
(either), NOT (exclude), (parentheses) to group, "quotes" for words next to each other, * and ? as
wildcards in a word (a ? that ends a word is a question mark), field:value for one field: title, text,
guideline, clause, version, status, topic, audience. NOT binds tightest, then AND, then OR. E.g.
'omplacering AND guideline:RL', 'boende OR bostad', '"skyddat boende"', 'clause:3.*', 'hot* NOT polis'.
Hits with operators are ranked as plain words are, by the words not under a NOT."""


class Hits(list):
    """The hits of a query, and what the query was widened with (synonyms) or may have meant (spelling)."""

    also: list[str] = []
    suggestion: str | None = None


def check_query(query: str) -> None:
    """Raise SearchError for an empty or malformed query (kc.search.operators says what is wrong)."""
    if not query.strip():
        raise operators.fail("empty")
    if operators.is_operator_query(query):
        operators.parse(query)


@dataclass
class Hit:
    guideline: str
    clause: str
    version: str
    title: str
    heading: str
    status: str
    topic: str
    current: bool
    url: str
    score: float
    snippet: str
    kind: str = "guideline"  # or "document" (a template, checklist, ...)

    def as_json(self) -> dict:
        return dict(self.__dict__)


def search(
    project: Project,
    query: str,
    lang: str = DEFAULT_LANGUAGE,
    topic: str | None = None,
    all_versions: bool = False,
    limit: int = 10,
    folder: Path | None = None,
) -> Hits:
    """Ranked hits for `query` in the `lang` index: plain words as kc.search.ranking ranks them, or Whoosh
    syntax."""
    query = analysis.nfc(query)
    check_query(query)
    with indexstore.reading(Path(folder or default_dir(project))) as generation:
        if generation is None:
            raise SearchError("there is no search index yet; build it with 'kc index'")
        sub = generation / (lang if all_versions else f"{lang}-current")
        return _search(_searcher(sub), sub, query, lang, topic, limit)


def expand_query(project: Project, query: str, lang: str = DEFAULT_LANGUAGE, folder: Path | None = None):
    """How a plain `query` is read with the current index's vocabulary and synonyms (kc.search.expansion)."""
    with indexstore.reading(Path(folder or default_dir(project))) as generation:
        if generation is None:
            raise SearchError("there is no search index yet; build it with 'kc index'")
        return ranking.expanded(generation, analysis.nfc(query), lang)


def _search(s, folder: Path, query: str, lang: str, topic: str | None, limit: int) -> Hits:
    from whoosh import highlight
    from whoosh import query as q

    filters = [q.Term("topic", topic)] if topic else []
    hits = Hits()
    if operators.is_operator_query(query):
        found, terms = opsearch.search(s, folder, query, lang, limit, _filter_set(s, filters))
    else:
        if not analysis.analyze(lang, query):
            raise SearchError(f"the query {query!r} has no words to search for (only stop words)")
        ex = ranking.expanded(folder.parent, query, lang)
        hits.also, hits.suggestion = ex.also, ex.suggestion
        found = ranking.ranked(s, folder, ex.units, limit, _filter_set(s, filters)) if ex.units else []
        terms = {t for u in ex.units for r in u.readings for part in r for t in part}
    fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
    for docnum, score in found:
        r = s.stored_fields(docnum)
        ana, formatter = _analyzer(lang), highlight.UppercaseFormatter()
        snippet = highlight.highlight(r["text"], frozenset(terms), ana, fragmenter, formatter, top=1)
        hits.append(
            Hit(
                r["guideline"],
                r["clause"],
                r["version"],
                r["gtitle"],
                r["heading"],
                r["status"],
                r["topic"],
                r["current"],
                r["url"],
                round(score, 4),
                re.sub(r"\s+", " ", snippet or r["text"][:SNIPPET_CHARS]),
                r.get("kind") or "guideline",
            )
        )
    return hits

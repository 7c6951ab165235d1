"""Search: one document per clause or section of every current and archived text, indexed per language.

`build_index` writes a Whoosh index per language (for `kc search`) under .cache/search/ with a hash of its
inputs, so a stale or missing index is detected; `browser_index` gives the compact index the site's search box
loads as a <script> (works from file://). Both use the same analysis (kc.analysis).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from markdown.extensions.toc import slugify

from . import analysis
from .clauses import CLAUSE_RE, anchor, iter_lines_outside_fences
from .model import DEFAULT_LANGUAGE, LANGUAGES, Project
from .text import read_text

FORMAT = 2  # bump when the documents or the analysis change, so that old indexes count as stale
HEADING_RE = re.compile(r"^(#{2,4})\s+(.+?)\s*(\{[^}]*\})?\s*$")
SNIPPET_CHARS = 200
FIELDS = ("guideline", "clause", "title", "text", "version", "status", "topic", "audience", "lang", "current")


class SearchError(Exception):
    """A problem to show the user as one message (malformed query, missing index)."""


@dataclass
class Doc:
    """One searchable unit: a numbered clause, an unnumbered section or the text before the first heading."""

    guideline: str
    slug: str
    clause: str  # "" for unnumbered sections
    anchor: str
    heading: str
    title: str  # the guideline's title
    text: str
    version: str
    status: str
    topic: str
    audiences: list[str]
    lang: str  # the site language it is indexed for
    current: bool

    @property
    def url(self) -> str:
        """Path from the site root: `en/guidelines/relocation/v1.0/#c3-2`."""
        prefix = "" if self.lang == DEFAULT_LANGUAGE else f"{self.lang}/"
        version = "" if self.current else f"v{self.version}/"
        return f"{prefix}guidelines/{self.slug}/{version}" + (f"#{self.anchor}" if self.anchor else "")


def plain(markdown: str) -> str:
    """Readable text of a Markdown fragment: cross-references, links and markup reduced to their words."""
    text = re.sub(r"<!--.*?-->", " ", markdown, flags=re.S)
    text = re.sub(r"\[\[([A-Z]{2,4}(?: [\d.]+)?)(?: v[\d.]+)?\]\]", r"\1", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"^\s*[-*+]\s+\[[ xX]\]\s*", "", text, flags=re.M)
    text = re.sub(r"[*_`|>#]+|^\s*[-*+]\s+|^\s*\d+\.\s+|\{[^}]*\}", " ", text, flags=re.M)
    return re.sub(r"\s+", " ", text).strip()


def sections(body: str) -> list[tuple[str, str, str, list[str]]]:
    """(clause, anchor, heading, lines) for the text before the first heading and each heading's section."""
    out: list[tuple[str, str, str, list[str]]] = [("", "", "", [])]
    for _, line in iter_lines_outside_fences(body):
        m = CLAUSE_RE.match(line)
        h = HEADING_RE.match(line)
        if m:
            out.append((m.group(2), anchor(m.group(2)), m.group(3), []))
        elif h:
            out.append(("", slugify(h.group(2), "-"), h.group(2), []))
        else:
            out[-1][3].append(line)
    return out


def documents(project: Project, lang: str) -> Iterator[Doc]:
    """Every document of the `lang` index (Swedish text where no translation exists, like the site)."""
    for g in project.records:
        versions = [(g.version, g.status, True)] + [
            (v, (g.entry(v).status if g.entry(v) else "superseded"), False)
            for v in project.archived_versions(g.slug)
        ]
        for version, status, current in versions:
            path = project.text_path(g.slug, lang, None if current else version)
            if not path.exists():
                path = project.text_path(g.slug, DEFAULT_LANGUAGE, None if current else version)
            if not path.exists():
                continue
            for clause, anc, heading, lines in sections(read_text(path).body):
                text = plain("\n".join(lines))
                if not text and not heading:
                    continue
                yield Doc(
                    g.id,
                    g.slug,
                    clause,
                    anc,
                    plain(heading),
                    g.title[lang],
                    text,
                    version,
                    status,
                    g.topic,
                    list(g.audiences),
                    lang,
                    current,
                )


def inputs_hash(project: Project) -> str:
    """A hash of everything the indexes are made from: records, vocabulary, texts and the analysis code."""
    h = hashlib.sha256(f"format {FORMAT}\n".encode())
    h.update(Path(analysis.__file__).read_bytes())
    files = sorted(project.records_dir.glob("*.yml"))
    for lang in LANGUAGES:
        base = project.docs / lang / "guidelines"
        if base.is_dir():
            files += sorted(base.rglob("*.md"))
    for f in files:
        h.update(project.rel(f).encode() + b"\0" + f.read_bytes() + b"\0")
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
        url=fields.STORED,
        heading=fields.STORED,
        gtitle=fields.STORED,
    )


def default_dir(project: Project) -> Path:
    return project.root / ".cache" / "search"


def build_index(project: Project, out: Path | None = None) -> dict:
    """Write the Whoosh index of each language into `out` (default .cache/search); return a summary."""

    out = Path(out or default_dir(project))
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    summary = {"hash": inputs_hash(project), "documents": {}}
    for lang in LANGUAGES:
        docs = list(documents(project, lang))
        summary["documents"][lang] = len(docs)
        # The default search (current versions only) has an index of its own: a query then walks only the
        # postings of current documents instead of filtering every version's, which halves its cost.
        for folder, part in ((lang, docs), (f"{lang}-current", [d for d in docs if d.current])):
            _write(tmp / folder, schema(lang), part)
    (tmp / "state.json").write_text(json.dumps(summary), encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    _SEARCHERS.clear()
    _FILTERS.clear()
    _PARSERS.clear()
    return summary


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
            url=d.url,
            heading=d.heading,
            gtitle=d.title,
        )
    w.commit()


def index_state(project: Project, out: Path | None = None) -> str:
    """'fresh', 'stale' (the content changed since the index was built) or 'missing'."""
    state = Path(out or default_dir(project)) / "state.json"
    try:
        built = json.loads(state.read_text(encoding="utf-8"))["hash"]
    except (OSError, ValueError, KeyError):
        return "missing"
    return "fresh" if built == inputs_hash(project) else "stale"


_SEARCHERS: dict[str, object] = {}
_FILTERS: dict[tuple, object] = {}
_PARSERS: dict[int, object] = {}


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


def _searcher(folder: Path):
    key = str(folder)
    if key not in _SEARCHERS:
        from whoosh import index

        _SEARCHERS[key] = index.open_dir(key).searcher()
    return _SEARCHERS[key]


QUERY_HELP = """Query syntax (Whoosh): words must all match (AND is implied); OR for either; NOT to exclude;
"quotes" for a phrase; field:value to search one field: title, text, guideline, clause, version, status,
topic, audience, e.g. 'omplacering AND guideline:RL', 'boende OR bostad', '"skyddat boende"', 'clause:3.2'."""

_FIELD_RE = re.compile(r"(?<![\w\"])([A-Za-z_]+):")


def check_query(query: str) -> None:
    """Raise SearchError for queries Whoosh would silently misread."""
    if not query.strip():
        raise SearchError("the query is empty; give one or more words to search for")
    if query.count('"') % 2:
        raise SearchError(f'the query has an unclosed quote: {query!r}; close the phrase with "')
    depth = 0
    for ch in re.sub(r'"[^"]*"', "", query):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            break
    if depth:
        raise SearchError(f"the query's parentheses do not match: {query!r}; close each '(' with ')'")
    words = re.sub(r'"[^"]*"', "x", query).split()
    if words[0] in ("AND", "OR") or words[-1] in ("AND", "OR", "NOT"):
        raise SearchError(
            f"the query starts or ends with an operator: {query!r}; put words on both sides of it"
        )
    for m in _FIELD_RE.finditer(re.sub(r'"[^"]*"', "", query)):
        if m.group(1) not in FIELDS:
            raise SearchError(
                f"unknown field '{m.group(1)}' in the query {query!r}; use one of {', '.join(FIELDS)}"
            )


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
) -> list[Hit]:
    """Ranked hits for `query` (Whoosh syntax) in the `lang` index."""
    from whoosh import highlight
    from whoosh import query as q
    from whoosh.qparser import MultifieldParser

    check_query(query)
    folder = Path(folder or default_dir(project)) / (lang if all_versions else f"{lang}-current")
    s = _searcher(folder)
    if id(s) not in _PARSERS:  # building a parser costs about a millisecond: once per searcher
        _PARSERS[id(s)] = MultifieldParser(["title", "text"], s.schema)
    parsed = _PARSERS[id(s)].parse(query)
    if parsed is q.NullQuery or isinstance(parsed, q.NullQuery.__class__):
        raise SearchError(f"the query {query!r} has no words to search for (only stop words or operators)")
    filters = []
    if topic:
        filters.append(q.Term("topic", topic))
    results = s.search(parsed, limit=limit, filter=_filter_set(s, filters))
    results.fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
    results.formatter = highlight.UppercaseFormatter()
    hits = []
    for r in results:
        snippet = r.highlights("text", top=1) or r["text"][:SNIPPET_CHARS]
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
                round(r.score, 4),
                re.sub(r"\s+", " ", snippet),
            )
        )
    return hits


# ---- Browser index ----

# Numbers travel as text: each number is a run of base-32 digits, big-endian; the digits of this alphabet's
# second half (index 32-63) mean "more digits follow", the first half ends the number. Plain ASCII that needs
# no escaping in a JS string, so a whole list is one string the browser decodes only when it needs it.
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
TITLE_WEIGHT = 3  # a word of the guideline's title, its id, the clause number or the heading counts 3 times
SEP = "\n"  # between the items of a text column (headings and titles never contain a line break)


def varints(values) -> str:
    """The numbers (>= 0) as one string of variable-length base-32 digits (see DIGITS)."""
    out = []
    for v in values:
        groups = [v & 31]
        v >>= 5
        while v:
            groups.append(v & 31)
            v >>= 5
        out.extend(DIGITS[32 + g] for g in reversed(groups[1:]))
        out.append(DIGITS[groups[0]])
    return "".join(out)


def unvarints(text: str) -> list[int]:
    """The numbers of a `varints` string (the browser's decoder does the same in search.js)."""
    out, v = [], 0
    for ch in text:
        c = DIGITS.index(ch)
        v = v * 32 + (c & 31)
        if c < 32:
            out.append(v)
            v = 0
    return out


def encode_postings(postings: list[tuple[int, int]]) -> list[int]:
    """(id, weight) pairs with ascending ids as numbers: (gap - 1) * 4 + weight code, weights 1-3 in the
    code (0-2), larger ones as code 3 followed by weight - 4. Most postings take one or two digits."""
    out, prev = [], -1
    for i, w in postings:
        code = min(w, 4) - 1
        out.append((i - prev - 1) * 4 + code)
        if code == 3:
            out.append(w - 4)
        prev = i
    return out


def decode_postings(numbers: list[int]) -> list[tuple[int, int]]:
    """The (id, weight) pairs of `encode_postings` numbers."""
    out, prev, k = [], -1, 0
    while k < len(numbers):
        x = numbers[k]
        prev += x // 4 + 1
        w = x % 4 + 1
        if w == 4:
            k += 1
            w += numbers[k]
        out.append((prev, w))
        k += 1
    return out


def _utf16(term: str) -> bytes:
    return term.encode("utf-16-be")  # the browser compares strings by UTF-16 code units


class _Part:
    """The documents of one part of the browser index (current or archived versions) as it is being built."""

    def __init__(self):
        self.count: list[int] = []  # documents per guideline
        self.post: dict[str, list[tuple[int, int]]] = {}
        self.heads: dict[str, int] = {}
        self.cols: dict[str, list] = {"clause": [], "head": [], "anchor": [], "state": [], "len": []}
        self.snippets: list[str] = []

    def add(self, d: Doc, g: int, g_len: int, state: int, lang: str) -> None:
        i = len(self.snippets)
        self.count.extend([0] * (g + 1 - len(self.count)))
        self.count[g] += 1
        weights: Counter[str] = Counter(analysis.analyze(lang, d.text))
        for term in analysis.analyze(lang, f"{d.clause} {d.heading}"):
            weights[term] += TITLE_WEIGHT
        for term, w in weights.items():
            self.post.setdefault(term, []).append((i, w))
        self.cols["clause"].append(d.clause)
        self.cols["head"].append(self.heads.setdefault(d.heading, len(self.heads)))
        self.cols["anchor"].append("" if d.clause and d.anchor == anchor(d.clause) else d.anchor)
        self.cols["state"].append(state * 2 + (1 if d.current else 0))
        self.cols["len"].append(sum(weights.values()) + g_len)
        self.snippets.append(d.text[:SNIPPET_CHARS])

    def data(self, guidelines: int) -> dict:
        self.count.extend([0] * (guidelines - len(self.count)))
        return {
            "n": len(self.snippets),
            "sum": sum(self.cols["len"]),
            "gn": varints(self.count),
            "dclause": SEP.join(self.cols["clause"]),
            "heads": SEP.join(self.heads),
            "dhead": varints(self.cols["head"]),
            "danchor": SEP.join(self.cols["anchor"]),
            "dstate": varints(self.cols["state"]),
            "dlen": varints(self.cols["len"]),
            **_postings(self.post),
        }


def _postings(post: dict[str, list[tuple[int, int]]], prefix: str = "") -> dict:
    terms = sorted(post, key=_utf16)
    encoded = [varints(encode_postings(post[t])) for t in terms]
    return {
        prefix + "terms": SEP.join(terms),
        prefix + "plen": varints(len(e) for e in encoded),
        prefix + "post": "".join(encoded),
    }


def browser_index(project: Project, lang: str) -> tuple[dict, dict, dict[str, list[str]]]:
    """The compact index of `lang` for the site's search box: (main, archived part, snippets per part).

    Two parts, each numbering its documents in order, grouped by guideline: the current versions (in the
    main file, loaded on first use) and the archived ones (loaded when the user asks for them). Every column
    is a string: numbers as `varints`, texts joined by line breaks. Main: per guideline gid, gslug, gtitle,
    gtopic (index in `topics`, [key, label] pairs); gterms/gpost: postings over guidelines of the title
    words and the id, which weigh TITLE_WEIGHT in every document of the guideline; `cur`: the current part.
    A part: gn documents per guideline; per document dclause, dhead (index in heads), danchor (empty where
    it is c<clause>), dstate ((index in versions * 64 + index in statuses) * 2 + current), dlen; sum of the
    lengths; terms sorted for prefix search, each term's postings over documents (text, heading, clause) in
    post, their lengths in plen. stop: the stop words, so the browser analyses queries exactly like the index.
    """
    guidelines: dict[str, int] = {}
    g_rows: list[Doc] = []
    g_lens: list[int] = []
    g_post: dict[str, list[tuple[int, int]]] = {}
    versions: dict[str, int] = {}
    statuses = list(project.vocabulary["statuses"])
    parts = {"cur": _Part(), "arch": _Part()}
    for d in documents(project, lang):
        if d.guideline not in guidelines:
            gi = guidelines[d.guideline] = len(g_rows)
            g_rows.append(d)
            title = Counter(analysis.analyze(lang, d.title))
            title[d.guideline.lower()] += 1
            g_lens.append(TITLE_WEIGHT * sum(title.values()))
            for term, n in title.items():
                g_post.setdefault(term, []).append((gi, n))
        if d.status not in statuses:
            statuses.append(d.status)
        state = versions.setdefault(d.version, len(versions)) * 64 + statuses.index(d.status)
        gi = guidelines[d.guideline]
        parts["cur" if d.current else "arch"].add(d, gi, g_lens[gi], state, lang)
    voc = project.vocabulary
    topics = list(voc["topics"])
    data = {
        "lang": lang,
        "stop": " ".join(sorted(analysis.stop_words(lang))),
        "topics": [[k, v.get(lang, k)] for k, v in voc["topics"].items()],
        "statuses": [[k, voc["statuses"].get(k, {}).get(lang, k)] for k in statuses],
        "versions": list(versions),
        "gid": SEP.join(g.guideline for g in g_rows),
        "gslug": SEP.join(g.slug for g in g_rows),
        "gtitle": SEP.join(g.title for g in g_rows),
        "gtopic": varints(topics.index(g.topic) if g.topic in topics else len(topics) for g in g_rows),
        **_postings(g_post, "g"),
        "cur": parts["cur"].data(len(g_rows)),
    }
    snippets = {name: part.snippets for name, part in parts.items()}
    return data, parts["arch"].data(len(g_rows)), snippets


def browser_scripts(project: Project, lang: str) -> dict[str, str]:
    """The index files of `lang` (paths below the language's site root) as scripts that register themselves:
    loadable with <script src> from file://, no fetch. <lang>.js: the current versions; <lang>-archived.js:
    the archived ones; -text: the snippets of each, loaded after the first results."""
    data, archived, snippets = browser_index(project, lang)

    def script(var: str, key: str, value) -> str:
        dumped = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return f"window.{var}=window.{var}||{{}};window.{var}[{json.dumps(key)}]={dumped};\n"

    return {
        f"assets/search/{lang}.js": script("kcSearch", lang, data),
        f"assets/search/{lang}-archived.js": script("kcSearch", f"{lang}-archived", archived),
        f"assets/search/{lang}-text.js": script("kcSearchText", lang, snippets["cur"]),
        f"assets/search/{lang}-archived-text.js": script(
            "kcSearchText", f"{lang}-archived", snippets["arch"]
        ),
    }


def browser_script(project: Project, lang: str) -> str:
    """The main index file of `lang` alone (see `browser_scripts`)."""
    return browser_scripts(project, lang)[f"assets/search/{lang}.js"]

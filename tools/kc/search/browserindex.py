"""The compact index the site's search box loads as a <script> (works from file://), made from
`search.documents` with the same analysis (kc.search.analysis) as the index of `kc search`."""

from __future__ import annotations

import json
from collections import Counter

from kc.content.clauses import anchor
from kc.content.model import Project
from kc.search import analysis, ranking, synonyms, vocab
from kc.search.docs import Doc, documents
from kc.search.index import SNIPPET_CHARS

# Numbers travel as text: each number is a run of base-32 digits, big-endian; the digits of this alphabet's
# second half (index 32-63) mean "more digits follow", the first half ends the number. Plain ASCII that needs
# no escaping in a JS string, so a whole list is one string the browser decodes only when it needs it.
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
TITLE_WEIGHT = 3  # a word of the guideline's title, its id, the clause number or the heading counts 3 times
SEP = "\n"  # between the items of a text column (headings and titles never contain a line break)
# Snippets travel in shards of this many documents (<lang>-text-<k>.js), so that the first results load the
# snippets of the hits shown only, not those of every document.
SHARD = 4
# The postings of the current versions travel in shards too (<lang>-post-<k>.js): the terms sharing their
# first two characters always in one shard (a two-letter prefix query loads one), neighbouring groups merged
# until a shard holds at least POST_SHARD digits, so that a query loads a few small files, not many tiny ones.
POST_SHARD = 2000


def _varint(v: int) -> str:
    groups = [v & 31]
    v >>= 5
    while v:
        groups.append(v & 31)
        v >>= 5
    return "".join([DIGITS[32 + g] for g in reversed(groups[1:])]) + DIGITS[groups[0]]


# The numbers below 1024 (one or two digits, nearly all of an index's) looked up rather than computed: the
# index holds millions of numbers.
_SMALL = [_varint(v) for v in range(1024)]


def varints(values) -> str:
    """The numbers (>= 0) as one string of variable-length base-32 digits (see DIGITS)."""
    small = _SMALL
    return "".join([small[v] if 0 <= v < 1024 else _varint(v) for v in values])


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
        post = self.post
        for term, w in weights.items():
            postings = post.get(term)
            if postings is None:  # not setdefault: it would make a list for every term of every document
                postings = post[term] = []
            postings.append((i, w))
        self.cols["clause"].append(d.clause)
        self.cols["head"].append(self.heads.setdefault(d.heading, len(self.heads)))
        self.cols["anchor"].append("" if d.clause and d.anchor == anchor(d.clause) else d.anchor)
        self.cols["state"].append(state * 2 + (1 if d.current else 0))
        self.cols["len"].append(ranking.bm25_length(sum(weights.values()) + g_len))
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


def split_postings(part: dict) -> list[str]:
    """Move the postings of `part` (a `_Part.data`) into shards: sets part["pshards"] (varints of the number
    of terms in each shard, in term order), removes part["post"] and returns each shard's postings string."""
    terms = part["terms"].split(SEP) if part["terms"] else []
    lens, post = unvarints(part["plen"]), part["post"]
    counts: list[int] = []
    chunks: list[str] = []
    at = start = i = 0
    while i < len(terms):
        j = i
        while j < len(terms) and terms[j][:2] == terms[i][:2]:
            j += 1
        at += sum(lens[i:j])
        i = j
        if at - start >= POST_SHARD or i == len(terms):
            counts.append(i - sum(counts))
            chunks.append(post[start:at])
            start = at
    part["pshards"] = varints(counts)
    del part["post"]
    return chunks


def browser_index(project: Project, lang: str, docs: list[Doc] | None = None) -> tuple[dict, dict, dict]:
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
    for d in documents(project, lang) if docs is None else docs:
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
        # Empty for a guideline; a document's type label (Mall, Checklista), shown with its hits.
        "gkind": SEP.join(g.kind for g in g_rows),
        "gtopic": varints(topics.index(g.topic) if g.topic in topics else len(topics) for g in g_rows),
        **_postings(g_post, "g"),
        "cur": parts["cur"].data(len(g_rows)),
        "shard": SHARD,
        # Synonyms (kc.search.synonyms), longest first: [the synonym's terms, the term shown, the term's
        # words, each as its index terms joined by "|"].
        "syn": [
            [" ".join(s.words), s.term, " ".join("|".join(p) for p in s.target)]
            for s in synonyms.table(project, lang)
        ],
    }
    snippets = {name: part.snippets for name, part in parts.items()}
    return data, parts["arch"].data(len(g_rows)), snippets


def browser_scripts(project: Project, lang: str) -> dict[str, str]:
    """The index files of `lang` (paths below the language's site root) as scripts that register themselves:
    loadable with <script src> from file://, no fetch. <lang>.js: the current versions; <lang>-archived.js:
    the archived ones; <lang>[-archived]-text-<k>.js: the snippets of documents k * SHARD to k * SHARD +
    SHARD - 1 of each part, loaded for the hits shown; <lang>[-archived]-full.js: each document's whole text
    and audiences, loaded only for the queries with operators that need them (kc.search.opsearch);
    <lang>-post-<k>.js: the postings of the terms of shard k of the current versions (`split_postings`),
    loaded for the queries with those terms; <lang>-words.js: the vocabulary (kc.search.vocab) in the order
    of its terms, with document frequencies and the words shown, loaded for spelling suggestions."""
    docs = list(documents(project, lang))
    data, archived, snippets = browser_index(project, lang, docs)
    post = split_postings(data["cur"])

    def script(var: str, key: str, value) -> str:
        dumped = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return f"window.{var}=window.{var}||{{}};window.{var}[{json.dumps(key)}]={dumped};\n"

    files = {
        f"assets/search/{lang}.js": script("kcSearch", lang, data),
        f"assets/search/{lang}-archived.js": script("kcSearch", f"{lang}-archived", archived),
        f"assets/search/{lang}-words.js": script("kcSearch", f"{lang}-words", words(lang, docs)),
    }
    for k, chunk in enumerate(post):
        files[f"assets/search/{lang}-post-{k}.js"] = script("kcSearch", f"{lang}-post-{k}", chunk)
    for key, current in ((lang, True), (f"{lang}-archived", False)):
        part = [d for d in docs if d.current == current]
        # In the order of the part's documents (browser_index numbers each part's documents as they come).
        full = {"text": [d.text for d in part], "aud": [" ".join(d.audiences) for d in part]}
        files[f"assets/search/{key}-full.js"] = script("kcSearch", f"{key}-full", full)
    for name, key in (("cur", lang), ("arch", f"{lang}-archived")):
        texts = snippets[name]
        for k in range(0, len(texts), SHARD):
            files[f"assets/search/{key}-text-{k // SHARD}.js"] = script(
                "kcSearchText", f"{key}-{k // SHARD}", texts[k : k + SHARD]
            )
    return files


def words(lang: str, docs: list[Doc]) -> dict:
    """The vocabulary of `lang` for the browser: terms in code-unit order, their document frequencies, and
    the word shown for each where it is not the term itself."""
    v = vocab.build(lang, docs)
    terms = sorted(v.df, key=_utf16)
    return {
        "terms": SEP.join(terms),
        "df": varints(v.df[t] for t in terms),
        "shown": SEP.join("" if v.shown[t] == t else v.shown[t] for t in terms),
    }


def browser_script(project: Project, lang: str) -> str:
    """The main index file of `lang` alone (see `browser_scripts`)."""
    return browser_scripts(project, lang)[f"assets/search/{lang}.js"]

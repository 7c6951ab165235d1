"""The query syntax with operators, defined once for `kc search` and the search box.

    query  = or
    or     = and { "OR" and }
    and    = unary { ["AND"] unary }        adjacent terms are joined by AND
    unary  = "NOT" unary | atom             NOT binds tightest
    atom   = "(" or ")" | FIELD ":" atom | '"' phrase '"' | word

Operators are upper case (a lower-case "and" is a word). A word may hold the wildcards * (any letters) and
? (one letter); a ? that ends a word is a question mark, so that "vem betalar?" stays a plain question.
`parse` makes a tree of lists (JSON as it is, so tests compare it with the browser's):
["or", [...]], ["and", [...]], ["not", x], ["word", field or None, text], ["phrase", field or None, text].
What the tree matches, and how the matches are ranked, is kc.search.opsearch (kc search) and
tools/kc/assets/kc/operators.js (the browser), a line-by-line port of this module and of opsearch's rules;
a malformed query raises SearchError with a message that says what is wrong and how to fix it, in English
or Swedish (`message`), the same in both engines.
"""

from __future__ import annotations

import re

from kc.search.analysis import TOKEN_RE, nfc
from kc.search.errors import SearchError

# title: the guideline's title, the clause number and the heading; text: the clause's text. The other
# fields compare whole values (case-insensitively): guideline id, clause number, version, status key,
# topic key, audience key.
WORD_FIELDS = ("title", "text")
VALUE_FIELDS = ("guideline", "clause", "version", "status", "topic", "audience")
FIELDS = WORD_FIELDS + VALUE_FIELDS
OPERATORS = ("AND", "OR", "NOT")
MAX_WILDCARD_TERMS = 100  # a wildcard matching more index terms than this is too vague to rank

_FIELD_RE = re.compile(r"^([A-Za-z_]+):(.*)$", re.S)
_STOP = "()\""  # and white space: what ends a word

MESSAGES = {
    "empty": (
        "the query is empty; give one or more words to search for",
        "sökningen är tom; skriv ett eller flera ord att söka efter",
    ),
    "quote": (
        'the query has an unclosed quote; close the phrase with "',
        'sökningen har ett citattecken som inte avslutas; avsluta frasen med "',
    ),
    "open": (
        "the query has a '(' that is not closed; close each '(' with ')'",
        "sökningen har en '(' som inte stängs; stäng varje '(' med ')'",
    ),
    "close": (
        "the query has a ')' with no '(' before it; remove it or add the '('",
        "sökningen har en ')' utan '(' före; ta bort den eller lägg till '('",
    ),
    "group": (
        "the query has empty parentheses; put words between them",
        "sökningen har tomma parenteser; skriv ord mellan dem",
    ),
    "operator": (
        "'{0}' has no word to work on; put a word after NOT and on both sides of AND and OR, or write it in"
        " lower case to search for the word itself",
        "'{0}' saknar ett ord att verka på; skriv ett ord efter NOT och på båda sidor om AND och OR, eller"
        " skriv det med små bokstäver för att söka på själva ordet",
    ),
    "field": (
        "unknown field '{0}'; use one of " + ", ".join(FIELDS) + ", as in guideline:RL",
        "okänt fält '{0}'; använd ett av " + ", ".join(FIELDS) + ", som i guideline:RL",
    ),
    "value": (
        "the field '{0}' has no value; write it right after the colon, as in {0}:word",
        "fältet '{0}' saknar värde; skriv värdet direkt efter kolonet, som i {0}:ord",
    ),
    "nested": (
        "the field '{0}' is inside another field's parentheses; give each word one field only",
        "fältet '{0}' står inom ett annat fälts parenteser; ge varje ord ett enda fält",
    ),
    "phrase": (
        "the query has an empty phrase; write words between the quotes",
        "sökningen har en tom fras; skriv ord mellan citattecknen",
    ),
    "wildcard": (
        "'{0}' has no letters besides the wildcards; give at least one letter, as in boend*",
        "'{0}' har inga bokstäver utöver jokertecknen; skriv minst en bokstav, som i boend*",
    ),
    "wide": (
        "'{0}' matches more than {1} words; give more letters before the wildcard",
        "'{0}' matchar fler än {1} ord; skriv fler bokstäver före jokertecknet",
    ),
    "nowords": (
        "the query has no words to search for (only stop words or operators); add a word that is not a stop"
        " word",
        "sökningen har inga ord att söka efter (bara stoppord eller operatorer); lägg till ett ord som inte"
        " är ett stoppord",
    ),
}


def message(code: str, args: tuple = (), lang: str = "en") -> str:
    """The message `code` with its `args`, in English or Swedish."""
    return MESSAGES[code][1 if lang == "sv" else 0].format(*args)


def fail(code: str, *args) -> SearchError:
    """A SearchError with the English message `code`; `code` and `args` ride along for translations."""
    return SearchError(message(code, args), code, args)


def tokens(query: str) -> list[tuple[str, str]]:
    """(kind, text) pairs: ( ) op field phrase word; field tokens are followed by their value's token."""
    q, out, i = nfc(query), [], 0
    while i < len(q):
        ch = q[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            out.append((ch, ch))
            i += 1
        elif ch == '"':
            end = q.find('"', i + 1)
            if end < 0:
                raise fail("quote")
            out.append(("phrase", q[i + 1 : end]))
            i = end + 1
        else:
            j = i
            while j < len(q) and not q[j].isspace() and q[j] not in _STOP:
                j += 1
            raw, i = q[i:j], j
            m = _FIELD_RE.match(raw)
            if raw in OPERATORS:
                out.append(("op", raw))
            elif m:
                if m.group(1) not in FIELDS:
                    raise fail("field", m.group(1))
                if not m.group(2) and (i >= len(q) or q[i] not in '("'):
                    raise fail("value", m.group(1))
                out.append(("field", m.group(1)))
                if m.group(2):
                    out.append(("word", _word(m.group(2))))
            else:
                word = _word(raw)
                if word:
                    out.append(("word", word))
    return out


def _word(raw: str) -> str:
    """A word as typed, without the question marks that end it (punctuation, not wildcards)."""
    word = raw.rstrip("?")
    if has_wildcard(word) and not TOKEN_RE.search(word):  # letters and digits, as the analysis reads them
        raise fail("wildcard", raw)
    return word


def has_wildcard(word: str) -> bool:
    return "*" in word or "?" in word


def is_operator_query(query: str) -> bool:
    """Whether `query` uses the syntax (operators, parentheses, quotes, fields, wildcards) or is plain
    words for the graceful ranking (kc.search.ranking). A malformed query counts as one: `parse` says why."""
    try:
        toks = tokens(query)
    except SearchError:
        return True
    return any(kind != "word" or has_wildcard(text) for kind, text in toks)


def parse(query: str) -> list:
    """The tree of `query` (see the module's docstring); SearchError if it is malformed."""
    toks = tokens(query)
    if not toks:
        raise fail("empty")
    p = _Parser(toks)
    tree = p.disjunction(None)
    if p.at < len(toks):
        raise fail("close")  # the only token that stops a disjunction early
    return tree


class _Parser:
    def __init__(self, toks: list[tuple[str, str]]):
        self.toks, self.at = toks, 0

    def peek(self) -> tuple[str, str]:
        return self.toks[self.at] if self.at < len(self.toks) else ("end", "")

    def disjunction(self, field):
        items = [self.conjunction(field)]
        while self.peek() == ("op", "OR"):
            self.at += 1
            items.append(self.conjunction(field))
        return items[0] if len(items) == 1 else ["or", items]

    def conjunction(self, field):
        items = [self.unary(field)]
        while True:
            kind, text = self.peek()
            if (kind, text) == ("op", "AND"):
                self.at += 1
            elif kind in ("end", ")") or (kind, text) == ("op", "OR"):
                break
            items.append(self.unary(field))
        return items[0] if len(items) == 1 else ["and", items]

    def unary(self, field):
        if self.peek() == ("op", "NOT"):
            self.at += 1
            return ["not", self.unary(field)]
        return self.atom(field)

    def atom(self, field):
        kind, text = self.peek()
        if kind == "end":  # after an operator, or inside an open parenthesis
            before = self.toks[self.at - 1]
            raise fail("operator", before[1]) if before[0] == "op" else fail("open")
        if kind == "op":
            raise fail("operator", text)
        if kind == ")":
            raise fail("close")
        self.at += 1
        if kind == "(":
            if self.peek()[0] == ")":
                raise fail("group")
            inner = self.disjunction(field)
            if self.peek()[0] != ")":
                raise fail("open")
            self.at += 1
            return inner
        if kind == "field":
            if field is not None:
                raise fail("nested", text)
            return self.atom(text)
        if kind == "phrase" and not text.strip():
            raise fail("phrase")
        return [kind, field, text]

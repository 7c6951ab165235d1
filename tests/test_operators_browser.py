"""Queries with operators, one behaviour in two engines: the search box (real headless Chromium, from file://
and over http) and `kc search` parse the shared corpus (tests/fixtures/search/operator-queries.yml) into the
same tree, match the same documents in the same order with the same scores, and say the same thing, in the
reader's language, about a malformed query; the full texts come only for the queries that need them."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from browser_util import home, record, site_base
from kc.search import index as search
from kc.search import operators
from kc.search.errors import SearchError

pytestmark = [pytest.mark.browser]

BOX = "document.querySelector('[data-kc-search]')"
STATUS = "document.querySelector('.kc-search__status').textContent"
CORPUS = Path(__file__).parent / "fixtures" / "search" / "operator-queries.yml"
# Beyond the corpus: strings whose tree (or error) both parsers must agree on.
TRICKY = [
    "a b OR c d", "NOT NOT a", "a AND NOT b OR c", "(a OR b) (c OR d)", 'title:"a b" c', "title:(a b) OR c",
    "a\u00a0OR\u2003b", "x:y", "ÄMNE:boende", "and or not", "a:b:c", 'text:""', "vem betalar?", "?", "*a",
    "a)b(", "a (b", '"a" "b', "guideline:R? clause:1.*", "a OR", "a\u0308ndra OR b",
]


# Random strings over the characters the syntax gives a meaning to, and some it must not trip over.
ALPHABET = list('ab "()*?: ') + ["AND", "OR", "NOT", " AND ", " OR ", " NOT ", "title", "clause:", "x:"]
ALPHABET += ["\u00a0", "\u0308", "ä", "😀", "\t", "_", "ÄMNE", "\u2003"]


def corpus() -> dict:
    return yaml.safe_load(CORPUS.read_text(encoding="utf-8"))


def _open(chromium, base, lang):
    page = chromium.new_page()
    log = record(page)
    page.goto(home(base, lang))
    page.focus("#kc-search-input")
    page.wait_for_function(f"() => {BOX}.kcExpand('x') !== null")
    return page, log


def _python(project, q, lang):
    try:
        hits = search.search(project, q, lang, limit=100_000)
    except SearchError as exc:
        return {"message": operators.message(exc.code, exc.args_, lang), "code": exc.code}
    return {"cites": [f"{h.guideline} {h.clause}".strip() for h in hits], "scores": [h.score for h in hits]}


def _parsed(q):
    try:
        return {"tree": operators.parse(q)}
    except SearchError as exc:
        return {"code": exc.code, "args": list(exc.args_)}


PARSE_JS = """q => { try { return {tree: window.kcOperators.parse(q)}; }
                     catch (e) { return {code: e.code, args: e.args}; } }"""


@pytest.mark.parametrize("over", ["file", "http"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_browser_and_kc_search_match_and_rank_the_operator_corpus_alike(real_indexed, chromium, lang, over):
    site, project = real_indexed
    items = corpus()[lang]
    with site_base(site, over) as base:
        page, log = _open(chromium, base, lang)
        kinds = set()
        for item in items:
            q = item["q"]
            assert operators.is_operator_query(q), q
            assert page.evaluate(PARSE_JS, q) == _parsed(q), q
            # null while the full texts a phrase or an audience needs are loading
            page.wait_for_function(f"q => {BOX}.kcRank(q) !== null", arg=q)
            js = page.evaluate(f"q => {BOX}.kcRank(q)", q)
            py = _python(project, q, lang)
            if "error" in item:
                assert py.get("code") == item["error"], q
                assert js == {"message": py["message"]}, q
                kinds.add("error")
                continue
            assert "cites" in py, (q, py)
            assert [r[0] for r in js] == py["cites"], q
            assert [r[1] for r in js] == pytest.approx(py["scores"], abs=1e-3), q
            assert set(item.get("has", [])) <= set(py["cites"]), q
            assert not set(item.get("not", [])) & set(py["cites"]), q
            kinds.add("hits" if py["cites"] else "none")
        assert kinds == {"hits", "none", "error"}  # the corpus has queries of each outcome
        rng = random.Random(11)
        randoms = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 25))) for _ in range(300)]
        for q in TRICKY + randoms:
            assert page.evaluate(PARSE_JS, q) == _parsed(q), q
        assert log.outside(base) == [] and log.console_errors == []
        page.close()


def test_the_corpus_covers_every_operator_field_and_error():
    text = " ".join(item["q"] for items in corpus().values() for item in items)
    for needle in ("AND", "OR", "NOT", "(", '"', "*", "?"):
        assert needle in text, needle
    for field in operators.FIELDS:
        assert f"{field}:" in text, field
    codes = {item["error"] for items in corpus().values() for item in items if "error" in item}
    assert codes == set(operators.MESSAGES) - {"empty"}  # an empty box shows nothing at all


def _type(page, query):
    page.fill("#kc-search-input", query)
    page.wait_for_function(f"() => /\\d|Inga|No |;/.test({STATUS})")


@pytest.mark.parametrize("over", ["file", "http"])
def test_the_box_says_what_is_wrong_in_the_readers_language_and_loads_full_texts_only_for_phrases(
    real_indexed, chromium, over
):
    site, project = real_indexed
    with site_base(site, over) as base:
        for lang, open_paren in (("sv", "sökningen har en '('"), ("en", "the query has a '('")):
            page, log = _open(chromium, base, lang)
            _type(page, "moving costs " if lang == "en" else "flytt kostnader ")  # plain: first files only
            assert page.locator(".kc-search__hit").count() >= 1
            assert not [u for u in log.requests if "-full.js" in u]
            _type(page, "(boende OR bostad")
            assert page.inner_text(".kc-search__status").startswith(open_paren)
            assert page.get_attribute(".kc-search__status", "aria-live") == "polite"
            assert page.locator(".kc-search__hit").count() == 0
            phrase = '"risk assessment"' if lang == "en" else '"skyddat boende"'
            _type(page, phrase)
            page.wait_for_selector(".kc-search__hit")
            assert [u for u in log.requests if u.endswith(f"/assets/search/{lang}-full.js")]
            first = page.locator(".kc-search__hit .kc-search__cite").first.inner_text()
            best = search.search(project, phrase, lang, limit=1)[0]
            assert first == f"{best.guideline} {best.clause}"
            assert log.outside(base) == [] and log.console_errors == []
            page.close()


def test_archived_versions_are_matched_by_their_own_version_and_status(real_indexed, chromium):
    site, project = real_indexed
    page, log = _open(chromium, site.as_uri() + "/", "sv")
    page.check(".kc-search__archived")
    page.wait_for_function(f"() => ({BOX}.kcRank('status:superseded AND version:1.1') || []).length > 0")
    js = page.evaluate(f"() => {BOX}.kcRank('status:superseded AND version:1.1')")
    hits = search.search(project, "status:superseded AND version:1.1", "sv", all_versions=True, limit=100_000)
    assert js and {r[2] for r in js} == {0}  # archived only
    assert sorted(r[0] for r in js) == sorted(f"{h.guideline} {h.clause}".strip() for h in hits)
    assert {h.version for h in hits} == {"1.1"} and {h.status for h in hits} == {"superseded"}
    assert log.console_errors == []
    page.close()


def test_the_topic_filter_narrows_operator_queries_alike(real_indexed, chromium):
    site, project = real_indexed
    page, log = _open(chromium, site.as_uri() + "/", "sv")
    page.select_option(".kc-search__topic", "providers")
    q = "avtal OR sekretess OR guideline:RL"
    js = page.wait_for_function(f"q => {BOX}.kcRank(q)", arg=q).json_value()
    hits = search.search(project, q, "sv", topic="providers", limit=100_000)
    cites = [f"{h.guideline} {h.clause}".strip() for h in hits]
    assert cites and [r[0] for r in js] == cites
    assert not [c for c in cites if c.startswith("RL")]  # RL is about relocation
    assert log.console_errors == []
    page.close()

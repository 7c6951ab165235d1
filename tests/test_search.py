"""Search index: documents per clause and language, anchors, archived flag, queries, kc search, staleness."""

from __future__ import annotations

import json

import pytest

from kc.cli import main
from kc.content.model import Project
from kc.search import browserindex
from kc.search import index as search


@pytest.fixture
def project(site_copy):
    return Project.load(site_copy("search"))


def docs(project, lang):
    return {(d.guideline, d.clause, d.version, d.heading): d for d in search.documents(project, lang)}


def test_one_document_per_clause_and_section_in_each_language(project):
    sv, en = docs(project, "sv"), docs(project, "en")
    assert ("HO", "1.2", "2.0", "Omplacering") in sv
    assert ("HO", "1.2", "2.0", "Relocation") in en
    assert ("HO", "", "2.0", "Checklista") in sv
    assert ("HO", "", "2.0", "Checklist") in en
    assert "skyddat boende" in sv[("HO", "1.2", "2.0", "Omplacering")].text
    assert "protected housing" in en[("HO", "1.2", "2.0", "Relocation")].text
    # No English text for SC: the English site shows (and indexes) the Swedish one, under English URLs.
    assert en[("SC", "2", "1.0", "Skolbyte")].url == "en/guidelines/schools/#c2"


def test_urls_carry_clause_anchors_and_archived_versions(project):
    sv = docs(project, "sv")
    current, archived = sv[("HO", "1.1", "2.0", "Omfattning")], sv[("HO", "1.1", "1.0", "Omfattning")]
    assert (current.url, current.current, current.status) == ("guidelines/housing/#c1-1", True, "adopted")
    assert (archived.url, archived.current, archived.status) == (
        "guidelines/housing/v1.0/#c1-1",
        False,
        "superseded",
    )
    assert sv[("HO", "", "2.0", "Checklista")].url == "guidelines/housing/#checklista"


def test_cross_references_and_markup_become_plain_words(project):
    text = docs(project, "sv")[("HO", "1.1", "2.0", "Omfattning")].text
    assert "Se även SC 1.1." in text
    assert "[[" not in text


def test_inflected_query_finds_base_form_and_only_current_versions_by_default(project):
    search.build_index(project)
    hits = search.search(project, "omplaceringar", "sv")
    assert [(h.guideline, h.clause, h.version) for h in hits] == [("HO", "1.2", "2.0")]
    hits = search.search(project, "relocations", "en")
    assert [(h.guideline, h.clause) for h in hits][:1] == [("HO", "1.2")]
    assert {h.current for h in search.search(project, "socialtjänsten", "sv")} == {True}
    assert {h.current for h in search.search(project, "socialtjänsten", "sv", all_versions=True)} == {
        True,
        False,
    }


def test_languages_are_separate(project):
    search.build_index(project)
    assert search.search(project, "protected", "sv") == []
    assert [h.clause for h in search.search(project, "protected", "en")] == ["1.2"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("guideline:SC AND skola", {("SC", "2")}),
        ("skyddat OR mottagandet", {("HO", "1.2"), ("SC", "1.1")}),
        ('"skyddat boende"', {("HO", "1.2")}),
        ('"boende skyddat"', set()),  # a phrase keeps its word order
        ("clause:1.1 AND rektorn", {("SC", "1.1")}),
        ("topic:responsibilities AND eleven", {("SC", "1"), ("SC", "2")}),  # 'elev' in both
        ("kommunen NOT omplacering", {("HO", "1")}),
    ],
)
def test_whoosh_query_syntax(project, query, expected):
    search.build_index(project)
    assert {(h.guideline, h.clause) for h in search.search(project, query, "sv")} == expected


def test_topic_filter(project):
    search.build_index(project)
    assert search.search(project, "eleven", "sv", topic="relocation") == []
    assert search.search(project, "eleven", "sv", topic="responsibilities") != []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"skyddat boende', "unclosed quote"),
        ("(skyddat OR boende", "'(' that is not closed"),
        ("boende)", "')' with no '('"),
        ("boende AND", "'AND' has no word"),
        ("OR boende", "'OR' has no word"),
        ("author:x", "unknown field 'author'"),
        ("   ", "empty"),
        ("och", "no words to search for"),  # only a stop word
    ],
)
def test_malformed_query_is_a_clear_error_without_traceback(project, capsys, query, message):
    search.build_index(project)
    assert main(["--root", str(project.root), "search", query]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert err.startswith("kc: error:")
    assert "Traceback" not in err


def test_json_output_shape(project, capsys):
    assert main(["--root", str(project.root), "index"]) == 0
    capsys.readouterr()
    assert main(["--root", str(project.root), "search", "relocations", "--lang", "en", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and {"guideline", "clause", "version", "title", "url", "score", "snippet"} <= set(hits[0])
    assert (hits[0]["guideline"], hits[0]["clause"], hits[0]["url"]) == (
        "HO",
        "1.2",
        "en/guidelines/housing/#c1-2",
    )
    assert isinstance(hits[0]["score"], float)


def test_text_output_and_limit(project, capsys):
    assert (
        main(["--root", str(project.root), "search", "socialtjänsten", "--all-versions", "--limit", "1"]) == 0
    )
    out = capsys.readouterr().out
    assert out.count("/guidelines/") == 1
    assert "HO" in out


def test_help_documents_the_query_syntax(capsys):
    with pytest.raises(SystemExit):
        main(["search", "--help"])
    out = capsys.readouterr().out
    for word in ("AND", "OR", '"quotes"', "field:value"):
        assert word in out


def test_missing_and_stale_index_are_detected_and_rebuilt(project, capsys):
    assert search.index_state(project) == "missing"
    assert main(["--root", str(project.root), "search", "boende"]) == 0
    assert "search index is missing; rebuilding" in capsys.readouterr().err
    assert search.index_state(project) == "fresh"
    text = project.text_path("housing", "sv")
    text.write_text(text.read_text(encoding="utf-8") + "\nNytt ord: kvarteret.\n", encoding="utf-8")
    assert search.index_state(project) == "stale"
    assert main(["--root", str(project.root), "search", "kvarteret"]) == 0
    captured = capsys.readouterr()
    assert "search index is stale" in captured.err
    assert "HO" in captured.out


def test_builds_under_mkdocs_serve_renew_a_stale_index(project, tmp_path):
    # `make serve` promises an index that follows the editor's changes; a plain build only reports.
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def build_once(command):
        config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(tmp_path / command))
        config.plugins.on_startup(command=command, dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()  # as `mkdocs serve` does when it stops

    search.build_index(project)
    text = project.text_path("housing", "sv")
    text.write_text(text.read_text(encoding="utf-8") + "\nNytt ord: kvarteret.\n", encoding="utf-8")
    build_once("build")
    assert search.index_state(project) == "stale"
    build_once("serve")
    assert search.index_state(project) == "fresh"


def _main_and_archived(project, lang):
    scripts = browserindex.browser_scripts(project, lang)
    main_script = scripts[f"assets/search/{lang}.js"]
    assert main_script.startswith(f'window.kcSearch=window.kcSearch||{{}};window.kcSearch["{lang}"]=')
    archived = scripts[f"assets/search/{lang}-archived.js"]
    assert f'window.kcSearch["{lang}-archived"]=' in archived

    def parse(script):
        return json.loads(script.split("=", 2)[2].rstrip(";\n"))

    data = parse(main_script)
    # The current postings come in shards (<lang>-post-<k>.js): put them back together, as the browser does.
    counts = browserindex.unvarints(data["cur"].pop("pshards"))
    shards = [parse(scripts[f"assets/search/{lang}-post-{k}.js"]) for k in range(len(counts))]
    assert f"assets/search/{lang}-post-{len(counts)}.js" not in scripts
    assert sum(counts) == len(data["cur"]["terms"].split("\n"))
    assert "post" not in data["cur"]
    data["cur"]["post"] = "".join(shards)
    return data, parse(archived)


def _postings(part, prefix=""):
    """term -> [(id, weight)] decoded from a part (or, with prefix 'g', the guideline postings)."""
    terms = part[prefix + "terms"].split("\n")
    lengths, post, out, at = browserindex.unvarints(part[prefix + "plen"]), part[prefix + "post"], {}, 0
    for term, n in zip(terms, lengths, strict=True):
        out[term] = browserindex.decode_postings(browserindex.unvarints(post[at : at + n]))
        at += n
    assert at == len(post)
    return out


def _split(terms, postings):
    post = {t: p for t, p in zip(terms, postings, strict=True)}
    part = browserindex._postings(post)
    whole = dict(part)
    return whole, part, browserindex.split_postings(part)


def test_split_postings_covers_every_term_once_and_round_trips(monkeypatch):
    monkeypatch.setattr(browserindex, "POST_SHARD", 8)
    terms = ["a", "ab", "abc", "abd", "ac", "b", "ba", "bb", "bba", "xy", "xyz", "ö", "öl", "ölen"]
    postings = [[(i, 1 + i % 5), (i + 3 + k, 2)] for k, i in enumerate(range(len(terms)))]
    whole, part, chunks = _split(terms, postings)
    counts = browserindex.unvarints(part["pshards"])
    assert "post" not in part and sum(counts) == len(terms) and len(counts) == len(chunks) > 1
    assert all(counts)
    assert "".join(chunks) == whole["post"]
    lens, at, seen = browserindex.unvarints(part["plen"]), 0, []
    for count, chunk in zip(counts, chunks, strict=True):
        group = terms[len(seen) : len(seen) + count]
        assert sum(lens[len(seen) : len(seen) + count]) == len(chunk)
        # a two-letter prefix never spans two shards
        assert not {t[:2] for t in group} & {t[:2] for t in seen}
        pos = 0
        for t in group:
            n = lens[terms.index(t)]
            got = browserindex.decode_postings(browserindex.unvarints(chunk[pos : pos + n]))
            assert got == postings[terms.index(t)]
            pos += n
        seen += group
        at += len(chunk)
    assert seen == terms


def test_split_postings_keeps_a_prefix_group_whole_and_handles_no_terms(monkeypatch):
    monkeypatch.setattr(browserindex, "POST_SHARD", 1)
    whole, part, chunks = _split(["ka", "kaf", "kaffe", "kb"], [[(0, 1)], [(1, 2)], [(0, 9)], [(2, 1)]])
    assert browserindex.unvarints(part["pshards"]) == [3, 1]
    assert chunks[0] == whole["post"][: len(chunks[0])] and len(chunks) == 2
    empty = browserindex._postings({})
    assert browserindex.split_postings(empty) == [] and empty["pshards"] == ""


def test_browser_index_is_compact_and_registers_itself(project):
    data, archived = _main_and_archived(project, "en")
    cur = data["cur"]
    assert data["lang"] == "en"
    assert "the" in data["stop"].split()
    terms = cur["terms"].split("\n")
    assert terms == sorted(terms, key=lambda t: t.encode("utf-16-be"))  # ready for binary search
    reloc = _postings(cur)["reloc"]
    first = reloc[0][0]
    assert cur["dclause"].split("\n")[first] == "1.2"
    counts = browserindex.unvarints(cur["gn"])
    assert data["gid"].split("\n")[[i for i, c in enumerate(counts) if sum(counts[:i]) <= first][-1]] == "HO"
    assert "omplacer" not in terms  # Swedish-only words stay out of the English index
    assert "ho" in _postings(data, "g")  # the guideline id is searchable through the guideline postings
    # Every current document is in the main file, every archived one in the archived file.
    states = browserindex.unvarints(cur["dstate"]) + browserindex.unvarints(archived["dstate"])
    assert [s & 1 for s in states] == [1] * cur["n"] + [0] * archived["n"]
    assert data["versions"][browserindex.unvarints(archived["dstate"])[0] >> 7] == "1.0"


def test_varints_small_numbers_from_the_table_and_larger_ones_computed_agree():
    # 32 is "more digits" 1 then 0; 1023 two digits; 1024, the first number outside the table, three.
    assert browserindex.varints([0, 31, 32, 1023, 1024]) == "0" + "V" + "X0" + "_V" + "XW0"


@pytest.mark.parametrize(
    "values", [[0], [31], [32], [1023, 1024, 5, 0, 2**31 + 7], list(range(0, 70000, 97))]
)
def test_varints_round_trip(values):
    text = browserindex.varints(values)
    assert set(text) <= set(browserindex.DIGITS)
    assert browserindex.unvarints(text) == values


def test_postings_round_trip_match_the_analysis_of_every_document(project):
    from collections import Counter

    from kc.search import analysis

    data, archived = _main_and_archived(project, "sv")
    docs = list(search.documents(project, "sv"))
    expected: dict[str, list[tuple[int, int]]] = {}
    for part, current in ((data["cur"], True), (archived, False)):
        mine = [d for d in docs if d.current == current]
        assert part["n"] == len(mine)
        want: dict[str, list] = {}
        for i, d in enumerate(mine):
            weights = Counter(analysis.analyze("sv", d.text))
            for term in analysis.analyze("sv", f"{d.clause} {d.heading}"):
                weights[term] += browserindex.TITLE_WEIGHT
            for term, w in weights.items():
                want.setdefault(term, []).append((i, w))
        assert _postings(part) == want
        expected = want
    assert expected  # the archived part is not empty in the fixture
    for pairs in ([(0, 1), (1, 4), (2, 9), (40, 3), (41, 2)], [(7, 120)]):
        assert browserindex.decode_postings(browserindex.encode_postings(pairs)) == pairs


def test_decomposed_text_is_found_by_composed_queries_and_the_other_way_round(project, capsys):
    import unicodedata

    def nfd(text):
        return unicodedata.normalize("NFD", text)

    # As pasted from an application that writes decomposed letters: "a" + U+0308 for "ä".
    text = project.text_path("housing", "sv")
    added = "\nVid lägenhetsbyte gäller överflyttningsreglerna.\n"
    text.write_text(text.read_text(encoding="utf-8") + nfd(added), encoding="utf-8")
    assert nfd(added).encode() in text.read_bytes()
    search.build_index(project)
    for query in ("lägenhetsbyte", "överflyttningsreglerna", nfd("lägenhetsbyte")):
        hits = search.search(project, query, "sv")
        assert [h.guideline for h in hits] == ["HO"], query
        assert hits[0].snippet == unicodedata.normalize("NFC", hits[0].snippet)  # one form in snippets
    # The fixture's own (composed) text, found by a decomposed query, also on the command line.
    assert [h.clause for h in search.search(project, nfd("hyresvärden"), "sv")] == ["1.2"]
    assert main(["--root", str(project.root), "search", "--json", nfd("socialtjänsten")]) == 0
    assert {h["guideline"] for h in json.loads(capsys.readouterr().out)} >= {"HO"}

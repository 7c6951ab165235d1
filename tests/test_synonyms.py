"""Editors' search vocabulary: synonyms of glossary terms and search words, and their checks
(kc.search.synonyms)."""

from __future__ import annotations

import pytest

from conftest import ROOT
from kc.cli import main
from kc.content.model import Project
from kc.search import analysis, synonyms

GLOSSARY = "docs/guidelines/_glossary.yml"

# The search fixture's glossary: "omplacering" (förflyttning, byte av ort / transfer, moving away) and
# "skyddat boende" (jourlägenhet, skyddsboende / safe house, shelter), both on lines 4-23.


def _write(root, old, new):
    path = root / GLOSSARY
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_synonyms_lead_to_their_term_in_each_language(site_copy):
    project = Project.load(site_copy("search"))
    sv = {s.words: s for s in synonyms.table(project, "sv")}
    jour = tuple(analysis.analyze("sv", "jourlägenheten"))  # any form: synonyms are analysed like the texts
    assert sv[jour].term == "skyddat boende"
    assert sv[jour].target == tuple((t,) for t in analysis.analyze("sv", "skyddat boende"))
    assert sv[tuple(analysis.analyze("sv", "byte av ort"))].term == "omplacering"  # a phrase
    en = {s.words: s.term for s in synonyms.table(project, "en")}
    assert en[tuple(analysis.analyze("en", "safe houses"))] == "protected housing"
    assert len(synonyms.table(project, "sv")[0].words) == 2  # longest first


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "synonyms: [jourlägenhet, skyddsboende]",
            "synonyms: [jourlägenhet, jourlägenheten]",
            f"{GLOSSARY}:18: synonym 'jourlägenheten' of term 'skyddat-boende' (sv) is listed twice",
        ),
        (
            "synonyms: [jourlägenhet, skyddsboende]",
            "synonyms: [jourlägenhet, förflyttning]",
            f"{GLOSSARY}:18: synonym 'förflyttning' (sv) is also a synonym of term 'omplacering'",
        ),
        (
            "synonyms: [safe house, shelter]",
            "synonyms: [safe house, relocations]",
            f"{GLOSSARY}:22: synonym 'relocations' of term 'skyddat-boende' (en) is the glossary term",
        ),
        (
            "synonyms: [safe house, shelter]",
            "synonyms: [safe house, protected housing]",
            f"{GLOSSARY}:22: synonym 'protected housing' of term 'skyddat-boende' (en) is the term itself",
        ),
        (
            "synonyms: [transfer, moving away]",
            "synonyms: [transfer, the and of]",
            f"{GLOSSARY}:13: synonym 'the and of' of term 'omplacering' (en) has only stop words",
        ),
        (
            "synonyms: [transfer, moving away]",
            "synonyms: transfer",
            f"{GLOSSARY}:13: 'synonyms' of term 'omplacering' (en) must be a list of words or phrases",
        ),
    ],
)
def test_bad_synonyms_are_reported_at_their_line(site_copy, old, new, expected):
    root = site_copy("search")
    _write(root, old, new)
    found = [str(f) for f in synonyms.check_synonyms(Project.load(root))]
    assert any(p.startswith(expected) for p in found), found


def test_term_missing_from_the_texts_is_a_warning(site_copy):
    root = site_copy("search")
    _write(root, "term: skyddat boende", "term: skyddad lägenhet")
    found = list(synonyms.check_synonyms(Project.load(root)))
    assert [(f.severity, f.line) for f in found] == [("warning", 18)]
    assert "'skyddad lägenhet' (sv) has synonyms but not all its words occur" in found[0].message


def test_search_words_are_read_and_checked_like_term_synonyms(site_copy):
    root = site_copy("search")
    path = root / GLOSSARY
    path.write_text(
        path.read_text(encoding="utf-8")
        + "search_words:\n"
        + "- id: kommun\n  sv: {term: kommunen, synonyms: [stad, tätort]}\n"
        + "- id: x\n  sv: {synonyms: [y]}\n"
        + "- sv: {term: avtal}\n"
        + "- id: z\n  sv: {term: avtal, colour: red}\n",
        encoding="utf-8",
    )
    project = Project.load(root)
    found = [str(f) for f in synonyms.check_synonyms(project)]
    assert any(f.startswith(f"{GLOSSARY}:27: search word 'x' (sv) needs 'term:") for f in found), found
    assert any(f.startswith(f"{GLOSSARY}:28: entry of 'search_words' has no 'id'") for f in found), found
    assert any("colour" in f and f.startswith(f"{GLOSSARY}:30:") for f in found), found
    sv = {s.words: s.term for s in synonyms.table(project, "sv")}
    assert sv[("stad",)] == "kommunen"


def test_kc_validate_reports_bad_synonyms_and_fails(site_copy, capsys):
    root = site_copy("search")
    _write(root, "synonyms: [jourlägenhet, skyddsboende]", "synonyms: [jourlägenhet, förflyttning]")
    assert main(["validate", "--root", str(root)]) != 0
    assert f"{GLOSSARY}:18: synonym 'förflyttning' (sv) is also a synonym" in capsys.readouterr().out


def test_real_synonyms_are_valid_and_cover_every_glossary_term():
    project = Project.load(ROOT)
    found, problems = synonyms.load(project)
    assert problems == []
    assert [f for f in synonyms.check_synonyms(project) if f.severity == "error"] == []
    import yaml

    data = yaml.safe_load((ROOT / GLOSSARY).read_text(encoding="utf-8"))
    for lang in ("sv", "en"):
        with_synonyms = {s.term_id for s in found[lang]}
        # Every glossary term has the words readers use for it (biståndsbeslut's Swedish term is not in the
        # texts, so it has none there), and there are search words for everyday words of the texts.
        missing = {t["id"] for t in data["terms"]} - with_synonyms
        assert missing <= {"bistandsbeslut"}, (lang, missing)
        assert len(found[lang]) >= 150


def test_a_term_typed_in_one_form_finds_its_other_forms_without_an_also_note():
    # "verkliga huvudmän" stems apart from "verklig huvudman": the glossary's forms join them.
    project = Project.load(ROOT)
    sv = {s.words: s for s in synonyms.table(project, "sv")}
    typed = tuple(analysis.analyze("sv", "verklig huvudman"))
    assert sv[typed].term == ""  # nothing to announce: the reader typed the term
    assert tuple(analysis.analyze("sv", "huvudmän"))[0] in sv[typed].target[1]
    # Forms that stem like the term add nothing and are left out; so are forms with the words reordered
    # (their words would match any part).
    forms = synonyms.forms(project, "sv")
    assert all(any(set(p) - {w} for w, p in zip(f.words, f.target, strict=True)) for f in forms)
    assert not any(f.words == ("case", "transfer") for f in synonyms.forms(project, "en"))


def test_the_forms_note_nothing_in_the_expansion():
    from kc.search import expansion, vocab
    from kc.search.docs import documents

    project = Project.load(ROOT)
    v = vocab.build("sv", documents(project, "sv"))
    ex = expansion.expand("verkliga huvudmän", "sv", v, synonyms.table(project, "sv"))
    assert ex.also == [] and [u.kind for u in ex.units] == ["synonym"]
    assert {"huvudman", "huvudmän"} <= set(ex.units[0].readings[-1][1])


def test_the_check_knows_the_current_texts_words_as_the_vocabulary_does():
    # The check asks vocab.terms, which reads only the current texts; it must agree with the vocabulary
    # that query expansion uses (built from all documents, archived ones left out).
    from kc.search import docs, vocab

    project = Project.load(ROOT / "tests/fixtures/search")
    for lang in ("sv", "en"):
        everything = list(docs.documents(project, lang))
        assert any(not d.current for d in everything)  # archived texts are there, and left out
        current = list(docs.documents(project, lang, current_only=True))
        assert current == [d for d in everything if d.current]
        assert vocab.terms(lang, current) == set(vocab.build(lang, everything).df)
        assert vocab.terms(lang, [d for d in everything if not d.current]) == set()


def test_a_build_gets_the_same_errors_without_the_warning_only_vocabulary_check(site_copy, monkeypatch):
    from kc.checks.validate import validate
    from kc.content.findings import errors
    from kc.search import vocab

    root = site_copy("search")
    _write(root, "term: skyddat boende", "term: skyddad lägenhet")  # a warning
    # and an error:
    _write(root, "synonyms: [jourlägenhet, skyddsboende]", "synonyms: [jourlägenhet, förflyttning]")
    project = Project.load(root)
    everything = validate(project)
    assert {f.severity for f in everything} == {"warning", "error"}
    assert all(f.severity == "warning" for f in synonyms.check_synonym_reach(project))

    def not_needed(*_):
        raise AssertionError("a build needs no index terms for its errors")

    monkeypatch.setattr(vocab, "terms", not_needed)
    assert validate(project, errors_only=True) == errors(everything) != []
    with pytest.raises(AssertionError):  # strict makes the warnings errors: then they are needed
        validate(project, strict=True, errors_only=True)

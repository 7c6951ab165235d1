"""Shared data files (_matrix.yml, _process.yml, _glossary.yml): one deliberately broken set checked against
the complete list of expected findings, and the editors' guide checked against the code it describes."""

from __future__ import annotations

import re

from conftest import ROOT, build
from kc.checks.validate import validate
from kc.content import schema
from kc.content.model import Project

BROKEN = {
    "_matrix.yml": """\
guideline: HO
actors:
  - {id: social, sv: "Socialtjänsten", en: "Social services"}
  - {id: social, sv: "Igen", en: "Again"}            # id used twice
  - {sv: "Utan id", en: "No id"}                      # no id
  - {id: landlord, sv: "Hyresvärden"}                 # no English label
tasks:
  - id: arrange
    clause: "1"
    sv: "Ordna boende"
    en: "Arrange housing"
    responsible: [social, landlord]                   # two responsible
  - id: let                                           # no clause
    sv: "Hyra ut"
    en: "Let"
    responsible: landlord
    consultd: landlord                                # misspelt field
    informed: [tenant]                                # unknown actor
  - id: check
    clause: "9.9"                                     # no such clause
    sv: "Kontrollera"
    en: ""                                            # empty English label
    responsible: social
""",
    "_process.yml": """\
guideline: HO
steps:
  - {id: move, clause: "1.1", sv: "Inflyttning", en: "Moving in"}
  - {id: ask, clause: "1", sv: "Begäran"}
  - {id: ask, clause: "1", sv: "Igen", en: "Again"}
  - {clause: "1", sv: "Utan id", en: "No id"}
extra: 1
""",
    "_glossary.yml": """\
terms:
  - id: boende
    sv: {term: boende, forms: [boendet], definition: "En plats där personen bor tillfälligt."}
    en: {term: accommodation, definition: ""}
  - id: bostad
    sv: {term: bostad, forms: [boendet], definiton: "Ett hem."}
  - sv: {term: x, definition: "y"}
""",
}

EXPECTED = [
    "_glossary.yml:4: the English part of term 'boende' has no 'definition'",
    "_glossary.yml:5: term 'bostad' has no English part 'en'",
    "_glossary.yml:6: the Swedish part of term 'bostad' has no 'definition'",
    "_glossary.yml:6: unknown field 'definiton' of term 'bostad' (sv)",
    "_glossary.yml:7: term has no 'id'",
    "_matrix.yml:4: actor id 'social' is used twice (first on line 3)",
    "_matrix.yml:5: actor has no 'id'",
    "_matrix.yml:6: actor 'landlord' has no English label 'en'",
    "_matrix.yml:12: task 'arrange' must have exactly one responsible actor, it has 2",
    "_matrix.yml:13: task 'let' has no 'clause'",
    "_matrix.yml:17: unknown field 'consultd' of task 'let'",
    "_matrix.yml:18: unknown actor 'tenant' in 'informed' of task 'let' (actors: social, landlord)",
    "_matrix.yml:20: clause '9.9' of task 'check' is not in the current Swedish text of HO",
    "_matrix.yml:22: task 'check' has no English label 'en'",
    "_process.yml:4: step 'ask' (clause 1) comes after step 'move' (clause 1.1)",
    "_process.yml:4: step 'ask' has no English label 'en'",
    "_process.yml:5: step id 'ask' is used twice (first on line 4)",
    "_process.yml:6: step has no 'id'",
    "_process.yml:7: unknown field 'extra' of the process",
]


def test_broken_data_files_give_exactly_the_expected_findings(site_copy):
    root = site_copy("datafiles")
    for name, text in BROKEN.items():
        (root / "docs/guidelines" / name).write_text(text, encoding="utf-8")
    found = [
        str(f).removeprefix("docs/guidelines/")
        for f in validate(Project.load(root))
        if f.rule in ("matrix", "process", "glossary")
    ]
    assert len(found) == len(EXPECTED), "\n".join(found)
    for line, expected in zip(found, EXPECTED, strict=True):
        assert line.startswith(expected), (line, expected)
        assert "; " in line, f"no advice on how to fix it: {line}"


def test_yaml_syntax_error_is_a_finding_at_its_line(site_copy):
    root = site_copy("datafiles")
    (root / "docs/guidelines/_process.yml").write_text(
        'guideline: HO\nsteps:\n  - {id: ask, clause: "1"\n', encoding="utf-8"
    )
    found = [f for f in validate(Project.load(root)) if f.rule == "process"]
    assert [(f.path, f.line) for f in found] == [("docs/guidelines/_process.yml", 4)], found


def test_missing_data_files_are_not_an_error(site_copy):
    root = site_copy("datafiles")
    for name in BROKEN:
        (root / "docs/guidelines" / name).unlink()
    assert [f for f in validate(Project.load(root)) if f.rule in ("matrix", "process", "glossary")] == []


def test_examples_in_code_stay_as_written(site_copy, tmp_path):
    """The editors' guide shows `[[RL 3.2]]` and marker lines as examples; only real ones are replaced."""
    root = site_copy("datafiles")
    page = root / "docs/sv/index.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + (
            "\nSkriv `[[HO 1.1]]` för att hänvisa, som här: [[HO 1.1]].\n\n"
            "```markdown\n<!-- kc:glossary -->\n```\n"
        ),
        encoding="utf-8",
    )
    html = (build(root, tmp_path / "site") / "index.html").read_text(encoding="utf-8")
    assert "<code>[[HO 1.1]]</code>" in html
    assert re.search(r'<a href="guidelines/housing/#c1-1"[^>]*>HO 1\.1</a>', html)
    assert "&lt;!-- kc:glossary --&gt;" in html and 'class="kc-glossary"' not in html


def test_editors_guide_describes_every_record_field_and_check():
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for field in schema.REQUIRED + schema.OPTIONAL:
        assert f"| `{field}` |" in guide, f"CONTRIBUTING.md: the field table has no row for '{field}'"
    for family in (
        "schema",
        "ids",
        "texts",
        "clause parity",
        "translations",
        "archive",
        "personal data",
        "unsafe markup",
        "links",
        "leftovers",
        "version bumps",
        "matrix",
        "process",
        "glossary",
    ):
        assert f"| {family} |" in guide, f"CONTRIBUTING.md: no row for the '{family}' checks"
    for example in (
        "[[RL 3.2]]",
        "[[RL 3.2 v1.0]]",
        "[[RL]]",
        "kc new-version",
        "--major",
        "_archive.lock",
        "translation_of",
        "kc translations",
        "make serve",
        "make test",
        "make build",
    ):
        assert example in guide
    assert "(CONTRIBUTING.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
    for lang in ("sv", "en"):
        assert "CONTRIBUTING.md" in (ROOT / f"docs/{lang}/contributing.md").read_text(encoding="utf-8")


def test_real_site_has_the_data_pages_in_both_languages(real_site):
    import csv
    import io

    from kc.pages.matrix import load_matrix

    matrix = load_matrix(Project.load(ROOT))
    for prefix, lang, nav in (("", "sv", "Så ändrar du en riktlinje"), ("en/", "en", "Contributing")):
        # The editors' guide is in the menu's section for editors and IT staff, shown open on its own page.
        guide = (real_site / prefix / "contributing/index.html").read_text("utf-8")
        active = rf'class="md-nav__link md-nav__link--active"[^>]*>\s*<span class="md-ellipsis">\s*{nav}\s*<'
        assert re.search(active, guide)
        assert "<code>[[RL 3.2]]</code>" in guide
        assert 'class="kc-glossary"' in (real_site / prefix / "glossary/index.html").read_text("utf-8")
        relocation = (real_site / prefix / "guidelines/relocation/index.html").read_text(encoding="utf-8")
        assert '<svg class="kc-process__diagram" aria-hidden="true"' in relocation
        rs = real_site / prefix / "guidelines" / "responsibilities"
        assert f'href="matrix-{lang}.csv"' in (rs / "index.html").read_text(encoding="utf-8")
        text = (rs / f"matrix-{lang}.csv").read_text(encoding="utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";" if lang == "sv" else ","))
        assert [r[1] for r in rows[1:]] == [task.label[lang] for task in matrix.tasks]

"""The responsibility matrix: checks at file and line, and the table and CSV rendered from the data."""

from __future__ import annotations

import csv
import io

import pytest

from conftest import build
from kc.content.model import Project
from kc.pages.matrix import load_matrix

MATRIX = "docs/guidelines/_matrix.yml"


def problems(root):
    return [str(f) for f in load_matrix(Project.load(root)).findings]


def test_fixture_matrix_is_valid(site_copy):
    m = load_matrix(Project.load(site_copy("datafiles")))
    assert m.findings == []
    assert [t.id for t in m.tasks] == ["arrange", "let"]
    assert m.tasks[0].roles == {"social": "responsible", "landlord": "consulted"}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("guideline: HO", "guideline: XX", f"{MATRIX}:1: unknown guideline 'XX'"),
        (
            "    responsible: social\n",
            "",
            f"{MATRIX}:6: task 'arrange' must have exactly one responsible actor, it has 0",
        ),
        ("consulted: [landlord]", "consulted: [landlrd]", f"{MATRIX}:11: unknown actor 'landlrd'"),
        (
            'clause: "1.1"',
            'clause: "7.3"',
            f"{MATRIX}:13: clause '7.3' of task 'let' is not in the current Swedish text",
        ),
        (
            "consulted: [landlord]",
            "consulted: [social]",
            f"{MATRIX}:11: actor 'social' is both responsible and consulted",
        ),
        (
            '  - {id: landlord, sv: "Hyresvärden", en: "Landlord"}',
            '  - {id: landlord, sv: "Hyresvärden"}',
            f"{MATRIX}:4: actor 'landlord' has no English label 'en'",
        ),
        (
            "  - id: let\n",
            "  - id: arrange\n",
            f"{MATRIX}:12: task id 'arrange' is used twice (first on line 6)",
        ),
        ("tasks:", "tasks: [\n", f"{MATRIX}:"),
    ],
)
def test_bad_matrix_is_reported_at_its_line(site_copy, old, new, expected):
    root = site_copy("datafiles")
    path = root / MATRIX
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    found = problems(root)
    assert any(p.startswith(expected) for p in found), found


def test_matrix_errors_reach_kc_validate(site_copy, capsys):
    from kc.cli import main

    root = site_copy("datafiles")
    path = root / MATRIX
    path.write_text(
        path.read_text(encoding="utf-8").replace("consulted: [landlord]", "consulted: [nobody]"),
        encoding="utf-8",
    )
    assert main(["--root", str(root), "validate"]) == 1
    assert f"{MATRIX}:11: unknown actor 'nobody'" in capsys.readouterr().out


def test_table_and_csv_are_generated_from_the_data_in_both_languages(site_copy, tmp_path):
    root = site_copy("datafiles")
    site = build(root, tmp_path / "one")
    sv = (site / "guidelines/housing/index.html").read_text(encoding="utf-8")
    en = (site / "en/guidelines/housing/index.html").read_text(encoding="utf-8")
    assert '<th scope="row">Ordna boende</th>' in sv and "Hyresvärden" in sv
    assert '<th scope="row">Arrange housing</th>' in en and "Landlord" in en
    assert 'href="matrix-sv.csv"' in sv and 'href="matrix-en.csv"' in en

    rows = list(
        csv.reader(
            io.StringIO((site / "guidelines/housing/matrix-sv.csv").read_text("utf-8-sig")), delimiter=";"
        )
    )
    assert rows[0] == ["Punkt", "Uppgift", "Socialtjänsten", "Hyresvärden"]
    assert rows[1] == ["1", "Ordna boende", "Ansvarar", "Rådfrågas"]
    rows = list(
        csv.reader(io.StringIO((site / "en/guidelines/housing/matrix-en.csv").read_text("utf-8-sig")))
    )
    assert rows[2] == ["1.1", "Let the home", "Informed", "Responsible"]

    # Change the data: the page and the CSV follow.
    path = root / MATRIX
    path.write_text(
        path.read_text(encoding="utf-8").replace("Ordna boende", "Skaffa bostad"), encoding="utf-8"
    )
    site = build(root, tmp_path / "two")
    assert "Skaffa bostad" in (site / "guidelines/housing/index.html").read_text(encoding="utf-8")
    assert "Ordna boende" not in (site / "guidelines/housing/index.html").read_text(encoding="utf-8")
    assert "Skaffa bostad" in (site / "guidelines/housing/matrix-sv.csv").read_text("utf-8-sig")


def test_real_matrix_is_valid_and_has_one_responsible_per_task():
    from conftest import ROOT

    m = load_matrix(Project.load(ROOT))
    assert m.findings == []
    assert len(m.tasks) >= 12
    assert all(list(t.roles.values()).count("responsible") == 1 for t in m.tasks)


@pytest.mark.parametrize(
    ("src", "lang", "version", "csv_href", "clause_href"),
    [
        # the guideline's own page: the CSV lies beside it, clauses are on the page
        ("sv/guidelines/housing/index.md", "sv", None, "matrix-sv.csv", "#c1"),
        # another page (the English home page): links lead into the guideline's folder
        ("en/index.md", "en", None, "guidelines/housing/matrix-en.csv", "guidelines/housing/#c1"),
        # a page 'x.md' is served as 'x/', one level deeper than its source
        ("sv/glossary.md", "sv", None, "../guidelines/housing/matrix-sv.csv", "../guidelines/housing/#c1"),
    ],
)
def test_links_from_the_table_resolve_from_any_page(site_copy, src, lang, version, csv_href, clause_href):
    from kc.pages.context import PageContext
    from kc.pages.matrix import render_matrix

    project = Project.load(site_copy("datafiles"))
    g = project.by_id["HO"] if "guidelines/housing" in src else None
    html = render_matrix(project, PageContext(lang, src, src[:2], g, version))
    assert f'<a href="{csv_href}" download>' in html
    assert f'<a href="{clause_href}">1</a>' in html


def test_archived_text_points_to_the_current_matrix(site_copy):
    from kc.pages.context import PageContext
    from kc.pages.matrix import render_matrix
    from kc.pages.process import render_process

    project = Project.load(site_copy("datafiles"))
    ctx = PageContext("en", "en/guidelines/housing/v1.0/index.md", "en", project.by_id["HO"], "1.0")
    assert render_matrix(project, ctx) == (
        '<p class="kc-note">The responsibility matrix is shown for the current version only. '
        '<a href="../">Read the current version</a></p>'
    )
    assert "process diagram is shown for the current version only" in render_process(project, ctx)


def _with_extras(root, arrange="    decides: social\n    pays: [social, landlord]\n"):
    path = root / MATRIX
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("    consulted: [landlord]\n", "    consulted: [landlord]\n" + arrange, 1), "utf-8"
    )


def test_decides_and_pays_are_read_and_become_columns(site_copy):
    from kc.pages.context import PageContext
    from kc.pages.matrix import matrix_csv, render_matrix

    root = site_copy("datafiles")
    _with_extras(root)
    project = Project.load(root)
    m = load_matrix(project)
    assert m.findings == []
    assert m.tasks[0].extras == {"decides": ("social",), "pays": ("social", "landlord")}
    assert m.tasks[1].extras == {"decides": (), "pays": ()}
    assert m.extra_columns() == ["decides", "pays"]

    rows = list(csv.reader(io.StringIO(matrix_csv(project, "sv")), delimiter=";"))
    assert rows[0] == ["Punkt", "Uppgift", "Beslutar", "Betalar", "Socialtjänsten", "Hyresvärden"]
    assert rows[1] == [
        "1",
        "Ordna boende",
        "Socialtjänsten",
        "Socialtjänsten, Hyresvärden",
        "Ansvarar",
        "Rådfrågas",
    ]
    assert rows[2] == ["1.1", "Hyra ut bostaden", "", "", "Informeras", "Ansvarar"]

    html = render_matrix(project, PageContext("en", "en/index.md", "en", None, None))
    assert '<th scope="col">Decides</th><th scope="col">Pays</th><th scope="col">Social services</th>' in html
    assert "<td>Social services</td><td>Social services, Landlord</td>" in html


def test_only_the_optional_columns_in_use_are_shown(site_copy):
    from kc.pages.matrix import matrix_csv

    root = site_copy("datafiles")
    _with_extras(root, "    pays: landlord\n")
    rows = list(csv.reader(io.StringIO(matrix_csv(Project.load(root), "en"))))
    assert rows[0] == ["Clause", "Task", "Pays", "Social services", "Landlord"]
    assert rows[1][2] == "Landlord"


@pytest.mark.parametrize(
    ("arrange", "expected"),
    [
        # an actor that does not exist
        ("    pays: [council]\n", f"{MATRIX}:12: unknown actor 'council' in 'pays' of task 'arrange'"),
        # the same actor twice
        (
            "    decides: [social, social]\n",
            f"{MATRIX}:12: actor 'social' is named twice in 'decides' of task 'arrange'",
        ),
        # an empty list says nothing; the field should be left out
        (
            "    decides: []\n",
            f"{MATRIX}:12: 'decides' of task 'arrange' must be an actor id or a non-empty list",
        ),
        # a mapping is not a list of actors
        ("    pays: {who: social}\n", f"{MATRIX}:12: 'pays' of task 'arrange' must be an actor id"),
        # a misspelt field name is an unknown key, not silently ignored
        ("    payz: social\n", f"{MATRIX}:12: "),
    ],
)
def test_bad_decides_or_pays_is_reported_at_its_line(site_copy, arrange, expected):
    root = site_copy("datafiles")
    _with_extras(root, arrange)
    found = problems(root)
    assert any(p.startswith(expected) for p in found), found
    assert "payz" not in arrange or any("payz" in p for p in found), found

"""Internal links, anchors and cross-references resolve in their own language; external links are listed."""

from __future__ import annotations

import pytest

from guardrails_util import (
    FIXTURE,
    HOUSING_EN,
    HOUSING_SV,
    HOUSING_V1,
    INDEX_EN,
    INDEX_SV,
    SCHOOLS_SV,
    append,
    copy_fixture,
    guard_findings,
)
from kc.checks.weblinks import check_external, external_links
from kc.cli import main
from kc.content.model import Project

# (why, file, text appended, start of the expected message)
CASES = [
    (
        "misspelt .md link",
        HOUSING_SV,
        "[skola](../schols/index.md)",
        "broken link: '../schols/index.md': no such page or file; correct the path",
    ),
    (
        "misspelt folder link",
        INDEX_SV,
        "[boende](guidelines/housng/)",
        "broken link: 'guidelines/housng/': no such page",
    ),
    (
        "missing page in a hand-written page",
        INDEX_EN,
        "[about](about.md)",
        "broken link: 'about.md': no such page",
    ),
    (
        "unknown heading anchor",
        INDEX_SV,
        "[kontakt](#kontakta-oss)",
        "broken link: '#kontakta-oss': there is no heading or clause '#kontakta-oss' in this page",
    ),
    (
        "unknown clause anchor in another text",
        HOUSING_SV,
        "[punkt](../schools/index.md#c3-2)",
        "broken link: '../schools/index.md#c3-2': "
        "there is no heading or clause '#c3-2' in docs/sv/guidelines/schools/index.md",
    ),
    (
        "clause anchor that only exists in the current version",
        HOUSING_SV,
        "[gamla](v1.0/#c1-1)",
        "broken link: "
        "'v1.0/#c1-1': there is no heading or clause '#c1-1' in docs/sv/guidelines/housing/v1.0/index.md",
    ),
    (
        "archived version that does not exist",
        HOUSING_SV,
        "[äldre](v0.9/)",
        "broken link: 'v0.9/': no such page",
    ),
    (
        "broken image",
        HOUSING_SV,
        "![Karta](../../img/kart.svg)",
        "broken image: '../../img/kart.svg': no such page",
    ),
    (
        "link into the other language",
        HOUSING_SV,
        "[English](../../../en/guidelines/housing/index.md)",
        "broken link: '../../../en/guidelines/housing/index.md': it leaves the sv/ folder",
    ),
    (
        "link to the unpublished record",
        HOUSING_SV,
        "[post](../../../guidelines/housing.yml)",
        "broken link: '../../../guidelines/housing.yml': it points to the records folder",
    ),
    (
        "slug of a clause heading (clauses only have c-anchors)",
        SCHOOLS_SV,
        "[x](#c2-samverkan)",
        "broken link: "
        "'#c2-samverkan': there is no heading or clause '#c2-samverkan' in this page; did you mean '#c2'?",
    ),
    (
        "raw HTML link",
        SCHOOLS_SV,
        '<a href="../housing/index.md#c7">7</a>',
        "broken link: '../housing/index.md#c7'",
    ),
    (
        "reference-style link",
        SCHOOLS_SV,
        "[boende][b]\n\n[b]: ../housin/index.md",
        "broken link: '../housin/index.md'",
    ),
    (
        "unknown clause anchor on a page with a generated block",
        SCHOOLS_SV,
        "<!-- kc:process -->\n\n[punkt](#c9)",
        "broken link: '#c9': there is no heading or clause '#c9' in this page",
    ),
    (
        "cross-reference with the id in lower case",
        SCHOOLS_SV,
        "Se [[ho 1.1]].",
        "cross-reference written in a form that is not recognised: [[ho 1.1]]; "
        "write the guideline id in capitals",
    ),
    (
        "cross-reference without a space before the clause",
        HOUSING_EN,
        "See [[HO1.1]].",
        "cross-reference written in a form that is not recognised: [[HO1.1]]",
    ),
    (
        "unknown guideline in a cross-reference",
        SCHOOLS_SV,
        "Se [[XY 1]].",
        "cross-reference to an unknown guideline: [[XY 1]]; use one of the guideline ids (HO, SC)",
    ),
    (
        "unknown clause in a cross-reference",
        SCHOOLS_SV,
        "Se [[HO 9.9]].",
        "cross-reference to a clause that HO does not have: [[HO 9.9]]",
    ),
    (
        "cross-reference to a version that is not archived",
        HOUSING_EN,
        "See [[HO 1 v0.5]].",
        "cross-reference to a "
        "version of HO that is not archived: [[HO 1 v0.5]]; use an archived version (v1.0)",
    ),
    (
        "cross-reference to a clause not in the archived version",
        SCHOOLS_SV,
        "Se [[HO 1.1 v1.0]].",
        "cross-reference to a clause that HO v1.0 does not have",
    ),
]

GOOD = [
    "[syftet](#c1) och [samverkan](#c2)",  # clause anchor and heading slug on this page
    "[checklistan](../housing/index.md#checklista)",  # heading slug on another page
    "[boende](../housing/) [boende](../housing/index.md#c2) [v1](../housing/v1.0/index.md#c2)",
    "[start](../../index.md#kontakt) [riktlinjer](../index.md)",
    "Se [[HO]], [[HO 1.1]] och [[HO 2 v1.0]].",
    "[extern](https://www.example.org/sida#del) [e-post](mailto:remiss@kunskapscentrum.example)",
    "`[inte en länk](saknas.md)`",
    "[fotnot][^1]\n\n[^1]: En fotnot.",
]


@pytest.mark.parametrize("why,rel,text,message", CASES, ids=[c[0] for c in CASES])
def test_rejected(tmp_path, why, rel, text, message):
    root = copy_fixture(tmp_path / "site")
    line = append(root, rel, text)
    line += text[: text.find(message.split("'")[1])].count("\n") if "'" in message else 0
    found = guard_findings(root)
    assert [(f.path, f.severity) for f in found] == [(rel, "error")], why
    assert found[0].message.startswith(message), found[0].message
    assert found[0].line == line


def test_good_links_pass(tmp_path):
    root = copy_fixture(tmp_path / "site")
    append(root, SCHOOLS_SV, "\n\n".join(GOOD))
    assert guard_findings(root) == []


def test_fixture_is_clean(tmp_path):
    assert guard_findings(copy_fixture(tmp_path / "site")) == []


def test_missing_translation_is_a_warning(tmp_path):
    root = copy_fixture(tmp_path / "site")
    line = append(root, HOUSING_EN, "[schools](../schools/index.md)")
    found = guard_findings(root)
    assert [(f.path, f.line, f.severity) for f in found] == [(HOUSING_EN, line, "warning")]
    assert "only works through the Swedish fallback" in found[0].message


def test_folder_link_from_a_non_index_page_resolves_from_its_url(tmp_path):
    root = copy_fixture(tmp_path / "site")
    (root / "docs/sv/om.md").write_text(
        "# Om\n\n[riktlinjer](../guidelines/)\n[fel](guidelines/)\n", encoding="utf-8"
    )
    found = guard_findings(root)
    assert [(f.path, f.line) for f in found] == [("docs/sv/om.md", 4)]


def test_external_links_listed_never_fetched(tmp_path, capsys, monkeypatch):
    root = copy_fixture(tmp_path / "site")
    line = append(root, HOUSING_EN, "Also https://www.riksdagen.se/en/ and <https://lagen.nu/2001:453>.")

    def no_network(*args, **kwargs):  # validate and plain `kc links` must never open a connection
        raise AssertionError("network used")

    monkeypatch.setattr("urllib.request.urlopen", no_network)
    monkeypatch.setattr("socket.create_connection", no_network)
    assert main(["--root", str(root), "validate"]) == 0
    capsys.readouterr()
    assert main(["--root", str(root), "links"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert f"{HOUSING_EN}:{line}: https://www.riksdagen.se/en/" in out
    assert f"{HOUSING_EN}:{line}: https://lagen.nu/2001:453" in out
    assert "docs/sv/guidelines/housing/index.md:12: https://www.socialstyrelsen.se/" in out


def test_links_check_reports_unreachable(tmp_path, monkeypatch, capsys):
    import kc.checks.weblinks as links

    root = copy_fixture(tmp_path / "site")
    monkeypatch.setattr(
        links, "_probe", lambda url, timeout: None if "socialstyrelsen" in url else "HTTP 404 Not Found"
    )
    line = append(root, INDEX_SV, "[borta](https://gone.example/page)")
    assert main(["--root", str(root), "links", "--check"]) == 1
    assert capsys.readouterr().out == (
        f"{INDEX_SV}:{line}: external link does not answer: https://gone.example/page: "
        "HTTP 404 Not Found; correct or remove the link\n"
    )


def test_links_check_without_network(tmp_path, monkeypatch, capsys):
    import socket
    import urllib.error
    import urllib.request

    def offline(*args, **kwargs):
        raise urllib.error.URLError(socket.gaierror(-3, "Temporary failure in name resolution"))

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    root = copy_fixture(tmp_path / "site")
    assert main(["--root", str(root), "links", "--check", "--timeout", "0.5"]) == 2
    assert "the network is unavailable" in capsys.readouterr().err


def test_external_links_of_the_fixture():
    assert check_external([], 0.1) == []
    assert external_links(Project.load(FIXTURE)) == [
        ("docs/sv/guidelines/housing/index.md", 12, "https://www.socialstyrelsen.se/")
    ]


def test_archived_text_refers_to_its_own_version(tmp_path):
    # [[HO 1.1]] in HO v1.0 means clause 1.1 of v1.0 (as the page links it), which v1.0 does not have.
    root = copy_fixture(tmp_path / "site")
    line = append(root, HOUSING_V1, "Se [[HO 1.1]] och [[HO 2]].")
    found = guard_findings(root)
    assert [(f.path, f.line, f.severity) for f in found] == [(HOUSING_V1, line, "error")]
    assert found[0].message.startswith("cross-reference to a clause that HO v1.0 does not have: [[HO 1.1]]")


def test_archived_text_naming_a_removed_clause_elsewhere_is_a_warning(tmp_path):
    # The archived text cannot change: a clause since removed from another guideline blocks nothing.
    root = copy_fixture(tmp_path / "site")
    line = append(root, HOUSING_V1, "Se [[SC 3]].")
    found = guard_findings(root)
    assert [(f.path, f.line, f.severity) for f in found] == [(HOUSING_V1, line, "warning")]
    assert "names a clause that the current SC no longer has" in found[0].message


def test_a_wrong_version_does_not_make_later_references_in_a_current_text_archived(tmp_path):
    # The listing of archived versions once reused the variable that says whether the text is archived: a
    # missing clause after a wrong version came out as an archived text's warning instead of an error.
    root = copy_fixture(tmp_path / "site")
    line = append(root, SCHOOLS_SV, "Se [[HO 1 v0.5]] och [[HO 9.9]].")
    found = guard_findings(root)
    assert [(f.path, f.line, f.severity) for f in found] == [(SCHOOLS_SV, line, "error")] * 2
    messages = sorted(f.message for f in found)
    assert messages[0].startswith("cross-reference to a clause that HO does not have: [[HO 9.9]]")
    assert messages[1].startswith("cross-reference to a version of HO that is not archived: [[HO 1 v0.5]]")

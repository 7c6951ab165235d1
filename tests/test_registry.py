"""The open-data registry (api/v1): its schema, its agreement with the built pages, the CSV exports."""

from __future__ import annotations

import copy
import csv
import html
import io
import json
import re

import pytest

from conftest import ROOT
from jsonschema_util import errors
from kc.content.model import Project
from kc.pages import registry, registry_schema

SITE_URL = "https://kunskapscentrum.example/"  # mkdocs.yml
CLAUSE_HEADING_RE = re.compile(r'<h([2-4]) class="kc-clause" id="(c[0-9-]+)">([^<]*)</h\1>')


def _load(site, name):
    return json.loads((site / "api/v1" / name).read_text(encoding="utf-8"))


def _page(site, url: str) -> str:
    """The built HTML that `url` (absolute, under SITE_URL) leads to."""
    assert url.startswith(SITE_URL), url
    path = url[len(SITE_URL):].split("#")[0]
    assert path.endswith("/"), url
    return (site / path / "index.html").read_text(encoding="utf-8")


def _clauses(data):
    for g in data["guidelines"]:
        for v in g["versions"]:
            for c in v["clauses"]:
                yield g, v, c


def test_the_registry_is_published_at_the_site_root_only(real_site):
    names = sorted(p.name for p in (real_site / "api/v1").iterdir())
    assert names == ["clauses.csv", "documents.json", "documents.schema.json", "guidelines.csv",
                     "guidelines.json", "guidelines.schema.json"]
    assert not (real_site / "en/api").exists()


def test_the_registry_matches_its_published_schema(real_site):
    schema = _load(real_site, "guidelines.schema.json")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema == json.loads(json.dumps(registry_schema.guidelines_schema(SITE_URL)))
    data = _load(real_site, "guidelines.json")
    assert data["schema"] == SITE_URL + "api/v1/guidelines.schema.json"
    assert errors(data, schema) == []
    assert [g["id"] for g in data["guidelines"]] == ["PO", "RL", "RS"]
    docs = _load(real_site, "documents.json")
    assert errors(docs, _load(real_site, "documents.schema.json")) == []


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda d: d["guidelines"][0]["versions"][0]["clauses"][0].pop("anchor"), "missing 'anchor'"),
        (lambda d: d["guidelines"][0]["versions"][0]["clauses"][0]["sha256"].update(sv="ABC"),
         "does not match"),
        (lambda d: d["guidelines"][1].update(status="in force"), "is not one of"),
        (lambda d: d["guidelines"][1]["dates"].update(effective="1/7/2027"), "matches none of anyOf"),
        (lambda d: d["guidelines"][2].update(extra=1), "unexpected property 'extra'"),
        (lambda d: d["guidelines"][2]["urls"]["en"].update(current="javascript:alert(1)"), "does not match"),
    ],
)
def test_the_schema_rejects_a_damaged_registry(real_site, damage, expected):
    data = copy.deepcopy(_load(real_site, "guidelines.json"))
    damage(data)
    found = errors(data, _load(real_site, "guidelines.schema.json"))
    assert any(expected in e for e in found), found


def test_every_address_leads_to_a_built_page_with_that_clause(real_site):
    data = _load(real_site, "guidelines.json")
    checked = 0
    for _g, v, c in _clauses(data):
        for lang in ("sv", "en"):
            for kind, url in c["urls"][lang].items():
                assert url.endswith("#" + c["anchor"]), url
                headings = {m.group(2): m.group(3) for m in CLAUSE_HEADING_RE.finditer(_page(real_site, url))}
                assert c["anchor"] in headings, (kind, url)
                title = c["title"][lang] or c["title"]["sv"]  # an untranslated page shows the Swedish text
                assert html.unescape(headings[c["anchor"]]) == f"{c['number']} {title}", url
                checked += 1
            # Only the current version has a current-page address; every version has its lasting one.
            assert ("current" in c["urls"][lang]) is v["current"]
    assert checked > 500


def test_every_clause_on_the_pages_is_in_the_registry(real_site):
    data = _load(real_site, "guidelines.json")
    for g in data["guidelines"]:
        for v in g["versions"]:
            anchors = [c["anchor"] for c in v["clauses"]]
            for lang in ("sv", "en"):
                page = _page(real_site, v["urls"][lang])
                found = [m.group(2) for m in CLAUSE_HEADING_RE.finditer(page)]
                assert found == anchors, (g["id"], v["version"], lang)
        current = next(v for v in g["versions"] if v["current"])
        for lang in ("sv", "en"):
            page = _page(real_site, g["urls"][lang]["current"])
            assert [m.group(2) for m in CLAUSE_HEADING_RE.finditer(page)] == [c["anchor"] for c in
                                                                             current["clauses"]]


def test_guideline_facts_come_from_the_records(real_site):
    project = Project.load(ROOT)
    data = {g["id"]: g for g in _load(real_site, "guidelines.json")["guidelines"]}
    for g in project.records:
        entry = data[g.id]
        assert (entry["slug"], entry["version"], entry["status"], entry["topic"]) == (
            g.slug, g.version, g.status, g.topic)
        assert entry["title"] == g.title and entry["audiences"] == g.audiences
        assert entry["dates"]["review_by"] == g.review_by.isoformat()
        assert [(v["version"], v["status"], v["date"]) for v in entry["versions"]] == [
            (h.version, h.status, h.date.isoformat()) for h in g.history]
        assert [v["current"] for v in entry["versions"]].count(True) == 1
        # Every version has its clauses: the archived ones too.
        assert all(v["clauses"] for v in entry["versions"])
        assert all(c["translation"] == "current" for v in entry["versions"] if v["current"]
                   for c in v["clauses"])


def test_clauses_csv_has_one_row_per_clause(real_site):
    data = _load(real_site, "guidelines.json")
    raw = (real_site / "api/v1/clauses.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and raw.endswith(b"\r\n")  # RFC 4180, no BOM
    text = raw.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == sum(1 for _ in _clauses(data))
    first = next(r for r in rows
                 if r["guideline"] == "RL" and r["clause"] == "5.3" and r["current"] == "true")
    clause = next(c for g, v, c in _clauses(data)
                  if g["id"] == "RL" and v["current"] and c["number"] == "5.3")
    assert first["sha256_sv"] == clause["sha256"]["sv"]
    assert first["url_en"] == SITE_URL + "en/guidelines/relocation/#c5-3"
    assert first["versioned_url_sv"] == SITE_URL + f"guidelines/relocation/v{first['version']}/#c5-3"
    archived = [r for r in rows if r["current"] == "false"]
    assert archived and all(r["url_sv"] == "" and r["versioned_url_sv"] for r in archived)
    guidelines = list(csv.DictReader(io.StringIO((real_site / "api/v1/guidelines.csv").read_text("utf-8"))))
    assert [r["id"] for r in guidelines] == ["PO", "RL", "RS"]


def test_csv_cells_cannot_become_formulas(site_copy):
    root = site_copy("real")
    path = root / "docs/sv/guidelines/relocation/index.md"
    path.write_text(path.read_text(encoding="utf-8").replace("### 1.1 Syfte", "### 1.1 =HYPERLINK(\"x\")"),
                    encoding="utf-8")
    files = registry.api_files(Project.load(root), SITE_URL)
    rows = list(csv.DictReader(io.StringIO(files["api/v1/clauses.csv"])))
    row = next(r for r in rows if r["guideline"] == "RL" and r["clause"] == "1.1" and r["current"] == "true")
    assert row["title_sv"] == "'=HYPERLINK(\"x\")"
    # The JSON keeps the title as it is: it is data, not a spreadsheet.
    data = json.loads(files["api/v1/guidelines.json"])
    assert any(c["title"]["sv"] == '=HYPERLINK("x")' for _, _, c in _clauses(data))


def test_documents_registry_is_empty_without_documents_and_lists_them_when_given():
    project = Project.load(ROOT)
    schema = registry_schema.documents_schema(SITE_URL)
    real = registry.documents_registry(project, SITE_URL)
    assert errors(real, schema) == []
    assert {d["id"] for d in real["documents"]} == {d.id for d in project.documents} and real["documents"]
    agreement = next(d for d in real["documents"] if d["id"] == "MALL-RL-1")
    assert agreement["related"] == ["RL 5.4", "RS 3.6"] and agreement["type"] == "template"
    en_docx = SITE_URL + "en/documents/relocation-agreement/mall-rl-1-en.docx"
    assert agreement["downloads"][1]["url"] == en_docx
    project.documents = []
    empty = registry.documents_registry(project, SITE_URL)
    assert empty["documents"] == [] and errors(empty, schema) == []
    project.documents = [{
        "id": "MALL-RL-1", "type": "template", "title": {"sv": "Överenskommelse", "en": "Agreement"},
        "version": "1.0", "status": "adopted", "dates": {"adopted": "2026-12-01"}, "owner": None,
        "languages": ["sv", "en"], "related": ["RL 5.4"],
        "pages": {"sv": "documents/agreement/", "en": "en/documents/agreement/"},
        "downloads": [{"lang": "sv", "format": "docx", "path": "documents/agreement/agreement-sv.docx"}],
    }]
    listed = registry.documents_registry(project, SITE_URL)
    assert errors(listed, schema) == []
    doc = listed["documents"][0]
    assert doc["urls"]["en"] == SITE_URL + "en/documents/agreement/"
    assert doc["downloads"][0]["url"] == SITE_URL + "documents/agreement/agreement-sv.docx"
    project.documents[0]["related"] = ["<script>"]
    assert errors(registry.documents_registry(project, SITE_URL), schema)


@pytest.mark.parametrize(("lang", "prefix"), [("sv", ""), ("en", "en/")])
def test_the_it_page_shows_generated_examples_and_links_the_files(real_site, lang, prefix):
    page = (real_site / prefix / "open-data/index.html").read_text(encoding="utf-8")
    data = _load(real_site, "guidelines.json")
    g, v, c = next((g, v, c) for g, v, c in _clauses(data) if v["current"] and "." in c["number"])
    assert c["urls"][lang]["current"] in page and c["urls"][lang]["versioned"] in page
    assert c["sha256"]["sv"] in page
    root = "../" if lang == "sv" else "../../"
    for name in ("guidelines.json", "guidelines.schema.json", "clauses.csv", "documents.json"):
        assert f'href="{root}api/v1/{name}"' in page
        assert (real_site / prefix / "open-data" / root / "api/v1" / name).resolve().is_file()
    assert f'href="{root}{prefix}feed.xml"' in page
    assert (real_site / prefix / "feed.xml").is_file()


def _addresses(data):
    if isinstance(data, dict):
        for value in data.values():
            yield from _addresses(value)
    elif isinstance(data, list):
        for value in data:
            yield from _addresses(value)
    elif isinstance(data, str) and data.startswith(("http://", "https://", "/")):
        yield data


def test_every_address_anywhere_in_the_registry_exists_in_the_built_site(real_site):
    data = _load(real_site, "guidelines.json")
    addresses = set(_addresses(data))
    assert len(addresses) > 1000
    for address in sorted(addresses):
        assert address.startswith(SITE_URL), address
        path, _, anchor = address[len(SITE_URL):].partition("#")
        target = real_site / path / "index.html" if path.endswith("/") or not path else real_site / path
        assert target.is_file(), address
        if anchor:
            assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), address


def test_the_files_written_one_guideline_at_a_time_are_the_registry_as_a_whole(site_copy):
    # api_files never holds the whole registry as objects; its files must still be exactly that registry's.
    project = Project.load(site_copy("real"))
    files = registry.api_files(project, SITE_URL)
    whole = registry.guidelines_registry(project, SITE_URL)
    compact = json.dumps(whole, ensure_ascii=False, separators=(",", ":"))
    assert files["api/v1/guidelines.json"] == compact + "\n"
    assert json.loads(files["api/v1/guidelines.json"]) == whole
    assert files["api/v1/clauses.csv"] == registry.clauses_csv(whole)
    assert files["api/v1/guidelines.csv"] == registry.guidelines_csv(whole)
    assert files["api/v1/clauses.csv"].count("\r\n") == 1 + sum(1 for _ in _clauses(whole))
    assert files["api/v1/guidelines.csv"].count("\r\n") == 1 + len(whole["guidelines"]) == 1 + 3


def test_a_site_without_guidelines_has_an_empty_registry(site_copy):
    root = site_copy("real")
    project = Project.load(root)
    project.records = []
    files = registry.api_files(project, SITE_URL)
    data = json.loads(files["api/v1/guidelines.json"])
    assert data["guidelines"] == [] and data["api_version"] == 1
    assert files["api/v1/clauses.csv"] == ",".join(registry.CLAUSE_COLUMNS) + "\r\n"

"""Documents beside the guidelines: records, validation, pages, the library, links and the DOCX downloads."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from datetime import UTC, datetime

import docx
import pytest

from kc.checks.validate import validate
from kc.content.documents import CENTRE
from kc.content.model import Project
from kc.content.text import read_text
from kc.pages.docrender import facts
from kc.pages.docxexport import BOX, TICKED, _blocks, build_docx
from kc.search.index import documents as search_documents

AGREEMENT = "docs/guidelines/documents/relocation-agreement.yml"
IDS = {"MALL-RL-1", "MALL-RL-2", "MALL-RL-3", "LISTA-PO-1", "MALL-PO-1"}


def errors_of(root) -> list[str]:
    return [str(f) for f in validate(Project.load(root)) if f.severity == "error"]


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path, needle: str) -> int:
    return next(
        i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line
    )


# ---- the records and their validation ----


def test_real_documents_load_and_validate(site_copy):
    root = site_copy("real")
    project = Project.load(root)
    assert {d.id for d in project.documents} == IDS
    assert all(d.owner["sv"] == CENTRE["sv"] and d.languages == ["sv", "en"] for d in project.documents)
    assert [f for f in project.load_findings if "/documents/" in f.path] == []
    assert errors_of(root) == []


def test_registry_ready_record_data(site_copy):
    project = Project.load(site_copy("real"))
    agreement = next(d for d in project.documents if d.id == "MALL-RL-1")
    data = agreement.as_dict()
    assert data["clauses"] == ["RL 5.4", "RS 3.6"]
    assert data["type"] == "template" and data["date"] == "2026-12-02" and data["languages"] == ["sv", "en"]


def test_unknown_document_reference_names_file_and_line(site_copy):
    root = site_copy("real")
    text = root / "docs/sv/guidelines/relocation/index.md"
    edit(text, "[[MALL-RL-1]]", "[[MALL-RL-9]]")
    line = line_of(text, "[[MALL-RL-9]]")
    found = [e for e in errors_of(root) if "MALL-RL-9" in e]
    assert found == [
        f"docs/sv/guidelines/relocation/index.md:{line}: reference to an unknown document: [[MALL-RL-9]]; "
        "use one of the document ids (LISTA-PO-1, MALL-PO-1, MALL-RL-1, MALL-RL-2, MALL-RL-3) "
        "or add the document"
    ]


def test_document_reference_is_not_a_malformed_clause_reference(site_copy):
    root = site_copy("real")
    assert not [e for e in errors_of(root) if "not recognised" in e]
    # ...while a lower-case one is still a mistake the clause check reports.
    text = root / "docs/en/guidelines/relocation/index.md"
    edit(text, "[[MALL-RL-1]]", "[[mall-rl-1]]")
    assert any("[[mall-rl-1]]" in e and "not recognised" in e for e in errors_of(root))


def test_unknown_related_clause(site_copy):
    root = site_copy("real")
    record = root / AGREEMENT
    edit(record, '"RL 5.4"', '"RL 5.94"')
    assert (
        f"{AGREEMENT}:{line_of(record, 'clauses:')}: 'clauses' names a clause that RL does not have: "
        "'RL 5.94'; check the clause number" in errors_of(root)
    )
    edit(record, '"RL 5.94"', '"ZZ 1"')
    assert any("'clauses' names an unknown guideline: 'ZZ 1'" in e for e in errors_of(root))


def test_missing_translation_is_an_error_when_listed_and_a_warning_when_not(site_copy):
    root = site_copy("real")
    (root / "docs/en/documents/relocation-agreement/index.md").unlink()
    errors = errors_of(root)
    assert any(
        e.startswith(f"{AGREEMENT}:")
        and "no English translation: docs/en/documents/relocation-agreement/index.md is missing" in e
        for e in errors
    )
    edit(root / AGREEMENT, "languages: [sv, en]", "languages: [sv]")
    found = [f for f in validate(Project.load(root)) if f.path == AGREEMENT]
    assert [(f.severity, f.rule) for f in found] == [("warning", "translation-missing")]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("id: MALL-RL-1", "id: mall-1", "'id' must look like MALL-RL-1"),
        ("type: template", "type: form", "'type' has 'form', which is not in _vocabulary.yml"),
        ('version: "1.0"', "version: 1.0", "'version' must be a quoted MAJOR.MINOR text"),
        ("date: 2026-12-02", "date: 2026-13-02", "'date' must be a date written YYYY-MM-DD"),
        (
            'sv: "Nationellt kunskapscentrum för avhopparverksamhet"',
            'sv: "Anna Andersson"',
            "'owner' must be the centre (optionally a unit of it after a comma), never a person",
        ),
        ("topics: [relocation]", "topics: [housing-market]", "'topics' has 'housing-market'"),
        ("languages: [sv, en]", "languages: [en]", "'languages' must list sv"),
        ("status: consultation", "status: final", "'status' must be one of"),
        ("slug: relocation-agreement", "slug: agreement", "'slug' must be lower-case"),
    ],
)
def test_schema_errors_name_file_and_line(site_copy, old, new, message):
    root = site_copy("real")
    record = root / AGREEMENT
    edit(record, old, new)
    line = line_of(record, new)
    project = Project.load(root)
    assert "MALL-RL-1" not in {d.id for d in project.documents}  # a broken record is left out, not half-read
    assert any(e.startswith(f"{AGREEMENT}:{line}: {message}") for e in errors_of(root)), errors_of(root)


def test_duplicate_document_id(site_copy):
    root = site_copy("real")
    edit(root / "docs/guidelines/documents/consultation-request.yml", "id: MALL-RL-3", "id: MALL-RL-1")
    assert sum("document id 'MALL-RL-1' is used by more than one record" in e for e in errors_of(root)) == 2


def test_personal_data_in_a_document_is_refused(site_copy):
    root = site_copy("real")
    text = root / "docs/sv/documents/consent-information-sharing/index.md"
    edit(text, "| Ort och datum | |", "| Ort och datum | ring 070-123 45 67 |")
    line = line_of(text, "070-123")
    assert any(
        e.startswith(f"docs/sv/documents/consent-information-sharing/index.md:{line}: phone number")
        for e in errors_of(root)
    ), errors_of(root)


def test_title_is_plain_text(site_copy):
    root = site_copy("real")
    record = root / AGREEMENT
    edit(record, 'en: "Agreement between municipalities on a relocation"', 'en: "Agreement <b>now</b>"')
    line = line_of(record, "<b>now</b>")
    assert any(e.startswith(f"{AGREEMENT}:{line}: 'title.en':") for e in errors_of(root)), errors_of(root)


def test_text_without_record_and_stray_files(site_copy):
    root = site_copy("real")
    folder = root / "docs/sv/documents/lost"
    folder.mkdir()
    (folder / "index.md").write_text("Text.\n", encoding="utf-8")
    (root / "docs/guidelines/documents/notes.txt").write_text("x", encoding="utf-8")
    errors = errors_of(root)
    assert any(
        e.startswith("docs/sv/documents/lost/index.md:1: document text without a record") for e in errors
    )
    assert any(
        e.startswith("docs/guidelines/documents/notes.txt:1: this file is not part of the content model")
        for e in errors
    )


def test_h1_in_document_text(site_copy):
    root = site_copy("real")
    text = root / "docs/en/documents/provider-checklist/index.md"
    text.write_text("# My title\n\n" + text.read_text(encoding="utf-8"), encoding="utf-8")
    assert any(
        e.startswith("docs/en/documents/provider-checklist/index.md:1: document texts have no '# ' title")
        for e in errors_of(root)
    )


# ---- the DOCX ----


def test_docx_blocks_keep_fields_and_boxes():
    blocks = _blocks("Intro\nmore.\n\n- [ ] open\n  continued\n- [x] done\n\n| A | B |\n|---|---|\n| x | |\n")
    assert blocks == [
        ("para", "Intro more."),
        ("task", ("open continued", False)),
        ("task", ("done", True)),
        ("table", [["A", "B"], ["x", ""]]),
    ]


def _agreement(project):
    doc = next(d for d in project.documents if d.id == "MALL-RL-1")
    body = read_text(project.docs / doc.text_src("sv")).body
    return doc, body


def test_docx_is_reproducible_and_names_only_the_centre(site_copy):
    project = Project.load(site_copy("real"))
    doc, body = _agreement(project)
    first = build_docx(doc, "sv", body, facts(project, doc, "sv"))
    assert first == build_docx(doc, "sv", body, facts(project, doc, "sv"))
    opened = docx.Document(io.BytesIO(first))
    props = opened.core_properties
    assert props.author == props.last_modified_by == CENTRE["sv"]
    assert props.created == props.modified == datetime(2026, 12, 2, tzinfo=UTC)
    archive = zipfile.ZipFile(io.BytesIO(first))
    meta = archive.read("docProps/core.xml").decode() + archive.read("docProps/app.xml").decode()
    assert "python-docx" not in meta and "Microsoft" not in meta and "thumbnail" not in archive.namelist()
    assert {info.date_time for info in archive.infolist()} == {(2026, 12, 2, 0, 0, 0)}


# ---- the built site ----


def test_library_pages_list_every_document_with_filters(real_site):
    for prefix, all_label in (("", "Alla"), ("en/", "All")):
        page = (real_site / prefix / "documents/index.html").read_text(encoding="utf-8")
        items = re.findall(
            r'<li class="kc-doclib__item" data-audience="([^"]*)" data-topic="([^"]*)" '
            r'data-type="([^"]*)">',
            page,
        )
        assert len(items) == 5
        assert ("social-services procurement", "providers", "checklist") in items
        form = re.search(
            r'<form aria-label="[^"]+" class="kc-doclib__filters" hidden="hidden">(.*?)</form>', page, re.S
        )
        assert form and form.group(1).count("<select") == 3 and f">{all_label}</option>" in form.group(1)
        for name in ("type", "topic", "audience"):
            assert f'<label for="kc-doclib-{name}">' in form.group(
                1
            ) and f'id="kc-doclib-{name}"' in form.group(1)
        assert 'href="relocation-agreement/"' in page
        assert "<script>" not in page and "documents.js" in page
    assert "Dokument" in (real_site / "index.html").read_text(encoding="utf-8")


def test_document_page_header_links_and_download(real_site):
    page = (real_site / "documents/relocation-agreement/index.html").read_text(encoding="utf-8")
    header = page.split('<div class="kc-doc-facts" data-document="MALL-RL-1">', 1)[1].split("</div>", 1)[0]
    for label in ("Id:", "Typ:", "Version:", "Status:", "Datum:", "Hör till:", "Ladda ner:"):
        assert f"<strong>{label}</strong>" in header
    assert '<a href="../../guidelines/relocation/#c5-4"' in header
    assert '<a href="mall-rl-1-sv.docx">' in header
    assert (real_site / "documents/relocation-agreement/mall-rl-1-sv.docx").is_file()
    en = (real_site / "en/documents/relocation-agreement/index.html").read_text(encoding="utf-8")
    assert '<a href="mall-rl-1-en.docx">' in en and "Related clauses:" in en


def test_guideline_clauses_link_to_their_documents(real_site):
    sv = (real_site / "guidelines/relocation/index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="../../documents/relocation-agreement/" title="[^"]+">MALL-RL-1</a>', sv)
    en = (real_site / "en/guidelines/providers/index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="../../documents/provider-follow-up/" title="[^"]+">MALL-PO-1</a>', en)
    assert "[[MALL-" not in sv and "[[MALL-" not in en


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_built_downloads_have_fields_and_centre_metadata(real_site, lang):
    prefix = "" if lang == "sv" else "en/"
    for slug, did in (
        ("relocation-agreement", "mall-rl-1"),
        ("provider-checklist", "lista-po-1"),
        ("consent-information-sharing", "mall-rl-2"),
    ):
        data = (real_site / prefix / f"documents/{slug}/{did}-{lang}.docx").read_bytes()
        opened = docx.Document(io.BytesIO(data))
        props = opened.core_properties
        assert props.author == props.last_modified_by == CENTRE[lang]
        assert props.identifier == did.upper() and props.language.startswith(lang)
        texts = [p.text for p in opened.paragraphs]
        assert any(t.startswith(BOX + " ") for t in texts) and not any(t.startswith(TICKED) for t in texts)
        empty = [
            c for table in opened.tables[1:] for row in table.rows for c in row.cells if not c.text.strip()
        ]
        assert empty, f"{slug}: no blank cells to fill in"
        assert not any("[[" in t for t in texts)


def test_search_has_documents_as_their_own_kind(site_copy):
    project = Project.load(site_copy("real"))
    docs = [d for d in search_documents(project, "en") if d.kind]
    assert {d.guideline for d in docs} == IDS
    consent = next(d for d in docs if d.guideline == "MALL-RL-2" and d.heading == "5 What I have been told")
    assert consent.url == "en/documents/consent-information-sharing/#5-what-i-have-been-told"
    assert consent.kind == "Template" and "RS 6.1" in consent.text and "[[" not in consent.text


# ---- the output scan ----


def test_output_scan_accepts_the_downloads_and_refuses_tampered_ones(real_site, tmp_path):
    from kc.edition.docxscan import docx_problem
    from kc.edition.outputscan import scan_site

    data = (real_site / "documents/relocation-agreement/mall-rl-1-sv.docx").read_bytes()
    assert docx_problem(data) is None
    assert not [f for f in scan_site(real_site) if ".docx" in f.path]
    with_macro = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(with_macro, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("word/vbaProject.bin", b"\0macro")
    assert "parts the build never writes (word/vbaProject.bin)" in docx_problem(with_macro.getvalue())
    assert "not a readable DOCX" in docx_problem(b"PK\x03\x04 not really")
    site = tmp_path / "site"
    (site / "documents/relocation-agreement").mkdir(parents=True)
    (site / "documents/relocation-agreement/mall-rl-1-sv.docx").write_bytes(with_macro.getvalue())
    found = [f for f in scan_site(site) if f.path.endswith("mall-rl-1-sv.docx")]
    assert found and "vbaProject.bin" in found[0].message


def test_untranslated_document_offers_the_swedish_download_beside_its_english_page(site_copy):
    from conftest import build

    root = site_copy("real")
    (root / "docs/en/documents/provider-checklist/index.md").unlink()
    edit(root / "docs/guidelines/documents/provider-checklist.yml", "languages: [sv, en]", "languages: [sv]")
    site = build(root)
    page = (site / "en/documents/provider-checklist/index.html").read_text(encoding="utf-8")
    assert '<a href="lista-po-1-sv.docx">Word document (DOCX) to fill in</a>' in page
    download = site / "en/documents/provider-checklist/lista-po-1-sv.docx"
    opened = docx.Document(io.BytesIO(download.read_bytes()))
    assert opened.core_properties.author == CENTRE["sv"] and opened.core_properties.language == "sv-SE"
    assert not (site / "en/documents/provider-checklist/lista-po-1-en.docx").exists()


def test_offline_edition_holds_the_library_pages_and_downloads(real_bundle):
    from kc.edition.outputscan import scan_edition

    folder = real_bundle["folder"]
    for prefix, lang in (("", "sv"), ("en/", "en")):
        assert (folder / prefix / "documents/index.html").is_file()
        data = (folder / prefix / f"documents/relocation-agreement/mall-rl-1-{lang}.docx").read_bytes()
        assert docx.Document(io.BytesIO(data)).core_properties.author == CENTRE[lang]
    assert not [f for f in scan_edition(real_bundle["zip"]) if ".docx" in f.path]


def test_registry_lists_the_documents_at_addresses_that_exist(real_site):
    import json

    data = json.loads((real_site / "api/v1/documents.json").read_text(encoding="utf-8"))
    assert {d["id"] for d in data["documents"]} == IDS
    for d in data["documents"]:
        for url in [*d["urls"].values(), *(x["url"] for x in d["downloads"])]:
            path = re.sub(r"^[a-z]+://[^/]+/", "", url)
            target = real_site / path / "index.html" if path.endswith("/") else real_site / path
            assert target.is_file(), url


# ---- versions ----


def test_new_document_version_archives_locks_and_renders(site_copy, capsys):
    from datetime import date

    from conftest import build
    from kc.checks.docarchive import new_document_version
    from kc.cli import main

    root = site_copy("real")
    project = Project.load(root)
    assert new_document_version(project, "relocation-agreement", today=date(2027, 1, 15)) == "1.1"
    record = (root / AGREEMENT).read_text(encoding="utf-8")
    assert 'version: "1.1"' in record and "date: 2027-01-15" in record and "status: draft" in record
    archived = root / "docs/sv/documents/relocation-agreement/v1.0/index.md"
    assert archived.is_file() and (root / "docs/en/documents/relocation-agreement/v1.0/index.md").is_file()
    lock = (root / "docs/guidelines/_archive.lock").read_text(encoding="utf-8")
    assert "docs/sv/documents/relocation-agreement/v1.0/index.md" in lock
    assert errors_of(root) == []
    # A draft is changed in place; the command says so and changes nothing.
    assert main(["--root", str(root), "new-version", "relocation-agreement"]) != 0
    assert "is a draft" in capsys.readouterr().err
    # Archived texts never change.
    archived.write_text(archived.read_text(encoding="utf-8") + "\nÄndrat.\n", encoding="utf-8")
    assert any(e.startswith("docs/sv/documents/relocation-agreement/v1.0/index.md:")
               and "archived text changed" in e for e in errors_of(root))
    archived.write_text(archived.read_text(encoding="utf-8").replace("\nÄndrat.\n", ""), encoding="utf-8")
    site = build(root)
    old = (site / "documents/relocation-agreement/v1.0/index.html").read_text(encoding="utf-8")
    assert "kc-badge--superseded" in old and '<a href="../">1.1</a>' in old and ".docx" not in old
    current = (site / "documents/relocation-agreement/index.html").read_text(encoding="utf-8")
    assert '<a href="v1.0/">1.0</a>' in current and "mall-rl-1-sv.docx" in current


def test_record_that_is_not_utf8_is_one_clear_error_without_a_cascade(site_copy):
    root = site_copy("real")
    (root / "docs/guidelines/documents/provider-checklist.yml").write_bytes(b"id: \xff\xfe bad\n")
    errors = errors_of(root)
    assert len(errors) == 1 and "UTF-8" in errors[0]
    assert errors[0].startswith("docs/guidelines/documents/provider-checklist.yml:1: ")


def test_python_docx_is_loaded_only_to_write_a_download():
    # The MkDocs plugin (imported by every build process) must not carry python-docx; writing a file loads it.
    script = (
        "import sys, kc.adapters.mkdocs.plugin, kc.build; print('docx' in sys.modules);"
        "from kc.pages import docxexport; print('docx' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]

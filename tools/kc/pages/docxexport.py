"""The documents' editable downloads: DOCX written with python-docx from the Markdown text at build time.

Only the Markdown the documents use is understood: '##'/'###' headings, paragraphs, bullet and numbered lists,
task lists ('- [ ]', the boxes to tick) and pipe tables (empty cells are the fields to fill in). Anything else
is kept as a plain paragraph, so no text is lost. The file is reproducible: fixed dates from the record and
fixed ZIP timestamps, and its metadata names the centre only.
"""

from __future__ import annotations

import gc
import io
import re
import zipfile
from datetime import UTC, datetime

from docx import Document as new_docx
from docx.shared import Pt

from kc.content.documents import CENTRE, DOC_XREF_RE, Document
from kc.content.xref import XREF_RE

BOX = "\u2610"  # ☐, a box to tick on paper or in the word processor
TICKED = "\u2612"  # ☒
TABLE_ROW_RE = re.compile(r"^\s*\|.*\|\s*$")
TABLE_RULE_RE = re.compile(r"^\s*\|(?:\s*:?-{3,}:?\s*\|)+\s*$")
TASK_RE = re.compile(r"^- \[([ xX])\] (.*)$")
BULLET_RE = re.compile(r"^[-*] (.*)$")
NUMBER_RE = re.compile(r"^\d+\. (.*)$")
HEADING_RE = re.compile(r"^(#{2,4}) (.*)$")
INLINE_RE = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*|\[([^\]]+)\]\([^)]*\)")
ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")


def plain_inline(text: str) -> str:
    """Cross-references as their ids, links as their text, escapes undone (emphasis is handled by runs)."""
    text = DOC_XREF_RE.sub(lambda m: m.group(1), text)
    text = XREF_RE.sub(lambda m: m.group(0)[2:-2], text)
    return text


def _add_runs(paragraph, text: str) -> None:
    text = plain_inline(text)
    end = 0
    for m in INLINE_RE.finditer(text):
        if m.start() > end:
            paragraph.add_run(_unescape(text[end : m.start()]))
        if m.group(1) is not None:
            paragraph.add_run(_unescape(m.group(1))).bold = True
        elif m.group(2) is not None:
            paragraph.add_run(_unescape(m.group(2))).italic = True
        else:
            paragraph.add_run(_unescape(m.group(3)))
        end = m.end()
    if end < len(text):
        paragraph.add_run(_unescape(text[end:]))


def _unescape(text: str) -> str:
    return ESCAPE_RE.sub(r"\1", text)


def _cells(row: str) -> list[str]:
    inner = row.strip()[1:-1]
    return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]


def _blocks(markdown: str) -> list[tuple[str, object]]:
    """The text as (kind, content) blocks: heading, para, task, bullet, number, table."""
    blocks: list[tuple[str, object]] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if TABLE_ROW_RE.match(line):
            rows = []
            while i < len(lines) and TABLE_ROW_RE.match(lines[i]):
                if not TABLE_RULE_RE.match(lines[i]):
                    rows.append(_cells(lines[i]))
                i += 1
            blocks.append(("table", rows))
            continue
        m = HEADING_RE.match(line)
        if m:
            blocks.append((f"heading{len(m.group(1)) - 1}", m.group(2).strip()))
            i += 1
            continue
        item = TASK_RE.match(line) or BULLET_RE.match(line) or NUMBER_RE.match(line)
        if item:
            kind = "task" if TASK_RE.match(line) else "bullet" if BULLET_RE.match(line) else "number"
            text = item.group(item.lastindex)
            ticked = kind == "task" and item.group(1) in "xX"
            i += 1
            while i < len(lines) and lines[i].startswith("  ") and lines[i].strip():
                text += " " + lines[i].strip()
                i += 1
            blocks.append((kind, (text, ticked)))
            continue
        para = [line.strip()]
        i += 1
        while i < len(lines) and lines[i].strip() and not _starts_block(lines[i]):
            para.append(lines[i].strip())
            i += 1
        blocks.append(("para", " ".join(para)))
    return blocks


def _starts_block(line: str) -> bool:
    return bool(
        TABLE_ROW_RE.match(line)
        or HEADING_RE.match(line)
        or TASK_RE.match(line)
        or BULLET_RE.match(line)
        or NUMBER_RE.match(line)
    )


def build_docx(doc: Document, lang: str, markdown: str, facts: list[tuple[str, str]]) -> bytes:
    """The DOCX of `doc` in `lang`: title, a table of facts from the record, then the text."""
    out = new_docx()
    out.styles["Normal"].font.size = Pt(11)
    out.add_heading(doc.title[lang], level=0)
    table = out.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in facts:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    out.add_paragraph()
    for kind, content in _blocks(markdown):
        if kind.startswith("heading"):
            _add_runs(out.add_heading(level=min(int(kind[-1]), 3)), content)
        elif kind == "para":
            _add_runs(out.add_paragraph(), content)
        elif kind == "task":
            text, ticked = content
            _add_runs(out.add_paragraph(f"{TICKED if ticked else BOX} "), text)
        elif kind in ("bullet", "number"):
            style = "List Bullet" if kind == "bullet" else "List Number"
            _add_runs(out.add_paragraph(style=style), content[0])
        elif kind == "table":
            _add_table(out, content)
    _set_properties(out, doc, lang)
    buffer = io.BytesIO()
    out.save(buffer)
    return _fixed_zip(buffer.getvalue(), doc, lang)


def _add_table(out, rows: list[list[str]]) -> None:
    width = max(len(r) for r in rows)
    table = out.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    for index, row in enumerate(rows):
        cells = table.add_row().cells
        for cell, text in zip(cells, row + [""] * (width - len(row)), strict=True):
            if text:
                paragraph = cell.paragraphs[0]
                _add_runs(paragraph, text)
                if index == 0:
                    for run in paragraph.runs:
                        run.bold = True
    out.add_paragraph()


def _moment(doc: Document) -> datetime:
    return datetime(doc.date.year, doc.date.month, doc.date.day, tzinfo=UTC)


def _set_properties(out, doc: Document, lang: str) -> None:
    """The centre as author; nothing about the machine or person that built the file."""
    props = out.core_properties
    props.author = props.last_modified_by = CENTRE[lang]
    props.title = doc.title[lang]
    props.subject = doc.id
    props.identifier = doc.id
    props.keywords = " ".join([doc.id, *doc.clauses])
    props.category = doc.type
    props.language = "sv-SE" if lang == "sv" else "en-GB"
    props.version = doc.version
    props.comments = ""
    props.content_status = doc.status
    props.revision = 1
    props.created = props.modified = props.last_printed = _moment(doc)


def _app_xml(lang: str) -> bytes:
    """Extended properties naming the centre, instead of the template's (which names a word processor)."""
    company = CENTRE[lang].replace("&", "&amp;").replace("<", "&lt;")
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Company>{company}</Company><Template></Template><TotalTime>0</TotalTime>"
        "<DocSecurity>0</DocSecurity></Properties>"
    ).encode()


def _fixed_zip(data: bytes, doc: Document, lang: str) -> bytes:
    """The same archive with every entry dated the document's date, so a rebuild gives the same bytes; the
    template's thumbnail (a picture of an empty page) and word-processor details are left out."""
    stamp = (doc.date.year, doc.date.month, doc.date.day, 0, 0, 0)
    src = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/thumbnail.jpeg":
                continue
            if info.filename == "_rels/.rels":
                content = re.sub(rb"<Relationship [^>]*metadata/thumbnail[^>]*/>\s*", b"", content)
            if info.filename == "docProps/app.xml":
                content = _app_xml(lang)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, content)
    return buffer.getvalue()


def downloads(project, lang: str) -> dict[str, bytes]:
    """{published path: DOCX bytes} of every document in the `lang` site: the Swedish file where the
    document has no `lang` text (the page then shows the Swedish text, and links to that file beside it)."""
    from kc.content.text import read_text
    from kc.pages.docrender import facts

    out = {}
    for doc in project.documents:
        text_lang = lang if lang in doc.languages and (project.docs / doc.text_src(lang)).is_file() else "sv"
        path = project.docs / doc.text_src(text_lang)
        if path.is_file():
            body, shown = read_text(path).body, facts(project, doc, text_lang)
            out[doc.download_src(text_lang)] = build_docx(doc, text_lang, body, shown)
    # A python-docx document is a web of reference cycles, which only the cycle collector frees: some 8 MB
    # at 500 guidelines, still waiting when the Swedish build makes its largest files (the registry) next.
    gc.collect()
    return out

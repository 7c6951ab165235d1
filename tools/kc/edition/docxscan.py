"""What a generated document download (DOCX) may contain, for the output scan: the parts python-docx writes
for our documents and nothing else (no macros, embedded objects or external relationships)."""

from __future__ import annotations

import io
import re
import zipfile

DOWNLOAD_RE = re.compile(r"(?:en/)?documents/[a-z0-9-]+/[a-z]{2,6}-[a-z]{2,4}-\d{1,3}-(?:sv|en)\.docx")
PART_RE = re.compile(
    r"\[Content_Types\]\.xml|_rels/\.rels|docProps/(?:core|app)\.xml"
    r"|word/[A-Za-z]+\.xml|word/_rels/document\.xml\.rels|word/theme/theme1\.xml"
    r"|customXml/item1\.xml|customXml/itemProps1\.xml|customXml/_rels/item1\.xml\.rels"
)
MAX_BYTES = 4 * 1024 * 1024


def docx_problem(data: bytes) -> str | None:
    """Why `data` is not a download the build makes, or None."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        if sum(i.file_size for i in infos) > MAX_BYTES:
            return "document download larger than any the build makes; rebuild the site"
        extra = sorted(i.filename for i in infos if not PART_RE.fullmatch(i.filename))
        if extra:
            return f"document download with parts the build never writes ({', '.join(extra[:3])}); rebuild"
        for info in infos:
            if info.filename.endswith(".rels") and b'TargetMode="External"' in archive.read(info):
                return "document download that refers to an outside address; rebuild the site"
        if b"macroEnabled" in archive.read("[Content_Types].xml"):
            return "document download with macros; rebuild the site"
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError):
        return "document download that is not a readable DOCX file; rebuild the site"
    return None

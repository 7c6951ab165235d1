"""The output scan: a built site (or an unpacked offline edition) holds only what the build makes.

Defence in depth behind the content checks: whatever slipped through them, the site is refused when a page
runs a script that is not one of the site's own, carries an event handler, a javascript:/vbscript:/data: URL,
a meta refresh, a <base> or a resource from another site (htmlscan.py), or when a file is there that the build
did not make from an allowed source. Which files those are is an allow-list: pages (.html), the generated
files (search data, feeds, CSV downloads, sitemap, inline scripts named by their hash, edition facts and
manifest), and copies of the theme's and kc's assets and of the documents and images under docs/. When the
sources are known (at build time) a copy must equal its source byte for byte; in an edition, which comes
without them, its type and folder must fit.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import stat
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import kc
from kc.content.findings import Finding
from kc.edition.docxscan import DOWNLOAD_RE, docx_problem
from kc.edition.htmlscan import scan_markup
from kc.edition.powershell import SCRIPT
from kc.edition.readme import README_NAME
from kc.edition.scanmemo import SiteScanner
from kc.edition.signing import SIGNATURE
from kc.edition.verify import MANIFEST

RULE = "output-scan"
SAME_SHOWN = 3  # the build error shows a problem found on many pages this many times, then counts
MAX_BYTES = 64 * 1024 * 1024  # an edition entry larger than this is not read (no page or asset is near it)

# Generated files, by path. Each has a check of its content, below.
# The search box's files (kc.search.browserindex): the index of each part, its snippets in numbered shards,
# its whole texts (for phrases), the postings of the current versions in numbered shards and the vocabulary
# for spelling suggestions.
SEARCH_DATA_RE = re.compile(
    r"(?:en/)?assets/search/(?:sv|en)(?:-words|-post-(?:0|[1-9][0-9]{0,5})"
    r"|(?:-archived)?(?:-text-(?:0|[1-9][0-9]{0,5})|-full)?)\.js"
)
INLINE_RE = re.compile(r"assets/kc/inline/([0-9a-f]{20})\.js")
# The open-data registry (kc.pages.registry), at the site root only: data, checked to be what its name says.
API_RE = re.compile(r"api/v1/(?:(?:guidelines|documents)(?:\.schema)?\.json|(?:clauses|guidelines)\.csv)")
GENERATED_RE = re.compile(
    r"(?:en/)?feed\.xml|sitemap\.xml(?:\.gz)?|edition\.json"
    r"|(?:en/)?guidelines/[a-z0-9-]+/matrix-(?:sv|en)\.csv"
)
# What `kc bundle` adds beside the built site, at the edition's top: the manifest, its signature, the
# read-me and the check for Windows without Python. Never in a site build, so only allowed in an edition.
EDITION_FILES = {MANIFEST, SIGNATURE, README_NAME, SCRIPT}
# Code and styles come only from the theme and kc (never from docs/); in an edition only from these folders.
CODE_TYPES = {".js", ".css", ".map", ".woff", ".woff2", ".ttf"}
CODE_DIRS = ("assets/javascripts/", "assets/stylesheets/", "assets/kc/", "assets/fonts/")
# What docs/ may contribute besides the texts: raster images, documents, and the theme's favicon.
DOCUMENT_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".pdf", ".docx", ".xlsx",
                  ".pptx", ".odt", ".ods", ".odp", ".csv"}
SVG_TYPES = {".svg"}  # allowed where they come from, but read as markup: no script, handler or outside load

_SEARCH_BODY_RE = re.compile(
    r"window\.(kcSearch|kcSearchText)=window\.\1\|\|\{\};window\.\1\[(\"[a-z0-9-]+\")\]="
)


@dataclass
class Sources:
    """Where copies in the output may come from (at build time): theme and kc asset folders, and docs/."""

    code: list[Path] = field(default_factory=list)
    docs: Path | None = None

    def candidates(self, rel: str, suffix: str) -> Iterator[str]:
        """The source files `rel` of the output may be a copy of (same path in a source folder)."""
        # (Plain strings, not Paths: this runs for every file of the site, several times.)
        if suffix in CODE_TYPES or suffix in SVG_TYPES or suffix in DOCUMENT_TYPES:
            for folder in self.code:
                yield f"{folder}/{rel}"
        if self.docs is not None and suffix not in CODE_TYPES:  # (and .html: a copy is refused)
            inner = rel[3:] if rel.startswith("en/") else rel
            # mkdocs-static-i18n: docs/sv/x -> x, docs/en/x -> en/x; English falls back to the Swedish file.
            for candidate in dict.fromkeys((rel, f"sv/{inner}", f"en/{inner}", inner)):
                yield f"{self.docs}/{candidate}"


@dataclass(frozen=True)
class Entry:
    """One file of the output: its path below the site and a way to read it."""

    rel: str
    read: Callable[[], bytes]
    source: Path | None = None  # the file on disk, when there is one (for byte comparison)


def site_entries(site: Path) -> tuple[list[Entry], list[Finding]]:
    """Every regular file under `site`; links, devices and FIFOs are findings, never followed."""
    entries, problems = [], []

    def unreadable(exc: OSError) -> None:  # fail closed: what cannot be listed cannot be vouched for
        rel = Path(exc.filename).relative_to(site).as_posix() if exc.filename else "."
        problems.append(Finding(rel, 1, f"folder that cannot be read ({exc.strerror}); remove it", rule=RULE))

    root = os.fspath(site)
    for top, dirs, files in os.walk(root, followlinks=False, onerror=unreadable):
        inside = Path(os.path.relpath(top, root)).as_posix()
        for name in sorted(dirs + files):
            full = os.path.join(top, name)
            rel = name if inside == "." else f"{inside}/{name}"
            mode = os.lstat(full).st_mode
            if stat.S_ISLNK(mode):
                problems.append(Finding(rel, 1, "symbolic link in the output; the build never makes one, "
                                                "remove it", rule=RULE))
            elif not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                problems.append(Finding(rel, 1, "special file (device, FIFO or socket) in the output; "
                                        "remove it", rule=RULE))
            elif stat.S_ISREG(mode):
                path = Path(full)
                entries.append(Entry(rel, lambda full=full: read_regular(full), path))
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(top, d))]
    return entries, problems


def open_regular(path: str | os.PathLike) -> int:
    """A descriptor for reading `path` if it is still a regular file (it may have changed since the walk): a
    link is not followed, a FIFO not waited on; else OSError, and the file is reported as unreadable."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(f"not a regular file: {path}")
    return fd


def read_regular(path: str | os.PathLike) -> bytes:
    """The bytes of the regular file `path` (open_regular)."""
    with open(open_regular(path), "rb") as f:
        return f.read()


def _zip_entries(path: Path) -> list[Entry]:
    """The files of an edition's zip below its one top folder (the scan of names is verify's job)."""
    with zipfile.ZipFile(path) as zf:
        infos = [i for i in zf.infolist() if not i.is_dir() and not stat.S_ISLNK(i.external_attr >> 16)]
    tops = {i.filename.split("/", 1)[0] for i in infos}
    strip = len(tops.pop()) + 1 if len(tops) == 1 and all("/" in i.filename for i in infos) else 0

    def reader(info: zipfile.ZipInfo) -> Callable[[], bytes]:
        def read() -> bytes:
            with zipfile.ZipFile(path) as zf, zf.open(info) as f:
                return f.read(MAX_BYTES + 1)
        return read

    return [Entry(i.filename[strip:], reader(i)) for i in infos]


def scan_entries(entries: Iterable[Entry], sources: Sources | None = None, base: str = "/",
                 policy: str | None = None, *, only: set[str] | None = None,
                 loads: dict[str, dict[str, None]] | None = None) -> list[Finding]:
    """Findings for `entries` (one site); `sources` known means copies are compared with their source.

    `only`, if given, names the entries to scan (the others are there for the scripts pages load). With
    `loads` (kc.edition.partscan: part of a site) each script a page loads is noted there ({script: {page:
    None}}) and one not among `entries` counts as the site's own: it is judged in the whole site.
    """
    entries = list(entries)
    by_rel = {e.rel: e for e in entries}
    scripts: dict[str, bool] = {}
    page = [""]  # the entry being scanned, for `loads`

    def script_ok(rel: str) -> bool:
        if loads is not None:
            loads.setdefault(rel, {})[page[0]] = None
            if rel not in by_rel:
                return True
        if rel not in scripts:
            scripts[rel] = own_script(by_rel.get(rel), sources)
        return scripts[rel]

    pages = SiteScanner(script_ok, base, policy)  # judges what pages share once
    findings: list[Finding] = []
    for entry in sorted(entries, key=lambda e: e.rel):
        if only is not None and entry.rel not in only:
            continue
        page[0] = entry.rel
        try:
            findings += _entry_findings(entry, sources, script_ok, base, pages)
        except (OSError, zipfile.BadZipFile) as exc:
            findings.append(Finding(entry.rel, 1, f"cannot be read ({exc}); remove it", rule=RULE))
    return findings


def own_script(entry: Entry | None, sources: Sources | None) -> bool:
    """Whether `entry` is one of the site's own scripts, which its pages may load."""
    return entry is not None and entry.rel.endswith(".js") and not _file_problem(entry, sources)


def _entry_findings(entry: Entry, sources: Sources | None, script_ok, base: str, pages: SiteScanner
                    ) -> list[Finding]:
    suffix = Path(entry.rel).suffix.lower()
    if suffix == ".html":
        if sources is not None and sources.docs is not None and any(
            _real(c) and _same(entry, c) for c in sources.candidates(entry.rel, suffix)
        ):
            # MkDocs copies an .html file under docs/ as it is: not a page made from the content model.
            message = "HTML file copied unchanged from docs/; pages are written in Markdown, remove it"
            return [Finding(entry.rel, 1, message, rule=RULE)]
        return [Finding(entry.rel, p.line, p.message, rule=RULE) for p in pages.scan(entry.read(), entry.rel)]
    problem = _file_problem(entry, sources)
    if problem:
        return [Finding(entry.rel, 1, problem, rule=RULE)]
    if suffix in SVG_TYPES or suffix == ".xml":  # images and feeds are markup too
        text = entry.read().decode("utf-8", errors="replace")
        problems = scan_markup(text, entry.rel, lambda _: False, base, svg=suffix in SVG_TYPES,
                               feed=suffix not in SVG_TYPES)
        return [Finding(entry.rel, p.line, p.message, rule=RULE) for p in problems]
    return []


def _file_problem(entry: Entry, sources: Sources | None) -> str | None:
    """Why `entry` (not a page) may not be in the output, or None when the build made it."""
    rel, suffix = entry.rel, Path(entry.rel).suffix.lower()
    m = INLINE_RE.fullmatch(rel)
    if m:
        digest = hashlib.sha256(entry.read()).hexdigest()[:20]
        return None if digest == m.group(1) else (
            "moved inline script whose content does not match its name (the SHA-256 of the text); "
            "it was changed after the build, rebuild the site")
    if SEARCH_DATA_RE.fullmatch(rel):
        return None if _search_data_ok(entry.read()) else (
            "search data that is not plain data (the build writes 'window.kcSearch...=<JSON>;'); rebuild")
    if API_RE.fullmatch(rel):
        return None if _api_data_ok(rel, entry.read()) else (
            "registry file that is not what the build writes (UTF-8 JSON or CSV text); rebuild the site")
    if GENERATED_RE.fullmatch(rel) or (sources is None and rel in EDITION_FILES):
        return None
    if DOWNLOAD_RE.fullmatch(rel):  # a document's DOCX, written from its Markdown at build time
        return docx_problem(entry.read())
    allowed = CODE_TYPES | DOCUMENT_TYPES | SVG_TYPES
    if suffix not in allowed:
        return (f"file of a type the site does not publish ({suffix or 'no extension'}); only pages, images, "
                "documents and the theme's assets are published, remove it from docs/ or convert it")
    if sources is None:
        if suffix in CODE_TYPES and not rel.startswith(CODE_DIRS):
            return (f"{suffix} file outside the theme's and kc's asset folders; scripts and styles come "
                    "only from there")
        return None
    for candidate in sources.candidates(rel, suffix):
        if _real(candidate) and (suffix in SVG_TYPES or _same(entry, candidate)):
            return None  # an SVG image may be rewritten to a safe subset by the build; its markup is scanned
    if suffix in CODE_TYPES:
        return (f"{suffix} file that is not one of the theme's or kc's assets; scripts and styles come "
                "only from there")
    return "file that is not a copy of a file under docs/ or of the theme; the build did not make it"


def _real(path: str) -> bool:
    """A regular file, not itself a link (a link under docs/ vouches for nothing)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except (OSError, ValueError):  # missing, unreadable, or a name the system cannot hold
        return False


def _same(entry: Entry, candidate: str) -> bool:
    if entry.source is not None and entry.source.stat().st_size != os.stat(candidate).st_size:
        return False
    with open(candidate, "rb") as f:
        return entry.read() == f.read()


def _api_data_ok(rel: str, data: bytes) -> bool:
    """A registry file: JSON that parses, or UTF-8 text (CSV)."""
    try:
        if rel.endswith(".json"):
            _parses(data.decode("utf-8"))
        else:
            _decodes(data)
    except ValueError:  # UnicodeDecodeError and JSONDecodeError are both ValueErrors
        return False
    return True


def _search_data_ok(data: bytes) -> bool:
    text = data.decode("utf-8", errors="replace")
    m = _SEARCH_BODY_RE.match(text)
    if not m or not text.endswith(";\n"):
        return False
    try:
        _parses(text[m.end() : -2])
    except ValueError:
        return False
    return True


def _parses(text: str) -> None:
    """Raise ValueError unless `text` is JSON. Each object is dropped as soon as it is read: the registry's
    guidelines.json (7 MB at 500 guidelines) made some 40 MB of objects that only the check needed, in the
    language processes, whose peak memory counts."""
    json.loads(text, object_pairs_hook=_drop)


def _drop(pairs: list) -> None:
    return None


def _decodes(data: bytes, chunk: int = 1 << 20) -> None:
    """Raise UnicodeDecodeError unless `data` is UTF-8, as data.decode would, a chunk at a time: the whole
    text as a string took up to four times the file's size."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    for start in range(0, len(data), chunk):
        decoder.decode(view[start : start + chunk])
    decoder.decode(b"", final=True)


def scan_site(site: Path, sources: Sources | None = None, base: str = "/", policy: str | None = None
              ) -> list[Finding]:
    """Findings for the built site folder `site` (paths relative to it)."""
    entries, findings = site_entries(Path(site))
    return sorted(findings + scan_entries(entries, sources, base, policy))


def scan_edition(path: Path) -> list[Finding]:
    """Findings for an offline edition, unpacked (its folder, or the folder holding it) or as its zip."""
    path = Path(path)
    if path.is_dir():
        inner = [p for p in path.iterdir() if (p / MANIFEST).is_file()]
        if not (path / MANIFEST).exists() and len(inner) == 1:
            path = inner[0]
        return scan_site(path, base="./")
    try:
        return sorted(scan_entries(_zip_entries(path), base="./"))
    except (zipfile.BadZipFile, OSError, RuntimeError):
        return []  # verify reports an unreadable archive itself


def source_page(rel: str, docs: Path) -> str | None:
    """The Markdown file under `docs` that page `rel` of the site was made from, if there is one."""
    lang, inner = ("en", rel[3:]) if rel.startswith("en/") else ("sv", rel)
    stem = inner[: -len("index.html")] if inner.endswith("index.html") else inner[: -len(".html")]
    stem = stem.rstrip("/")
    names = [f"{stem}.md", f"{stem}/index.md"] if stem else ["index.md"]
    for folder in dict.fromkeys((lang, "sv")):
        for name in names:
            if (docs / folder / name).is_file():
                return f"docs/{folder}/{name}"
    return None


def scan_context(root: Path, config) -> tuple[Sources, str, str]:
    """The sources, base path and Content-Security-Policy that a build of `root` with `config` is scanned
    against."""
    from kc.edition import csp

    # kc's own assets live at the package root (kc/assets), whatever package this module is in.
    sources = Sources([Path(d) for d in config.theme.dirs] + [Path(kc.__file__).resolve().parent],
                      Path(root) / "docs")
    offline = bool(config.extra.get("kc_offline"))
    base = "./" if offline else (urlsplit(config.site_url or "/").path or "/")
    return sources, base, csp.meta_policy()


def check_build(root: Path, site: Path, config, shown: str = "site") -> list[str]:
    """The output scan of a finished build in `site`, as error lines naming output file, line and source."""
    sources, base, policy = scan_context(root, config)
    return report_lines(scan_site(site, sources, base, policy), Path(root) / "docs", shown)


def report_lines(findings: Iterable[Finding], docs: Path, shown: str = "site") -> list[str]:
    """The build error's lines for the output scan's `findings` (sorted), each naming the page's source."""
    lines: list[str] = []
    seen: dict[str, int] = {}
    for f in findings:
        seen[f.message] = seen.get(f.message, 0) + 1
        if seen[f.message] > SAME_SHOWN:
            continue  # a template problem is on every page: a few say where, the count says how many
        src = source_page(f.path, docs) if f.path.endswith(".html") else None
        made = f" (made from {src})" if src else ""
        lines.append(f"{shown}/{f.path}:{f.line}{made}: {f.message}")
    for message, count in seen.items():
        if count > SAME_SHOWN:
            what = message.split(";")[0]
            lines.append(f"… and {count - SAME_SHOWN} more file(s) with the same problem ({what}); on many "
                         "pages at once it usually comes from the theme overrides (overrides/) or mkdocs.yml")
    return lines

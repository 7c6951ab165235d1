"""Links: every internal link and anchor resolves in the language it is written in.

External links are listed and checked by `kc links` (weblinks.py), never during validate or build.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown.extensions.toc import slugify, unique

from kc.checks.pii import redact
from kc.content.clauses import CLAUSE_RE, anchor
from kc.content.findings import Finding
from kc.content.mdsyntax import ATTR_RE, AUTOLINK_RE, MD_LINK_RE, REF_DEF_RE, iter_tags
from kc.content.model import DEFAULT_LANGUAGE, LANGUAGES, VERSION_DIR_RE, parse_text_src
from kc.content.sourcefile import read_lenient
from kc.content.sources import line_at, markdown_files, mask_code
from kc.content.text import split_front_matter

HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
HEADING_ATTRS_RE = re.compile(r"\s*\{:?([^{}]*)\}\s*$")
ID_ATTR_RE = re.compile(r"(?:^|\s)#([\w:.-]+)")
HTML_ID_RE = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""")
BARE_URL_RE = re.compile(r"(?<![\w\"'(<=/])https?://[^\s<>\"'`\])]+[^\s<>\"'`\]).,;:!?]")
MARKER_RE = re.compile(r"^<!--\s*kc:[\w-]+\s*-->\s*$", re.M)
CLAUSE_ANCHOR_RE = re.compile(r"^c\d+(?:-\d+)*$")
# Anything in double brackets is meant as a cross-reference; those XREF_RE does not accept are mistakes.
XREF_LIKE_RE = re.compile(r"\[\[([^\[\]\n]{1,60})\]\]")


@dataclass(frozen=True)
class Link:
    """One link in a file: where it stands, its target, and whether it is an image."""

    line: int
    url: str
    image: bool = False


def extract_links(text: str) -> list[Link]:
    """Every link target in Markdown `text`: inline, reference definitions, autolinks, HTML href/src."""
    src = mask_code(text)
    links: list[Link] = []
    for m in MD_LINK_RE.finditer(src):
        links.append(Link(line_at(src, m.start(3)), m.group(3).strip("<>"), m.group(1) == "!"))
    for m in REF_DEF_RE.finditer(src):
        links.append(Link(line_at(src, m.start(2)), m.group(2).strip("<>")))
    for m in AUTOLINK_RE.finditer(src):
        links.append(Link(line_at(src, m.start(1)), m.group(1)))
    for m in iter_tags(src):
        for a in ATTR_RE.finditer(m.group(2)):
            if a.group(1).lower() in ("href", "src") and a.group(2):
                links.append(
                    Link(line_at(src, m.start(2) + a.start()), a.group(2).strip("\"'"), a.group(1) == "src")
                )
    return sorted(set(links), key=lambda link: (link.line, link.url))


def is_internal(url: str) -> bool:
    parts = urlsplit(url)
    return not (parts.scheme or parts.netloc or url.startswith("//")) and bool(url)


def _heading_text(title: str) -> str:
    title = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", title)
    title = re.sub(r"<[^>]+>", "", title)
    return re.sub(r"[*_`]", "", title).strip()


@lru_cache(maxsize=512)
def _anchors(path: Path, mtime: float) -> tuple[frozenset[str], bool]:
    """(ids a page will have, whether it holds generated blocks) for the Markdown file `path`."""
    _, body, _, _ = split_front_matter(read_lenient(path))
    src = mask_code(body)
    parts = path.parts
    # .../guidelines/<slug>/index.md or .../guidelines/<slug>/v<X.Y>/index.md
    guideline_text = (
        path.name == "index.md"
        and len(parts) > 4
        and (
            parts[-3] == "guidelines"
            or (parts[-4] == "guidelines" and VERSION_DIR_RE.match(parts[-2]) is not None)
        )
    )
    ids: set[str] = set()
    seen: set[str] = set()
    for line in src.splitlines():
        m = HEADING_RE.match(line)
        if not m:
            continue
        title = m.group(2)
        attrs = HEADING_ATTRS_RE.search(title)
        explicit = ID_ATTR_RE.search(attrs.group(1)) if attrs else None
        if attrs:
            title = title[: attrs.start()]
        clause = CLAUSE_RE.match(line) if guideline_text else None
        if clause:
            ids.add(
                anchor(clause.group(2))
            )  # the plugin gives clause headings their c-anchor instead of a slug
            continue
        if explicit:
            ids.add(explicit.group(1))
            seen.add(explicit.group(1))
        else:
            text = _heading_text(title)
            for slug_func in (
                lambda s: slugify(s, "-"),
                lambda s: re.sub(r"[^\w\s-]", "", s).strip().lower(),
            ):
                ids.add(unique(slug_func(text), set(seen)))
            seen.add(slugify(text, "-"))
    ids.update(HTML_ID_RE.findall(src))
    for m in re.finditer(r"\{:?[^{}\n]*\}", src):
        ids.update(ID_ATTR_RE.findall(m.group(0).strip("{}: ")))
    return frozenset(ids), bool(MARKER_RE.search(body))


def anchors_of(path: Path) -> tuple[frozenset[str], bool]:
    """The ids of the page `path` and whether generated blocks may add more."""
    return _anchors(path, path.stat().st_mtime)


def _lang_of(docs: Path, path: Path) -> str | None:
    rel = path.relative_to(docs).parts
    return rel[0] if rel and rel[0] in LANGUAGES else None


def resolve(docs: Path, source: Path, path: str) -> Path:
    """The file a relative or site-absolute link path points to (not checked for existence).

    Paths with a file extension are resolved from the source file's folder, as MkDocs rewrites them;
    folder paths (`../relocation/`) are left as they are by MkDocs and so resolve from the page's URL.
    """
    lang = _lang_of(docs, source) or DEFAULT_LANGUAGE
    if path.startswith("/"):
        parts = path.lstrip("/").split("/", 1)
        if parts[0] in LANGUAGES and parts[0] != DEFAULT_LANGUAGE:
            return Path(
                posixpath.normpath((docs / parts[0] / (parts[1] if len(parts) > 1 else "")).as_posix())
            )
        return Path(posixpath.normpath((docs / DEFAULT_LANGUAGE / path.lstrip("/")).as_posix()))
    base = source.parent
    has_ext = bool(posixpath.splitext(path.rstrip("/"))[1]) and not path.endswith("/")
    if not has_ext and source.name not in ("index.md", "README.md"):
        base = base / source.stem
    del lang
    return Path(posixpath.normpath((base / path).as_posix()))


def page_file(target: Path) -> Path | None:
    """The existing file a resolved link target stands for: the file itself or a folder's index.md."""
    if target.is_file():
        return target
    for name in ("index.md", "README.md"):
        if (target / name).is_file():
            return target / name
    if target.suffix == ".html" and target.with_suffix(".md").is_file():
        return target.with_suffix(".md")
    return None


def check_link(docs: Path, source: Path, url: str) -> tuple[str, str] | None:
    """(severity, problem) for an internal link that does not resolve, else None."""
    parts = urlsplit(url)
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if url.startswith(("mailto:", "tel:")):
        return None
    target = source if not path else resolve(docs, source, path)
    lang = _lang_of(docs, source)
    try:
        inside = target.relative_to(docs).parts
    except ValueError:
        return "error", "it points outside the docs folder; link to a page of this site"
    if inside and inside[0] == "guidelines":
        return (
            "error",
            "it points to the records folder docs/guidelines/, which is not published; link to the text",
        )
    if lang and inside and inside[0] != lang and inside[0] in LANGUAGES:
        return "error", f"it leaves the {lang}/ folder; link to the page in the same language"
    found = page_file(target)
    if found is None:
        if lang and lang != DEFAULT_LANGUAGE and inside and inside[0] == lang:
            fallback = page_file(docs.joinpath(DEFAULT_LANGUAGE, *inside[1:]))
            if fallback is not None:
                return "warning", (
                    f"the page does not exist in {lang}/ and only works through the Swedish "
                    "fallback; add the translation or link to another page"
                )
        return "error", "no such page or file; correct the path (it is relative to this file's folder)"
    if fragment and found.suffix == ".md" and not fragment.startswith(("fn:", "fnref:")):
        ids, generated = anchors_of(found)
        # Generated blocks add ids of their own, but never clause anchors: those are always checked.
        if fragment not in ids and (not generated or CLAUSE_ANCHOR_RE.match(fragment)):
            close = (
                difflib.get_close_matches(fragment, sorted(ids), n=1)
                or sorted((i for i in ids if fragment.startswith(i + "-")), key=len, reverse=True)[:1]
            )
            hint = (
                f"did you mean '#{close[0]}'?"
                if close
                else "use a heading id or a clause anchor such as '#c1-2'"
            )
            where = "this page" if found == source else found.relative_to(docs.parent).as_posix()
            return "error", f"there is no heading or clause '#{fragment}' in {where}; {hint}"
    return None


def check_internal_links(project) -> Iterator[Finding]:
    """Every relative link, image and #anchor in the Markdown under docs/ resolves in its own language."""
    docs = project.docs
    for path in markdown_files(docs):
        if path.relative_to(docs).parts[0] == "guidelines":
            continue
        rel = project.rel(path)
        for link in extract_links(read_lenient(path)):
            if not is_internal(link.url):
                continue
            problem = check_link(docs, path, link.url)
            if problem:
                severity, why = problem
                kind = "image" if link.image else "link"
                yield Finding(
                    rel, link.line, f"broken {kind}: {redact(link.url)!r}: {why}", severity, "links"
                )


def check_cross_references(project) -> Iterator[Finding]:
    """Every [[ID]], [[ID clause]] and [[ID clause vX.Y]] names a guideline, version and clause that exist."""
    from kc.content.clauses import parse_clauses
    from kc.content.documents import DOC_XREF_RE
    from kc.content.text import read_text
    from kc.content.xref import XREF_RE, find_xrefs

    docs = project.docs
    broken_records = any(f.rule in ("schema", "yaml") for f in project.load_findings)
    for path in markdown_files(docs):
        lang = _lang_of(docs, path)
        if lang is None:
            continue
        src = mask_code(read_lenient(path))
        # In an archived text, a reference to its own guideline means that version's clause (as rendered).
        text = parse_text_src(path.relative_to(docs).as_posix())
        archived = text[2] if text else None  # the version of an archived text
        own = project.by_slug.get(text[1]) if archived else None
        for m in XREF_LIKE_RE.finditer(src):
            # [[MALL-RL-1]] names a document; doccheck checks those.
            if not XREF_RE.fullmatch(m.group(0)) and not DOC_XREF_RE.fullmatch(m.group(0)):
                yield Finding(
                    project.rel(path),
                    line_at(src, m.start()),
                    f"cross-reference written in a form that is not recognised: {m.group(0)}; write the "
                    "guideline id in capitals, then the clause number, e.g. [[RL 3.2]] or [[RL 3.2 v1.0]]",
                    rule="xref",
                )
        for ref in find_xrefs(src):
            line = line_at(src, ref.start)
            shown = src[ref.start : ref.end]
            g = project.by_id.get(ref.guideline)
            if g is None and broken_records:
                continue  # the id may belong to a record that failed to load; that is reported already
            if g is None:
                known = ", ".join(sorted(project.by_id)) or "none"
                yield Finding(
                    project.rel(path),
                    line,
                    f"cross-reference to an unknown guideline: {shown}; "
                    f"use one of the guideline ids ({known})",
                    rule="xref",
                )
                continue
            version = ref.version or (archived if g is own else None)
            target = project.text_path(g.slug, lang, version)
            if not target.exists():
                target = project.text_path(g.slug, DEFAULT_LANGUAGE, version)
            if ref.version and not target.exists():
                versions = ", ".join(f"v{v}" for v in project.archived_versions(g.slug)) or "none"
                yield Finding(
                    project.rel(path),
                    line,
                    f"cross-reference to a version of {g.id} that is not archived: "
                    f"{shown}; use an archived version ({versions}) or leave the version out",
                    rule="xref",
                )
                continue
            if ref.clause and target.exists():
                numbers = [c.number for c in parse_clauses(read_text(target).body)]
                if ref.clause not in numbers and archived and version is None:
                    # The archived text cannot change: say what readers get, but do not block the build.
                    yield Finding(
                        project.rel(path),
                        line,
                        f"{shown} in this archived text names a clause that the current {g.id} "
                        "no longer has; "
                        f"the link leads to the start of {g.id}. Archived texts never change: nothing to do "
                        f"here, unless clause {ref.clause} was removed from {g.id} by mistake",
                        "warning",
                        "xref",
                    )
                elif ref.clause not in numbers:
                    close = difflib.get_close_matches(ref.clause, numbers, n=3)
                    hint = f"did you mean {' or '.join(close)}?" if close else "check the clause number"
                    yield Finding(
                        project.rel(path),
                        line,
                        f"cross-reference to a clause that {g.id}"
                        f"{' v' + version if version else ''} does not have: {shown}; {hint}",
                        rule="xref",
                    )

"""Which files may exist under docs/ and overrides/: the content model's allow-list of publishable files.

MkDocs publishes every file under docs/ and follows symbolic links while doing so; a stray .html or .js
file becomes part of the site (and of what the site's Content-Security-Policy trusts), and a link to
/proc/self/environ publishes the build machine's secrets. So only the files the content model makes are
allowed, and the tree is walked without following links, before anything reads a file.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from kc.content.findings import Finding
from kc.content.imagefile import has_signature

LANGS = "(?:sv|en)"
SLUG = "[a-z0-9]+(?:-[a-z0-9]+)*"  # also the form of page and folder names (they become URLs)
IMAGE_EXTENSIONS = ("png", "jpg", "jpeg", "webp", "gif")
IMAGE = rf"{SLUG}\.(?:{'|'.join(IMAGE_EXTENSIONS)})"
DATA_FILES = ("vocabulary", "glossary", "matrix", "process", "allowlist", "translations")

# (path under docs/ as a regular expression, what such a file is): the one declaration of what is published.
DOCS_ALLOWED: list[tuple[str, str]] = [
    (rf"{LANGS}/{SLUG}\.md", "a page"),
    (rf"{LANGS}/guidelines/index\.md", "the guideline list"),
    (rf"{LANGS}/guidelines/{SLUG}/index\.md", "a guideline text"),
    (rf"{LANGS}/guidelines/{SLUG}/v\d+\.\d+/index\.md", "an archived guideline text"),
    (rf"guidelines/{SLUG}\.yml", "a guideline record"),
    (rf"guidelines/documents/{SLUG}\.yml", "a document record (template, checklist, ...)"),
    (rf"{LANGS}/documents/index\.md", "the document library"),
    (rf"{LANGS}/documents/{SLUG}/index\.md", "a document text"),
    (rf"{LANGS}/documents/{SLUG}/v\d+\.\d+/index\.md", "an archived document text"),
    (rf"guidelines/_(?:{'|'.join(DATA_FILES)})\.yml", "shared data"),
    (r"guidelines/_archive\.lock", "the archive lock"),
    (rf"assets/images/(?:{SLUG}/)*{IMAGE}", "an image"),
    (rf"{LANGS}/(?:{SLUG}/|v\d+\.\d+/)*{IMAGE}", "an image beside the texts"),
]
OVERRIDES_ALLOWED: list[tuple[str, str]] = [(rf"(?:{SLUG}/)*{SLUG}\.html", "a theme template")]
# Written under docs/ by `kc index` of older versions, git-ignored; never published (mkdocs.yml excludes it).
DOCS_LEFTOVERS = re.compile(r"assets/search/[a-z0-9-]+\.(?:js|json)")

_DOCS_RE = re.compile("|".join(f"(?:{rx})" for rx, _ in DOCS_ALLOWED))
_OVERRIDES_RE = re.compile("|".join(f"(?:{rx})" for rx, _ in OVERRIDES_ALLOWED))
KINDS = {
    stat.S_IFLNK: "a symbolic link",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device file",
    stat.S_IFBLK: "a device file",
}
MAX_DEPTH = 12  # the deepest content is docs/<lang>/guidelines/<slug>/v<X.Y>/ plus image subfolders
RESERVED_RE = re.compile(r"(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\.[a-z0-9]+)?", re.I)
SAFE_NAME_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*$")

DOCS_HINT = (
    "docs/ holds only Markdown texts, records and images (" + ", ".join(IMAGE_EXTENSIONS) + ") in "
    "docs/assets/images/ or beside the texts, named with lower-case letters, digits and hyphens; "
    "see CONTRIBUTING.md"
)


def walk(top: Path, max_depth: int = MAX_DEPTH + 1) -> Iterator[tuple[Path, os.stat_result]]:
    """Every entry under `top` (down to `max_depth` levels) with its lstat result, depth first, sorted;
    links are reported, never followed. Iterative: a hostile tree thousands of folders deep cannot exhaust
    the stack."""
    stack = [top]
    while stack:
        folder = stack.pop()
        if len(folder.relative_to(top).parts) >= max_depth:
            continue
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        subfolders = []
        for entry in entries:
            path = Path(entry.path)
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            yield path, st
            if stat.S_ISDIR(st.st_mode):
                subfolders.append(path)
        stack.extend(reversed(subfolders))


def kind(st: os.stat_result) -> str | None:
    """What a non-regular, non-folder entry is ('a symbolic link', ...); None for files and folders."""
    if stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode):
        return None
    return KINDS.get(stat.S_IFMT(st.st_mode), "a special file")


def is_regular_file(path: Path) -> bool:
    """True for a regular file that is not a link (what the content loaders may read)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def check_tree(root: Path) -> list[Finding]:
    """Every file under root/docs and root/overrides that the content model does not allow, and every link
    or special file there (found without following any link). Names are shown escaped, never raw."""
    root = Path(root)
    findings: list[Finding] = []
    for top, allowed, hint in (
        ("docs", _DOCS_RE, DOCS_HINT),
        ("overrides", _OVERRIDES_RE, "only theme templates (<name>.html, partials/<name>.html) go here"),
    ):
        base = root / top
        try:
            st = os.lstat(base)
        except OSError:
            continue
        if kind(st):
            findings.append(_special(top, kind(st)))
            continue
        refused: set[Path] = set()  # folders reported once; what is inside them is not listed again
        for path, st in walk(base):
            # Once per entry: the tree has thousands (every text of every version), walked for every build.
            inside = path.relative_to(base)
            under = inside.as_posix()
            shown = shown_path(f"{top}/{under}")
            what = kind(st)
            if what:
                findings.append(_special(shown, what))  # even inside a refused folder: MkDocs would follow it
            elif refused and refused.intersection(path.parents):
                continue
            elif stat.S_ISDIR(st.st_mode) and len(inside.parts) > MAX_DEPTH:
                # Deeper than any content folder; other tools walk folders recursively and would crash.
                findings.append(
                    Finding(shown, 1, f"folders nested more than {MAX_DEPTH} deep are not allowed; move the "
                            "files up or remove the folders", rule="unsafe-file")
                )
                refused.add(path)
            elif path.name.startswith("."):
                findings.append(
                    Finding(shown, 1, "hidden file or folder (its name starts with '.'); remove it – only "
                            "content files belong here", rule="layout")
                )
                if stat.S_ISDIR(st.st_mode):
                    refused.add(path)
            elif not all(SAFE_NAME_RE.match(part) for part in inside.parts):
                findings.append(
                    Finding(
                        shown,
                        1,
                        "file or folder name with characters that are not allowed (only letters, digits, "
                        "'-', '_' and '.'; no leading dot); rename it with lower-case letters, digits and "
                        "hyphens",
                        rule="layout",
                    )
                )
                if stat.S_ISDIR(st.st_mode):
                    refused.add(path)
            elif stat.S_ISREG(st.st_mode):
                if top == "docs" and DOCS_LEFTOVERS.fullmatch(under):
                    continue
                if RESERVED_RE.fullmatch(path.name):
                    findings.append(
                        Finding(shown, 1, f"{path.name!r} is a reserved device name on Windows (the offline "
                                "edition runs there too); choose another name", rule="layout")
                    )
                elif not allowed.fullmatch(under):
                    findings.append(Finding(shown, 1, _not_allowed(under, top, hint), rule="layout"))
                elif (ext := under.rsplit(".", 1)[-1]) in IMAGE_EXTENSIONS and not _has_magic(path, ext):
                    findings.append(
                        Finding(
                            shown,
                            1,
                            f"this file is not a {ext.upper()} image although its name ends in .{ext}; "
                            "export the picture again as PNG or JPEG",
                            rule="layout",
                        )
                    )
    return sorted(set(findings))


def check_layout(project) -> list[Finding]:
    """`kc validate` check: the allow-list of files under docs/ and overrides/."""
    return check_tree(project.root)


def _special(shown: str, what: str) -> Finding:
    return Finding(
        shown,
        1,
        f"{what} is not allowed here (the build never follows links or reads special files); "
        "replace it with an ordinary file or remove it",
        rule="unsafe-file",
    )


def _not_allowed(under: str, top: str, hint: str) -> str:
    ext = under.rsplit(".", 1)[-1].lower() if "." in under.rsplit("/", 1)[-1] else ""
    if ext == "svg":
        why = "SVG images can carry scripts and are not published; convert the picture to PNG"
    elif ext in ("html", "htm", "js", "mjs", "css", "xhtml", "xml") and top == "docs":
        why = (
            f".{ext} files are not published from docs/ (they would run outside the site's rules); write "
            "the content in Markdown"
        )
    elif ext in IMAGE_EXTENSIONS or ext == "md":
        why = "this kind of file is allowed, but not under this name or in this folder; move or rename it"
    else:
        why = "this file is not part of the content model and would be published as is; remove it"
    return f"{why} ({hint})"


def _has_magic(path: Path, ext: str) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
    except OSError:
        return False
    return has_signature(head, ext)


def shown_path(rel: str) -> str:
    """A path as findings show it: control and format characters escaped, so a name cannot forge output."""
    return "".join(
        c if c.isprintable() and c not in "\u200b\u200c\u200d\u2060\ufeff" else f"\\u{ord(c):04x}"
        for c in rel
    )


def refuse_message(findings: list[Finding], where: Path) -> str:
    """The build's error text for layout findings."""
    listing = "\n".join(str(f) for f in findings)
    return f"{where} holds {len(findings)} file(s) that may not be published; nothing was built:\n{listing}"


def folders_without_record(project, kind: str, slugs: set[str], what: str, record: str) -> Iterator[Finding]:
    """A finding for every folder under docs/<lang>/<kind>/ whose name is not in `slugs` (the slugs of the
    records of that kind); `record` is the record's path with {} for the slug."""
    for lang in ("sv", "en"):  # model.LANGUAGES; the model imports this module
        base = project.docs / lang / kind
        if not base.is_dir():
            continue
        for folder in sorted(p for p in base.iterdir() if p.is_dir()):
            if folder.name not in slugs:
                yield Finding(
                    project.rel(folder / "index.md"),
                    1,
                    f"{what} without a record: no {record.format(folder.name)}; add the record or remove the "
                    "folder",
                )

"""Per-clause translation drift: which English clauses translate a Swedish clause that has changed since.

`docs/guidelines/_translations.yml` records, for each guideline and each clause of its current English text,
the SHA-256 (see `clausehash`) of the Swedish clause that English clause translates. `kc translations
--mark` writes it once the translator is done; a clause whose Swedish text no longer has that hash is
outdated. A guideline with no entry in the file is not tracked per clause (its per-guideline state, from
`translation_of`, still applies).
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kc.content import datafiles
from kc.content.clausehash import clause_texts
from kc.content.findings import Finding
from kc.content.layout import is_regular_file
from kc.content.model import Guideline, Project, parse_text_src, version_key
from kc.content.text import read_text
from kc.pages.strings import t

NAME = "translations"
RULE = "translations"
HASH_RE = re.compile(r"^[0-9a-f]{64}$")
HEADER = (
    "# Per-clause translation state: for each guideline (by id) and clause of its current English text, the\n"
    "# SHA-256 of the Swedish clause that the English clause translates. Written by\n"
    "# 'kc translations --mark ID CLAUSE' (or --mark ID --all) when a translation is done;\n"
    "# do not edit by hand.\n"
)


class MarkError(Exception):
    """A `--mark` request that cannot be carried out; the message names the file and what to do."""


@dataclass(frozen=True)
class ClauseState:
    guideline: str
    clause: str
    title: str
    state: str  # current | outdated | unmarked (tracked guideline, clause never marked)
    sv_sha256: str
    marked_sha256: str | None


def load_marks(project: Project) -> tuple[dict[str, dict[str, str]], list[Finding]]:
    """The valid marks (guideline id -> clause -> hash) and every problem in the file."""
    # Read for every English page of a build: parsed again only when the file changes (kc serve, tests).
    try:
        st = os.lstat(marks_path(project))
        key = (st.st_mtime_ns, st.st_size, st.st_ino, len(project.records))
    except OSError:
        key = None
    cache = project.__dict__.setdefault("_translation_marks", {})
    if key not in cache:
        cache.clear()
        cache[key] = _load_marks(project)
    marks, problems = cache[key]
    return {gid: dict(clauses) for gid, clauses in marks.items()}, list(problems)


def _load_marks(project: Project) -> tuple[dict[str, dict[str, str]], list[Finding]]:
    path = marks_path(project)
    rel = project.rel(path)
    if os.path.lexists(path) and not is_regular_file(path):
        return {}, [Finding(rel, 1, "is a link or a special file and is never read; replace it with a "
                                    "regular file ('kc translations --mark-all' writes one)", "error", RULE)]
    try:
        df = datafiles.load(project, NAME, RULE)
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        return {}, [Finding(rel, line, f"not UTF-8 text (byte {exc.object[exc.start]:#04x}); delete the file "
                                       "and run 'kc translations --mark-all' again", "error", RULE)]
    if not df.exists or df.findings:
        return {}, list(df.findings)
    data = df.data if df.data is not None else {}
    if not isinstance(data, dict):
        return {}, [Finding(df.rel, 1, "the file must map guideline ids to clauses; rewrite it with "
                                       "'kc translations --mark ID --all'", "error", RULE)]
    marks: dict[str, dict[str, str]] = {}
    problems: list[Finding] = []
    for gid, clauses in data.items():
        gid = str(gid)
        if gid not in project.by_id:
            problems.append(df.error(gid, f"unknown guideline id: {gid}; remove it or use one of "
                                          f"{', '.join(sorted(project.by_id))}", RULE))
            continue
        if not isinstance(clauses, dict):
            problems.append(df.error(gid, f"{gid} must map clause numbers to hashes; rewrite it with "
                                          f"'kc translations --mark {gid} --all'", RULE))
            continue
        for number, value in clauses.items():
            if not isinstance(value, str) or not HASH_RE.match(value):
                problems.append(df.error(f"{gid}.{number}", f"not a SHA-256 hash: {value!r}; rewrite it "
                                                            f"with 'kc translations --mark {gid} {number}'",
                                         RULE))
                continue
            marks.setdefault(gid, {})[str(number)] = value
    return marks, problems


def marks_path(project: Project) -> Path:
    return project.records_dir / f"_{NAME}.yml"


def _bodies(project: Project, g: Guideline) -> tuple[str | None, str | None]:
    """The current Swedish and English texts of `g` (None when missing or unreadable: see kc validate)."""
    texts = []
    for lang in ("sv", "en"):
        path = project.text_path(g.slug, lang)
        try:
            texts.append(read_text(path).body if is_regular_file(path) else None)
        except (OSError, UnicodeDecodeError):
            texts.append(None)
    return texts[0], texts[1]


def clause_states(project: Project, g: Guideline, marks: dict[str, dict[str, str]] | None = None
                  ) -> list[ClauseState]:
    """The state of every clause of the current English text of `g`; empty when `g` is not tracked per
    clause or has no English text."""
    if marks is None:
        marks = load_marks(project)[0]
    own = marks.get(g.id)
    sv, en = _bodies(project, g)
    if own is None or sv is None or en is None:
        return []
    english = {c.number for c in clause_texts(en)}
    states = []
    for c in clause_texts(sv):
        if c.number not in english:
            continue  # reported by the clause parity check
        marked = own.get(c.number)
        state = "unmarked" if marked is None else ("current" if marked == c.sha256 else "outdated")
        states.append(ClauseState(g.id, c.number, c.title, state, c.sha256, marked))
    return states


def outdated_clauses(project: Project) -> list[ClauseState]:
    """Every English clause, of every guideline, that is not current (outdated or never marked)."""
    marks = load_marks(project)[0]
    return [s for g in sorted(project.records, key=lambda g: g.id)
            for s in clause_states(project, g, marks) if s.state != "current"]


def mark(project: Project, gid: str, numbers: list[str] | None) -> list[str]:
    """Record the current Swedish hash of clauses `numbers` of guideline `gid` (None: every clause) as
    translated; return the clauses marked. Entries for clauses that no longer exist are dropped."""
    g = project.by_id.get(gid)
    path = marks_path(project)
    rel = project.rel(path)
    if g is None:
        known = ", ".join(sorted(project.by_id)) or "none"
        raise MarkError(f"{rel}: unknown guideline id: {gid}; use one of {known}")
    sv, en = _bodies(project, g)
    sv_rel, en_rel = (project.rel(project.text_path(g.slug, lang)) for lang in ("sv", "en"))
    if sv is None:
        raise MarkError(f"{sv_rel}: {gid} has no readable Swedish text to compare with; run 'kc validate'")
    if en is None:
        raise MarkError(f"{en_rel}: {gid} has no readable English text; translate it (or run 'kc validate'), "
                        "then mark it")
    swedish = {c.number: c.sha256 for c in clause_texts(sv)}
    english = {c.number for c in clause_texts(en)}
    chosen = list(swedish) if numbers is None else numbers
    for number in chosen:
        if number not in swedish:
            raise MarkError(f"{sv_rel}:1: no clause {number} in the current Swedish text of {gid}; "
                            f"its clauses are {', '.join(swedish)}")
        if number not in english:
            raise MarkError(f"{en_rel}:1: clause {number} is missing from the English text of {gid}; "
                            "translate it, then mark it")
    marks, problems = load_marks(project)
    if problems:
        # Rewriting would drop what could not be read: the file is fixed first, and nothing is lost.
        raise MarkError(f"{problems[0]} (fix {rel} first: nothing was marked)")
    own = {n: h for n, h in marks.get(gid, {}).items() if n in swedish}
    own.update({n: swedish[n] for n in chosen})
    marks[gid] = own
    # A new file put in place in one step: an interrupted run leaves the old marks, never half of them.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(dump(marks), encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return chosen


def dump(marks: dict[str, dict[str, str]]) -> str:
    """The file's text: sorted by guideline id and clause number, one clause a line (small diffs)."""
    out = [HEADER]
    for gid in sorted(marks):
        out.append(f"{gid}:\n")
        for number in sorted(marks[gid], key=version_key):
            out.append(f'  "{number}": {marks[gid][number]}\n')
    return "".join(out)


def check_marks(project: Project) -> Iterator[Finding]:
    """Findings for `kc validate`: a malformed file, unknown ids, hashes that are not hashes."""
    yield from load_marks(project)[1]


def drift_notes(project: Project, g: Guideline, src: str, dir_urls: bool) -> dict[str, str]:
    """Clause number -> the notice under that clause on the current English text, for each clause whose
    Swedish text changed since it was translated (or that was never marked, in a tracked guideline)."""
    parsed = parse_text_src(src)
    if parsed is None or parsed[0] != "en" or parsed[2] is not None:
        return {}
    # HTML, not a Markdown link: the English build has no Swedish page to check it against. Swedish is
    # served from the site root.
    folder = posixpath.relpath(f"guidelines/{g.slug}", posixpath.dirname(src)) + "/"
    page = folder + ("" if dir_urls else "index.html")
    notes = {}
    for s in clause_states(project, g):
        if s.state == "current":
            continue
        href = html.escape(f"{page}#c{s.clause.replace('.', '-')}")
        link = f'<a href="{href}" hreflang="sv">{t("en", "read_swedish_clause", clause=s.clause)}</a>'
        notes[s.clause] = (f'<div class="admonition warning kc-drift" role="note" data-clause="{s.clause}">'
                           f'<p>{t("en", "clause_outdated")} {link}</p></div>')
    return notes

"""Translation tracking: which English texts are current, outdated or missing (`kc translations`)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from kc.content.model import Guideline, Project
from kc.content.paths import rel_link, text_src
from kc.content.plaintext import md_inline
from kc.content.text import read_text
from kc.pages.badges import status_badge
from kc.pages.context import PageContext
from kc.pages.drift import ClauseState, outdated_clauses
from kc.pages.strings import t


@dataclass(frozen=True)
class Translation:
    guideline: str
    slug: str
    sv_version: str
    en_version: str | None
    state: str  # current | outdated | missing


def english_version(project: Project, g: Guideline) -> str | None:
    """The version the current English text translates (its `translation_of`), or None without one."""
    path = project.text_path(g.slug, "en")
    if not path.exists():
        return None
    value = read_text(path).meta.get("translation_of")
    return str(value) if value is not None else None


def translation(project: Project, g: Guideline) -> Translation:
    en = english_version(project, g)
    if not project.text_path(g.slug, "en").exists():
        state = "missing"
    else:
        state = "current" if en == g.version else "outdated"
    return Translation(g.id, g.slug, g.version, en, state)


def translations(project: Project) -> list[Translation]:
    """One row per guideline, by id."""
    return [translation(project, g) for g in sorted(project.records, key=lambda g: g.id)]


def report(project: Project, as_json: bool) -> str:
    """The `kc translations` output: a table for people or JSON for scripts; each guideline's row (the
    summary) lists its English clauses that are not current (see `drift`)."""
    rows = translations(project)
    clauses: dict[str, list[ClauseState]] = {}
    for s in outdated_clauses(project):
        clauses.setdefault(s.guideline, []).append(s)
    if as_json:
        out = []
        for r in rows:
            item = asdict(r)
            item["outdated_clauses"] = [
                {"clause": s.clause, "title": s.title, "state": s.state, "sv_sha256": s.sv_sha256,
                 "marked_sha256": s.marked_sha256} for s in clauses.get(r.guideline, [])
            ]
            out.append(item)
        return json.dumps(out, ensure_ascii=False, indent=2)
    lines = [f"{'id':<4} {'slug':<20} {'sv':<6} {'en':<6} state"]
    for r in rows:
        lines.append(f"{r.guideline:<4} {r.slug:<20} {r.sv_version:<6} {r.en_version or '-':<6} {r.state}")
        lines += [f"     {s.clause:<8} {s.state:<9} {s.title}" for s in clauses.get(r.guideline, [])]
    return "\n".join(lines)


def render_table(project: Project, ctx: PageContext) -> str:
    """The `kc:translations` block: the same table for translators, in the reader's language."""
    lang = ctx.lang
    rows = [
        f"| {t(lang, 'id')} | {t(lang, 'guideline')} | {t(lang, 'sv_version')} | {t(lang, 'en_version')} | "
        f"{t(lang, 'translation_state')} |",
        "|---|---|---|---|---|",
    ]
    for r in translations(project):
        g = project.by_id[r.guideline]
        link = rel_link(ctx.src, text_src(g, ctx.lang_folder))
        state = t(lang, f"translation_state_{r.state}")
        # A draft or consultation version must never pass for one in force, on any page that names it.
        badge = f" {status_badge(project, g.status, lang)}" if g.status in ("draft", "consultation") else ""
        rows.append(
            f"| {g.id} | [{md_inline(g.title[lang])}]({link}){badge}"
            f" | {r.sv_version} | {r.en_version or '–'} | "
            f'<span class="kc-translation kc-translation--{r.state}">{state}</span> |'
        )
    return "\n".join(rows) + "\n\n" + render_outdated_clauses(project, ctx)


def render_outdated_clauses(project: Project, ctx: PageContext) -> str:
    """The English clauses whose Swedish text changed since they were translated, each linked to both."""
    lang = ctx.lang
    items = outdated_clauses(project)
    head = f"## {t(lang, 'outdated_clauses')}\n\n"
    if not items:
        return head + t(lang, "no_outdated_clauses")
    rows = [f"| {t(lang, 'clause')} | {t(lang, 'guideline')} | {t(lang, 'translation_state')} |",
            "|---|---|---|"]
    for s in items:
        g = project.by_id[s.guideline]
        # The clause in this site's language: the English page shows the notice and links the Swedish text.
        link = rel_link(ctx.src, text_src(g, ctx.lang_folder)) + f"#c{s.clause.replace('.', '-')}"
        state = t(lang, f"clause_state_{s.state}")
        rows.append(f"| [{g.id} {s.clause}]({link}) | "
                    f"{md_inline(g.title[lang])}: {md_inline(s.title)} | {state} |")
    return head + "\n".join(rows)

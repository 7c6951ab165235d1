"""The responsibility matrix (`docs/guidelines/_matrix.yml`): who is responsible, consulted or informed
for each task of a guideline. Rendered as an accessible HTML table and as CSV, in the reader's language.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from kc.content import datafiles
from kc.content.findings import Finding
from kc.content.model import DEFAULT_LANGUAGE, Project
from kc.content.plaintext import csv_cell
from kc.pages import context
from kc.pages.context import PageContext
from kc.pages.strings import RACI_LETTERS, t

RULE = "matrix"
ROLES = ("responsible", "consulted", "informed")
# Optional columns naming who takes the formal decision and who bears the cost; shown only when used.
EXTRAS = ("decides", "pays")
EXTRA_LABELS = {"decides": {"sv": "Beslutar", "en": "Decides"}, "pays": {"sv": "Betalar", "en": "Pays"}}
# Swedish Excel expects ';' between fields (',' is the decimal comma); English (UK) Excel expects ','.
CSV_DELIMITERS = {"sv": ";", "en": ","}


def csv_name(lang: str) -> str:
    """File name of the CSV download, written next to the page that shows the matrix."""
    return f"matrix-{lang}.csv"


@dataclass(frozen=True)
class Actor:
    id: str
    label: dict[str, str]


@dataclass(frozen=True)
class Task:
    id: str
    clause: str
    label: dict[str, str]
    roles: dict[str, str]  # actor id -> role
    extras: dict[str, tuple[str, ...]] = field(default_factory=dict)  # 'decides'/'pays' -> actor ids


@dataclass
class Matrix:
    """The valid part of the matrix file, plus every problem found in it."""

    guideline: str | None = None
    actors: list[Actor] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    exists: bool = False

    def extra_columns(self) -> list[str]:
        """The optional columns ('decides', 'pays') that at least one task fills in, in a fixed order."""
        return [name for name in EXTRAS if any(task.extras.get(name) for task in self.tasks)]

    def names(self, ids: tuple[str, ...], lang: str) -> str:
        """Actor labels for `ids` in `lang`, joined for one table cell."""
        labels = {a.id: a.label[lang] for a in self.actors}
        return ", ".join(labels.get(aid, aid) for aid in ids)


def load_matrix(project: Project) -> Matrix:
    """Read and check `_matrix.yml`; problems are in `.findings`, each at its file and line."""
    df = datafiles.load(project, "matrix", RULE)
    matrix = Matrix(findings=list(df.findings), exists=df.exists)
    if not df.exists or df.findings:
        return matrix
    data = df.data
    problems = matrix.findings
    if not isinstance(data, dict):
        problems.append(
            df.error("", "the matrix must be a mapping with 'guideline', 'actors' and 'tasks'", RULE)
        )
        return matrix

    problems.extend(
        datafiles.unknown_keys(data, ("guideline", "actors", "tasks"), df, "", RULE, "the matrix")
    )
    gid, clauses, found = datafiles.guideline_of(project, data, df, RULE, "the matrix", "RS")
    problems.extend(found)
    if gid is not None:
        matrix.guideline = gid

    actor_ids: dict[str, int] = {}
    for i, item in enumerate(_list(data, "actors", df, problems)):
        key = f"actors.{i}"
        aid = datafiles.as_id(item.get("id")) if isinstance(item, dict) else None
        if aid is None:
            problems.append(df.error(key, "actor has no 'id'; add 'id: short-name'", RULE))
            continue
        if aid in actor_ids:
            problems.append(
                df.error(
                    key,
                    f"actor id {aid!r} is used twice (first on line {actor_ids[aid]}); "
                    "give each actor its own id",
                    RULE,
                )
            )
            continue
        actor_ids[aid] = df.line(key)
        problems.extend(datafiles.unknown_keys(item, ("id", "sv", "en"), df, key, RULE, f"actor {aid!r}"))
        label, missing = datafiles.labels(item, df, key, RULE, f"actor {aid!r}")
        problems.extend(missing)
        matrix.actors.append(Actor(aid, {lang: label.get(lang, aid) for lang in ("sv", "en")}))

    task_ids: dict[str, int] = {}
    for i, item in enumerate(_list(data, "tasks", df, problems)):
        key = f"tasks.{i}"
        tid = datafiles.as_id(item.get("id")) if isinstance(item, dict) else None
        if tid is None:
            problems.append(df.error(key, "task has no 'id'; add 'id: short-name'", RULE))
            continue
        if tid in task_ids:
            problems.append(
                df.error(
                    key,
                    f"task id {tid!r} is used twice (first on line {task_ids[tid]}); "
                    "give each task its own id",
                    RULE,
                )
            )
            continue
        task_ids[tid] = df.line(key)
        problems.extend(
            datafiles.unknown_keys(
                item, ("id", "clause", "sv", "en", *ROLES, *EXTRAS), df, key, RULE, f"task {tid!r}"
            )
        )
        label, missing = datafiles.labels(item, df, key, RULE, f"task {tid!r}")
        problems.extend(missing)
        clause = datafiles.as_id(item.get("clause"))
        if clause is None:
            problems.append(
                df.error(
                    key,
                    f"task {tid!r} has no 'clause'; add the clause it rests on, e.g. 'clause: \"3.1\"'",
                    RULE,
                )
            )
        elif clauses is not None and clause not in clauses:
            text = project.rel(project.text_path(project.by_id[gid].slug, "sv"))
            problems.append(
                df.error(
                    f"{key}.clause",
                    f"clause {clause!r} of task {tid!r} is not in the current "
                    f"Swedish text of {gid} ({text}); use one of its clause numbers",
                    RULE,
                )
            )
        roles, role_problems = _roles(item, key, tid, actor_ids, df)
        problems.extend(role_problems)
        extras = {}
        for name in EXTRAS:
            extras[name], extra_problems = _extra(item, key, name, tid, actor_ids, df)
            problems.extend(extra_problems)
        matrix.tasks.append(
            Task(tid, clause or "", {lang: label.get(lang, tid) for lang in ("sv", "en")}, roles, extras)
        )
    return matrix


def _list(data: dict, key: str, df: datafiles.DataFile, problems: list[Finding]) -> list:
    value = data.get(key)
    if isinstance(value, list) and value:
        return value
    problems.append(df.error(key, f"'{key}' must be a non-empty list; add at least one item", RULE))
    return []


def _roles(item: dict, key: str, tid: str, actor_ids: dict[str, int], df: datafiles.DataFile):
    roles: dict[str, str] = {}
    problems: list[Finding] = []
    for role in ROLES:
        value = item.get(role) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            problems.append(
                df.error(
                    f"{key}.{role}",
                    f"'{role}' of task {tid!r} must be a list of actor ids, "
                    f"e.g. [{', '.join(list(actor_ids)[:2])}]",
                    RULE,
                )
            )
            continue
        for j, actor in enumerate(value):
            aid = str(actor)
            where = f"{key}.{role}.{j}"
            if aid not in actor_ids:
                known = ", ".join(actor_ids) or "none"
                problems.append(
                    df.error(
                        where,
                        f"unknown actor {aid!r} in '{role}' of task {tid!r} "
                        f"(actors: {known}); fix the spelling or add it under 'actors'",
                        RULE,
                    )
                )
            elif aid in roles:
                problems.append(
                    df.error(
                        where,
                        f"actor {aid!r} is both {roles[aid]} and {role} for task {tid!r}; "
                        "give each actor one role per task",
                        RULE,
                    )
                )
            else:
                roles[aid] = role
        if role == "responsible" and len(value) != 1:
            problems.append(
                df.error(
                    f"{key}.responsible" if value else key,
                    f"task {tid!r} must have exactly one responsible actor, it has {len(value)}; "
                    "name exactly one under 'responsible'",
                    RULE,
                )
            )
    return roles, problems


def _extra(item: dict, key: str, name: str, tid: str, actor_ids: dict[str, int], df: datafiles.DataFile):
    """The actor ids under the optional 'decides' or 'pays' of a task: known actors, each once."""
    value = item.get(name)
    if value is None:
        return (), []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        example = ", ".join(list(actor_ids)[:2])
        return (), [
            df.error(
                f"{key}.{name}",
                f"'{name}' of task {tid!r} must be an actor id or a non-empty list of actor ids, "
                f"e.g. [{example}]; leave it out when nobody {name}",
                RULE,
            )
        ]
    ids: list[str] = []
    problems: list[Finding] = []
    for j, actor in enumerate(value):
        aid = str(actor)
        where = f"{key}.{name}.{j}"
        if aid not in actor_ids:
            known = ", ".join(actor_ids) or "none"
            problems.append(
                df.error(
                    where,
                    f"unknown actor {aid!r} in '{name}' of task {tid!r} "
                    f"(actors: {known}); fix the spelling or add it under 'actors'",
                    RULE,
                )
            )
        elif aid in ids:
            problems.append(
                df.error(
                    where, f"actor {aid!r} is named twice in '{name}' of task {tid!r}; name it once", RULE
                )
            )
        else:
            ids.append(aid)
    return tuple(ids), problems


def check_matrix(project: Project) -> Iterator[Finding]:
    """The responsibility matrix names known actors, one responsible per task and existing clauses."""
    yield from load_matrix(project).findings


def render_matrix(project: Project, ctx: PageContext) -> str:
    """The matrix as an HTML table in the reader's language, with a CSV download link under it."""
    matrix = load_matrix(project)
    g = project.by_id.get(matrix.guideline or "")
    if g is None:
        return ""
    note = context.archived_note(g, ctx, "matrix_current_only")
    if note:
        return note
    lang = ctx.lang
    csv_href = html.escape(context.current_href(g, ctx) + csv_name(lang))
    letters = RACI_LETTERS[lang]
    legend = ", ".join(f"{letters[r]} = {t(lang, r).lower()}" for r in ROLES) + "."
    caption_id = f"kc-matrix-{g.id.lower()}"
    extras = matrix.extra_columns()
    head = "".join(f'<th scope="col">{EXTRA_LABELS[name][lang]}</th>' for name in extras)
    head += "".join(f'<th scope="col">{html.escape(a.label[lang])}</th>' for a in matrix.actors)
    rows = []
    for task in matrix.tasks:
        cells = [f"<td>{html.escape(matrix.names(task.extras.get(name, ()), lang))}</td>" for name in extras]
        for actor in matrix.actors:
            role = task.roles.get(actor.id)
            if role is None:
                cells.append("<td></td>")
                continue
            word = html.escape(t(lang, role))
            cells.append(
                f'<td class="kc-raci kc-raci--{role}">'
                f'<abbr title="{word}" aria-hidden="true">{letters[role]}</abbr>'
                f'<span class="kc-sr-only">{word}</span></td>'
            )
        rows.append(
            f'<tr><td><a href="{context.clause_href(g, task.clause, ctx)}">'
            f"{html.escape(task.clause)}</a></td>"
            f'<th scope="row">{html.escape(task.label[lang])}</th>{"".join(cells)}</tr>'
        )
    return (
        f'<div class="kc-table-scroll" role="region" aria-labelledby="{caption_id}" tabindex="0">\n'
        f'<table class="kc-matrix">\n'
        f'<caption id="{caption_id}">{html.escape(t(lang, "matrix_caption"))} '
        f'<span class="kc-matrix__legend">{html.escape(legend)}</span></caption>\n'
        f'<thead><tr><th scope="col">{t(lang, "clause")}</th>'
        f'<th scope="col">{t(lang, "task")}</th>{head}</tr></thead>\n'
        f"<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n</div>\n\n"
        f'<p class="kc-download"><a href="{csv_href}" download>{t(lang, "download_csv")}</a> '
        f'<span class="kc-download__type">(CSV)</span></p>'
    )


def matrix_csv(project: Project, lang: str) -> str | None:
    """The matrix as CSV text in `lang` (None when there is no usable matrix); full words in the cells."""
    matrix = load_matrix(project)
    if matrix.guideline is None:
        return None
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITERS[lang], lineterminator="\r\n")
    extras = matrix.extra_columns()
    # Every cell through csv_cell: a label starting with '=' would be a formula in a spreadsheet.
    head = (
        t(lang, "clause"),
        t(lang, "task"),
        *(EXTRA_LABELS[name][lang] for name in extras),
        *(a.label[lang] for a in matrix.actors),
    )
    writer.writerow([csv_cell(c) for c in head])
    for task in matrix.tasks:
        named = [matrix.names(task.extras.get(name, ()), lang) for name in extras]
        roles = [t(lang, task.roles[a.id]) if a.id in task.roles else "" for a in matrix.actors]
        writer.writerow([csv_cell(c) for c in (task.clause, task.label[lang], *named, *roles)])
    return out.getvalue()


def csv_download(project: Project, lang: str) -> tuple[str, str] | None:
    """(site path, text) of the CSV for the `lang` site, beside the guideline page that shows the matrix."""
    matrix = load_matrix(project)
    text = matrix_csv(project, lang)
    if text is None:
        return None
    g = project.by_id[matrix.guideline]
    prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
    return f"{prefix}guidelines/{g.slug}/{csv_name(lang)}", text


def write_csv(project: Project, lang: str, folder) -> None:
    """Write the CSV download into `folder`, with a BOM so that Excel reads å, ä and ö correctly."""
    text = matrix_csv(project, lang)
    if text is not None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / csv_name(lang)).write_text(text, encoding="utf-8-sig", newline="")

"""The process diagram (`docs/guidelines/_process.yml`): the steps of a guideline's process, drawn as an
inline SVG by Python (no JavaScript, nothing fetched) with an ordered list as its text alternative.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field

from kc.content import datafiles
from kc.content.findings import Finding
from kc.content.model import Project
from kc.pages import context
from kc.pages.context import PageContext
from kc.pages.strings import t

RULE = "process"

# Drawing units. The diagram is one column of boxes: it stays readable on a phone, where the SVG scales
# down to the screen width (viewBox + width 100%), and on a desktop, where CSS caps its width.
WIDTH = 360
MARGIN = 8
BOX_X = MARGIN
BOX_W = WIDTH - 2 * MARGIN
PAD = 12
LINE = 20
FONT = 16
SMALL = 13
GAP = 34  # vertical space between boxes, for the arrow
WRAP = 30  # characters per line inside a box
NUMBER_R = 14
TEXT_X = BOX_X + PAD + 2 * NUMBER_R + 10
# Colours meet WCAG AA contrast on white; the diagram does not rely on colour to carry meaning.
INK, FRAME, FILL = "#1f2230", "#1a3d8f", "#f3f5fb"


@dataclass(frozen=True)
class Step:
    id: str
    clause: str
    label: dict[str, str]


@dataclass
class Process:
    """The valid steps of the process file, plus every problem found in it."""

    guideline: str | None = None
    steps: list[Step] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    exists: bool = False


def load_process(project: Project) -> Process:
    """Read and check `_process.yml`; problems are in `.findings`, each at its file and line."""
    df = datafiles.load(project, "process", RULE)
    process = Process(findings=list(df.findings), exists=df.exists)
    if not df.exists or df.findings:
        return process
    data, problems = df.data, process.findings
    if not isinstance(data, dict):
        problems.append(df.error("", "the process must be a mapping with 'guideline' and 'steps'", RULE))
        return process

    problems.extend(datafiles.unknown_keys(data, ("guideline", "steps"), df, "", RULE, "the process"))
    gid, clauses, found = datafiles.guideline_of(project, data, df, RULE, "the process", "RL")
    problems.extend(found)
    if gid is not None:
        process.guideline = gid

    steps = data.get("steps")
    if not isinstance(steps, list) or not steps:
        problems.append(df.error("steps", "'steps' must be a non-empty list; add at least one step", RULE))
        return process
    seen: dict[str, int] = {}
    previous: tuple[int, Step] | None = None
    for i, item in enumerate(steps):
        key = f"steps.{i}"
        sid = datafiles.as_id(item.get("id")) if isinstance(item, dict) else None
        if sid is None:
            problems.append(df.error(key, "step has no 'id'; add 'id: short-name'", RULE))
            continue
        if sid in seen:
            problems.append(
                df.error(
                    key,
                    f"step id {sid!r} is used twice (first on line {seen[sid]}); give each step its own id",
                    RULE,
                )
            )
            continue
        seen[sid] = df.line(key)
        problems.extend(
            datafiles.unknown_keys(item, ("id", "clause", "sv", "en"), df, key, RULE, f"step {sid!r}")
        )
        label, missing = datafiles.labels(item, df, key, RULE, f"step {sid!r}")
        problems.extend(missing)
        clause = datafiles.as_id(item.get("clause"))
        step = Step(sid, clause or "", {lang: label.get(lang, sid) for lang in ("sv", "en")})
        process.steps.append(step)
        if clause is None:
            problems.append(
                df.error(
                    key,
                    f"step {sid!r} has no 'clause'; add the clause that governs it, e.g. 'clause: \"3.1\"'",
                    RULE,
                )
            )
            continue
        if clauses is None:
            continue
        if clause not in clauses:
            text = project.rel(project.text_path(project.by_id[gid].slug, "sv"))
            problems.append(
                df.error(
                    f"{key}.clause",
                    f"clause {clause!r} of step {sid!r} is not in the current "
                    f"Swedish text of {gid} ({text}); use one of its clause numbers",
                    RULE,
                )
            )
            continue
        position = clauses.index(clause)
        if previous is not None and position < previous[0]:
            before = previous[1]
            problems.append(
                df.error(
                    f"{key}.clause",
                    f"step {sid!r} (clause {clause}) comes after step "
                    f"{before.id!r} (clause {before.clause}) but its clause comes earlier in "
                    "the text; list the steps in the order of their clauses",
                    RULE,
                )
            )
        previous = (position, step)
    return process


def check_process(project: Project) -> Iterator[Finding]:
    """The process steps name existing clauses, in text order, with labels in both languages."""
    yield from load_process(project).findings


def render_process(project: Project, ctx: PageContext) -> str:
    """The process as an inline SVG diagram with an ordered list of the same steps as its text alternative."""
    process = load_process(project)
    g = project.by_id.get(process.guideline or "")
    if g is None or not process.steps:
        return ""
    note = context.archived_note(g, ctx, "process_current_only")
    if note:
        return note
    lang = ctx.lang
    base = f"kc-process-{g.id.lower()}"
    title = t(lang, "process_title")
    items = []
    for step in process.steps:
        href = html.escape(context.clause_href(g, step.clause, ctx))
        items.append(
            f'<li><a href="{href}">{html.escape(step.label[lang])}</a> '
            f'<span class="kc-process__clause">({t(lang, "clause").lower()} '
            f"{html.escape(step.clause)})</span></li>"
        )
    return (
        f'<figure class="kc-process" aria-labelledby="{base}-title">\n'
        f"{svg(process.steps, g, ctx, base, title)}\n"
        f'<figcaption><p class="kc-process__title" id="{base}-title">{html.escape(title)}</p>\n'
        f'<ol class="kc-process__steps">\n' + "\n".join(items) + "\n</ol></figcaption>\n</figure>"
    )


def svg(steps: list[Step], g, ctx: PageContext, base: str, title: str) -> str:
    """A vertical flow of linked boxes joined by arrows; every size is computed here, nothing is fetched."""
    lang = ctx.lang
    parts: list[str] = []
    y = MARGIN
    for n, step in enumerate(steps, 1):
        lines = textwrap.wrap(step.label[lang], WRAP) or [step.id]
        height = 2 * PAD + LINE * len(lines) + SMALL + 4
        if n > 1:
            parts.append(
                f'<line x1="{WIDTH // 2}" y1="{y - GAP + 2}" x2="{WIDTH // 2}" y2="{y - 4}" stroke="{FRAME}" '
                f'stroke-width="2" marker-end="url(#{base}-arrow)"/>'
            )
        text = "".join(
            f'<tspan x="{TEXT_X}" y="{y + PAD + FONT + i * LINE}">{html.escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        clause_y = y + PAD + FONT + len(lines) * LINE
        href = html.escape(context.clause_href(g, step.clause, ctx))
        parts.append(
            # The links serve pointer users; keyboard and screen-reader users get the same links in the list.
            f'<a href="{href}" tabindex="-1">'
            f'<rect x="{BOX_X}" y="{y}" width="{BOX_W}" height="{height}" rx="6" fill="{FILL}" '
            f'stroke="{FRAME}" stroke-width="2"/>'
            f'<circle cx="{BOX_X + PAD + NUMBER_R}" cy="{y + PAD + NUMBER_R}" r="{NUMBER_R}" fill="{FRAME}"/>'
            f'<text x="{BOX_X + PAD + NUMBER_R}" y="{y + PAD + NUMBER_R + 5}" text-anchor="middle" '
            f'font-size="{SMALL + 1}" font-weight="700" fill="#ffffff">{n}</text>'
            f'<text font-size="{FONT}" fill="{INK}">{text}</text>'
            f'<text x="{TEXT_X}" y="{clause_y}" font-size="{SMALL}" fill="{INK}">'
            f"{html.escape(t(lang, 'clause'))} {html.escape(step.clause)}</text></a>"
        )
        y += height + GAP
    total = y - GAP + MARGIN
    return (
        # Hidden from assistive technology: the list in the caption holds the same steps and links, and
        # links inside an image are nested interactive content (axe nested-interactive).
        f'<svg class="kc-process__diagram" aria-hidden="true" focusable="false" '
        f'viewBox="0 0 {WIDTH} {total}" '
        f'width="100%" preserveAspectRatio="xMidYMin meet" font-family="inherit">'
        f"<title>{html.escape(title)}</title>"
        f'<defs><marker id="{base}-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        f'markerWidth="7" markerHeight="7" '
        f'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{FRAME}"/></marker></defs>'
        + "".join(parts)
        + "</svg>"
    )

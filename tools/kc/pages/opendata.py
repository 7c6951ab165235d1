"""The `kc:open-data` block of the page for municipal IT: the registry's files and the address patterns,
with examples generated from the registry itself (never copied by hand, so they cannot go stale)."""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING

from kc.content.model import DEFAULT_LANGUAGE, Project
from kc.pages.registry import API, guideline_entry, site_address

if TYPE_CHECKING:
    from kc.pages.context import PageContext

TEXTS = {
    "sv": {
        "file": "Fil", "holds": "Innehåll", "address": "Adress",
        "guidelines.json": "Alla riktlinjer med versioner, status, datum och varje punkt (JSON)",
        "guidelines.schema.json": "JSON Schema (draft 2020-12) för guidelines.json",
        "clauses.csv": "En rad per punkt i varje version (CSV, komma, UTF-8)",
        "guidelines.csv": "En rad per riktlinje, aktuell version (CSV)",
        "documents.json": "Dokument: mallar och checklistor (JSON)",
        "documents.schema.json": "JSON Schema för documents.json",
        "feed.xml": "Nyheter: varje ny version (Atom-flöde)",
        "pattern": "Adressmönster", "current": "Aktuell text (visar alltid den gällande versionen)",
        "versioned": "Bestående adress till en viss version",
        "example": "Exempel: punkt {clause} i {id} ({title})",
        "entry": "Punktens post i guidelines.json",
        "check": "Så upptäcker ni att en punkt har ändrats",
        "none": "Det finns inga riktlinjer ännu.",
    },
    "en": {
        "file": "File", "holds": "What it holds", "address": "Address",
        "guidelines.json": "Every guideline with its versions, status, dates and every clause (JSON)",
        "guidelines.schema.json": "JSON Schema (draft 2020-12) of guidelines.json",
        "clauses.csv": "One row per clause of every version (CSV, comma, UTF-8)",
        "guidelines.csv": "One row per guideline, current version (CSV)",
        "documents.json": "Documents: templates and checklists (JSON)",
        "documents.schema.json": "JSON Schema of documents.json",
        "feed.xml": "News: every new version (Atom feed)",
        "pattern": "Address patterns", "current": "Current text (always shows the version that is current)",
        "versioned": "Lasting address of one version",
        "example": "Example: clause {clause} of {id} ({title})",
        "entry": "The clause's entry in guidelines.json",
        "check": "How to notice that a clause has changed",
        "none": "There are no guidelines yet.",
    },
}
FILES = ("guidelines.json", "guidelines.schema.json", "clauses.csv", "guidelines.csv", "documents.json",
         "documents.schema.json")

CHECK_SCRIPT = '''import json, urllib.request

REGISTRY = "{registry}"
# Saved with the link in your own system: guideline, clause and the hash it had when you linked it.
saved = {{"guideline": "{gid}", "clause": "{clause}", "sha256": "{sha}"}}

with urllib.request.urlopen(REGISTRY) as response:
    registry = json.load(response)
guideline = next(g for g in registry["guidelines"] if g["id"] == saved["guideline"])
current = next(v for v in guideline["versions"] if v["current"])
clause = next((c for c in current["clauses"] if c["number"] == saved["clause"]), None)
if clause is None:
    print("the clause no longer exists: check the guideline's history")
elif clause["sha256"]["sv"] != saved["sha256"]:
    print("the clause has changed:", clause["urls"]["sv"]["current"])
'''


def _root(ctx: PageContext) -> str:
    """Relative path from the page (served as <page>/ or <page>.html, under en/ in English) to the site
    root: links written as HTML are not rewritten by MkDocs."""
    depth = ctx.src.count("/") - 1  # the language folder is not part of the address
    if ctx.dir_urls and not ctx.src.endswith("index.md"):
        depth += 1
    depth += 0 if ctx.lang == DEFAULT_LANGUAGE else 1
    return "../" * depth


def render_open_data(project: Project, ctx: PageContext) -> str:
    """The files of the open-data API with their addresses, the address patterns and a worked example."""
    lang, site = ctx.lang, ctx.site_url
    text = TEXTS[lang]
    root = _root(ctx)
    rows = [f"| {text['file']} | {text['holds']} | {text['address']} |", "|---|---|---|"]
    for name in FILES:
        href = html.escape(f"{root}{API}/{name}")
        address = site_address(site, DEFAULT_LANGUAGE, f"{API}/{name}")
        rows.append(f'| <a href="{href}">{name}</a> | {text[name]} | `{address}` |')
    feed_rel = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
    rows.append(f'| <a href="{html.escape(root + feed_rel)}feed.xml">feed.xml</a> | {text["feed.xml"]} | '
                f"`{site_address(site, lang, 'feed.xml')}` |")
    parts = ["\n".join(rows)]
    # The first sub-clause of the first guideline that has one: only the guidelines up to it are read.
    entries = (guideline_entry(project, g, site) for g in sorted(project.records, key=lambda g: g.id))
    example = next(((g, v, c) for g in entries for v in g["versions"] if v["current"]
                    for c in v["clauses"] if "." in c["number"]), None)
    if example is None:
        return parts[0] + "\n\n" + text["none"]
    g, v, c = example
    pattern = site_address(site, lang, "guidelines/<slug>/")
    parts.append(f"### {text['pattern']}\n\n"
                 f"- {text['current']}: `{pattern}#c<N>-<M>`\n"
                 f"- {text['versioned']}: `{pattern}v<X.Y>/#c<N>-<M>`")
    title = c["title"][lang] or c["title"]["sv"]
    parts.append(
        f"### {text['example'].format(clause=c['number'], id=g['id'], title=title)}\n\n"
        f"- {text['current']}: `{c['urls'][lang]['current']}`\n"
        f"- {text['versioned']}: `{c['urls'][lang]['versioned']}`"
    )
    parts.append(f"{text['entry']}:\n\n```json\n{json.dumps(c, ensure_ascii=False, indent=2)}\n```")
    script = CHECK_SCRIPT.format(registry=site_address(site, DEFAULT_LANGUAGE, f"{API}/guidelines.json"),
                                 gid=g["id"], clause=c["number"], sha=c["sha256"]["sv"])
    parts.append(f"### {text['check']}\n\n```python\n{script}```")
    return "\n\n".join(parts)

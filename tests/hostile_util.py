"""A fixture site whose guideline title is hostile, built with content checks off (as if validation were
bypassed), for the tests that the rendered pages show such a title as text and nothing else."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import build, copy_site

# Every trick at once: entity-encoded tags (the theme used to decode them in <title>), raw tags, an
# attribute list, a javascript: link and Markdown emphasis. Rendered right, all of it is visible text.
HOSTILE_TITLE = (
    'Boende &lt;/title&gt;&lt;meta http-equiv="refresh" content="0;url=https://evil.example/"&gt; '
    '</title><script src="/assets/kc/evil.js"></script><img src=x onerror=alert(1)>'
    "<meta http-equiv=refresh content=0;url=https://evil.example/> "
    "*fet* {: onclick=alert(2) } [k](javascript:alert(3)) & R&D"
)
SLUG = "housing"


def build_hostile_site(dest: Path) -> Path:
    """Build the 'basic' fixture with HOSTILE_TITLE as the Swedish and English title of `housing`; return
    the site folder."""
    root = copy_site("basic", dest / "root")
    record = root / "docs" / "guidelines" / f"{SLUG}.yml"
    text = record.read_text(encoding="utf-8")
    for line in ("  sv: Tillfälligt boende", "  en: Temporary housing"):
        assert line in text
        text = text.replace(line, f"  {line.split(':')[0].strip()}: {json.dumps(HOSTILE_TITLE)}", 1)
    record.write_text(text, encoding="utf-8")
    # The same title in a page's front matter, which Material writes as HTML unless escaped.
    page = root / "docs" / "sv" / "guidelines" / "index.md"
    page.write_text(f"---\ntitle: {json.dumps(HOSTILE_TITLE)}\n---\n\n" + page.read_text(encoding="utf-8"))
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - kc\n", "  - kc:\n      check_content: false\n"),
        encoding="utf-8",
    )
    return build(root, dest / "site")

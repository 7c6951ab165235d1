"""Checklists: the text of a task-list item becomes the label of its checkbox."""

from __future__ import annotations

import re

# pymdownx.tasklist (custom_checkbox: false) writes `<li class="task-list-item"><input type="checkbox"
# disabled/> text</li>`: a form control without a name (WCAG 1.3.1, 4.1.2; axe 'label'). Items that hold
# block content (a nested list, paragraphs) are left alone: a <label> may only hold phrasing content.
ITEM_RE = re.compile(
    r'(<li class="task-list-item">)(<input type="checkbox" disabled(?: checked)?\s*/?>)'
    r"((?:(?!</?li\b).)*?)(</li>)",
    re.S,
)
BLOCK_RE = re.compile(r"<(?:ul|ol|p|div|table|blockquote|pre|h[1-6])\b")


def label_checkboxes(html: str) -> str:
    """Wrap each simple task-list item's checkbox and text in one <label>."""

    def wrap(m: re.Match) -> str:
        if BLOCK_RE.search(m.group(3)):
            return m.group(0)
        return f"{m.group(1)}<label>{m.group(2)}{m.group(3)}</label>{m.group(4)}"

    return ITEM_RE.sub(wrap, html)

"""The status badge of a guideline: its meaning in words and an icon, not only in colour."""

from __future__ import annotations

import html

from kc.content.model import Project


def status_badge(project: Project, status: str, lang: str) -> str:
    """A status badge whose meaning is in its words and icon, not only its colour."""
    icon = {"draft": "✎", "consultation": "⚑", "adopted": "✓", "superseded": "↺", "withdrawn": "✕"}[status]
    label = html.escape(project.label("statuses", status, lang))
    return f'<span class="kc-badge kc-badge--{status}"><span aria-hidden="true">{icon}</span> {label}</span>'

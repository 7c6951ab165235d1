"""The page the editors' preview shows in place of every page while the content has errors."""

from __future__ import annotations

import html

from kc.content.findings import Finding

TEXT = {
    "sv": ("Innehållet har fel", "Förhandsvisningen visar sidorna igen när felen är rättade och filen "
           "är sparad. Varje rad anger fil, rad och vad som ska ändras."),
    "en": ("The content has errors", "The preview shows the pages again once the errors are fixed and the "
           "file is saved. Each line gives the file, the line and what to change."),
}


def error_page_markdown(problems: list[Finding], lang: str) -> str:
    """Markdown (a heading and a raw HTML list) naming each `path:line: message`, every part escaped."""
    title, lead = TEXT.get(lang, TEXT["sv"])
    items = "\n".join(f"<li><code>{html.escape(str(f))}</code></li>" for f in problems)
    return (
        f"# {html.escape(title)}\n\n"
        f'<div class="admonition failure kc-content-errors" role="alert">\n'
        f"<p>{html.escape(lead)}</p>\n<ul>\n{items}\n</ul>\n</div>\n"
    )

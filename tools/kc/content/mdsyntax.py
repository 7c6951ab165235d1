"""How Markdown and HTML write links: the patterns that the checks and the generated pages share."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from kc.content.htmltags import TAG_RE, iter_tags
from kc.content.sources import mask_code

__all__ = ["ATTR_RE", "AUTOLINK_RE", "MD_LINK_RE", "REF_DEF_RE", "TAG_RE", "iter_tags", "relinked"]
ATTR_RE = re.compile(r"([^\s=/>\"']+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>\"']+))?", re.S)
# One level of brackets in the link text and of parentheses in the URL: runs of '[' or '(' cost linear time.
MD_LINK_RE = re.compile(
    r"(!?)\[((?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
)
REF_DEF_RE = re.compile(r"^[ ]{0,3}\[([^\]^][^\]]*)\]:[ \t]*(<[^>\n]*>|\S+)", re.M)  # not footnotes [^1]:
AUTOLINK_RE = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^<>\s]*)>")


def relinked(text: str) -> str:
    """`text` with every relative link one folder deeper (for its copy in v<X.Y>/); anchors, site paths and
    web addresses stay as they are."""
    masked = mask_code(text)  # links shown as code are examples, not links
    starts = [m.start(3) for m in MD_LINK_RE.finditer(masked)] + [
        m.start(2) for m in REF_DEF_RE.finditer(masked)
    ]
    for m in iter_tags(masked):
        for a in ATTR_RE.finditer(m.group(2)):
            if a.group(1).lower() in ("href", "src") and a.group(2):
                starts.append(m.start(2) + a.start(2))
    out, last = [], 0
    for start in sorted(set(starts)):
        while start < len(text) and text[start] in "<\"'":
            start += 1
        url = re.match(r"[^\s\"'<>()]*", text[start:]).group(0)
        parts = urlsplit(url)
        if url and not (parts.scheme or parts.netloc or url.startswith(("#", "/"))):
            out += [text[last:start], "../"]
            last = start
    return "".join(out) + text[last:]

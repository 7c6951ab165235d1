"""Lines of plain markup the output scan has nothing to say about, recognised without the HTML parser.

Most lines a page has alone (a guideline's own text) are plain: paragraphs, spans, headings, lists, tables
and links to pages. A line that is nothing but text and such tags, written in the one unambiguous form the
build writes (lower case, double-quoted values, single spaces, no '/', no comment, no character reference
in a link), is read the same by html.parser and by any browser, and none of htmlscan's rules applies to it:
no element on it runs, loads or embeds anything or changes how the next lines are read, no attribute is a
handler, a style or a resource URL, and a link's target is a relative path or an http(s):, mailto: or tel:
address. Anything else on a line, however harmless, sends it to the parser. This is an allow-list: a name
missing here costs time, never safety.
"""

from __future__ import annotations

import re

# Elements with no htmlscan rule, that neither hold raw text nor switch to SVG/MathML. Never: script, style,
# link, meta, base, img and the other loaders, iframe/object/embed, form controls that submit, svg, math.
_ELEMENTS = (
    "p|span|br|div|abbr|ins|del|details|summary|button|label|input|h[1-6]|ul|ol|li|dl|dt|dd|nav|footer|header"
    "|main|section|article|aside|table|thead|tbody|tfoot|tr|td|th|caption|code|kbd|samp|var|strong|em|b|i|u"
    "|s|small|sub|sup|mark|dfn|time|hr|figcaption|title|html|body|head|bdi|bdo|wbr|data|output|meter"
    "|progress|colgroup|col|hgroup|address"
)
# Attributes with no htmlscan rule on those elements (no on*, style, srcset, or URL attribute but <a href>).
_ATTRIBUTES = (
    r"class|id|lang|dir|title|role|hidden|open|type|for|name|value|placeholder|autocomplete|spellcheck"
    r"|autocapitalize|inputmode|enterkeyhint|hreflang|tabindex|scope|colspan|rowspan|headers|datetime"
    r"|translate|disabled|checked|readonly|start|reversed|aria-[a-z]+(?:-[a-z]+)*|data-[a-z0-9]+(?:-[a-z0-9]+)*"
)
_VALUE = r'(?:="[^"<>]*")?'
# A link's target: a relative path or fragment (no ':' at all, so no scheme), or an allowed scheme. ASCII
# only, no '&' (a character reference could spell a scheme), no backslash, space or control character.
_TARGET = r"(?:(?:https?|mailto|tel):)?[A-Za-z0-9._~/#?=%+,;@!$'()*\[\]-]*"
_START = rf"<(?:{_ELEMENTS})(?: (?:{_ATTRIBUTES}){_VALUE})*>"
_LINK = rf'<a(?: (?:(?:{_ATTRIBUTES}){_VALUE}|href="{_TARGET}"))*>'
_END = rf"</(?:{_ELEMENTS}|a)>"

# Possessive: text never holds "<" and every tag starts with one, so nothing is ever worth trying again
# (a plain "(?:[^<]+|...)*" would backtrack exponentially on a long line that fails at its end).
_INERT = rf"(?:[^<]++|{_START}|{_LINK}|{_END})*+"
# The same on UTF-8 bytes (all of the pattern is ASCII; any other byte, even an undecodable one, is text).
_INERT_RES = {str: re.compile(_INERT), bytes: re.compile(_INERT.encode("ascii"))}


def is_inert(line: str | bytes) -> bool:
    """True when `line`, read outside raw text and SVG, gives htmlscan nothing to report or to remember."""
    return _INERT_RES[type(line)].fullmatch(line) is not None

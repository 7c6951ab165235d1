"""What a browser would run or load from one built page: the markup rules of the output scan.

The page is read with the standard library's HTML parser, taught the few places where its tokenizer differs
from a browser's in a way that could hide markup: HTML5 comments ('<!-->', '--!>'), script end tags with
attributes ('</script x>'), '<![CDATA[' outside SVG, which a browser ends at the first '>', and NUL, which
html.parser takes for the end of a tag name where a browser reads U+FFFD and goes on. Attribute names
arrive lower-cased and values entity-decoded, as the browser sees them; URLs are then cleaned the way a
browser's URL parser does (tabs and line breaks dropped, backslashes read as slashes) before they are judged.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

# <script type="..."> values that hold data and are never run; everything else (no type, a JavaScript MIME
# type, module, importmap, speculationrules, or an unknown type a future browser may run) counts as code.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
# Allowed http-equiv values: our own policy and harmless legacy ones. refresh, set-cookie & co. are not.
HTTP_EQUIV_OK = {"content-security-policy", "content-type", "x-ua-compatible", "content-language"}
# Link relations that only name another document and load nothing.
NAV_RELS = {"canonical", "alternate", "next", "prev", "author", "license", "help", "bookmark", "external",
            "nofollow", "noopener", "noreferrer", "tag", "me", "search", "privacy-policy", "terms-of-service"}
LINK_SCHEMES = {"http", "https", "mailto", "tel"}
# Attributes holding one URL ('srcset'-like lists are split first). SVG's animation attributes are here
# because <set attributeName="href" to="javascript:..."> turns them into links.
URL_ATTRS = {"href", "src", "action", "formaction", "poster", "xlink:href", "data", "background", "cite",
             "longdesc", "lowsrc", "dynsrc", "ping", "manifest", "codebase", "archive", "profile", "icon",
             "to", "from", "values", "by"}
SRCSET_ATTRS = {"srcset", "imagesrcset"}
# Elements that embed another document or a plug-in: never in our pages (the policy blocks them too).
# SVG animations can set a link's target; their values are judged by _animation, not as URLs.
ANIMATIONS = {"set", "animate"}
EMBEDS = {"object", "embed", "applet", "frame", "frameset", "portal"}

_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_CSS_ESCAPE_RE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\(.)", re.S)
_CSS_URL_RE = re.compile(
    r"(?:url|image|image-set|src)\(\s*(['\"]?)(.*?)\1\s*\)|@import\s+(['\"])(.*?)\3", re.I | re.S
)
_COMMENT_END_RE = re.compile(r"--!?>")
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))  # what a URL parser strips from both ends


@dataclass(frozen=True)
class Problem:
    """One unsafe thing in a page: the 1-based line and what it is, with how to fix it."""

    line: int
    message: str


def clean_url(value: str) -> str:
    """`value` as a browser's URL parser reads it: outer spaces and controls stripped, tabs and newlines
    dropped inside, backslashes as slashes."""
    value = value.strip(_C0_AND_SPACE)
    return re.sub(r"[\t\n\r]", "", value).replace("\\", "/")


def scheme(url: str) -> str | None:
    """The lower-cased scheme of a cleaned URL ('javascript'), or None for a relative URL."""
    m = _SCHEME_RE.match(url)
    return m.group(1).lower() if m else None


def is_outside(url: str) -> bool:
    """True when a cleaned URL leaves the site: any scheme, or protocol-relative '//host'."""
    return scheme(url) is not None or url.startswith("//")


def css_urls(css: str) -> list[str]:
    """The URLs a piece of CSS loads (url(), image-set(), @import), CSS escapes decoded."""
    decoded = _CSS_ESCAPE_RE.sub(lambda m: chr(int(m[1], 16)) if m[1] else m[2], css)
    decoded = re.sub(r"/\*.*?\*/", "", decoded, flags=re.S)
    return [m[2] if m[2] is not None else m[4] for m in _CSS_URL_RE.finditer(decoded)]


def resolve(page: str, url: str, base: str = "/") -> str | None:
    """The site-relative path a relative or root-absolute `url` on `page` points to (None if it escapes)."""
    path = url.split("#", 1)[0].split("?", 1)[0]
    if path.startswith("/"):
        if not path.startswith(base):
            return None
        joined = path[len(base) :]
    else:
        joined = posixpath.join(posixpath.dirname(page), path)
    norm = posixpath.normpath(joined) if joined else "."
    return None if norm.startswith("../") or norm == ".." else norm


class _Browserish(HTMLParser):
    """html.parser with the tokenizer fixes described in the module's docstring."""

    # Fed the whole page at once: a comment or '<![' still open at the end of the data runs to the end of the
    # page. A reader fed part of a page (scanmemo) sets it False and waits for more instead.
    whole = True

    def parse_comment(self, i, report=True):
        raw = self.rawdata
        # HTML5: '<!-->' and '<!--->' are whole (empty) comments; otherwise '-->' or '--!>' ends it.
        for short in (">", "->"):
            if raw.startswith(short, i + 4):
                return i + 4 + len(short)
        m = _COMMENT_END_RE.search(raw, i + 4)
        if not (m or self.whole):
            return -1
        # The page is fed whole: an unclosed comment runs to its end, for the browser as for us (and
        # waiting for more would search the rest of the page again at every '<!--': quadratic).
        end, close = (m.start(), m.end()) if m else (len(raw), len(raw))
        if report:
            self.handle_comment(raw[i + 4 : end])
        return close

    def parse_html_declaration(self, i):
        if self.rawdata.startswith("<![", i):
            gt = self.rawdata.find(">", i)
            if gt < 0:
                return len(self.rawdata) if self.whole else -1
            return gt + 1  # a bogus comment: up to the first '>'
        return super().parse_html_declaration(i)

    foreign = 0  # depth of <svg> and <math>: there <style> and <script> hold markup, not raw text

    def set_cdata_mode(self, elem, **kwargs):
        if self.foreign:
            # <svg><style><img onerror=...></style>: a browser makes that <img> an HTML element.
            return
        super().set_cdata_mode(elem, **kwargs)
        # A browser ends <script> at '</script' followed by a space, '/' or '>', whatever comes next.
        self.interesting = re.compile(rf"</{re.escape(self.cdata_elem)}(?=[\t\n\r\f />])", re.I)

    def parse_endtag(self, i):
        elem = self.cdata_elem
        if elem and re.match(rf"</{re.escape(elem)}[\t\n\r\f />]", self.rawdata[i : i + len(elem) + 3], re.I):
            gt = self.rawdata.find(">", i)
            if gt < 0:
                return -1
            self.handle_endtag(elem)
            self.clear_cdata_mode()
            return gt + 1
        return super().parse_endtag(i)


class PageScanner(_Browserish):
    """Collects the problems of one page; `script_ok(path)` says whether a site path is one of our scripts."""

    def __init__(self, page: str, script_ok: Callable[[str], bool], base: str = "/", *, svg: bool = False,
                 policy: str | None = None, feed: bool = False):
        super().__init__(convert_charrefs=True)
        self.page, self.script_ok, self.base, self.svg, self.is_feed = page, script_ok, base, svg, feed
        self.policy = policy  # the exact Content-Security-Policy every page must carry, when known
        self.policy_seen = policy is None
        self.problems: list[Problem] = []
        self._in_style = False

    def report(self, message: str) -> None:
        self.problems.append(Problem(self.getpos()[0], message))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in_style = False
        if tag in ("svg", "math"):
            self.foreign -= 1

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False
        elif tag in ("svg", "math") and self.foreign:
            self.foreign -= 1

    def handle_data(self, data):
        if self.is_feed and "<" in data:
            # A feed's titles and summaries are HTML once decoded: feed readers show them as such.
            line = self.getpos()[0]
            for p in scan_markup(data, self.page, lambda _: False, self.base):
                self.problems.append(Problem(line + p.line - 1, f"in the feed's text: {p.message}"))
        if self._in_style:
            for url in css_urls(data):
                self._resource("style", "url()", url)

    def handle_starttag(self, tag, attrs):
        if self.svg and tag == "script":
            self.report("<script> in an SVG image; remove it (images must not carry scripts)")
            return
        if tag == "base":  # whatever its attributes: one finding says all
            self.report("<base> element (changes where every link of the page points); remove it")
            return
        if tag in ("svg", "math"):
            self.foreign += 1
        values = {}
        for name, value in attrs:
            values.setdefault(name, value or "")
        if tag in {"script", "link", "style", "img", "iframe"} and not self.policy_seen:
            self.report(f"<{tag}> before the site's Content-Security-Policy meta tag, or the page has none; "
                        "the page was not made by the build's templates: remove what added it")
            self.policy_seen = True
        for name, value in attrs:
            self._attribute(tag, name, value or "", values)
        handler = getattr(self, f"_tag_{tag.replace('-', '_')}", None)
        if handler:
            handler(values)
        elif tag in EMBEDS:
            self.report(f"<{tag}> element (embedded document or plug-in); remove it, link to the file")

    def _attribute(self, tag, name, value, values):
        if name.startswith("on"):
            self.report(f"event-handler attribute {name}= on <{tag}>; scripts belong in the site's own "
                        "assets, remove the attribute")
        elif name == "style":
            for url in css_urls(value):
                self._resource(tag, "style url()", url)
        elif name in SRCSET_ATTRS:
            for candidate in value.split(","):
                parts = candidate.split()
                if parts:
                    self._url(tag, name, parts[0], values)
        elif name in URL_ATTRS and not (tag in ANIMATIONS and name in {"to", "from", "values", "by"}):
            self._url(tag, name, value, values)

    def _url(self, tag, name, value, values):
        url = clean_url(value)
        kind = scheme(url)
        navigation = (tag in {"a", "area"} and name in {"href", "xlink:href"}) or (
            tag in {"blockquote", "q", "del", "ins"} and name == "cite") or (
            tag == "link" and name == "href" and _navigational(values.get("rel", ""))) or (
            # In a feed or sitemap, <link> and <xhtml:link> only name pages; XML loads nothing by them.
            self.is_feed and name == "href" and (tag == "link" or tag.endswith(":link")))
        if navigation:
            if kind is not None and kind not in LINK_SCHEMES:
                self.report(f"{kind}: URL in <{tag} {name}>: {_short(value)}; links may use only "
                            "http(s):, mailto: and tel:, or a relative path")
            return
        if tag == "script" and name in {"src", "href", "xlink:href"}:
            self._script_src(url, value)
        elif tag in {"form", "button", "input"} and name in {"action", "formaction"} and is_outside(url):
            self.report(f"<{tag} {name}> sends to outside the site: {_short(value)}; forms may only post to "
                        "the site itself")
        elif tag == "iframe" and name == "src" and is_outside(url):
            self.report(f"<iframe> of a page outside the site: {_short(value)}; link to it instead")
        else:
            self._resource(tag, name, url, value)

    def _resource(self, tag, name, url, shown=None):
        url = clean_url(url)
        kind = scheme(url)
        if kind in {"javascript", "vbscript", "data"}:
            self.report(f"{kind}: URL in <{tag} {name}>: {_short(shown or url)}; use a file of the site")
        elif is_outside(url):
            fix = ("remove it, only the theme's and kc's own scripts may run" if tag == "script" else
                   "nothing may be loaded from another site, put a copy under docs/ and link to it")
            self.report(f"resource from outside the site in <{tag} {name}>: {_short(shown or url)}; {fix}")

    def _script_src(self, url, shown):
        if is_outside(url):
            self._resource("script", "src", url, shown)
            return
        problem = local_script_problem(self.page, url, shown, self.base, self.script_ok)
        if problem:
            self.report(problem)

    def _tag_script(self, values):
        kind = values.get("type", "").strip().lower()
        has_src = any(k in values for k in ("src", "href", "xlink:href"))
        if not has_src and kind not in DATA_SCRIPT_TYPES:
            self.report("inline <script> (the build moves its own into assets/kc/inline/); remove it, "
                        "scripts belong in the site's own assets")

    def _tag_style(self, values):
        self._in_style = True

    def _tag_meta(self, values):
        equiv = values.get("http-equiv", "").strip().lower()
        if equiv == "content-security-policy" and self.policy is not None and not self.policy_seen:
            self.policy_seen = values.get("content", "") == self.policy
        if "http-equiv" in values and equiv not in HTTP_EQUIV_OK:
            what = "a meta refresh (redirects the reader)" if equiv == "refresh" else f"http-equiv={equiv!r}"
            self.report(f"<meta> with {what}; remove it")

    def _tag_iframe(self, values):
        if "srcdoc" in values:
            self.report("<iframe srcdoc> (a page inside the page); remove it")

    def _tag_set(self, values):
        self._animation(values)

    def _tag_animate(self, values):
        self._animation(values)

    def _animation(self, values):
        if values.get("attributename", "").strip().lower() in {"href", "xlink:href"}:
            self.report("SVG animation of a link target (attributeName=href); remove it")


def local_script_problem(page: str, url: str, shown: str, base: str, script_ok: Callable[[str], bool]
                         ) -> str | None:
    """Why the site-relative script `url` on `page` may not run (not one of the site's own), or None."""
    target = resolve(page, url, base)
    if target is None or not script_ok(target):
        return (f"<script src> that is not one of the site's own scripts: {_short(shown)}; only "
                "the theme's and kc's scripts may run, remove it")
    return None


def _navigational(rel: str) -> bool:
    tokens = rel.lower().split()
    return bool(tokens) and all(t in NAV_RELS for t in tokens)


def _short(value: str, limit: int = 80) -> str:
    value = value.replace("\n", " ")
    return value if len(value) <= limit else value[: limit - 1] + "…"


def as_browser_reads(text: str) -> str:
    """`text` with NUL as U+FFFD, as a browser's tokenizer reads it: html.parser ends a tag name at NUL and
    takes the rest for text, so '<p\\0 onclick=...>' would hide a handler that a browser runs."""
    return text.replace("\0", "\ufffd")


def scan_markup(text: str, page: str, script_ok: Callable[[str], bool], base: str = "/", *,
                svg: bool = False, policy: str | None = None, feed: bool = False) -> list[Problem]:
    """Every problem in one page (or SVG image, or Atom feed) `text`, located by line."""
    scanner = PageScanner(page, script_ok, base, svg=svg, policy=policy, feed=feed)
    text = as_browser_reads(text)
    # Nothing after the last '>' can become an element: a browser drops a tag cut off by the end of the
    # page. Only raw text (an unclosed <style> or <script>) runs on; html.parser would instead re-read that
    # tail once per '<' in it, which takes minutes for a few hundred kilobytes.
    last = text.rfind(">") + 1
    try:
        scanner.feed(text[:last])
        if scanner.cdata_elem:
            scanner.feed(text[last:])
        scanner.close()
    except (AssertionError, ValueError, RecursionError) as exc:
        # Fail closed: markup the parser cannot follow is markup nobody can vouch for.
        line = scanner.getpos()[0]
        return [*scanner.problems, Problem(line, f"markup the scan cannot read ({exc}); the page is refused")]
    if not scanner.policy_seen:
        scanner.problems.append(Problem(1, "page without the site's Content-Security-Policy meta tag; it was "
                                           "not made by the build's templates, remove it"))
    return scanner.problems

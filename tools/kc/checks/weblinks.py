"""External links: listed by `kc links`, checked only by `kc links --check`, never by validate or build."""

from __future__ import annotations

import socket
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from kc.checks.links import BARE_URL_RE, extract_links
from kc.content.sourcefile import read_lenient
from kc.content.sources import line_at, markdown_files, mask_code, yaml_files


def external_links(project) -> list[tuple[str, int, str]]:
    """(file, line, url) for every http(s) link in the content, in file order."""
    out: set[tuple[str, int, str]] = set()
    for path in markdown_files(project.docs):
        text = read_lenient(path)
        rel = project.rel(path)
        for link in extract_links(text):
            if urlsplit(link.url).scheme in ("http", "https"):
                out.add((rel, link.line, link.url))
        src = mask_code(text)
        for m in BARE_URL_RE.finditer(src):
            out.add((rel, line_at(src, m.start()), m.group(0)))
    for path in yaml_files(project.docs):
        text = read_lenient(path)
        for m in BARE_URL_RE.finditer(text):
            out.add((project.rel(path), line_at(text, m.start()), m.group(0)))
    return sorted(out)


class NetworkUnavailable(Exception):
    """No host could be reached at all: the links were not checked."""


def _probe(url: str, timeout: float) -> str | None:
    """None when `url` answers; else why not. Raises OSError subclasses for network trouble."""
    for method in ("HEAD", "GET"):
        req = urllib.request.Request(url, method=method, headers={"User-Agent": "kc-links/1.0"})
        try:
            with urllib.request.urlopen(req, timeout=timeout):
                return None
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (403, 405, 429, 501):
                continue  # some servers refuse HEAD; ask once more with GET
            return f"HTTP {exc.code} {exc.reason}"
        except urllib.error.URLError as exc:
            reason = exc.reason
            if (
                isinstance(reason, socket.gaierror)
                or isinstance(reason, OSError)
                and reason.errno in (101, 113)
            ):
                return f"network: {reason}"
            return str(reason)
        except TimeoutError:
            return f"no answer within {timeout:g} s"
        except (OSError, ValueError) as exc:
            return str(exc)
    return "no answer"


def check_external(
    links: list[tuple[str, int, str]], timeout: float = 5.0, workers: int = 8
) -> list[tuple[str, int, str, str]]:
    """(file, line, url, problem) for each unreachable link; NetworkUnavailable if none could be reached."""
    urls = sorted({url for _, _, url in links})
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = dict(zip(urls, pool.map(lambda u: _probe(u, timeout), urls), strict=True))
    if urls and all(r is not None and r.startswith("network:") for r in results.values()):
        raise NetworkUnavailable(next(iter(results.values())))
    return [(f, line, url, results[url]) for f, line, url in links if results[url]]


def links_command(project, check: bool = False, timeout: float = 5.0) -> int:
    """`kc links`: print file:line url for every external link; with `check`, report unreachable ones."""
    links = external_links(project)
    if not check:
        for rel, line, url in links:
            print(f"{rel}:{line}: {url}")
        print(f"kc links: {len(links)} external link(s)", file=sys.stderr)
        return 0
    broken = check_external(links, timeout)  # raises NetworkUnavailable
    for rel, line, url, problem in broken:
        print(f"{rel}:{line}: external link does not answer: {url}: {problem}; correct or remove the link")
    print(f"kc links: {len(links)} external link(s) checked, {len(broken)} unreachable", file=sys.stderr)
    return 1 if broken else 0

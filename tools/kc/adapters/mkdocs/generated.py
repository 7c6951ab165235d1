"""Pages and files that exist only in the build (history pages, feeds), placed the way mkdocs-static-i18n
places real files, so that URLs and the language switcher work the same for them."""

from __future__ import annotations

import logging
import os
import posixpath
import re
from collections.abc import Callable, Mapping

from mkdocs.structure.files import File, InclusionLevel

from kc.content import forked
from kc.content.model import DEFAULT_LANGUAGE


def site_path(lang: str, path: str) -> str:
    """Where `path` of the `lang` site is published: English under en/, Swedish at the root."""
    return path if lang == DEFAULT_LANGUAGE else f"{lang}/{path}"


def generated_file(config, lang: str, path: str, content: str | bytes,
                   inclusion: InclusionLevel = InclusionLevel.INCLUDED) -> File:
    """A build-only file published at `path` of the `lang` site; its source URI is in the language folder
    (`sv/...`, `en/...`) like the real files, so relative Markdown links from and to it resolve."""
    f = File.generated(config, f"{lang}/{path}", content=content, inclusion=inclusion)
    dest = f.dest_uri if lang != DEFAULT_LANGUAGE else f.dest_uri.split("/", 1)[1]
    f.dest_uri = dest
    f.url = f._get_url(config.use_directory_urls)
    f.abs_dest_path = posixpath.normpath(posixpath.join(config.site_dir, dest))
    return f


def published_file(config, lang: str | None, path: str, content: str | bytes) -> File:
    """A build-only file (not a page) at `path` of the `lang` site, or of the site root for None, written
    straight to its place in the site. Held in memory by its File, each stayed there for the whole build
    (at 500 guidelines the registry, search data and downloads are some 20 MB); MkDocs copies a file whose
    source is its destination no further."""
    f = placed_file(config, lang, path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    os.makedirs(os.path.dirname(f.abs_dest_path), exist_ok=True)
    with open(f.abs_dest_path, "wb") as out:
        out.write(data)
    return f


def placed_file(config, lang: str | None, path: str) -> File:
    """The File of a build-only file already written at its place in the site (see `published_file`)."""
    if lang is None:
        f = File.generated(config, path, abs_src_path=os.devnull, inclusion=InclusionLevel.INCLUDED)
    else:
        f = generated_file(config, lang, path, b"")
    f.abs_src_path = f.abs_dest_path
    f._content = None  # noqa: SLF001 - File keeps no public way from content to a file on disk
    return f


def published_files(config, lang: str | None, make: Callable[[], Mapping[str, str | bytes]]) -> list[File]:
    """The files that `make()` returns ({path: content}), written as `published_file` does, by a
    short-lived child process (kc.content.forked): what making them takes goes with the child."""

    def write() -> list[str]:
        made = make()
        for path, content in made.items():
            published_file(config, lang, path, content)
        return list(made)

    return [placed_file(config, lang, path) for path in forked.run(write)]


# Links to a versioned copy or a history page reach its excluded placeholder (the page itself is written
# after the build, by kc.pages.versioncopy or kc.pages.historycopy): MkDocs says so at INFO level for every
# such link, which is noise, not news.
_COPY_LINK_RE = re.compile(
    r"to '(?:[a-z]{2}/)?guidelines/[a-z0-9-]+/(?:v\d+\.\d+/index|history)\.md' which is excluded"
)


class _CopyLinkFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.INFO or not _COPY_LINK_RE.search(record.getMessage())


def quiet_copy_links() -> None:
    """Stop MkDocs reporting links to the versioned copies' placeholders (once per process)."""
    logger = logging.getLogger("mkdocs.structure.pages")
    if not any(isinstance(f, _CopyLinkFilter) for f in logger.filters):
        logger.addFilter(_CopyLinkFilter())

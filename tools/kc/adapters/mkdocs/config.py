"""Typed options of the `kc` MkDocs plugin."""

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class KcConfig(Config):
    enabled = opt.Type(bool, default=True)

    # Content checks: refuse to build content that `kc validate` rejects.
    check_content = opt.Type(bool, default=True)

    # Glossary tooltips on every page (abbr), in the reader's language.
    glossary_tooltips = opt.Type(bool, default=True)

    # Rebuild the Whoosh index of `kc search` (.cache/search) after a build when the content changed;
    # off by default to keep builds fast (`make build` runs `kc index`, and `kc search` rebuilds a stale one).
    search_index = opt.Type(bool, default=False)

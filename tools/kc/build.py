"""Building the site atomically: a failed build never replaces a good one."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from pathlib import Path

from . import siteswap
from .errors import BuildError
from .findings import errors
from .validate import validate

log = logging.getLogger(__name__)


def build_site(root: Path, site_dir: Path | None = None, *, config_overrides: dict | None = None) -> Path:
    """Validate and build `root` into `site_dir` (default root/site), replacing it only on success.

    Builds into the same folder take turns; each first repairs what a killed build left (kc.siteswap)."""
    root = Path(root).resolve()
    site_dir = Path(site_dir or root / "site").resolve()
    with siteswap.exclusive(site_dir):
        try:
            for message in siteswap.tidy(site_dir):
                log.warning("kc build: %s", message)
        except OSError as exc:
            raise BuildError(
                f"cannot clean up after an interrupted build beside {site_dir}: {exc}; "
                f"remove the folders named .{site_dir.name}-* there (or run 'make clean')"
            ) from None
        return _build(root, site_dir, config_overrides)


def _build(root: Path, site_dir: Path, config_overrides: dict | None) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from .model import Project

    problems = errors(validate(Project.load(root)))
    if problems:
        listing = "\n".join(str(f) for f in problems)
        raise BuildError(f"the content has {len(problems)} error(s); nothing was built:\n{listing}")
    staging = siteswap.staging(site_dir)
    # Strict mode turns MkDocs warnings into errors; count them ourselves because the
    # counter mkdocs uses is attached to its own CLI logger setup.
    counter = _WarningCounter()
    logging.getLogger("mkdocs").addHandler(counter)
    try:
        config = load_config(
            str(root / "mkdocs.yml"), site_dir=str(staging), strict=True, **(config_overrides or {})
        )
        build(config)
        if counter.messages:
            raise BuildError("the build logged warnings:\n" + "\n".join(counter.messages))
    except (MkDocsException, BuildError, OSError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        # MkDocs' own message in strict mode only counts the warnings ("Aborted with 1 warnings"): say them.
        said = str(exc)
        reasons = [m for m in dict.fromkeys(counter.messages) if m not in said]
        raise BuildError("\n".join([said, *reasons])) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        logging.getLogger("mkdocs").removeHandler(counter)
    try:
        siteswap.swap(staging, site_dir)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"cannot put the new site in place of {site_dir}: {exc}") from None
    return site_dir


def make_bundle(root: Path, out: Path, today: dt.date | None = None, **options) -> Path:
    """Validate and build `root` for reading from disk, and bundle it into `out` (edition/bundle.py); return
    the zip. `options`: bundle_edition's key and now. Raises BuildError."""
    from .bundle import bundle_edition

    return bundle_edition(root, out, build_offline, today, **options)


def build_offline(root: Path, folder: Path, ed: dict) -> Path:
    """Build `root` into `folder` for reading from disk, with the edition `ed` in its footer (kc bundle)."""
    return build_site(root, folder, config_overrides=offline_overrides(root, ed))


def offline_overrides(root: Path, ed: dict) -> dict:
    """MkDocs config changes for reading from disk: page.html links, the edition in the footer."""
    from mkdocs.config import load_config

    extra = dict(load_config(str(root / "mkdocs.yml")).extra or {})
    extra["kc_edition"] = ed
    extra["kc_offline"] = True
    # file:// has no directory index: every link must name its .html file.
    return {"use_directory_urls": False, "extra": extra}


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

"""Building the site atomically: a failed build never replaces a good one."""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from .findings import errors
from .validate import validate


class BuildError(Exception):
    """The content or the build failed; the message says why."""


def build_site(
    root: Path,
    site_dir: Path | None = None,
    *,
    config_overrides: dict | None = None,
    parallel: bool = True,
    stats: dict | None = None,
) -> Path:
    """Validate and build `root` into `site_dir` (default root/site), replacing it only on success.

    With `parallel` (the default) each language is built in its own process and the outputs merged
    (kc.parbuild); without it, mkdocs-static-i18n builds the languages one after the other in this process.
    `stats`, if given, receives each language process's figures (seconds, peak_mb), for `kc bench`.
    """
    from .model import Project

    root = Path(root).resolve()
    site_dir = Path(site_dir or root / "site").resolve()
    project = Project.load(root)
    if not parallel:
        _check(project)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-", dir=site_dir.parent))
    try:
        if parallel:
            built = _build_parallel(root, staging, project, config_overrides or {}, stats)
        else:
            built = _build_sequential(root, staging, config_overrides or {})
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(built, site_dir)
    if built != staging:
        shutil.rmtree(staging, ignore_errors=True)
    return site_dir


def _check(project) -> None:
    """Raise BuildError listing the content's errors, if it has any."""
    problems = errors(validate(project))
    if problems:
        listing = "\n".join(str(f) for f in problems)
        raise BuildError(f"the content has {len(problems)} error(s); nothing was built:\n{listing}")


def _build_parallel(root: Path, staging: Path, project, overrides: dict, stats: dict | None) -> Path:
    """Each language in its own process, merged into staging/site; returns that folder."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from . import edition, parbuild

    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(staging / "site"), **overrides)
    except (MkDocsException, OSError) as exc:
        raise BuildError(str(exc)) from None
    i18n = config.plugins.get("i18n")
    if i18n is None or len(i18n.build_languages) < 2:
        _check(project)
        return _build_sequential(root, staging, overrides)
    langs = [i18n.default_language, *(x for x in i18n.build_languages if x != i18n.default_language)]
    ed = None if (config.extra or {}).get("kc_edition") else edition.edition(project)
    procs = parbuild.start_languages(root / "mkdocs.yml", staging, langs, overrides, ed)
    # The content is validated while the languages build: the build's output is used only if it is valid.
    try:
        _check(project)
    except BaseException:
        parbuild.stop_languages(procs)
        raise
    results = parbuild.finish_languages(procs, staging)
    if stats is not None:
        stats.update(results)
    failed = []
    for lang, res in results.items():
        if not res["ok"]:
            said = res.get("error") or "the build logged warnings"
            reasons = [m for m in dict.fromkeys(res.get("warnings") or []) if m not in said]
            failed.append("\n".join([f"[{lang}] {said}", *reasons]))
    if failed:
        raise BuildError("\n".join(failed))
    try:
        parbuild.merge([staging / lang for lang in langs], staging / "site")
    except (parbuild.MergeError, OSError) as exc:
        raise BuildError(f"merging the languages' builds failed: {exc}") from None
    return staging / "site"


def _build_sequential(root: Path, staging: Path, overrides: dict) -> Path:
    """Both languages in this process, as mkdocs-static-i18n does by itself; returns `staging`."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    # Strict mode turns MkDocs warnings into errors; count them ourselves because the
    # counter mkdocs uses is attached to its own CLI logger setup.
    counter = _WarningCounter()
    logging.getLogger("mkdocs").addHandler(counter)
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(staging), strict=True, **overrides)
        build(config)
        if counter.messages:
            raise BuildError("the build logged warnings:\n" + "\n".join(counter.messages))
    except (MkDocsException, BuildError, OSError) as exc:
        # MkDocs' own message in strict mode only counts the warnings ("Aborted with 1 warnings"): say them.
        said = str(exc)
        reasons = [m for m in dict.fromkeys(counter.messages) if m not in said]
        raise BuildError("\n".join([said, *reasons])) from None
    finally:
        logging.getLogger("mkdocs").removeHandler(counter)
    return staging


def _swap(new: Path, target: Path) -> None:
    """Put `new` in place of `target` with renames, so readers never see half a site."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old-{new.name}")
        target.rename(old)
    new.rename(target)
    if old:
        shutil.rmtree(old, ignore_errors=True)


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

"""Building the site atomically: a failed build never replaces a good one."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from pathlib import Path

from kc import siteswap
from kc.content import forked
from kc.content.errors import BuildError
from kc.edition.outputscan import check_build
from kc.edition.partscan import check_merged

log = logging.getLogger(__name__)
VALIDATION = "validation"  # the key of the validation's own process in build_site's `stats`


def build_site(
    root: Path,
    site_dir: Path | None = None,
    *,
    config_overrides: dict | None = None,
    parallel: bool = True,
    stats: dict | None = None,
) -> Path:
    """Validate and build `root` into `site_dir` (default root/site), replacing it only on success.

    Builds into the same folder take turns; each first repairs what a killed build left (kc.siteswap).
    With `parallel` (the default) each language is built in its own process and the outputs merged
    (kc.parbuild); without it, mkdocs-static-i18n builds the languages one after the other in this process.
    `stats`, if given, receives each language process's figures (seconds, cpu_seconds, peak_mb), for
    `kc bench`, and under VALIDATION those of the validation's process (cpu_seconds, peak_mb).
    """
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
        return _build(root, site_dir, config_overrides or {}, parallel, stats)


def _build(root: Path, site_dir: Path, overrides: dict, parallel: bool, stats: dict | None) -> Path:
    from kc.content.model import Project

    project = Project.load(root)
    if not parallel:
        _check(project)
    staging = siteswap.staging(site_dir)
    try:
        parts = origin = None
        if parallel:
            built, config, parts, origin = _build_parallel(root, staging, project, overrides, stats)
        else:
            built, config = _build_sequential(root, staging, overrides)
        # Defence in depth: whatever passed the content checks, an unsafe output never replaces the site.
        # The language processes scanned what they wrote; the parent checks what the merge left of it.
        if parts is None:
            unsafe = check_build(root, built, config, site_dir.name)
        else:
            unsafe = check_merged(root, built, config, parts, site_dir.name, origin)
        if unsafe:
            raise BuildError(
                "the built site failed the output scan. Each line names the output file, its line and the "
                "page it was made from; fix the source (or remove the file from docs/) and build again:\n"
                + "\n".join(unsafe)
            )
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        siteswap.swap(built, site_dir)
    except OSError as exc:
        raise BuildError(f"cannot put the new site in place of {site_dir}: {exc}") from None
    finally:
        # The languages' work folders, or (after a swap that exchanged them) the previous site.
        shutil.rmtree(staging, ignore_errors=True)
    return site_dir


def _check(project, usage: dict | None = None) -> None:
    """Raise BuildError listing the content's errors, if it has any.

    Validated in a short-lived child process (kc.content.forked): what the checks read and keep
    (tens of MB at 500 guidelines) goes with it instead of staying with this process through the merge and
    the output scan. `usage` receives the child's CPU time and peak memory."""
    # Imported here, not above: the checks take a third of a second to import, and the language processes
    # can start meanwhile.
    from kc.checks.validate import validate

    try:
        problems = forked.run(lambda: [str(f) for f in validate(project, errors_only=True)], usage)
    except forked.ChildError as exc:
        raise BuildError(
            f"validating the content stopped before it finished, so nothing was built ({exc}); build again, "
            "and if it stops again check that the machine has memory to spare (the kernel may have killed it)"
        ) from None
    if problems:
        listing = "\n".join(problems)
        raise BuildError(f"the content has {len(problems)} error(s); nothing was built:\n{listing}")


def _build_parallel(root: Path, staging: Path, project, overrides: dict, stats: dict | None):
    """Each language in its own process, merged into staging/site; returns that folder, the config, the
    languages' scans (default language first) and where the merge took each file from (parbuild.merge), or
    None for the last two when the build ran sequentially."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from kc import parbuild
    from kc.edition import info as edition

    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(staging / "site"), **overrides)
    except (MkDocsException, OSError) as exc:
        raise BuildError(str(exc)) from None
    i18n = config.plugins.get("i18n")
    if i18n is None or len(i18n.build_languages) < 2:
        _check(project)
        return (*_build_sequential(root, staging, overrides), None, None)
    langs = [i18n.default_language, *(x for x in i18n.build_languages if x != i18n.default_language)]
    ed = None if (config.extra or {}).get("kc_edition") else edition.edition(project)
    try:
        procs = parbuild.start_languages(root / "mkdocs.yml", staging, langs, overrides, ed, scan=True)
    except OSError as exc:
        raise BuildError(f"cannot start the language builds ({exc}); build again when the machine is less "
                         "busy (fewer processes running, more memory free)") from None
    # The content is validated while the languages build: the build's output is used only if it is valid.
    checked: dict = {}
    try:
        _check(project, checked)
        results = parbuild.finish_languages(procs, staging)
    except BaseException:  # (an interrupted wait too: no process may build on into a removed folder)
        parbuild.stop_languages(procs)
        raise
    parts = [results[lang].pop("scan", None) for lang in langs]
    if stats is not None:
        stats.update(results)
        if checked:
            stats[VALIDATION] = checked
    failed = []
    for lang, res in results.items():
        if not res["ok"]:
            said = res.get("error") or "the build logged warnings"
            reasons = [m for m in dict.fromkeys(res.get("warnings") or []) if m not in said]
            failed.append("\n".join([f"[{lang}] {said}", *reasons]))
    if failed:
        raise BuildError("\n".join(failed))
    try:
        origin = parbuild.merge([staging / lang for lang in langs], staging / "site")
    except (parbuild.MergeError, OSError) as exc:
        raise BuildError(f"merging the languages' builds failed: {exc}") from None
    return staging / "site", config, parts, origin


def _build_sequential(root: Path, staging: Path, overrides: dict):
    """Both languages in this process, as mkdocs-static-i18n does by itself; returns `staging` and the
    config."""
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
    return staging, config


def make_bundle(root: Path, out: Path, today: dt.date | None = None, **options) -> Path:
    """Validate and build `root` for reading from disk, and bundle it into `out` (edition/bundle.py); return
    the zip. `options`: bundle_edition's key and now. Raises BuildError."""
    from kc.edition.bundle import bundle_edition

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

"""One language of the site, built in its own process (`python -m kc.langbuild`), for `kc build`.

mkdocs-static-i18n builds the default language and then, from its on_post_build, every other language in the
same process, one after the other. Its `build_only_locale` builds one language, but as the default one at the
site root (its pages would link to no other language). Instead the worker starts i18n on the language it was
given and marks i18n as already building, so i18n builds that language exactly as in the sequential build
(same URLs, language switcher, fallback pages) and stops there. `parbuild` merges the languages' outputs.

Protocol: argv = mkdocs.yml, output folder, language; stdin = JSON {"overrides": {...}, "edition": {...},
"scan": bool}; the last line of stdout is JSON {"ok", "error", "warnings", "seconds", "cpu_seconds",
"peak_mb", "own_peak_mb", "children_peak_mb", "scan"}, "scan" being this language's share of the output scan
(kc.edition.partscan) when it was asked for and the build succeeded, else null.
"""

from __future__ import annotations

import json
import logging
import resource
import sys
import time


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_language(config_file: str, out: str, lang: str, overrides: dict, ed: dict | None,
                   scan: bool = False) -> dict:
    """Build language `lang` of the site into `out`, and with `scan` scan what it wrote; what happened, as a
    JSON-able dict (never raises)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    t = time.perf_counter()
    counter = _WarningCounter()
    logging.getLogger("mkdocs").addHandler(counter)
    error = None
    scanned = None
    try:
        config = load_config(config_file, site_dir=out, strict=True, **overrides)
        i18n = config.plugins.get("i18n")
        if i18n is None or lang not in [x.locale for x in i18n.config.languages]:
            raise MkDocsException(f"language '{lang}' is not among the i18n plugin's languages")
        i18n.current_language = lang
        i18n.building = True  # i18n's on_post_build then builds no other language
        kc = config.plugins.get("kc")
        if kc is not None:
            # The parent validated the content once for both languages; only one process may renew the
            # `kc search` index.
            kc.config.check_content = False
            # MkDocs keeps plugin instances for the whole process: load this build's content, not the
            # project an earlier build in the same process left behind.
            kc.project = None
            if lang != i18n.default_language:
                kc.config.search_index = False
        if ed is not None:
            # One edition for both processes, even when they start on either side of midnight.
            config.extra.setdefault("kc_edition", ed)
        build(config)
        if kc is not None and kc.config.enabled:
            # i18n's `building` above also keeps the plugin from finishing the folder itself: this language's
            # pages are all there now (kc.pages.finish, an output step on the folder).
            kc.finish_output(config, [lang])
        if scan and not counter.messages:
            # Its share of the output scan, on this process's core (the parent checks the merged site).
            from pathlib import Path

            from kc.edition.outputscan import scan_context
            from kc.edition.partscan import scan_part

            scanned = scan_part(Path(out), scan_context(Path(config_file).resolve().parent, config))
    except (MkDocsException, OSError, ValueError) as exc:
        error = str(exc) or type(exc).__name__
    except BaseException as exc:  # noqa: BLE001 - a plugin's bug (or sys.exit) must reach the parent as text
        error = f"{type(exc).__name__}: {exc}"
    finally:
        logging.getLogger("mkdocs").removeHandler(counter)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # The steps run in child processes (kc.content.forked) count too: their CPU time is this
    # build's, and `peak_mb` is the largest process's (children's ru_maxrss is that of the largest one).
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "ok": error is None and not counter.messages,
        "error": error,
        "warnings": counter.messages,
        "seconds": time.perf_counter() - t,
        "cpu_seconds": usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime,
        "peak_mb": max(usage.ru_maxrss, children.ru_maxrss) / 1024,
        "own_peak_mb": usage.ru_maxrss / 1024,
        "children_peak_mb": children.ru_maxrss / 1024,
        "scan": scanned,
    }


def main(argv: list[str]) -> int:
    config_file, out, lang = argv
    job = json.loads(sys.stdin.read() or "{}")
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s - %(message)s")
    result = build_language(config_file, out, lang, job.get("overrides") or {}, job.get("edition"),
                            bool(job.get("scan")))
    sys.stdout.flush()
    print("\n" + json.dumps(result), flush=True)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

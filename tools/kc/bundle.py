"""The offline edition: the whole bilingual site built for reading from disk, with a manifest, zipped."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from .edition import edition
from .errors import BuildError
from .verify import write_manifest

EDITION_FILE = "edition.json"


def bundle_name(ed: dict) -> str:
    """kunskapscentrum-<date>-<shortsha>, the name of the zip and of its top folder."""
    return f"kunskapscentrum-{ed['date']}-{ed['commit']}"


# build(root, folder, edition) -> folder: the validated offline build (kc.build.build_offline). It is handed
# in rather than imported, so that the offline edition depends on neither the validator nor the generator.
BuildOffline = Callable[[Path, Path, dict], Path]


def make_bundle(root: Path, out: Path, build: BuildOffline, today: dt.date | None = None) -> Path:
    """Build `root` offline with `build`, zip it into `out`; return the zip. Raises BuildError.

    Everything is built in a hidden folder inside `out` and the finished zip is renamed into place, so a
    failure leaves earlier bundles (and site/, which a bundle never touches) as they were.
    """
    from .model import Project

    root, out = Path(root).resolve(), Path(out).resolve()
    ed = edition(Project.load(root), today)
    name = bundle_name(ed)
    try:
        out.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".kc-bundle-", dir=out))
    except OSError as exc:
        raise BuildError(f"cannot write into {out}: {exc}; choose another folder with --out") from None
    try:
        folder = build(root, work / name, ed)
        text = json.dumps(ed, indent=2, ensure_ascii=False) + "\n"
        (folder / EDITION_FILE).write_text(text, encoding="utf-8")
        write_manifest(folder)
        partial = work / f"{name}.zip"
        # Entries carry the edition's date rather than the files' build times: the same edition built
        # twice gives the same zip.
        stamp = (*dt.date.fromisoformat(ed["date"]).timetuple()[:3], 0, 0, 0)
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                info = zipfile.ZipInfo(f"{name}/{path.relative_to(folder).as_posix()}", stamp)
                info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
                zf.writestr(info, path.read_bytes())
        target = out / f"{name}.zip"
        os.replace(partial, target)
        return target
    except OSError as exc:
        raise BuildError(f"cannot write the bundle into {out}: {exc}") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)

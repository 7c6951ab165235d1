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

from kc.content.errors import BuildError
from kc.edition import powershell, signing
from kc.edition.info import edition
from kc.edition.readme import README_NAME, readme_text
from kc.edition.verify import MANIFEST, write_manifest

EDITION_FILE = "edition.json"


def bundle_name(ed: dict) -> str:
    """kunskapscentrum-<date>-<shortsha>, the name of the zip and of its top folder."""
    return f"kunskapscentrum-{ed['date']}-{ed['commit']}"


# build(root, folder, edition) -> folder: the validated offline build (kc.build.build_offline). It is handed
# in rather than imported, so that the offline edition depends on neither the validator nor the generator.
BuildOffline = Callable[[Path, Path, dict], Path]


def sign_folder(folder: Path, key, trusted: signing.TrustedKey, ed: dict, now: dt.datetime | None) -> None:
    """Write folder/signature.json over its manifest, edition.json and the listed files' sizes."""
    manifest = (folder / MANIFEST).read_bytes()
    sizes = {line.split("  ", 1)[1]: (folder / line.split("  ", 1)[1]).stat().st_size
             for line in manifest.decode("utf-8").splitlines() if line}
    text = signing.sign(key, trusted, ed, manifest, (folder / EDITION_FILE).read_bytes(), sizes,
                        now or dt.datetime.now(dt.UTC))
    (folder / signing.SIGNATURE).write_bytes(text)


def _refuse_key_traces(folder: Path, key) -> None:
    # The key sits in this process's environment or memory: a page made from /proc/self/environ or a
    # copied key file would hand it to every municipality. Never name what was found, only where.
    traces = signing.key_traces(key)
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if any(t in data for t in traces):
            raise BuildError(f"{path.relative_to(folder).as_posix()} in the edition holds the signing key; "
                             "find what put it there (a link or a copied file under docs/), remove it, and "
                             "replace the key (hosting guide, key rotation)")


def bundle_edition(root: Path, out: Path, build: BuildOffline, today: dt.date | None = None, *, key=None,
                   now: dt.datetime | None = None) -> Path:
    """Build `root` offline with `build`, sign it with `key` (None: unsigned), zip it into `out`; return
    the zip (kc.build.make_bundle validates and builds). Raises BuildError (and SigningError for a key that
    is not one of the centre's).

    Everything is built in a hidden folder inside `out` and the finished zip is renamed into place, so a
    failure leaves earlier bundles (and site/, which a bundle never touches) as they were.
    """
    from kc.content.model import Project

    root, out = Path(root).resolve(), Path(out).resolve()
    ed = edition(Project.load(root), today)
    # Refuse an unknown or retired key before spending minutes on the build.
    trusted = signing.signer_for(key, dt.date.fromisoformat(ed["date"])) if key is not None else None
    ed["signed"] = key is not None
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
        (folder / README_NAME).write_bytes(readme_text(ed).encode("utf-8"))
        powershell.write(folder)
        write_manifest(folder)
        if key is not None:
            _refuse_key_traces(folder, key)
            sign_folder(folder, key, trusted, ed, now)
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

"""Shared fixtures: copies of fixture sites in temporary folders, and built sites."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from browser_util import browser

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def copy_site(name: str, dest: Path) -> Path:
    """Copy fixture `name` (or the real project when name is 'real') to `dest`, completing it with the
    project's mkdocs.yml and theme overrides where the fixture has none."""
    if name == "real":
        shutil.copytree(ROOT / "docs", dest / "docs")
    else:
        shutil.copytree(FIXTURES / name, dest)
    if not (dest / "mkdocs.yml").exists():
        text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        if name != "real":
            # Fixture sites have their own pages; drop the real site's nav.
            text = text.split("\nnav:\n")[0] + "\n" + text.split("\nnav:\n")[1].split("\n\n", 1)[1]
        (dest / "mkdocs.yml").write_text(text, encoding="utf-8")
    if not (dest / "overrides").exists():
        shutil.copytree(ROOT / "overrides", dest / "overrides")
    return dest


def build(root: Path, site_dir: Path | None = None, **overrides) -> Path:
    """Build the site at `root` with MkDocs (strict) into `site_dir`; return it."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    site_dir = site_dir or root / "site"
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=True, **overrides)
    mkdocs_build(config)
    return site_dir


@pytest.fixture
def site_copy(tmp_path):
    """Factory: a writable copy of a fixture site (or 'real') in a temporary folder."""

    def make(name: str = "basic") -> Path:
        return copy_site(name, tmp_path / f"site-{name}")

    return make


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real docs/ built once per test session (strict), for tests that read the HTML."""
    root = copy_site("real", tmp_path_factory.mktemp("real"))
    return build(root)


@pytest.fixture(scope="session")
def basic_site(tmp_path_factory) -> Path:
    """The 'basic' fixture built once per test session."""
    # A folder inside the new temporary one: copy_site copies a fixture into a folder that must not exist.
    root = copy_site("basic", tmp_path_factory.mktemp("basic") / "site")
    return build(root)


@pytest.fixture(scope="module")
def chromium():
    """Headless Chromium for one test module (browser_util.browser: skipped without Chromium, a failure
    under KC_REQUIRE_BROWSER)."""
    with browser() as b:
        yield b


@pytest.fixture(scope="module")
def real_indexed(real_site):
    """(the real site built, its Project) with the project's Whoosh index built, for comparing the search
    box with `kc search`."""
    from kc.content.model import Project
    from kc.search import index as search

    project = Project.load(real_site.parent)
    search.build_index(project)
    return real_site, project


@pytest.fixture(scope="module")
def search_site(tmp_path_factory) -> Path:
    """The 'search' fixture built once per test module, into <tmp>/site beside its sources in <tmp>/root."""
    root = copy_site("search", tmp_path_factory.mktemp("search") / "root")
    return build(root, root.parent / "site")


def commit_all(root: Path) -> str:
    """Make `root` a git checkout with everything in one commit; return the short commit."""
    git = ["git", "-c", "user.name=kc tests", "-c", "user.email=tests@kc.invalid",
           "-c", "init.defaultBranch=main"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "fixture"]):
        subprocess.run(git + args, cwd=root, check=True, capture_output=True)
    out = subprocess.run(["git", "rev-parse", "--short=7", "HEAD"], cwd=root, check=True, capture_output=True)
    return out.stdout.decode().strip()


@pytest.fixture(scope="session")
def real_bundle(tmp_path_factory) -> dict:
    """The offline edition of the real docs/ (a committed copy) built once per session, zipped and unpacked:
    {'root', 'commit', 'zip', 'folder' (the unpacked top folder), 'date' (the edition's, ISO)}."""
    from kc.build import make_bundle

    root = copy_site("real", tmp_path_factory.mktemp("bundle") / "root")
    commit = commit_all(root)
    # One date for the build and the tests that check it, even when the suite runs past midnight.
    today = dt.date.today()
    key, keys_file = make_centre_key(root.parent)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("kc.edition.signing.KEYS_FILE", keys_file)
        archive = make_bundle(root, root.parent / "dist", today=today, key=key)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(root.parent / "unpacked")
    folder = root.parent / "unpacked" / archive.name.removesuffix(".zip")
    return {"root": root, "commit": commit, "zip": archive, "folder": folder, "date": today.isoformat(),
            "keys_file": keys_file}


def make_centre_key(folder: Path, key_id: str = "test-key", **extra):
    """A throwaway Ed25519 key and a trusted-keys file in `folder` that lists its public half."""
    import base64
    import json

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from kc.edition.signing import raw_public

    key = Ed25519PrivateKey.generate()
    entry = {"id": key_id, "signer": "Test centre", "public_key": base64.b64encode(raw_public(key)).decode(),
             "valid_from": "2000-01-01", **extra}
    path = folder / f"{key_id}-keys.json"
    path.write_text(json.dumps({"keys": [entry]}), encoding="utf-8")
    return key, path


@pytest.fixture
def centre_key(tmp_path, monkeypatch):
    """A throwaway key that kc trusts for this test (the shipped keys are not)."""
    key, path = make_centre_key(tmp_path)
    monkeypatch.setattr("kc.edition.signing.KEYS_FILE", path)
    return key

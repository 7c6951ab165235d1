"""`kc bundle`: the offline edition of the real site: its name, edition.json, footer, links from disk,
manifest, search from file://, and atomicity (a failed bundle leaves earlier output alone)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from browser_util import browser, record
from conftest import ROOT, commit_all, copy_site
from kc.build import build_site, make_bundle
from kc.cli import main
from kc.content.errors import BuildError
from kc.content.model import Project
from kc.edition.signing import SIGNATURE
from kc.edition.verify import MANIFEST, parse_manifest, verify


def _snapshot(folder: Path) -> dict[str, bytes]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


# --- the real site's edition (built once per session) -------------------------------------------------------

@pytest.mark.slow
def test_the_zip_is_named_after_the_date_and_commit_and_holds_one_folder_of_that_name(real_bundle):
    name = f"kunskapscentrum-{real_bundle['date']}-{real_bundle['commit']}"
    assert real_bundle["zip"].name == f"{name}.zip"
    assert re.fullmatch(r"kunskapscentrum-\d{4}-\d{2}-\d{2}-[0-9a-f]{7}", name)
    with zipfile.ZipFile(real_bundle["zip"]) as zf:
        assert {n.split("/", 1)[0] for n in zf.namelist()} == {name}
    # Only the zip is left in the output folder: no half-written work folders.
    assert [p.name for p in real_bundle["zip"].parent.iterdir()] == [f"{name}.zip"]


@pytest.mark.slow
def test_edition_json_names_date_commit_and_every_guideline_version(real_bundle):
    ed = json.loads((real_bundle["folder"] / "edition.json").read_text(encoding="utf-8"))
    project = Project.load(real_bundle["root"])
    assert (ed["date"], ed["commit"]) == (real_bundle["date"], real_bundle["commit"])
    assert ed["local_changes"] is False
    assert [(g["id"], g["version"], g["status"]) for g in ed["guidelines"]] == sorted(
        (g.id, g.version, g.status) for g in project.records
    )


@pytest.mark.slow
def test_a_bilingual_read_me_sits_at_the_top_and_no_unused_theme_file_is_shipped(real_bundle):
    from kc.edition.readme import README_NAME

    with zipfile.ZipFile(real_bundle["zip"]) as zf:
        names = zf.namelist()
    top = names[0].split("/", 1)[0]
    assert f"{top}/{README_NAME}" in names
    readme = (real_bundle["folder"] / README_NAME).read_text(encoding="utf-8")
    for words in ("lokal kopia", "local copy", "index.html", "manifest.sha256", "kc verify",
                  real_bundle["date"], real_bundle["commit"]):
        assert words in readme, words
    # Material's own search (never used: ours works from file://) and the source maps are left out.
    unused = [n for n in names if n.endswith(".map") or "/assets/javascripts/lunr/" in n
              or "/assets/javascripts/workers/" in n]
    assert unused == []


def _footer(html: str) -> str:
    """The text of the edition paragraph in the footer."""
    text = html[html.index('<p class="kc-edition"') :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text[: text.index("</p>")])).strip()


@pytest.mark.slow
def test_every_page_shows_the_edition_in_its_language(real_bundle):
    project = Project.load(real_bundle["root"])
    versions = ", ".join(f"{g.id} {g.version}" for g in sorted(project.records, key=lambda g: g.id))
    commit = real_bundle["commit"]
    for path in sorted(real_bundle["folder"].rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        en = re.search(r'<html lang="([a-z]+)"', html).group(1) == "en"
        day = real_bundle["date"]
        expected = (f"Local copy, edition {day}, source version {commit}. Guidelines: {versions}." if en
                    else f"Lokal kopia, utgåva {day}, källversion {commit}. Riktlinjer: {versions}.")
        assert _footer(html) == expected, path


@pytest.mark.slow
def test_the_online_build_shows_its_edition_too(real_site):
    for page, word in (("index.html", "Utgåva"), ("en/index.html", "Edition")):
        footer = _footer((real_site / page).read_text(encoding="utf-8"))
        built = dt.date.fromtimestamp((real_site / page).stat().st_mtime).isoformat()  # the build's own day
        assert footer.startswith(f"{word} {built}, ") and "RL " in footer


def _links(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"#?]+)[^"]*"', html)


@pytest.mark.slow
def test_every_link_in_the_bundle_names_a_file_that_is_in_it(real_bundle):
    """file:// has no directory index: a link to 'guidelines/' or to a missing file is broken on disk."""
    folder, broken = real_bundle["folder"], []
    for page in folder.rglob("*.html"):
        for link in _links(page.read_text(encoding="utf-8")):
            if urlsplit(link).scheme:  # the canonical URL of the online site, mailto: and the like
                continue
            target = (page.parent / unquote(link)).resolve()
            if not target.is_file() or not target.is_relative_to(folder):
                broken.append(f"{page.relative_to(folder)}: {link}")
    assert broken == []


@pytest.mark.slow
def test_the_language_switcher_links_to_the_same_page_in_the_other_language(real_bundle):
    html = (real_bundle["folder"] / "guidelines/relocation/index.html").read_text(encoding="utf-8")
    assert 'href="../../en/guidelines/relocation/index.html" hreflang="en"' in html
    html = (real_bundle["folder"] / "en/about.html").read_text(encoding="utf-8")
    assert 'href="../about.html" hreflang="sv"' in html


@pytest.mark.slow
def test_the_manifest_covers_every_file_and_verify_accepts_zip_and_folder(real_bundle, capsys, monkeypatch):
    folder = real_bundle["folder"]
    listed = parse_manifest((folder / MANIFEST).read_text(encoding="utf-8"))
    assert set(listed) == set(_snapshot(folder)) - {MANIFEST, SIGNATURE}
    assert "edition.json" in listed and any(p.startswith("assets/kc/inline/") for p in listed)
    assert "verify.ps1" in listed
    monkeypatch.setattr("kc.edition.signing.KEYS_FILE", real_bundle["keys_file"])
    for path in (real_bundle["zip"], folder):
        assert verify(path).ok
        assert main(["--root", str(ROOT), "verify", str(path)]) == 0
        assert "signed by Test centre" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize(("start", "query", "hit", "clause"), [
    ("index.html", "överenskommelse", "RL ", "guidelines/relocation/index.html#c"),
    ("en/index.html", "agreement", "RL ", "en/guidelines/relocation/index.html#c"),
])
def test_search_from_file_finds_a_clause_in_both_languages(real_bundle, start, query, hit, clause):
    with browser() as b:
        page = b.new_page()
        log = record(page)
        page.goto((real_bundle["folder"] / start).as_uri())
        page.keyboard.press("/")
        page.keyboard.type(query)
        page.wait_for_selector(".kc-search__hit")
        # A guideline's hit; document hits (with a kind label) may also quote the clause number.
        link = page.locator(".kc-search__hit a:not(:has(.kc-search__kind))", has_text=hit).first
        href = link.evaluate("a => a.href")
        assert href.startswith(real_bundle["folder"].as_uri() + "/" + clause)
        link.click()
        page.wait_for_url("**/" + clause + "*")
        anchor = page.evaluate("location.hash.slice(1)")
        assert anchor and page.locator(f"[id='{anchor}']").count() == 1
        assert log.outside(real_bundle["folder"].as_uri() + "/") == [] and log.console_errors == []


# --- atomicity, on the small fixture site ----------------------------------------------------------------

@pytest.fixture
def project_with_bundle_and_site(tmp_path, centre_key, monkeypatch):
    """A committed project with a signed edition in dist/ and a built site/; `kc bundle` signs with the
    test's throwaway key, given as the environment variable CI uses."""
    root = copy_site("basic", tmp_path / "root")
    commit_all(root)
    first = make_bundle(root, root / "dist", today=dt.date(2026, 11, 24), key=centre_key)
    build_site(root)
    monkeypatch.setenv("KC_SIGNING_KEY", _pem(centre_key).decode())
    return root, first


def _pem(key) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _break_record(root: Path) -> None:
    path = root / "docs/guidelines/housing.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('version: "2.0"', 'version: "two"', 1), encoding="utf-8")


def _break_build(root: Path) -> None:
    # Valid content, but a nav entry MkDocs (strict) cannot find: the build itself fails.
    path = root / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nnav:\n", "\nnav:\n  - Saknas: missing.md\n", 1), encoding="utf-8")


@pytest.mark.parametrize("breaker", [_break_record, _break_build], ids=["validation", "build"])
def test_a_failed_bundle_leaves_earlier_bundles_and_site_byte_identical(project_with_bundle_and_site, capsys,
                                                                          breaker):
    root, first = project_with_bundle_and_site
    before_dist, before_site = _snapshot(root / "dist"), _snapshot(root / "site")
    breaker(root)
    with pytest.raises(BuildError):
        make_bundle(root, root / "dist", today=dt.date(2026, 11, 25))
    assert main(["--root", str(root), "bundle"]) == 1
    err = capsys.readouterr().err
    assert "bundle failed, earlier bundles and site/ were left untouched" in err
    assert ("housing.yml" in err) if breaker is _break_record else ("missing.md" in err)
    assert _snapshot(root / "dist") == before_dist and _snapshot(root / "site") == before_site
    assert [p.name for p in (root / "dist").iterdir()] == [first.name]  # no work folders left behind
    assert verify(first).ok


def test_kc_bundle_prints_the_path_of_the_new_zip(project_with_bundle_and_site, capsys):
    root, first = project_with_bundle_and_site
    assert main(["--root", str(root), "bundle", "--out", "dist"]) == 0
    out, err = capsys.readouterr()
    printed = Path(out.strip())
    assert "uncommitted" not in err  # everything is committed
    assert printed.parent == root / "dist" and printed.is_file() and verify(printed).ok
    assert sorted(p.name for p in (root / "dist").iterdir()) == sorted({first.name, printed.name})


def test_kc_bundle_warns_when_the_content_is_not_committed(project_with_bundle_and_site, capsys, monkeypatch):
    root, _ = project_with_bundle_and_site
    monkeypatch.delenv("KC_SIGNING_KEY")
    (root / "docs/sv/index.md").write_text("Ändrad startsida.\n", encoding="utf-8")
    assert main(["--root", str(root), "bundle", "--unsigned"]) == 0
    assert "uncommitted changes" in capsys.readouterr().err


def test_the_same_edition_built_twice_gives_the_same_zip(tmp_path):
    root = copy_site("basic", tmp_path / "root")
    commit_all(root)
    day = dt.date(2026, 11, 24)
    first = make_bundle(root, tmp_path / "first", today=day)
    second = make_bundle(root, tmp_path / "second", today=day)
    assert first.name == second.name and first.read_bytes() == second.read_bytes()


def test_kc_bundle_warns_when_git_cannot_name_the_commit(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # no checkout above the copy either
    root = copy_site("basic", tmp_path / "root")
    assert main(["--root", str(root), "bundle", "--unsigned"]) == 0
    out, err = capsys.readouterr()
    assert out.strip().endswith("-unknown.zip")
    assert "git could not name the commit" in err and "safe.directory" in err


# --- signing ----------------------------------------------------------------------------------------------

def test_a_signed_edition_built_twice_at_the_same_time_gives_the_same_zip(tmp_path, centre_key):
    root = copy_site("basic", tmp_path / "root")
    commit_all(root)
    day, now = dt.date(2026, 11, 24), dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.UTC)
    first = make_bundle(root, tmp_path / "first", today=day, key=centre_key, now=now)
    second = make_bundle(root, tmp_path / "second", today=day, key=centre_key, now=now)
    assert first.read_bytes() == second.read_bytes() and verify(first).ok


def test_without_a_key_kc_bundle_refuses_and_writes_nothing(project_with_bundle_and_site, capsys,
                                                             monkeypatch):
    root, first = project_with_bundle_and_site
    monkeypatch.delenv("KC_SIGNING_KEY")
    assert main(["--root", str(root), "bundle"]) == 1
    err = capsys.readouterr().err
    assert "no signing key: set $KC_SIGNING_KEY" in err and "--unsigned" in err
    assert [p.name for p in (root / "dist").iterdir()] == [first.name]


def test_an_unsigned_preview_says_so_and_kc_verify_refuses_it(project_with_bundle_and_site, capsys,
                                                                monkeypatch):
    root, first = project_with_bundle_and_site
    monkeypatch.delenv("KC_SIGNING_KEY")
    (root / "docs/sv/index.md").write_text("Förhandsvisning.\n", encoding="utf-8")  # another edition name
    commit_all_again(root)
    assert main(["--root", str(root), "bundle", "--unsigned"]) == 0
    out, err = capsys.readouterr()
    preview = Path(out.strip())
    assert "NOT signed" in err
    with zipfile.ZipFile(preview) as zf:
        top = preview.name.removesuffix(".zip")
        assert json.loads(zf.read(f"{top}/edition.json"))["signed"] is False
        assert f"{top}/{SIGNATURE}" not in zf.namelist()
    assert not verify(preview).ok and verify(preview, integrity_only=True).ok
    with zipfile.ZipFile(first) as zf:
        assert json.loads(zf.read(f"{first.name.removesuffix('.zip')}/edition.json"))["signed"] is True


def commit_all_again(root: Path) -> None:
    import subprocess

    git = ["git", "-c", "user.name=kc tests", "-c", "user.email=tests@kc.invalid"]
    subprocess.run(git + ["commit", "-qam", "preview"], cwd=root, check=True, capture_output=True)


def test_no_key_material_reaches_the_edition_or_the_output(project_with_bundle_and_site, capsys, centre_key):
    from cryptography.hazmat.primitives import serialization

    root, first = project_with_bundle_and_site
    raw = centre_key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                   serialization.NoEncryption())
    pem = _pem(centre_key)
    secrets = [raw, pem, pem.splitlines()[1], raw.hex().encode(), base64.b64encode(raw)]
    assert main(["--root", str(root), "bundle", "--out", "again"]) == 0
    out, err = capsys.readouterr()
    for archive in (first, Path(out.strip())):
        with zipfile.ZipFile(archive) as zf:
            blobs = [archive.read_bytes()] + [zf.read(i) for i in zf.infolist()]
        assert not [s for s in secrets for blob in blobs if s in blob]
    assert not [s for s in secrets if s.decode("latin-1") in out + err]
    assert "signed; SHA-256 of manifest.sha256:" in err


def test_a_key_file_inside_the_project_is_refused(project_with_bundle_and_site, capsys, centre_key,
                                                  monkeypatch):
    root, first = project_with_bundle_and_site
    monkeypatch.delenv("KC_SIGNING_KEY")
    (root / "signing.pem").write_bytes(_pem(centre_key))
    assert main(["--root", str(root), "bundle", "--key", str(root / "signing.pem")]) == 1
    err = capsys.readouterr().err
    assert "is inside the project folder" in err and "BEGIN" not in err
    assert [p.name for p in (root / "dist").iterdir()] == [first.name]


def test_a_key_the_project_does_not_ship_is_refused_before_building(project_with_bundle_and_site, capsys,
                                                                    monkeypatch):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    root, first = project_with_bundle_and_site
    monkeypatch.setenv("KC_SIGNING_KEY", _pem(Ed25519PrivateKey.generate()).decode())
    assert main(["--root", str(root), "bundle"]) == 1
    assert "is not among the centre's keys" in capsys.readouterr().err
    assert [p.name for p in (root / "dist").iterdir()] == [first.name]


def test_a_page_holding_the_signing_key_stops_the_bundle(project_with_bundle_and_site, centre_key):
    """As when docs/ links to /proc/self/environ while the key is in the environment."""
    root, first = project_with_bundle_and_site
    pem_line = _pem(centre_key).splitlines()[1].decode()
    (root / "docs/sv/index.md").write_text(f"Startsida.\n\n{pem_line}\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"^index.html in the edition holds the signing key") as exc:
        make_bundle(root, root / "dist", today=dt.date(2026, 11, 25), key=centre_key)
    assert pem_line not in str(exc.value)
    assert [p.name for p in (root / "dist").iterdir()] == [first.name]

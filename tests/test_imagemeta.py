"""`kc validate` refuses images that carry metadata or hidden data (kc.checks.imagemeta)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kc.build import build_site
from kc.checks.validate import validate
from kc.cli import main
from kc.content.errors import BuildError
from kc.content.model import Project
from test_imagefile import CLEAN, EXIF, jpeg, png, segment


def _findings(root: Path) -> list:
    return [f for f in validate(Project.load(root)) if f.rule == "image-metadata"]


def _put(root: Path, rel: str, data: bytes) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_bytes(data)


@pytest.mark.parametrize("rel, ext", [("docs/assets/images/karta.png", "png"),
                                      ("docs/sv/guidelines/housing/flode.jpg", "jpg"),
                                      ("docs/en/img/flow.gif", "gif"), ("docs/assets/images/a.webp", "webp")])
def test_clean_pictures_pass(site_copy, rel, ext):
    root = site_copy("basic")
    _put(root, rel, CLEAN[ext])
    assert _findings(root) == []


def test_a_photo_with_exif_is_named_with_line_and_fix(site_copy):
    root = site_copy("basic")
    _put(root, "docs/assets/images/boende.jpg", jpeg(segment(0xE1, EXIF), segment(0xFE, b"x")))
    [found] = _findings(root)
    assert (found.path, found.line, found.severity) == ("docs/assets/images/boende.jpg", 1, "error")
    assert "EXIF metadata" in found.message and "a text comment" in found.message
    assert "kc strip-images" in found.message


def test_a_damaged_image_is_reported_and_a_non_image_left_to_the_layout_check(site_copy):
    root = site_copy("basic")
    _put(root, "docs/assets/images/halv.png", CLEAN["png"][:40])
    _put(root, "docs/assets/images/inte.png", b"<html>")
    found = _findings(root)
    assert [(f.path, "damaged" in f.message) for f in found] == [("docs/assets/images/halv.png", True)]
    layout = [f.path for f in validate(Project.load(root)) if f.rule == "layout"]
    assert layout == ["docs/assets/images/inte.png"]


def test_kc_validate_fails_and_kc_build_keeps_the_old_site(site_copy, capsys):
    root = site_copy("basic")
    build_site(root)
    before = (root / "site" / "index.html").read_bytes()
    _put(root, "docs/sv/guidelines/housing/karta.png", png((b"tEXt", b"Author\0someone")))
    assert main(["--root", str(root), "validate"]) == 1
    assert "docs/sv/guidelines/housing/karta.png:1: the image holds text metadata" in capsys.readouterr().out
    with pytest.raises(BuildError, match="karta.png"):
        build_site(root)
    assert (root / "site" / "index.html").read_bytes() == before


def test_the_real_content_has_no_image_metadata():
    assert _findings(Path(__file__).resolve().parent.parent) == []


def test_kc_strip_images_fixes_what_validate_reports(site_copy, capsys):
    root = site_copy("basic")
    _put(root, "docs/assets/images/boende.jpg", jpeg(segment(0xE1, EXIF)))
    _put(root, "docs/sv/guidelines/housing/karta.png", CLEAN["png"])
    assert main(["--root", str(root), "strip-images"]) == 0
    out = capsys.readouterr().out
    assert "docs/assets/images/boende.jpg: removed EXIF metadata" in out and "karta.png" not in out
    assert "2 image(s) checked, 0 could not be stripped" in out
    assert _findings(root) == []
    assert (root / "docs/assets/images/boende.jpg").read_bytes() == jpeg()


def test_kc_strip_images_names_what_it_could_not_strip(site_copy, capsys):
    root = site_copy("basic")
    _put(root, "docs/assets/images/halv.png", CLEAN["png"][:40])
    assert main(["--root", str(root), "strip-images", str(root / "docs/assets/images/halv.png")]) == 1
    assert "docs/assets/images/halv.png: not stripped:" in capsys.readouterr().out
    assert main(["--root", str(root), "strip-images", str(root / "docs/sv/index.md")]) == 1
    assert "not an image file or folder" in capsys.readouterr().err


def test_a_file_name_cannot_forge_a_finding_or_a_line_of_kc_strip_images(site_copy, capsys):
    root = site_copy("basic")
    name = "docs/assets/images/a.png\ndocs/sv/index.md:1: forged\x1b[2K.png"
    _put(root, name, png((b"tEXt", b"Author\0someone")))
    found = [str(f) for f in _findings(root)]
    assert found and all("\n" not in f and "\x1b" not in f for f in found), found
    assert main(["--root", str(root), "strip-images", str(root / "docs/assets/images")]) == 0
    out = capsys.readouterr().out
    assert "\\u000a" in out and "\x1b" not in out and "\nforged" not in out
    assert len(out.splitlines()) == 2, out


def test_an_image_too_large_for_a_page_is_refused_unread(site_copy, monkeypatch):
    from kc.checks import imagemeta

    root = site_copy("basic")
    _put(root, "docs/assets/images/stor.png", CLEAN["png"] + b"\0" * 2048)
    monkeypatch.setattr(imagemeta, "MAX_BYTES", 1024)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} was read"))
    [found] = list(imagemeta.check_image_metadata(Project.load(root)))
    assert (found.path, found.line) == ("docs/assets/images/stor.png", 1)
    assert "export it smaller" in found.message

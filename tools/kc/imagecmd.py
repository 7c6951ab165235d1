"""`kc strip-images`: the fix that `kc validate` names for an image with metadata (kc.content.imagefile)."""

from __future__ import annotations

import argparse
from pathlib import Path

from kc.content.errors import UserError
from kc.content.layout import IMAGE_EXTENSIONS, shown_path


def add_parser(sub) -> None:
    """The subcommand's arguments."""
    p = sub.add_parser("strip-images", help="remove metadata (EXIF, XMP, comments ...) from images in place")
    p.add_argument("paths", nargs="*", type=Path,
                   help="image files or folders (default: every image under docs/)")
    p.set_defaults(func=cmd_strip_images)


def cmd_strip_images(args: argparse.Namespace) -> int:
    """Strip each image; print what was removed from which file. Exit 1 if a file could not be stripped."""
    from kc.content.imagefile import Damaged, strip_file

    files = _images(args.paths or [args.root / "docs"], args.root)
    failed = 0
    for path in files:
        shown = _shown(path, args.root)
        try:
            removed = strip_file(path)
        except Damaged as exc:
            print(f"{shown}: not stripped: {exc}; export the picture again from the original")
            failed += 1
        except OSError as exc:
            print(f"{shown}: not stripped: {exc.strerror or exc}; check that the file can be written")
            failed += 1
        else:
            if removed:
                print(f"{shown}: removed {'; '.join(removed)}")
    print(f"{len(files)} image(s) checked, {failed} could not be stripped")
    return 1 if failed else 0


def _images(paths: list[Path], root: Path) -> list[Path]:
    """The image files named or found below the folders named; never through a link."""
    found = []
    for given in paths:
        path = given if given.is_absolute() else Path.cwd() / given
        if path.is_symlink():
            raise UserError(f"{shown_path(str(given))}: is a symbolic link; name the image file itself")
        if path.is_dir():
            found += [p for ext in IMAGE_EXTENSIONS for p in path.rglob(f"*.{ext}")
                      if p.is_file() and not p.is_symlink()]
        elif path.is_file() and path.suffix[1:].lower() in IMAGE_EXTENSIONS:
            found.append(path)
        else:
            raise UserError(f"{shown_path(str(given))}: not an image file or folder (PNG, JPEG, WebP or "
                            "GIF); check the path")
    return sorted(set(found))


def _shown(path: Path, root: Path) -> str:
    """The file's name as printed: control and format characters escaped, so a name cannot forge a line."""
    try:
        return shown_path(path.resolve().relative_to(root).as_posix())
    except ValueError:
        return shown_path(str(path))

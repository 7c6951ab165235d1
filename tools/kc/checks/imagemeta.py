"""`kc validate` check: images under docs/ carry nothing but the picture (kc.content.imagefile)."""

from __future__ import annotations

import stat
from collections.abc import Iterator

from kc.content.findings import Finding
from kc.content.imagefile import Damaged, extra_parts, has_signature
from kc.content.layout import IMAGE_EXTENSIONS, shown_path
from kc.content.model import Project

# Far above any picture a page needs; a larger file is not read (a hostile one would be read whole).
MAX_BYTES = 20 * 1024 * 1024
FIX = (
    "remove it with 'kc strip-images FILE' (or export the picture again without metadata), then check that "
    "nothing in the picture itself identifies a person or a place"
)


def check_image_metadata(project: Project) -> Iterator[Finding]:
    """Each image under docs/ that holds metadata or hidden data, or that cannot be read as its type."""
    docs = project.docs
    if not docs.is_dir():
        return
    for path in sorted(p for ext in IMAGE_EXTENSIONS for p in docs.rglob(f"*.{ext}")):
        rel = shown_path(project.rel(path))  # a name with a line break or escape must not forge findings
        try:
            st = path.lstat()
            if not stat.S_ISREG(st.st_mode):
                continue  # the layout check refuses links and special files, and they are never read
            if st.st_size > MAX_BYTES:
                yield Finding(rel, 1, f"image of {st.st_size / 1048576:.0f} MB, more than the "
                              f"{MAX_BYTES // 1048576} MB a page may load; export it smaller (a few hundred "
                              "kB is enough for a screen)", rule="image-metadata")
                continue
            data = path.read_bytes()
        except OSError as exc:
            yield Finding(rel, 1, f"cannot read this image: {exc.strerror or exc}; check its permissions",
                          rule="image-metadata")
            continue
        finding = image_finding(rel, data, path.suffix[1:])
        if finding:
            yield finding


def image_finding(rel: str, data: bytes, ext: str) -> Finding | None:
    """The finding for the image `data` (of type `ext`) shown as `rel`, or None when it holds only the
    picture. A file that does not even start as its type is left to the layout check, which reports it."""
    if not has_signature(data, ext):
        return None
    try:
        parts = extra_parts(data, ext)
    except Damaged as exc:
        return Finding(rel, 1, f"this {ext.upper()} image is damaged ({exc}); export the picture again",
                       rule="image-metadata")
    if not parts:
        return None
    return Finding(rel, 1, f"the image holds {'; '.join(parts)}, which is published with it; {FIX}",
                   rule="image-metadata")


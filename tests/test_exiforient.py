"""Stripping a photo keeps which way up it is, and only that (kc.content.exiforient)."""

from __future__ import annotations

import struct

import pytest

from kc.content.exiforient import exif_body, orientation
from kc.content.imagefile import extra_parts, stripped
from test_imagefile import jpeg, segment


def exif(order: str, *entries: tuple[int, int, int, bytes]) -> bytes:
    """An APP1 EXIF body in byte order `order` ('>' or '<') with IFD0 `entries` (tag, type, count, value)."""
    head = (b"MM" if order == ">" else b"II") + struct.pack(order + "HI", 42, 8)
    ifd = struct.pack(order + "H", len(entries)) + b"".join(
        struct.pack(order + "HHI", tag, kind, n) + value.ljust(4, b"\0") for tag, kind, n, value in entries)
    return b"Exif\0\0" + head + ifd + b"\0\0\0\0"


GPS = (0x8825, 4, 1, struct.pack(">I", 26))  # a pointer to where the photo was taken


@pytest.mark.parametrize("order, value", [(">", 6), ("<", 8), ("<", 3)])
def test_stripping_a_turned_photo_keeps_its_orientation_and_nothing_else(order, value):
    turned = (0x0112, 3, 1, struct.pack(order + "H", value))
    photo = jpeg(segment(0xE1, exif(order, GPS, turned)), segment(0xFE, b"taken at"))
    assert "EXIF" in extra_parts(photo, "jpg")[0]
    clean = stripped(photo, "jpg")
    assert clean == jpeg(segment(0xE1, exif_body(value)))
    assert extra_parts(clean, "jpg") == []
    assert orientation(exif_body(value)) == value


def test_an_upright_or_unreadable_orientation_is_not_kept():
    upright = exif(">", (0x0112, 3, 1, struct.pack(">H", 1)))
    assert stripped(jpeg(segment(0xE1, upright)), "jpg") == jpeg()
    for body in (exif(">", (0x0112, 4, 1, struct.pack(">I", 6))),  # not a SHORT
                 exif(">", (0x0112, 3, 1, struct.pack(">H", 9))),  # no such orientation
                 b"Exif\0\0MM\0*\xff\xff\xff\xff", b"Exif\0\0MM\0*\0\0\0\x08\xff\xff", b"Exif\0\0XX", b""):
        assert orientation(body) == 0
        assert stripped(jpeg(segment(0xE1, body)), "jpg") == jpeg()


def test_only_the_exact_orientation_form_is_accepted():
    # The kept form with anything after it, or the orientation in another form, is still EXIF to remove.
    for body in (exif_body(6) + b"secret", exif("<", (0x0112, 3, 1, struct.pack("<H", 6)))):
        assert "EXIF" in extra_parts(jpeg(segment(0xE1, body)), "jpg")[0]

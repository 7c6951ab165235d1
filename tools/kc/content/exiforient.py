"""The one part of a photo's EXIF that is kept when metadata is stripped: which way up the picture is.

A phone stores a portrait photo as the sensor saw it and says in EXIF (tag 0x0112, Orientation) how to turn
it; browsers turn it so. Without that tag the photo shows on its side. Stripping therefore writes, in the
EXIF's place, an EXIF of that one tag in one fixed form, and kc.content.imagefile accepts exactly that form
(an allow-list of seven byte strings: nothing else can be hidden in it).
"""

from __future__ import annotations

import struct

_TAG = 0x0112
_SHORT = 3


def exif_body(orientation: int) -> bytes:
    """The JPEG APP1 body of an EXIF holding only `orientation` (2 to 8), big-endian, one entry in IFD0."""
    return (b"Exif\0\0MM\0*\0\0\0\x08\0\x01" + struct.pack(">HHIH", _TAG, _SHORT, 1, orientation)
            + b"\0\0" + b"\0\0\0\0")


ORIENTATION_ONLY = frozenset(exif_body(v) for v in range(2, 9))


def orientation(body: bytes) -> int:
    """The Orientation (2 to 8) that the APP1 EXIF body `body` gives its picture; 0 for none, the upright 1,
    or an EXIF that cannot be read."""
    tiff = body[6:]
    order = {b"MM": ">", b"II": "<"}.get(tiff[:2])
    if order is None or not body.startswith(b"Exif\0"):
        return 0
    try:
        ifd = struct.unpack(order + "I", tiff[4:8])[0]
        count = struct.unpack(order + "H", tiff[ifd : ifd + 2])[0]
        for at in range(ifd + 2, ifd + 2 + 12 * count, 12):
            tag, kind, n = struct.unpack(order + "HHI", tiff[at : at + 8])
            if tag == _TAG:
                value = struct.unpack(order + "H", tiff[at + 8 : at + 10])[0]
                return value if kind == _SHORT and n == 1 and 2 <= value <= 8 else 0
    except struct.error:  # an offset or a count past the end
        return 0
    return 0


def orientation_segment(data: bytes, start: int) -> bytes:
    """The APP1 segment to write in place of the EXIF segment at `start` of the JPEG `data` (after any fill
    bytes): the orientation-only EXIF, or nothing when the picture is upright or its EXIF unreadable."""
    marker = start
    while data[marker] == 0xFF:
        marker += 1
    size = struct.unpack(">H", data[marker + 1 : marker + 3])[0]
    value = orientation(data[marker + 3 : marker + 1 + size])
    if not value:
        return b""
    body = exif_body(value)
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body

"""What a raster image file holds besides the picture: the metadata a camera, phone or editor writes into it.

A photo straight from a phone carries EXIF: where and when it was taken, the camera's serial number, often the
owner's name. On a portal about people who leave criminal groups, the position of a photo taken at a
safe address is as dangerous as a name in the text. So an image is read part by part and judged by an
allow-list: the parts a browser needs to draw the picture (pixels, palette, transparency, colour profile,
animation) are kept; any other part is reported by name, and so is anything after the image's end, where
data can hide that no viewer shows.
"""

from __future__ import annotations

import struct

# Names the editor can act on, for the parts most tools write.
_WHAT = {
    "exif": "EXIF metadata (it can hold where and when the photo was taken, the camera and its owner)",
    "xmp": "XMP metadata (it can hold the author, places, people and the editing history)",
    "iptc": "IPTC/Photoshop metadata (it can hold the author, captions and places)",
    "comment": "a text comment",
    "text": "text metadata",
    "time": "the time the picture was last changed",
    "trailer": "data after the end of the image, which no viewer shows",
}

_JPEG_APP_OK = {0xE0: (b"JFIF\0", b"JFXX\0"), 0xE2: (b"ICC_PROFILE\0",), 0xEE: (b"Adobe",)}
# Frame, table and scan markers: what the decoder reads.
_JPEG_OK = {*range(0xC0, 0xD0), 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF}
_PNG_OK = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB", b"bKGD",
    b"hIST", b"pHYs", b"acTL", b"fcTL", b"fdAT", b"cICP", b"mDCv", b"cLLi",
}
_PNG_WHAT = {b"eXIf": "exif", b"tEXt": "text", b"zTXt": "text", b"iTXt": "text", b"tIME": "time"}
_WEBP_OK = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}
_WEBP_WHAT = {b"EXIF": "exif", b"XMP ": "xmp"}
_GIF_APPS_OK = (b"NETSCAPE2.0", b"ANIMEXTS1.0")


class Damaged(Exception):
    """The file ends early or its structure is not what its format prescribes."""


def has_signature(data: bytes, ext: str) -> bool:
    """Whether `data` starts as an image of type `ext` does (kc.content.layout refuses one that does not)."""
    ext = ext.lower()
    if ext == "webp":
        return data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    if ext == "gif":
        return data[:6] in (b"GIF87a", b"GIF89a")
    return data.startswith(b"\x89PNG\r\n\x1a\n" if ext == "png" else b"\xff\xd8\xff")


def extra_parts(data: bytes, ext: str) -> list[str]:
    """What `data`, an image of type `ext` (png, jpg, jpeg, gif, webp), holds besides the picture, in words;
    empty for a clean image. Raises Damaged when the file cannot be read as that type."""
    reader = {"png": _png, "jpg": _jpeg, "jpeg": _jpeg, "gif": _gif, "webp": _webp}[ext.lower()]
    try:
        found = reader(data)
    except (IndexError, ValueError, struct.error):  # ValueError: bytes.index found no further marker
        raise Damaged("the file ends in the middle of a part") from None
    return list(dict.fromkeys(_WHAT.get(x, x) for x in found))


def _png(data: bytes) -> list[str]:
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise Damaged("no PNG signature")
    found, pos = [], 8
    while True:
        if pos + 12 > len(data):
            raise Damaged("the file ends before its IEND part")
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        pos += 12 + size
        if pos > len(data):
            raise Damaged(f"the {kind!r} part runs past the end of the file")
        if kind == b"IEND":
            break
        if kind not in _PNG_OK:
            found.append(_PNG_WHAT.get(kind, f"a part named {kind.decode('latin-1')!r}"))
    return _trailer(data, pos, found)


def _jpeg(data: bytes) -> list[str]:
    if not data.startswith(b"\xff\xd8"):
        raise Damaged("no JPEG start marker")
    found, pos, n = [], 2, len(data)
    while True:
        if data[pos] != 0xFF:
            raise Damaged(f"no marker at byte {pos}")
        while data[pos] == 0xFF:  # fill bytes before a marker
            pos += 1
        marker = data[pos]
        pos += 1
        if marker == 0xD9:  # end of image
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # no length
            continue
        size = struct.unpack(">H", data[pos : pos + 2])[0]
        if size < 2 or pos + size > n:
            raise Damaged(f"a part at byte {pos} runs past the end of the file")
        body = data[pos + 2 : pos + size]
        pos += size
        if marker == 0xE1:
            found.append("exif" if body.startswith(b"Exif\0") else "xmp" if b"xap/1.0" in body[:64] else
                         "an APP1 part")
        elif marker == 0xED:
            found.append("iptc")
        elif marker == 0xFE:
            found.append("comment")
        elif marker in _JPEG_APP_OK:
            if not body.startswith(_JPEG_APP_OK[marker]):
                found.append(f"an APP{marker - 0xE0} part")
        elif 0xE0 <= marker <= 0xEF:
            found.append(f"an APP{marker - 0xE0} part")
        elif marker not in _JPEG_OK:
            found.append(f"a part with marker 0x{marker:02X}")
        if marker == 0xDA:  # entropy-coded data up to the next marker that is not a restart or stuffed 0xFF
            while True:
                pos = data.index(b"\xff", pos)
                if data[pos + 1] == 0 or 0xD0 <= data[pos + 1] <= 0xD7 or data[pos + 1] == 0xFF:
                    pos += 1 if data[pos + 1] == 0xFF else 2
                    continue
                break
    return _trailer(data, pos, found)


def _gif(data: bytes) -> list[str]:
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        raise Damaged("no GIF signature")
    found, flags = [], data[10]
    pos = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    while True:
        block = data[pos]
        if block == 0x3B:  # trailer
            pos += 1
            break
        if block == 0x2C:  # an image: descriptor, local palette, LZW code size, data
            local = data[pos + 9]
            pos += 10 + (3 << ((local & 7) + 1) if local & 0x80 else 0) + 1
            pos = _sub_blocks(data, pos)[0]
        elif block == 0x21:
            label = data[pos + 1]
            pos, first = _sub_blocks(data, pos + 2)
            if label == 0xFE:
                found.append("comment")
            elif label == 0x01:
                found.append("text")
            elif label == 0xFF:
                if first not in _GIF_APPS_OK:
                    found.append("xmp" if first.startswith(b"XMP Data") else
                                 f"an application part named {first[:11].decode('latin-1')!r}")
            elif label != 0xF9:  # graphic control: delay and transparency
                found.append(f"an extension with label 0x{label:02X}")
        else:
            raise Damaged(f"unknown block 0x{block:02X} at byte {pos}")
    return _trailer(data, pos, found)


def _sub_blocks(data: bytes, pos: int) -> tuple[int, bytes]:
    """The position after a chain of sub-blocks starting at `pos`, and the first sub-block."""
    first = None
    while True:
        size = data[pos]
        if first is None:
            first = data[pos + 1 : pos + 1 + size]
        pos += 1 + size
        if pos > len(data):
            raise Damaged("a block runs past the end of the file")
        if size == 0:
            return pos, first


def _webp(data: bytes) -> list[str]:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise Damaged("no RIFF/WEBP header")
    end = 8 + struct.unpack("<I", data[4:8])[0]
    if end > len(data):
        raise Damaged("the file is shorter than its header says")
    found, pos = [], 12
    while pos < end:
        if pos + 8 > end:
            raise Damaged("a part header runs past the end of the image")
        kind, size = struct.unpack("<4sI", data[pos : pos + 8])
        pos += 8 + size + (size & 1)
        if pos > end:
            raise Damaged(f"the {kind!r} part runs past the end of the image")
        if kind not in _WEBP_OK:
            found.append(_WEBP_WHAT.get(kind, f"a part named {kind.decode('latin-1')!r}"))
    return _trailer(data, end, found)


def _trailer(data: bytes, end: int, found: list[str]) -> list[str]:
    """`found`, with "trailer" when bytes other than zero padding (which some encoders add) follow `end`."""
    if data[end:].strip(b"\0"):
        found.append("trailer")
    return found

"""What a raster image file holds besides the picture: the metadata a camera, phone or editor writes into it.

A photo straight from a phone carries EXIF: where and when it was taken, the camera's serial number, often the
owner's name. On a portal about people who leave criminal groups, the position of a photo taken at a
safe address is as dangerous as a name in the text. So an image is read part by part and judged by an
allow-list: the parts a browser needs to draw the picture (pixels, palette, transparency, colour profile,
animation) are kept; any other part is reported by name, and so is anything after the image's end, where
data can hide that no viewer shows.
"""

from __future__ import annotations

import os
import stat
import struct
import tempfile
from pathlib import Path

from kc.content.exiforient import ORIENTATION_ONLY, orientation_segment

# Names the editor can act on, for the parts most tools write.
_WHAT = {
    "exif": "EXIF metadata (it can hold where and when the photo was taken, the camera and its owner)",
    "xmp": "XMP metadata (it can hold the author, places, people and the editing history)",
    "iptc": "IPTC/Photoshop metadata (it can hold the author, captions and places)",
    "comment": "a text comment",
    "text": "text metadata",
    "time": "the time the picture was last changed",
    "trailer": "data after the end of the image, which no viewer shows",
    "thumbnail": "a thumbnail (it can show the picture as it was before it was cropped or edited)",
    "hidden": "data hidden in a part that the picture needs",
}

_JPEG_APP_OK = {0xE2: (b"ICC_PROFILE\0",)}
# Frame, table and scan markers: what the decoder reads.
_JPEG_OK = {*range(0xC0, 0xD0), 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF}
_PNG_OK = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB", b"bKGD",
    b"hIST", b"pHYs", b"acTL", b"fcTL", b"fdAT", b"cICP", b"mDCv", b"cLLi",
}
_PNG_WHAT = {b"eXIf": "exif", b"tEXt": "text", b"zTXt": "text", b"iTXt": "text", b"tIME": "time"}
_WEBP_OK = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}
_WEBP_WHAT = {b"EXIF": "exif", b"XMP ": "xmp"}
_WEBP_FRAME_OK = {b"ALPH", b"VP8 ", b"VP8L"}  # an animation frame's pixels; other parts in it are hidden
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
    return list(dict.fromkeys(_WHAT.get(what, what) for _, _, what in parts(data, ext) if what))


def stripped(data: bytes, ext: str) -> bytes:
    """`data` with only the parts the picture needs: the same pixels, nothing else. Raises Damaged."""
    found = parts(data, ext)
    kept = b"".join(data[start:end] for start, end, what in found if not what)
    if ext.lower() in ("jpg", "jpeg"):
        # Which way up the photo is stays (kc.content.exiforient), written where the first EXIF was.
        exif = next((start for start, _, what in found if what == "exif"), None)
        turn = orientation_segment(data, exif) if exif is not None else b""
        if turn:
            kept = b"".join(data[start:end] if not what else turn if start == exif else b""
                            for start, end, what in found)
    if ext.lower() == "webp":
        kept = _webp_header(b"".join(data[start:end] if not what else _clean_frames(data[start:end])
                                     if what == "hidden" else b"" for start, end, what in found))
    return kept


def strip_file(path: Path) -> list[str]:
    """Remove what `path` (an image, typed by its extension) holds besides the picture, in place and
    atomically; return what was removed, in words (empty: the file was clean and is left untouched).
    Raises Damaged, or OSError when the file cannot be read or replaced."""
    data = path.read_bytes()
    ext = path.suffix[1:]
    if not has_signature(data, ext):
        raise Damaged(f"the file does not start as a {ext.upper()} image does")
    removed = extra_parts(data, ext)
    if not removed:
        return []
    clean = stripped(data, ext)
    if extra_parts(clean, ext):  # never replace a picture with one this module cannot vouch for
        raise Damaged("removing the metadata did not leave a clean image")
    # A new file of its own (O_EXCL): a fixed name could be a link planted beside the image, written through.
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".strip")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(clean)
        os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))  # the picture as readable as before, no more
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return removed


def parts(data: bytes, ext: str) -> list[tuple[int, int, str]]:
    """The file's parts in order, as (start, end, what): `what` is empty for a part the picture needs, else
    the kind of metadata or hidden data it is. Raises Damaged."""
    reader = {"png": _png, "jpg": _jpeg, "jpeg": _jpeg, "gif": _gif, "webp": _webp}[ext.lower()]
    try:
        found = reader(data)
    except (IndexError, ValueError, struct.error):  # ValueError: bytes.index found no further marker
        raise Damaged("the file ends in the middle of a part") from None
    end = found[-1][1]
    if data[end:].strip(b"\0"):  # zero padding, which some encoders add, hides nothing
        found.append((end, len(data), "trailer"))
    return found


def _add(found: list[tuple[int, int, str]], start: int, end: int, what: str) -> None:
    """Append a part, joined to the one before when it follows it and is of the same kind: a file of
    millions of tiny parts (bare JPEG markers, empty GIF extensions) is then a few tuples, not gigabytes."""
    if found and found[-1][1] == start and found[-1][2] == what:
        found[-1] = (found[-1][0], end, what)
    else:
        found.append((start, end, what))


def _png(data: bytes) -> list[tuple[int, int, str]]:
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise Damaged("no PNG signature")
    found, pos = [(0, 8, "")], 8
    while True:
        if pos + 12 > len(data):
            raise Damaged("the file ends before its IEND part")
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        start, pos = pos, pos + 12 + size
        if pos > len(data):
            raise Damaged(f"the {kind!r} part runs past the end of the file")
        what = "" if kind in _PNG_OK else _PNG_WHAT.get(kind, f"a part named {kind.decode('latin-1')!r}")
        _add(found, start, pos, what)
        if kind == b"IEND":
            return found


def _jpeg(data: bytes) -> list[tuple[int, int, str]]:
    if not data.startswith(b"\xff\xd8"):
        raise Damaged("no JPEG start marker")
    found, pos, n = [(0, 2, "")], 2, len(data)
    while True:
        start = pos
        if data[pos] != 0xFF:
            raise Damaged(f"no marker at byte {pos}")
        while data[pos] == 0xFF:  # fill bytes before a marker
            pos += 1
        marker = data[pos]
        pos += 1
        if marker == 0xD9:  # end of image
            _add(found, start, pos, "")
            return found
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # no length
            _add(found, start, pos, "")
            continue
        size = struct.unpack(">H", data[pos : pos + 2])[0]
        if size < 2 or pos + size > n:
            raise Damaged(f"a part at byte {pos} runs past the end of the file")
        body = data[pos + 2 : pos + size]
        pos += size
        if marker == 0xDA:  # entropy-coded data up to the next marker that is not a restart or stuffed 0xFF
            while True:
                pos = data.index(b"\xff", pos)
                if data[pos + 1] == 0 or 0xD0 <= data[pos + 1] <= 0xD7 or data[pos + 1] == 0xFF:
                    pos += 1 if data[pos + 1] == 0xFF else 2
                    continue
                break
        _add(found, start, pos, _jpeg_what(marker, body))


def _jpeg_what(marker: int, body: bytes) -> str:
    if marker == 0xE1 and body in ORIENTATION_ONLY:
        return ""  # which way up the picture is, alone (kc.content.exiforient)
    if marker == 0xE1:
        return "exif" if body.startswith(b"Exif\0") else "xmp" if b"xap/1.0" in body[:64] else "an APP1 part"
    if marker == 0xED:
        return "iptc"
    if marker == 0xFE:
        return "comment"
    if marker == 0xE0 and body.startswith(b"JFIF\0") and len(body) >= 14:
        # Version, density and the thumbnail's size, then its pixels: nothing else may follow.
        if body[12] or body[13]:
            return "thumbnail"
        return "" if len(body) == 14 else "hidden"
    if marker == 0xE0 and body.startswith(b"JFXX\0"):
        return "thumbnail"
    if marker == 0xEE and body.startswith(b"Adobe"):
        return "" if len(body) == 12 else "hidden"  # version, two flag words, the colour transform
    if marker in _JPEG_APP_OK:
        return "" if body.startswith(_JPEG_APP_OK[marker]) else f"an APP{marker - 0xE0} part"
    if 0xE0 <= marker <= 0xEF:
        return f"an APP{marker - 0xE0} part"
    return "" if marker in _JPEG_OK else f"a part with marker 0x{marker:02X}"


def _gif(data: bytes) -> list[tuple[int, int, str]]:
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        raise Damaged("no GIF signature")
    flags = data[10]
    pos = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    found = [(0, pos, "")]
    while True:
        start, block = pos, data[pos]
        what = ""
        if block == 0x3B:  # trailer
            _add(found, start, pos + 1, "")
            return found
        if block == 0x2C:  # an image: descriptor, local palette, LZW code size, data
            local = data[pos + 9]
            pos += 10 + (3 << ((local & 7) + 1) if local & 0x80 else 0) + 1
            pos = _sub_blocks(data, pos)[0]
        elif block == 0x21:
            label = data[pos + 1]
            pos, first, second, count = _sub_blocks(data, pos + 2)
            if label == 0xFE:
                what = "comment"
            elif label == 0x01:
                what = "text"
            elif label == 0xFF and first not in _GIF_APPS_OK:
                what = ("xmp" if first.startswith(b"XMP Data") else
                        f"an application part named {first[:11].decode('latin-1')!r}")
            elif label in (0xFF, 0xF9):
                # The animation's loop count or buffer size after the name, one sub-block; the graphic
                # control's delay and transparency, one sub-block of four bytes. Anything more is hidden,
                # and only that goes when stripped: the picture keeps its transparency and timing.
                if label == 0xFF:
                    good, needed = count == 1 or (len(second), second[:1]) in ((3, b"\1"), (5, b"\2")), 2
                else:
                    good, needed = len(first) == 4, 1
                if not good:
                    what = "hidden"
                elif count > needed:
                    cut = start + 2 + 1 + len(first) + (1 + len(second) if needed == 2 else 0)
                    _add(found, start, cut, "")
                    _add(found, cut, pos - 1, "hidden")
                    start = pos - 1  # the empty sub-block that ends the extension
            else:
                what = f"an extension with label 0x{label:02X}"
        else:
            raise Damaged(f"unknown block 0x{block:02X} at byte {pos}")
        _add(found, start, pos, what)


def _sub_blocks(data: bytes, pos: int) -> tuple[int, bytes, bytes, int]:
    """The position after a chain of sub-blocks starting at `pos`, its first two sub-blocks and how many
    it has (the empty one that ends it not counted)."""
    heads: list[bytes] = []
    count = 0
    while True:
        size = data[pos]
        if len(heads) < 2:
            heads.append(data[pos + 1 : pos + 1 + size])
        pos += 1 + size
        if pos > len(data):
            raise Damaged("a block runs past the end of the file")
        if size == 0:
            heads += [b"", b""]
            return pos, heads[0], heads[1], count
        count += 1


def _webp(data: bytes) -> list[tuple[int, int, str]]:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise Damaged("no RIFF/WEBP header")
    end = 8 + struct.unpack("<I", data[4:8])[0]
    if end > len(data):
        raise Damaged("the file is shorter than its header says")
    found, pos = [(0, 12, "")], 12
    while pos < end:
        if pos + 8 > end:
            raise Damaged("a part header runs past the end of the image")
        kind, size = struct.unpack("<4sI", data[pos : pos + 8])
        start, pos = pos, pos + 8 + size + (size & 1)
        if pos > end:
            raise Damaged(f"the {kind!r} part runs past the end of the image")
        what = "" if kind in _WEBP_OK else _WEBP_WHAT.get(kind, f"a part named {kind.decode('latin-1')!r}")
        frame = data[start + 8 : start + 8 + size] if kind == b"ANMF" else b""
        if frame and any(k not in _WEBP_FRAME_OK for k, _ in _frame_parts(frame)):
            what = "hidden"  # the only kind of WebP part marked so: _clean_frames rebuilds them
        _add(found, start, pos, what)
    return found


def _frame_parts(body: bytes) -> list[tuple[bytes, bytes]]:
    """The parts of an animation frame's `body` after its 16 bytes of position, size and timing, as
    (kind, the part's bytes with its header and padding)."""
    if len(body) < 16:
        raise Damaged("an animation frame is shorter than its header")
    found, pos = [], 16
    while pos < len(body):
        if pos + 8 > len(body):
            raise Damaged("a part header runs past the end of an animation frame")
        kind, size = struct.unpack("<4sI", body[pos : pos + 8])
        start, pos = pos, pos + 8 + size + (size & 1)
        if pos > len(body):
            raise Damaged(f"the {kind!r} part runs past the end of an animation frame")
        found.append((kind, body[start:pos]))
    return found


def _clean_frames(region: bytes) -> bytes:
    """The animation frames (ANMF parts) of `region` with only their pixels, their sizes counted again."""
    out, pos = [], 0
    while pos < len(region):
        size = struct.unpack("<I", region[pos + 4 : pos + 8])[0]
        body = region[pos + 8 : pos + 8 + size]
        frame = body[:16] + b"".join(part for kind, part in _frame_parts(body) if kind in _WEBP_FRAME_OK)
        out.append(b"ANMF" + struct.pack("<I", len(frame)) + frame)  # parts keep even lengths: no padding
        pos += 8 + size + (size & 1)
    return b"".join(out)


def _webp_header(data: bytes) -> bytes:
    """A WebP put together from kept parts: the RIFF size counts what is left, and the extended header (VP8X)
    no longer announces the EXIF and XMP parts that were removed."""
    data = bytearray(data)
    data[4:8] = struct.pack("<I", len(data) - 8)
    if data[12:16] == b"VP8X":
        data[20] &= ~0x0C & 0xFF
    return bytes(data)

"""What an image holds besides the picture (kc.content.imagefile), read part by part from each format."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kc.content.imagefile import Damaged, extra_parts, has_signature, strip_file, stripped


def png(*chunks: tuple[bytes, bytes], tail: bytes = b"") -> bytes:
    """A 1x1 grey PNG with `chunks` (type, data) before its pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    body = [chunk(b"IHDR", ihdr), *(chunk(k, d) for k, d in chunks), chunk(b"IDAT", zlib.compress(b"\0\0"))]
    return b"\x89PNG\r\n\x1a\n" + b"".join(body) + chunk(b"IEND", b"") + tail


def segment(marker: int, body: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def jpeg(*extra: bytes, scan: bytes = b"\x12\x34\xff\x00\x56\xff\xd0\x78", after_scan: bytes = b"",
         tail: bytes = b"") -> bytes:
    """A JPEG's structure (start, JFIF, tables, frame, scan with a stuffed byte and a restart, end) with
    `extra` segments before the frame and `after_scan` between the scan and the end."""
    head = segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0")
    tables = segment(0xDB, b"\0" + bytes(64)) + segment(0xC4, b"\0" + bytes(16) + b"\0")
    frame = segment(0xC0, b"\x08\0\x01\0\x01\x01\x01\x11\0")
    sos = segment(0xDA, b"\x01\x01\0\0\x3f\0")
    return (b"\xff\xd8" + head + b"".join(extra) + tables + frame + sos + scan + after_scan + b"\xff\xd9"
            + tail)


def gif(*extensions: bytes, tail: bytes = b"") -> bytes:
    """A 1x1 GIF89a with a global palette, `extensions` before its image, and its trailer."""
    screen = b"GIF89a" + struct.pack("<HH", 1, 1) + b"\x80\0\0" + b"\0\0\0\xff\xff\xff"
    image = b"\x2c" + struct.pack("<HHHH", 0, 0, 1, 1) + b"\0" + b"\x02\x02\x44\x01\0"
    return screen + b"".join(extensions) + image + b"\x3b" + tail


def gif_extension(label: int, *blocks: bytes) -> bytes:
    return bytes([0x21, label]) + b"".join(bytes([len(b)]) + b for b in blocks) + b"\0"


def webp(*chunks: tuple[bytes, bytes], tail: bytes = b"", vp8x: bytes | None = None) -> bytes:
    """A WebP: the extended header `vp8x` (its ten bytes) if given, which comes first, then lossless pixels
    and `chunks`."""
    head = [(b"VP8X", vp8x)] if vp8x is not None else []
    body = b"WEBP" + b"".join(
        k + struct.pack("<I", len(d)) + d + (b"\0" if len(d) % 2 else b"")
        for k, d in [*head, (b"VP8L", b"\x2f\0\0\0\0\x07"), *chunks]
    )
    return b"RIFF" + struct.pack("<I", len(body)) + body + tail


CLEAN = {
    "png": png((b"sRGB", b"\0"), (b"pHYs", bytes(9))),
    "jpg": jpeg(segment(0xE2, b"ICC_PROFILE\0\x01\x01" + bytes(8)), segment(0xEE, b"Adobe" + bytes(7))),
    "gif": gif(gif_extension(0xF9, b"\0\0\0\0"), gif_extension(0xFF, b"NETSCAPE2.0", b"\x01\0\0")),
    "webp": webp((b"ICCP", bytes(5))),
}


@pytest.mark.parametrize("ext", sorted(CLEAN))
def test_a_picture_with_only_what_browsers_draw_is_clean(ext):
    assert has_signature(CLEAN[ext], ext)
    assert extra_parts(CLEAN[ext], ext) == []


@pytest.mark.parametrize("ext", sorted(CLEAN))
def test_zero_padding_after_the_end_is_not_hidden_data(ext):
    assert extra_parts(CLEAN[ext] + b"\0\0\0", ext) == []


EXIF = b"Exif\0\0MM\0*\0\0\0\x08\0\x01\x88\x25\0\x04\0\0\0\x01\0\0\0\x1a"  # a GPS IFD pointer
METADATA = [
    ("png eXIf", "png", png((b"eXIf", EXIF[6:])), "EXIF metadata"),
    ("png tEXt author", "png", png((b"tEXt", b"Author\0someone")), "text metadata"),
    ("png iTXt XMP", "png", png((b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0<x/>")), "text metadata"),
    ("png zTXt", "png", png((b"zTXt", b"Comment\0\0" + zlib.compress(b"x"))), "text metadata"),
    ("png tIME", "png", png((b"tIME", bytes(7))), "the time the picture was last changed"),
    ("png unknown part", "png", png((b"prVt", b"anything")), "a part named 'prVt'"),
    ("png after IEND", "png", png(tail=b"secret"), "data after the end of the image"),
    ("jpeg EXIF", "jpg", jpeg(segment(0xE1, EXIF)), "EXIF metadata"),
    ("jpeg XMP", "jpg", jpeg(segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>")), "XMP metadata"),
    ("jpeg IPTC", "jpg", jpeg(segment(0xED, b"Photoshop 3.0\0")), "IPTC/Photoshop metadata"),
    ("jpeg comment", "jpg", jpeg(segment(0xFE, b"taken at")), "a text comment"),
    ("jpeg APP12", "jpg", jpeg(segment(0xEC, b"Ducky")), "an APP12 part"),
    ("jpeg APP0 not JFIF", "jpg", jpeg(segment(0xE0, b"AVI1")), "an APP0 part"),
    ("jpeg EXIF between scans", "jpg", jpeg(after_scan=segment(0xE1, EXIF)), "EXIF metadata"),
    ("jpeg after EOI", "jpg", jpeg(tail=b"PK\x03\x04 a zip"), "data after the end of the image"),
    ("gif comment", "gif", gif(gif_extension(0xFE, b"taken at")), "a text comment"),
    ("gif plain text", "gif", gif(gif_extension(0x01, bytes(12), b"hi")), "text metadata"),
    ("gif XMP", "gif", gif(gif_extension(0xFF, b"XMP DataXMP", b"<x/>")), "XMP metadata"),
    ("gif other application", "gif", gif(gif_extension(0xFF, b"ImageMagick", b"x")), "'ImageMagick'"),
    ("gif after trailer", "gif", gif(tail=b"secret"), "data after the end of the image"),
    ("webp EXIF", "webp", webp((b"EXIF", EXIF[6:])), "EXIF metadata"),
    ("webp XMP", "webp", webp((b"XMP ", b"<x/>")), "XMP metadata"),
    ("webp after RIFF", "webp", webp(tail=b"secret"), "data after the end of the image"),
    # Data hidden inside the parts a browser needs, whose contents those formats fix.
    ("jpeg JFIF with more", "jpg", jpeg(segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0" + EXIF)),
     "data hidden in a part"),
    ("jpeg JFIF thumbnail", "jpg", jpeg(segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\x01\x01" + bytes(3))),
     "a thumbnail"),
    ("jpeg JFXX thumbnail", "jpg", jpeg(segment(0xE0, b"JFXX\0\x10" + b"\xff\xd8\xff\xd9")), "a thumbnail"),
    ("jpeg Adobe with more", "jpg", jpeg(segment(0xEE, b"Adobe" + bytes(7) + b"taken at")),
     "data hidden in a part"),
    ("gif loop with more blocks", "gif", gif(gif_extension(0xFF, b"NETSCAPE2.0", b"\x01\0\0", b"secret")),
     "data hidden in a part"),
    ("gif loop block too long", "gif", gif(gif_extension(0xFF, b"ANIMEXTS1.0", b"\x01\0\0secret")),
     "data hidden in a part"),
    ("gif graphic control with more", "gif", gif(gif_extension(0xF9, b"\0\0\0\0", b"secret")),
     "data hidden in a part"),
]


@pytest.mark.parametrize("why, ext, data, words", METADATA, ids=[m[0] for m in METADATA])
def test_metadata_and_hidden_data_are_named(why, ext, data, words):
    found = extra_parts(data, ext)
    assert len(found) == 1 and words in found[0], found


def test_a_real_encoders_jpeg_with_exif_is_caught():
    """python-docx's template thumbnail: a JPEG written by real software, with EXIF."""
    thumb = Path(docx.__file__).parent / "templates/default-docx-template/docProps/thumbnail.jpeg"
    found = extra_parts(thumb.read_bytes(), "jpeg")
    assert any("EXIF" in x for x in found), found


@pytest.mark.parametrize("ext", sorted(CLEAN))
def test_every_truncation_is_damaged_or_read_never_a_crash(ext):
    data = CLEAN[ext]
    for end in range(len(data)):
        try:
            extra_parts(data[:end], ext)
        except Damaged:
            pass


@pytest.mark.parametrize("ext", ["png", "jpg", "gif", "webp"])
@settings(max_examples=300, deadline=None)
@given(junk=st.binary(max_size=200), cut=st.integers(min_value=0, max_value=400))
def test_random_bytes_after_a_signature_never_crash(ext, junk, cut):
    data = CLEAN[ext][:cut] + junk
    try:
        found = extra_parts(data, ext)
    except Damaged as exc:
        assert str(exc)
    else:
        assert all(isinstance(x, str) and x for x in found)


def test_a_missing_end_is_damaged():
    with pytest.raises(Damaged):
        extra_parts(CLEAN["png"][:-12], "png")
    with pytest.raises(Damaged):
        extra_parts(CLEAN["gif"][:-1], "gif")
    with pytest.raises(Damaged):
        extra_parts(CLEAN["jpg"][:-2], "jpg")


def test_signatures():
    assert not has_signature(b"<svg/>", "png") and not has_signature(b"RIFF\0\0\0\0WAVE", "webp")
    assert has_signature(b"\xff\xd8\xff\xe0", "JPEG") and not has_signature(b"\xff\xd8", "jpg")


CLEAN_PNG = png()
STRIP = [
    ("png text and time", "png", png((b"tEXt", b"Author\0someone"), (b"tIME", bytes(7))), CLEAN_PNG),
    ("png after IEND", "png", png(tail=b"secret"), CLEAN_PNG),
    ("jpeg EXIF, comment, trailer", "jpg", jpeg(segment(0xE1, EXIF), segment(0xFE, b"x"), tail=b"PK"),
     jpeg()),
    ("jpeg EXIF between scans", "jpg", jpeg(after_scan=segment(0xE1, EXIF)), jpeg()),
    ("gif comment and XMP", "gif",
     gif(gif_extension(0xFE, b"x"), gif_extension(0xFF, b"XMP DataXMP", b"<x/>")), gif()),
    ("webp EXIF and XMP", "webp", webp((b"EXIF", EXIF[6:]), (b"XMP ", b"<x/>")), webp()),
    # Only what is hidden in a part the picture needs goes: the transparency, timing and loops stay.
    ("gif graphic control and loop with more", "gif",
     gif(gif_extension(0xF9, b"\1\0\0\0", b"secret", b"more"),
         gif_extension(0xFF, b"NETSCAPE2.0", b"\x01\0\0", b"secret")),
     gif(gif_extension(0xF9, b"\1\0\0\0"), gif_extension(0xFF, b"NETSCAPE2.0", b"\x01\0\0"))),
    ("gif loop that is not one", "gif", gif(gif_extension(0xFF, b"NETSCAPE2.0", b"\x01\0\0secret")), gif()),
]


@pytest.mark.parametrize("why, ext, data, clean", STRIP, ids=[s[0] for s in STRIP])
def test_stripping_keeps_exactly_the_parts_of_the_picture(why, ext, data, clean):
    assert stripped(data, ext) == clean
    assert extra_parts(stripped(data, ext), ext) == []


def test_stripping_a_webp_no_longer_announces_the_removed_parts():
    flags = bytes([0x10 | 0x08 | 0x04]) + bytes(9)  # alpha, EXIF, XMP
    out = stripped(webp((b"EXIF", EXIF[6:]), (b"XMP ", b"<x/>"), vp8x=flags), "webp")
    assert out == webp(vp8x=bytes([0x10]) + bytes(9))
    assert struct.unpack("<I", out[4:8])[0] == len(out) - 8


def test_a_real_encoders_jpeg_strips_to_a_clean_jpeg():
    thumb = Path(docx.__file__).parent / "templates/default-docx-template/docProps/thumbnail.jpeg"
    data = thumb.read_bytes()
    out = stripped(data, "jpeg")
    assert extra_parts(out, "jpeg") == [] and out.startswith(b"\xff\xd8") and out.endswith(b"\xff\xd9")
    assert len(data) - len(out) > 100  # the EXIF part went


def test_strip_file_replaces_only_a_file_with_metadata(tmp_path):
    dirty, clean = tmp_path / "a.png", tmp_path / "b.png"
    dirty.write_bytes(png((b"tEXt", b"Author\0someone")))
    clean.write_bytes(CLEAN_PNG)
    before = clean.stat().st_mtime_ns
    assert strip_file(dirty) == ["text metadata"] and dirty.read_bytes() == CLEAN_PNG
    assert strip_file(clean) == [] and clean.stat().st_mtime_ns == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "b.png"]  # no temporary file left


def test_strip_file_leaves_a_damaged_or_mislabelled_file_alone(tmp_path):
    half, html = tmp_path / "half.png", tmp_path / "page.jpg"
    half.write_bytes(png((b"tEXt", b"x"))[:50])
    html.write_bytes(b"<html>")
    for path in (half, html):
        before = path.read_bytes()
        with pytest.raises(Damaged):
            strip_file(path)
        assert path.read_bytes() == before


def test_strip_file_never_writes_through_a_link_planted_beside_the_image(tmp_path):
    # The old fixed temporary name (.NAME.strip) was opened with write_bytes, which follows a link.
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    image = tmp_path / "photo.png"
    image.write_bytes(png((b"tEXt", b"Author\0someone")))
    (tmp_path / ".photo.png.strip").symlink_to(victim)
    assert strip_file(image) == ["text metadata"]
    assert victim.read_text() == "keep me"
    assert extra_parts(image.read_bytes(), "png") == []


def test_strip_file_keeps_the_files_permissions(tmp_path):
    image = tmp_path / "photo.png"
    image.write_bytes(png((b"tEXt", b"Author\0someone")))
    image.chmod(0o640)
    strip_file(image)
    assert image.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("ext, data", [
    ("jpg", b"\xff\xd8" + b"\xff\xd0" * 200_000 + b"\xff\xd9"),  # bare restart markers
    ("gif", gif(gif_extension(0xF9, b"\0\0\0\0") * 50_000)),
])
def test_a_file_of_many_tiny_parts_is_read_in_bounded_memory(ext, data):
    import tracemalloc

    from kc.content.imagefile import parts

    tracemalloc.start()
    try:
        assert extra_parts(data, ext) == []
        assert len(parts(data, ext)) <= 3
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000, peak  # one tuple per part: ~20 MB here, gigabytes for a 50 MB file


def _frame(*parts: tuple[bytes, bytes]) -> tuple[bytes, bytes]:
    """An animation frame (ANMF) of a WebP: position, size and timing, then `parts` (kind, data)."""
    return b"ANMF", bytes(16) + b"".join(
        k + struct.pack("<I", len(d)) + d + (b"\0" if len(d) % 2 else b"") for k, d in parts)


def test_data_hidden_in_an_animation_frame_is_named_and_stripped_from_the_frame_alone():
    anim = (b"ANIM", bytes(6))
    pixels = (b"VP8L", b"\x2f\0\0\0\0\x07")
    clean = webp(anim, _frame(pixels), _frame(pixels), vp8x=b"\x02" + bytes(9))
    assert extra_parts(clean, "webp") == []
    hidden = webp(anim, _frame(pixels, (b"EXIF", EXIF[6:] + b"x")), _frame((b"XMP ", b"<x/>"), pixels),
                  vp8x=b"\x02" + bytes(9))
    assert extra_parts(hidden, "webp") == ["data hidden in a part that the picture needs"]
    assert stripped(hidden, "webp") == clean
    with pytest.raises(Damaged):
        extra_parts(webp(anim, (b"ANMF", bytes(8))), "webp")
    with pytest.raises(Damaged):
        extra_parts(webp(anim, (b"ANMF", bytes(16) + b"VP8L\xff\0\0\0")), "webp")

"""PNG encoding: palette only where it is visually lossless, RGB otherwise; the compressed stream
(png/stream.py) decodes to the exact rows, carries no metadata and is the same however it was made.
"""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
from PIL import Image, ImageDraw

from pressroom.png import encode as png
from pressroom.png import stream as pngstream
from pressroom.png.encode import (
    AREA_TOLERANCE,
    MAX_ERROR,
    encode_packed,
    encode_png,
    make_base,
    pack,
    unpack,
)
from tests.conftest import png_chunks


def decode(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).astype(int)


def test_few_colours_are_exact():
    image = Image.new("RGB", (300, 200), "#5B2A86")
    ImageDraw.Draw(image).rectangle((20, 20, 120, 90), fill="#FFC53D")
    data = encode_png(image)
    assert Image.open(io.BytesIO(data)).mode == "P"
    assert (decode(data) == np.asarray(image)).all()


def test_gradient_with_antialiased_text_does_not_band():
    w, h = 600, 900
    t = np.linspace(0, 1, h)[:, None, None]
    a, b = np.array([0x5B, 0x2A, 0x86]), np.array([0x2E, 0x16, 0x47])
    grad = np.broadcast_to(a + (b - a) * t, (h, w, 3)).round().astype(np.uint8)
    image = Image.fromarray(grad.copy())
    ImageDraw.Draw(image).ellipse((100, 100, 500, 500), outline="#FFF8EC", width=7)
    original = np.asarray(image).astype(int)
    data = encode_png(image)
    assert Image.open(io.BytesIO(data)).mode == "P"
    error = np.abs(decode(data) - original).max(axis=2)
    assert error[800:].max() <= AREA_TOLERANCE  # the plain gradient
    assert error.max() <= MAX_ERROR


def test_noise_stays_lossless_rgb():
    rng = np.random.default_rng(1)
    image = Image.fromarray(rng.integers(0, 256, (120, 160, 3), dtype=np.uint8))
    data = encode_png(image)
    assert Image.open(io.BytesIO(data)).mode == "RGB"
    assert (decode(data) == np.asarray(image)).all()


def test_same_image_same_bytes():
    image = Image.new("RGB", (64, 64), "#17112B")
    ImageDraw.Draw(image).text((5, 5), "Hi", fill="#FFFFFF")
    assert encode_png(image) == encode_png(image.copy())


# --- drawing over a cached base ------------------------------------------------------------------


def gradient_with_text(text_at: int, colour: str = "#FFF8EC") -> Image.Image:
    w, h = 400, 600
    t = np.linspace(0, 1, h)[:, None, None] * np.linspace(0.6, 1, w)[None, :, None]
    a, b = np.array([0x5B, 0x2A, 0x86]), np.array([0x2E, 0x16, 0x47])
    image = Image.fromarray(np.broadcast_to(a + (b - a) * t, (h, w, 3)).round().astype(np.uint8))
    if text_at >= 0:
        draw = ImageDraw.Draw(image)
        draw.ellipse((50, text_at, 350, text_at + 120), outline=colour, width=9)
        draw.rectangle((60, text_at + 150, 340, text_at + 200), fill="#FFC53D")
    return image


def chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    out, at = [], 8
    while at < len(data):
        (n,) = struct.unpack(">I", data[at : at + 4])
        out.append((data[at + 4 : at + 8], data[at + 8 : at + 8 + n]))
        at += 12 + n
    return out


def test_drawn_over_a_base_keeps_the_base_and_bounds_the_rest():
    base = make_base(pack(np.asarray(gradient_with_text(-1))))
    image = gradient_with_text(200)
    data = encode_packed(pack(np.asarray(image)), base)
    original = np.asarray(image).astype(int)
    decoded = decode(data)
    untouched = (np.asarray(gradient_with_text(-1)) == np.asarray(image)).all(axis=2)
    art = decode(encode_packed(base.packed))
    assert (decoded[untouched] == art[untouched]).all()  # the art is encoded as it was
    assert np.abs(art - unpack(base.packed)).max() <= AREA_TOLERANCE  # a smooth gradient
    assert np.abs(decoded - original).max() <= MAX_ERROR
    flat = (original[:, 60:340] == [0xFF, 0xC5, 0x3D]).all(axis=2)
    assert (decoded[:, 60:340][flat] == [0xFF, 0xC5, 0x3D]).all()  # an area colour is exact


def test_png_is_valid_and_carries_only_image_chunks():
    base = make_base(pack(np.asarray(gradient_with_text(-1))))
    data = encode_packed(pack(np.asarray(gradient_with_text(300))), base)
    kinds = [kind for kind, _ in chunks(data)]
    assert kinds == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]
    idat = b"".join(body for kind, body in chunks(data) if kind == b"IDAT")
    raw = zlib.decompress(idat)  # checks the stream and its Adler-32
    assert len(raw) == 600 * (400 + 1)
    for kind, body in chunks(data):
        (crc,) = struct.unpack(">I", data[data.index(kind + body) + 4 + len(body) :][:4])
        assert zlib.crc32(kind + body) == crc


def test_bytes_do_not_depend_on_what_was_encoded_before():
    """Per-process caches (the base's known colours) never change a file: --jobs N is safe."""
    art = pack(np.asarray(gradient_with_text(-1)))
    image = pack(np.asarray(gradient_with_text(250, "#8FD3FF")))
    fresh = encode_packed(image, make_base(art))
    warm = make_base(art)
    for y in (0, 100, 400):
        encode_packed(pack(np.asarray(gradient_with_text(y))), warm)
    assert encode_packed(image, warm) == fresh


def test_rows_kept_from_the_base_decode_like_fresh_ones():
    art = pack(np.asarray(gradient_with_text(-1)))
    image = pack(np.asarray(gradient_with_text(40)))  # touches the top rows only
    over = decode(encode_packed(image, make_base(art)))
    alone = decode(encode_packed(image))
    assert np.abs(over - alone).max() <= MAX_ERROR
    assert (over[400:] == decode(encode_packed(art))[400:]).all()


# --- the compressed stream -----------------------------------------------------------------------


def kit_like(width: int = 640, height: int = 960) -> Image.Image:
    """Every kind of segment: flat rows, a diagonal gradient with text, solid-colour art, a QR-like
    block whose rows repeat (filter Up); 256 colours or fewer, so the palette is exact."""
    t = (np.arange(width)[None, :] + 0.6 * np.arange(height)[:, None]) / (width + 0.6 * height)
    a, b = np.array([0x5B, 0x2A, 0x86]), np.array([0x2E, 0x16, 0x47])
    rgb = np.empty((height, width, 3), dtype=np.uint8)
    rgb[:] = (a + (b - a) * np.round(t * 60)[..., None] / 60).round().astype(np.uint8)
    rgb[height // 2 :] = (0xFF, 0xF8, 0xEC)  # flat lower half
    image = Image.fromarray(rgb)
    draw = ImageDraw.Draw(image)
    draw.fontmode = "1"  # no anti-aliasing: few colours
    for line in range(6):
        draw.text((20, 40 + 28 * line), f"Line {line}: equal in Kazakhstan", fill="#FFC53D")
        draw.text((20, height // 2 + 40 + 28 * line), f"Body {line} text", fill="#17112B")
    rng = np.random.default_rng(7)
    modules = rng.integers(0, 2, (21, 21)).astype(bool)
    qr = np.kron(modules, np.ones((8, 8), dtype=bool))  # 8×8 px modules: repeated rows
    block = np.asarray(image)[-200 : -200 + 168, 40:208].copy()
    block[qr] = (0x17, 0x11, 0x2B)
    pixels = np.asarray(image).copy()
    pixels[-200 : -200 + 168, 40:208] = block
    return Image.fromarray(pixels)


def idat(data: bytes) -> bytes:
    return b"".join(body for kind, body in chunks(data) if kind == b"IDAT")


def test_pixels_come_back_exactly_through_every_kind_of_segment():
    image = kit_like()
    assert len(np.unique(pack(np.asarray(image)))) <= 256
    index = png._by_use(*png._quantize(pack(np.asarray(image)).ravel(), np.zeros(1), png._EMPTY), 0)
    rows = pngstream.scanlines(index[1].reshape(image.height, image.width))
    kinds = {kind for _, _, kind in pngstream.segments(rows, np.ones(len(rows), dtype=bool))}
    assert kinds == {"flat", "static", "content"}
    assert (rows[:, 0] == pngstream.FILTER_UP).any()  # the QR block's repeated rows
    data = encode_png(image)
    assert Image.open(io.BytesIO(data)).mode == "P"
    assert (decode(data) == np.asarray(image)).all()
    assert [kind for kind, _ in chunks(data)] == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]


def test_drawn_over_art_the_pixels_are_exact_and_the_bytes_do_not_depend_on_caches():
    art = kit_like()
    image = art.copy()
    ImageDraw.Draw(image).text((300, 500), "changed", fill="#8FD3FF")
    packed, art_packed = pack(np.asarray(image)), pack(np.asarray(art))
    pngstream._CACHE.clear()
    cold = encode_packed(packed, make_base(art_packed))  # a fresh process: nothing cached
    warm = make_base(art_packed)
    for other in ("first", "second"):
        scribbled = art.copy()
        ImageDraw.Draw(scribbled).text((300, 500), other, fill="#FFFFFF")
        encode_packed(pack(np.asarray(scribbled)), warm)
    assert encode_packed(packed, warm) == cold  # segments from the cache, same bytes
    assert (decode(cold) == np.asarray(image)).all()


def test_static_rows_cached_for_one_art_never_stand_in_for_another_of_its_size():
    """Static cells are cached by their art and place, not by their bytes."""
    first = kit_like()
    second = Image.fromarray(np.asarray(first)[:, ::-1].copy())  # same size, other rows
    bases = [make_base(pack(np.asarray(art))) for art in (first, second)]
    for art, base in zip((first, second, first, second), bases * 2, strict=True):
        image = art.copy()
        ImageDraw.Draw(image).text((300, 500), "changed", fill="#8FD3FF")
        assert (decode(encode_packed(pack(np.asarray(image)), base)) == np.asarray(image)).all()


def test_joined_segments_are_one_valid_stream_even_from_multi_block_pieces():
    rng = np.random.default_rng(3)
    # Halves of different statistics: libdeflate ends a block between them.
    rows = np.zeros((256, 1025), dtype=np.uint8)
    rows[:128, 1:] = rng.integers(0, 4, (128, 1024))
    rows[128:, 1:] = rng.integers(100, 200, (128, 1024))
    raw = rows.tobytes()
    stream = bytes(pngstream.deflate.deflate_compress(raw, 10))
    assert len(pngstream._block_ends(stream, len(raw))) > 1
    piece = pngstream._unfinal(stream, len(raw))
    joined = piece + piece + b"\x03\x00"  # two non-final pieces and an empty final block
    assert zlib.decompress(joined, -15) == raw + raw


def test_flat_and_text_images_compress_near_the_optimum():
    """A gross regression (no compression, zlib at a low level, one block per row) fails here."""
    flat = encode_png(Image.new("RGB", (1080, 1920), "#FFF8EC"))
    assert len(flat) < 2400  # 2 MB of one colour: deflate's floor is about 2 KB (258-byte matches)
    image = kit_like(1080, 1350)
    data = encode_png(image)
    rows = np.zeros((1350, 1081), dtype=np.uint8)
    rows[:, 1:] = np.asarray(Image.open(io.BytesIO(data)))  # the same palette, filter None
    zlib9 = len(zlib.compress(rows.tobytes(), 9))  # about 3% above ours; zlib level 1: 3×
    assert len(idat(data)) < zlib9


def test_content_over_art_gets_the_level_that_compressed_the_art_best():
    # A diagonal gradient of wide steps, like the kit's slogan art: lazy parsing (9) wins there.
    t = (np.arange(1080)[None, :] + 1.5 * np.arange(128)[:, None]) / (1080 + 1.5 * 128)
    a, b = np.array([0x5B, 0x2A, 0x86]), np.array([0x2E, 0x16, 0x47])
    gradient = (a + (b - a) * np.round(t * 12)[..., None] / 12).round().astype(np.uint8)
    quantized = png._quantize(pack(gradient).ravel(), np.zeros(1), png._EMPTY)
    index = png._by_use(*quantized, 0)[1].reshape(gradient.shape[:2])
    rows = pngstream.scanlines(index)
    busy = [(a, b) for a, b, kind in pngstream.segments(rows) if kind != "flat"]
    assert sum(b - a for a, b in busy) <= pngstream.GRID * pngstream.ART_SAMPLE  # all sampled
    sizes = {
        level: sum(
            len(pngstream.deflate.deflate_compress(rows[a:b].tobytes(), level)) for a, b in busy
        )
        for level in pngstream.LEVELS[pngstream.BEST][2]
    }
    assert min(sizes, key=sizes.get) == 9
    assert pngstream.art(rows).level == 9


def test_the_fast_effort_makes_the_same_pixels():
    image = kit_like()
    saved = pngstream.EFFORT
    try:
        pngstream.EFFORT = pngstream.FAST
        fast = encode_png(image)
    finally:
        pngstream.EFFORT = saved
    best = encode_png(image)
    assert (decode(fast) == decode(best)).all()
    assert len(best) < len(fast)


def test_palette_entries_come_most_used_first():
    image = Image.new("RGB", (200, 100), "#5B2A86")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 59, 99), fill="#FFC53D")  # 30%
    draw.rectangle((60, 0, 79, 99), fill="#17112B")  # 10%
    data = encode_png(image)
    palette = np.array(Image.open(io.BytesIO(data)).getpalette()[:9]).reshape(3, 3)
    assert palette.tolist() == [[0x5B, 0x2A, 0x86], [0xFF, 0xC5, 0x3D], [0x17, 0x11, 0x2B]]


def test_rgba_png_keeps_every_pixel_and_its_alpha():
    rng = np.random.default_rng(7)
    rgba = np.zeros((40, 60, 4), dtype=np.uint8)
    rgba[10:30, 5:55] = (90, 45, 130, 255)
    rgba[..., 3] = np.clip(rgba[..., 3].astype(int) + rng.integers(0, 40, (40, 60)), 0, 255)
    data = png.rgba_png(rgba)
    assert png_chunks(data) == [b"IHDR", b"IDAT", b"IEND"]
    with Image.open(io.BytesIO(data)) as image:
        assert image.mode == "RGBA" and image.size == (60, 40)
        assert np.array_equal(np.asarray(image), rgba)

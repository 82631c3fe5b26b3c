"""PNG encoding: palette only where it is visually lossless, RGB otherwise."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
from PIL import Image, ImageDraw

from pressroom.png import (
    AREA_TOLERANCE,
    MAX_ERROR,
    encode_packed,
    encode_png,
    make_base,
    pack,
    unpack,
)


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


def test_bands_taken_from_the_base_decode_like_fresh_ones():
    art = pack(np.asarray(gradient_with_text(-1)))
    image = pack(np.asarray(gradient_with_text(40)))  # touches the top bands only
    over = decode(encode_packed(image, make_base(art)))
    alone = decode(encode_packed(image))
    assert np.abs(over - alone).max() <= MAX_ERROR
    assert (over[400:] == decode(encode_packed(art))[400:]).all()

"""PNG encoding: palette only where it is visually lossless, RGB otherwise."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw

from pressroom.png import AREA_TOLERANCE, MAX_ERROR, encode_png


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

"""The download page's thumbnails: sizes, names, bytes that do not depend on the path that made
them, and pictures that are the asset scaled down."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from pressroom.site.thumbs import BOX, LARGE, SCALE, make_thumb, make_thumbs, plan_thumb, spec

SIZES = [(1080, 1920), (1500, 500), (512, 512), (1200, 630), (2480, 3508)]


def png_bytes(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def _picture(width: int, height: int) -> Image.Image:
    image = Image.new("RGB", (width, height), "#fff8ee")
    draw = ImageDraw.Draw(image)
    for i in range(0, width, max(1, width // 12)):
        draw.rectangle((i, height // 4, i + width // 30, 3 * height // 4), fill="#5b2a86")
    draw.ellipse((width // 3, height // 3, 2 * width // 3, 2 * height // 3), fill="#ff6b5a")
    return image


@pytest.mark.parametrize("size", SIZES)
def test_both_boxes_fit_and_the_small_one_is_inside_the_large_one(size):
    small, large = plan_thumb("x", *size, BOX), plan_thumb("x", *size, LARGE)
    for thumb, box in ((small, BOX), (large, LARGE)):
        assert thumb.width <= box[0] and thumb.height <= box[1]
        assert thumb.pixels[0] <= size[0] and thumb.pixels[1] <= size[1]
        assert thumb.pixels == (thumb.width * SCALE, thumb.height * SCALE)
    assert small.pixels[0] <= large.pixels[0] and small.pixels[1] <= large.pixels[1]
    ratio = size[0] / size[1]
    assert abs(large.width / large.height - ratio) < 0.02 * ratio + 1 / large.height


def test_a_thumbnails_name_changes_with_its_source_and_its_settings():
    assert plan_thumb("a", 1080, 1920).path != plan_thumb("b", 1080, 1920).path
    assert plan_thumb("a", 1080, 1920, BOX).path != plan_thumb("a", 1080, 1920, LARGE).path
    assert spec(BOX) != spec(LARGE) and f"{LARGE[0]}x{LARGE[1]}" in spec(BOX)


@pytest.mark.parametrize("size", SIZES[:3])
def test_the_same_bytes_whether_made_alone_or_with_the_other_size(size):
    png = png_bytes(_picture(*size))
    thumbs = [plan_thumb("x", *size, LARGE), plan_thumb("x", *size, BOX)]
    together = make_thumbs(png, thumbs)
    assert together == [make_thumb(png, thumbs[0]), make_thumb(png, thumbs[1])]
    assert make_thumbs(png, thumbs[::-1]) == together[::-1]


@pytest.mark.parametrize("size", SIZES[:3])
def test_a_thumbnail_is_the_picture_scaled_down_as_webp_without_metadata(size):
    picture = _picture(*size)
    for box in (BOX, LARGE):
        thumb = plan_thumb("x", *size, box)
        data = make_thumb(png_bytes(picture), thumb)
        assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
        assert b"EXIF" not in data and b"XMP " not in data
        with Image.open(io.BytesIO(data)) as got:
            assert got.size == thumb.pixels
            shown = np.asarray(got.convert("RGB"), dtype=np.int16)
        wanted = np.asarray(
            picture.resize(thumb.pixels, Image.Resampling.LANCZOS), dtype=np.int16
        )
        diff = np.abs(shown - wanted)
        assert diff.mean() < 3, (box, diff.mean())
        assert np.percentile(diff, 99) < 60, (box, np.percentile(diff, 99))

"""One template, many sizes: the formats made by scaling a template of the same shape."""

from __future__ import annotations

import json

import pytest
import zxingcpp
from PIL import Image

from pressroom.brandbook import load
from tests.conftest import BRANDBOOK, SAMPLE_MESSAGES

BOOK, _ = load(BRANDBOOK)


def _assets(out, fmt):
    doc = json.loads((out / "manifest.json").read_text())
    return [a for a in doc["assets"] if a["format"] == fmt and a["kit"] == "main"]


def _codes(image):
    return [r.text for r in zxingcpp.read_barcodes(image)]


def test_youtube_thumb_is_the_landscape_template_at_1280x720(sample_build):
    fmt = BOOK.format("youtube-thumb")
    assert fmt.template == BOOK.format("landscape").template == "landscape.svg"
    assets = _assets(sample_build, "youtube-thumb")
    assert len(assets) == len(BOOK.locales) * len(SAMPLE_MESSAGES)
    for a in assets:
        image = Image.open(sample_build / a["path"]).convert("L")
        assert image.size == (1280, 720) == (a["width"], a["height"])
        assert a["qr"] == BOOK.locale(a["locale"]).url
        assert _codes(image) == [a["qr"]]
        assert _codes(image.resize((640, 360), Image.Resampling.LANCZOS)) == [a["qr"]]


def test_telegram_sticker_is_the_square_template_at_512_without_code_or_url(sample_build):
    fmt = BOOK.format("telegram-sticker")
    assert fmt.template == "square.svg" and set(fmt.omit) == {"qr", "url"}
    template = BOOK.templates["telegram-sticker"]
    assert {s.name for s in template.slots}.isdisjoint({"qr", "url"})
    assert template.scale == 512 / 1080
    for a in _assets(sample_build, "telegram-sticker"):
        image = Image.open(sample_build / a["path"]).convert("L")
        assert image.size == (512, 512) and a["qr"] is None
        assert _codes(image) == []
        # The white plate behind the code (data-with="qr") went with it: the corner is the field.
        corner = image.crop((400, 400, 470, 470))
        low, high = corner.getextrema()
        assert high - low < 40


def test_scaled_slots_keep_their_proportions():
    big, small = BOOK.templates["square"], BOOK.templates["telegram-sticker"]
    k = 512 / 1080
    pairs = {(s.name, s.kind, s.kit): s for s in big.slots}
    for s in small.slots:
        b = pairs[(s.name, s.kind, s.kit)]
        assert (s.x, s.y, s.width, s.height) == pytest.approx(
            tuple(v * k for v in (b.x, b.y, b.width, b.height)), abs=1e-5
        )
        assert s.style.max_size == pytest.approx(b.style.max_size * k)
        assert s.style.min_size == pytest.approx(b.style.min_size * k)

"""QR codes: ASCII payloads, row runs, and the strongest error correction that fits."""

from __future__ import annotations

import numpy as np
import pytest
import zxingcpp
from PIL import Image

from pressroom.draw.qr import LEVELS, QUIET, fit_qr, make_qr

URL = "https://queer.kz/en/"


def _image(code, unit=6) -> Image.Image:
    n = code.cells
    grid = np.full((n, n), 255, dtype=np.uint8)
    for x, y, length in code.runs:
        grid[y + QUIET, x + QUIET : x + QUIET + length] = 0
    return Image.fromarray(grid).resize((n * unit, n * unit), Image.Resampling.NEAREST)


@pytest.mark.parametrize("level", list(LEVELS))
def test_every_level_decodes_to_the_url(level):
    code = make_qr(URL, level)
    assert code.level == level
    (found,) = zxingcpp.read_barcodes(_image(code))
    assert found.text == URL
    assert found.ec_level == level


def test_stronger_levels_need_more_modules():
    sizes = [make_qr(URL, level).modules for level in LEVELS]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > sizes[-1]


def test_fit_keeps_h_where_it_fits_and_steps_down_otherwise():
    h, q = make_qr(URL, "H"), make_qr(URL, "Q")
    assert fit_qr(URL, h.cells * 2.0, 2.0).level == "H"
    assert fit_qr(URL, h.cells * 2.0 - 0.5, 2.0).level != "H"
    assert fit_qr(URL, q.cells * 2.0, 2.0).level in ("Q", "M")
    assert fit_qr(URL, make_qr(URL, "L").cells * 2.0 - 0.5, 2.0) is None


def test_non_ascii_payloads_are_refused():
    with pytest.raises(ValueError):
        make_qr("https://пример.рф/")

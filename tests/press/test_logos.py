"""The logo pack and the favicon: wordmark outlines (no <text>) as SVG and PNG, light and dark."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest
from defusedxml import ElementTree
from PIL import Image

from pressroom.brandbook import load
from pressroom.press import logos
from pressroom.template.colour import contrast
from tests.conftest import BRANDBOOK, png_chunks

BOOK, _ = load(BRANDBOOK)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def pack(sample_build) -> dict[str, bytes]:
    with zipfile.ZipFile(sample_build / "downloads" / "logos.zip") as zf:
        infos = zf.infolist()
        assert [i.filename for i in infos] == sorted(i.filename for i in infos)
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        return {i.filename: zf.read(i) for i in infos}


def test_every_locale_has_svg_and_png_on_light_and_dark_and_a_note(pack):
    wanted = {logos.NOTE}
    for x in BOOK.locales:
        for ground in ("light", "dark"):
            wanted |= {f"wordmark-{x.code}-on-{ground}.svg", f"wordmark-{x.code}-on-{ground}.png"}
    assert set(pack) == wanted
    note = pack[logos.NOTE].decode()
    for x in BOOK.locales:
        assert f"[{x.code}]" in note and x.press["logos_note"] in note


@pytest.mark.parametrize("code", [x.code for x in BOOK.locales])
@pytest.mark.parametrize("ground", ["light", "dark"])
def test_svg_is_outlines_in_the_brand_colour(pack, code, ground):
    root = ElementTree.fromstring(pack[f"wordmark-{code}-on-{ground}.svg"])
    tags = {e.tag for e in root.iter()}
    assert f"{SVG}text" not in tags and f"{SVG}use" not in tags and f"{SVG}image" not in tags
    locale = BOOK.locale(code)
    glyphs = root.findall(f".//{SVG}path")
    assert len(glyphs) == sum(not c.isspace() for c in locale.wordmark)  # one outline a letter
    assert root.find(f"{SVG}title") is None and root.get("aria-label") is None  # allow.py
    colour = logos.colours(BOOK)[ground]
    assert root.find(f"{SVG}g").get("fill") == colour


@pytest.mark.parametrize("code", [x.code for x in BOOK.locales])
def test_png_is_transparent_clean_and_draws_the_wordmark(pack, code):
    c = logos.colours(BOOK)
    for ground, behind in (("light", "#FFFFFF"), ("dark", c["dark_ground"])):
        data = pack[f"wordmark-{code}-on-{ground}.png"]
        assert set(png_chunks(data)) <= {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
        image = Image.open(io.BytesIO(data)).convert("RGBA")
        assert image.height == logos.PNG_HEIGHT
        alpha = np.asarray(image)[..., 3]
        assert alpha[0, 0] == 0 and 0.08 < (alpha > 128).mean() < 0.6  # letters on nothing
        solid = np.asarray(image)[alpha == 255][:, :3]
        r, g, b = np.median(solid, axis=0).astype(int)
        assert f"#{r:02X}{g:02X}{b:02X}" == c[ground]
        assert contrast(c[ground], behind) >= 4.5


def test_the_pack_is_reproducible(pack):
    rel, data = logos.logo_pack(BOOK, list(BOOK.locales), 315532800)
    assert rel == "downloads/logos.zip"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert {i.filename: zf.read(i) for i in zf.infolist()} == pack


def test_favicon_is_linked_and_drawn_from_the_brand(sample_build):
    svg = (sample_build / logos.FAVICON_SVG).read_bytes()
    root = ElementTree.fromstring(svg)
    assert root.find(f".//{SVG}text") is None and root.find(f".//{SVG}path") is not None
    c = logos.colours(BOOK)
    assert root.find(f"{SVG}rect").get("fill") == c["dark_ground"]
    png = (sample_build / logos.FAVICON_PNG).read_bytes()
    assert Image.open(io.BytesIO(png)).size == (logos.FAVICON_SIZE,) * 2
    html = (sample_build / "index.html").read_text()
    assert f'<link rel="icon" href="{logos.FAVICON_SVG}" type="image/svg+xml">' in html
    assert f'href="{logos.FAVICON_PNG}"' in html


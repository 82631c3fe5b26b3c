"""Image fills (Figma's export: rect → pattern → use → image) drawn as a browser draws them:
pressroom's render of the template matches headless Chromium's, where CairoSVG alone draws the
picture tiled and shifted."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from pressroom.draw.render import rasterize
from pressroom.errors import Problems
from pressroom.template.imagefill import flatten_image_fills
from pressroom.template.xml import parse, svg_text


def _picture() -> str:
    """A 200×100 PNG with a red left third, a green right third and a yellow disc between."""
    im = Image.new("RGB", (200, 100), "#204080")
    draw = ImageDraw.Draw(im)
    draw.rectangle((0, 0, 66, 100), fill="#e03030")
    draw.rectangle((133, 0, 200, 100), fill="#30c040")
    draw.ellipse((80, 20, 120, 80), fill="#ffff00")
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


# As Figma writes it: "fill" (cropped to a square) and "fit" into a rounded rectangle.
FIGMA = f"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
 width="300" height="200" viewBox="0 0 300 200">
<rect width="300" height="200" fill="#ffffff"/>
<rect id="photo" data-kind="slogan" x="20" y="30" width="120" height="120" fill="url(#pattern0)"/>
<rect x="160" y="30" width="120" height="60" rx="10" style="fill:url(#pattern1);opacity:0.9"/>
<defs>
<pattern id="pattern0" patternContentUnits="objectBoundingBox" width="1" height="1">
<use xlink:href="#image0" transform="matrix(0.01 0 0 0.01 -0.5 0)"/></pattern>
<pattern id="pattern1" patternContentUnits="objectBoundingBox" width="1" height="1">
<use xlink:href="#image0" transform="scale(0.005 0.01)"/></pattern>
<image id="image0" width="200" height="100" xlink:href="{_picture()}"/>
</defs></svg>"""


def _flattened(svg: str) -> tuple[str, object]:
    doc = parse(svg.encode(), Path("t.svg"), Problems())
    assert flatten_image_fills(doc) == 2
    return svg_text(doc.root), doc


def test_the_shape_keeps_its_id_and_attributes_and_loses_the_pattern():
    text, doc = _flattened(FIGMA)
    photo = next(el for el in doc.root.iter() if el.get("id") == "photo")
    assert photo.tag.endswith("}g") and photo.get("data-kind") == "slogan"
    assert photo.get("clip-path", "").startswith("url(#pr-fill-clip")
    assert 'fill="url(#pattern' not in text and "fill:url(#pattern" not in text
    assert "opacity:0.9" in text


def test_an_image_fill_is_drawn_as_chromium_draws_it(browser, tmp_path):
    page = browser.new_page(viewport={"width": 300, "height": 200})
    page.set_content(f'<html><body style="margin:0">{FIGMA}</body></html>')
    page.screenshot(path=str(tmp_path / "chromium.png"))
    page.close()
    chromium = np.asarray(Image.open(tmp_path / "chromium.png").convert("RGB")).astype(int)
    ours = np.asarray(rasterize(_flattened(FIGMA)[0], 300, 200)).astype(int)
    assert np.abs(ours - chromium).mean() < 2
    assert np.percentile(np.abs(ours - chromium), 99) < 60  # edges anti-aliased alike
    as_is = np.asarray(rasterize(FIGMA, 300, 200)).astype(int)  # CairoSVG on the pattern
    assert np.abs(as_is - chromium).mean() > 10

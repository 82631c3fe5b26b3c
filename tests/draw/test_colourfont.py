"""Colour glyphs painted through HarfBuzz's paint API onto cairo: the emoji a campaign types
first, in their colours and in order, and each kind of paint a COLR font may hold."""

from __future__ import annotations

import colorsys

import numpy as np
import pytest
from fontTools.colorLib.builder import buildCOLR, buildCPAL
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib.tables.otTables import PaintFormat

from pressroom.draw import colourfont
from pressroom.draw.cairolib import cairo
from pressroom.draw.fill import Document, GlyphLayer
from pressroom.draw.render import draw_layers, rasterize
from pressroom.text.fonts import load_face
from pressroom.text.shaping import shape, shape_line
from tests.conftest import REPO

EMOJI = load_face(REPO / "fonts" / "NotoColorEmoji-COLRv1.ttf")
SIZE = 200


def glyphs(text: str, face=EMOJI):
    shaped = shape(text, (face,))
    return shape_line(shaped, (face,), 0, len(text))


def painted(face, gid: int, size: int = SIZE) -> np.ndarray:
    """The glyph painted on white at `size` px per em (baseline at 80%), as h×w×3 RGB."""
    surface = cairo.ImageSurface(cairo.FORMAT_RGB24, size, size)
    ctx = cairo.Context(surface)
    ctx.set_source_rgb(1, 1, 1)
    ctx.paint()
    ctx.translate(0, size * 0.8)
    ctx.scale(size * 0.8 / face.upem, -size * 0.8 / face.upem)
    colourfont.paint(ctx, face.ref, gid, "#000000")
    surface.flush()
    data = np.frombuffer(surface.get_data(), dtype=np.uint8).reshape(size, size, 4)
    return data[:, :, 2::-1].copy()


def hue_name(rgb) -> str:
    h, s, v = colorsys.rgb_to_hsv(*(c / 255 for c in rgb))
    if v > 0.9 and s < 0.1:
        return "white"
    if s < 0.3:
        return "grey"
    if h > 0.9 or h < 0.05:
        return "red" if s > 0.6 else "pink"
    for name, top in (("orange", 0.11), ("yellow", 0.2), ("green", 0.45), ("blue", 0.7),
                      ("purple", 0.9)):
        if h < top:
            return name
    return "red"


def bands(column: np.ndarray, least: int = 6) -> list[str]:
    """The colours down a column, each kept when it runs for at least `least` pixels."""
    out, run, last = [], 0, None
    for rgb in column:
        name = hue_name(rgb)
        run = run + 1 if name == last else 1
        last = name
        if run == least and (not out or out[-1] != name):
            out.append(name)
    return out


def test_the_rainbow_flag_is_one_glyph_with_six_stripes_in_order():
    (glyph,) = glyphs("🏳️‍🌈")  # white flag, VS16, ZWJ, rainbow: one ligature
    assert colourfont.is_colour(EMOJI.ref, glyph.gid)
    stripes = [b for b in bands(painted(EMOJI, glyph.gid)[:, SIZE // 2]) if b != "white"]
    assert stripes == ["red", "orange", "yellow", "green", "blue", "purple"]


def test_the_trans_flag_is_blue_pink_white_pink_blue():
    (glyph,) = glyphs("🏳️‍⚧️")
    stripes = bands(painted(EMOJI, glyph.gid)[:, SIZE // 2])
    assert stripes[stripes.index("blue"):][:5] == ["blue", "pink", "white", "pink", "blue"]


@pytest.mark.parametrize("text", ["✊🏽", "👩🏽‍🤝‍👩🏻", "🇰🇿", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "1️⃣"])
def test_sequences_are_one_colour_picture(text):
    (glyph,) = glyphs(text)
    pixels = painted(EMOJI, glyph.gid)
    saturated = [hue_name(p) for p in pixels.reshape(-1, 3)[::7]]
    assert sum(n not in ("white", "grey") for n in saturated) > 200


def test_a_plain_glyph_is_not_painted():
    inter = load_face(REPO / "fonts" / "Inter-Bold.otf")
    assert not inter.colour
    assert not colourfont.is_colour(inter.ref, glyphs("A", inter)[0].gid)


def _square():
    pen = TTGlyphPen(None)
    pen.moveTo((0, 0))
    pen.lineTo((0, 1000))
    pen.lineTo((1000, 1000))
    pen.lineTo((1000, 0))
    pen.closePath()
    return pen.glyph()


def _stops(*indices):
    last = len(indices) - 1
    return {"ColorStop": [{"StopOffset": i / last, "PaletteIndex": p, "Alpha": 1.0}
                          for i, p in enumerate(indices)]}


@pytest.fixture(scope="module")
def paints(tmp_path_factory):
    """A COLRv1 font of 1000 units per em with one glyph per kind of gradient over a square:
    S a sweep red → blue about the centre, L a linear red → blue from left to right turned by
    its third point, R a radial red → blue from the centre out, C a composite (blue IN a
    circle-less square: the source where the backdrop is)."""
    names = [".notdef", "square", "S", "L", "R", "C"]
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord(n): n for n in "SLRC"})
    empty = TTGlyphPen(None).glyph()
    fb.setupGlyf({n: (_square() if n == "square" else empty) for n in names})
    fb.setupHorizontalMetrics({n: (1000, 0) for n in names})
    fb.setupHorizontalHeader(ascent=1000, descent=0)
    fb.setupNameTable({"familyName": "Paints", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=1000, usWinAscent=1000, usWinDescent=0)
    fb.setupPost()
    fb.font["CPAL"] = buildCPAL([[(1.0, 0.0, 0.0, 1.0), (0.0, 0.0, 1.0, 1.0)]])

    def on_square(paint):
        return {"Format": PaintFormat.PaintGlyph, "Glyph": "square", "Paint": paint}

    fb.font["COLR"] = buildCOLR({
        "S": on_square({"Format": PaintFormat.PaintSweepGradient, "ColorLine": _stops(0, 1),
                        "centerX": 500, "centerY": 500, "startAngle": 0, "endAngle": 360}),
        "L": on_square({"Format": PaintFormat.PaintLinearGradient, "ColorLine": _stops(0, 1),
                        "x0": 0, "y0": 0, "x1": 1000, "y1": 1000, "x2": 0, "y2": 1000}),
        "R": on_square({"Format": PaintFormat.PaintRadialGradient, "ColorLine": _stops(0, 1),
                        "x0": 500, "y0": 500, "r0": 0, "x1": 500, "y1": 500, "r1": 500}),
        "C": {"Format": PaintFormat.PaintComposite, "CompositeMode": "src_in",
              "SourcePaint": on_square({"Format": PaintFormat.PaintSolid, "PaletteIndex": 1,
                                        "Alpha": 1.0}),
              "BackdropPaint": {"Format": PaintFormat.PaintGlyph, "Glyph": "square",
                                "Paint": {"Format": PaintFormat.PaintSolid,
                                          "PaletteIndex": 0, "Alpha": 1.0}}},
    }, version=1)
    path = tmp_path_factory.mktemp("paints") / "Paints.ttf"
    fb.save(path)
    face = load_face(path)
    return {c: painted(face, glyphs(c, face)[0].gid, 100) for c in "SLRC"}


def _near(rgb, want, tolerance=40) -> bool:
    return all(abs(int(a) - b) <= tolerance for a, b in zip(rgb, want, strict=True))


def test_a_sweep_gradient_turns_about_its_centre(paints):
    img = paints["S"]  # the square is 80 px from (0, 0) to (80, 80); its centre (40, 40)
    assert _near(img[36, 76], (255, 0, 0), 40)  # just over 0°: to the right, the first stop
    assert _near(img[44, 76], (0, 0, 255), 40)  # just under 360°: the last
    assert _near(img[40, 4], (128, 0, 128), 40)  # 180°: half way
    assert _near(img[4, 40], (191, 0, 64), 40)  # 90° (up on the page): a quarter of the way
    assert _near(img[76, 40], (64, 0, 191), 40)  # 270°: three quarters


def test_a_linear_gradient_runs_perpendicular_to_its_third_point(paints):
    img = paints["L"]  # p0→p2 is vertical, so colours change left to right only
    assert _near(img[10, 2], (255, 0, 0)) and _near(img[70, 2], (255, 0, 0))
    assert _near(img[10, 77], (0, 0, 255)) and _near(img[70, 77], (0, 0, 255))


def test_a_radial_gradient_grows_from_its_centre(paints):
    img = paints["R"]
    assert _near(img[40, 40], (255, 0, 0)) and _near(img[40, 1], (0, 0, 255), 60)


def test_a_composite_paints_the_source_where_the_backdrop_is(paints):
    img = paints["C"]
    assert _near(img[40, 40], (0, 0, 255), 10) and _near(img[90, 90], (255, 255, 255), 10)


def test_the_full_svg_paints_the_documents_own_colour_glyphs_only():
    """A template with art above its slots is drawn through CairoSVG: the filled SVG's
    stand-ins are painted, but only for glyphs the document's own layers set."""
    (glyph,) = glyphs("🏳️‍🌈")
    s = 100 / EMOJI.upem
    stand_in = (f'<g data-pressroom-colour-glyph="{EMOJI.ref}|{glyph.gid}|#000000" '
                f'transform="matrix({s} 0 0 {-s} 0 90)"/>')
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 130 120">'
           f'<rect width="130" height="120" fill="#ffffff"/>{stand_in}</svg>')
    layer = GlyphLayer("#000000", ((EMOJI.ref, glyph.gid, s, 0.0, 90.0),))
    drawn = np.asarray(rasterize(Document(svg, None, (layer,)), 130, 120))
    assert "green" in bands(drawn[:, 60])
    foreign = np.asarray(rasterize(Document(svg, None, ()), 130, 120))
    assert bands(foreign[:, 60]) == ["white"]
    # and the same glyph drawn as a layer over art gives the same picture
    surface = cairo.ImageSurface(cairo.FORMAT_RGB24, 130, 120)
    ctx = cairo.Context(surface)
    ctx.set_source_rgb(1, 1, 1)
    ctx.paint()
    draw_layers(ctx, [layer])
    surface.flush()
    layered = np.frombuffer(surface.get_data(), np.uint8).reshape(120, 130, 4)[:, :, 2::-1]
    assert np.abs(layered.astype(int) - drawn.astype(int)).mean() < 2

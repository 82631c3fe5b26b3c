"""Colour glyphs (COLR v0 and v1: emoji) painted with cairo through HarfBuzz's paint API.

HarfBuzz walks the glyph's paint graph (layers, transforms, clips, gradients, composites) and
calls back here for each operation; this module turns the calls into cairo operations on the
caller's context, in font units (y up) under the matrix that places the glyph. The mapping
follows HarfBuzz's own cairo backend (hb-cairo-utils.cc): gradients' colour lines are normalized
to cairo's 0–1 stops, three-point linear gradients reduced to two, sweep gradients drawn as mesh
patches. Everything stays vector: a PDF gets paths, shadings and blend modes, which the print
build converts to CMYK like any art (printing/recolour.py).

HarfBuzz calls back without letting an exception through, so an error in a callback, or a glyph
that cannot be painted (a bitmap image), is recorded on the painter and raised after painting.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import uharfbuzz as hb

from pressroom.draw.cairolib import cairo, cairo_lib
from pressroom.draw.outline import glyph_path
from pressroom.errors import PressroomError
from pressroom.text.fonts import load_face

_OPERATORS = {
    hb.PaintCompositeMode.CLEAR: cairo.OPERATOR_CLEAR,
    hb.PaintCompositeMode.SRC: cairo.OPERATOR_SOURCE,
    hb.PaintCompositeMode.DEST: cairo.OPERATOR_DEST,
    hb.PaintCompositeMode.SRC_OVER: cairo.OPERATOR_OVER,
    hb.PaintCompositeMode.DEST_OVER: cairo.OPERATOR_DEST_OVER,
    hb.PaintCompositeMode.SRC_IN: cairo.OPERATOR_IN,
    hb.PaintCompositeMode.DEST_IN: cairo.OPERATOR_DEST_IN,
    hb.PaintCompositeMode.SRC_OUT: cairo.OPERATOR_OUT,
    hb.PaintCompositeMode.DEST_OUT: cairo.OPERATOR_DEST_OUT,
    hb.PaintCompositeMode.SRC_ATOP: cairo.OPERATOR_ATOP,
    hb.PaintCompositeMode.DEST_ATOP: cairo.OPERATOR_DEST_ATOP,
    hb.PaintCompositeMode.XOR: cairo.OPERATOR_XOR,
    hb.PaintCompositeMode.PLUS: cairo.OPERATOR_ADD,
    hb.PaintCompositeMode.SCREEN: cairo.OPERATOR_SCREEN,
    hb.PaintCompositeMode.OVERLAY: cairo.OPERATOR_OVERLAY,
    hb.PaintCompositeMode.DARKEN: cairo.OPERATOR_DARKEN,
    hb.PaintCompositeMode.LIGHTEN: cairo.OPERATOR_LIGHTEN,
    hb.PaintCompositeMode.COLOR_DODGE: cairo.OPERATOR_COLOR_DODGE,
    hb.PaintCompositeMode.COLOR_BURN: cairo.OPERATOR_COLOR_BURN,
    hb.PaintCompositeMode.HARD_LIGHT: cairo.OPERATOR_HARD_LIGHT,
    hb.PaintCompositeMode.SOFT_LIGHT: cairo.OPERATOR_SOFT_LIGHT,
    hb.PaintCompositeMode.DIFFERENCE: cairo.OPERATOR_DIFFERENCE,
    hb.PaintCompositeMode.EXCLUSION: cairo.OPERATOR_EXCLUSION,
    hb.PaintCompositeMode.MULTIPLY: cairo.OPERATOR_MULTIPLY,
    hb.PaintCompositeMode.HSL_HUE: cairo.OPERATOR_HSL_HUE,
    hb.PaintCompositeMode.HSL_SATURATION: cairo.OPERATOR_HSL_SATURATION,
    hb.PaintCompositeMode.HSL_COLOR: cairo.OPERATOR_HSL_COLOR,
    hb.PaintCompositeMode.HSL_LUMINOSITY: cairo.OPERATOR_HSL_LUMINOSITY,
}
_EXTEND = {
    hb.PaintExtend.PAD: cairo.EXTEND_PAD,
    hb.PaintExtend.REPEAT: cairo.EXTEND_REPEAT,
    hb.PaintExtend.REFLECT: cairo.EXTEND_REFLECT,
}
SWEEP_STEP = math.pi / 16  # the widest mesh patch of a sweep gradient (colours linear inside)


class ColourGlyphError(PressroomError):
    """A colour glyph holds something pressroom cannot draw as vector (a bitmap image)."""


@lru_cache(maxsize=20_000)
def is_colour(font: str, gid: int) -> bool:
    """Whether glyph `gid` of `font` (a Face.ref) is painted in colour rather than filled."""
    face = load_face(Path(font))
    return face.colour and bool(face.hb_face.glyph_has_color_paint(gid))


def paint(ctx: cairo.Context, font: str, gid: int, foreground: str) -> None:
    """Paint colour glyph `gid` of `font` onto `ctx`, whose matrix maps font units (y up) to
    the page. `foreground` (#RRGGBB) is the text's colour, for the parts a font paints in it."""
    face = load_face(Path(font))
    painter = _Painter(ctx, font)
    r, g, b = (int(foreground[i : i + 2], 16) for i in (1, 3, 5))
    ctx.save()
    face.hb_font.paint_glyph(gid, _FUNCS, painter, 0, hb.Color(r, g, b, 255))
    ctx.restore()
    if painter.error is not None:
        raise painter.error
    if painter.refused:
        raise ColourGlyphError(
            f"{face.path.name}: glyph {gid} is a bitmap image ({painter.refused}), which "
            "pressroom cannot draw as vector — use a COLR colour font such as "
            "NotoColorEmoji-COLRv1.ttf (in fonts/)"
        )


class _Painter:
    """The state of one glyph's painting: cairo's own stack holds transforms, clips and groups."""

    def __init__(self, ctx: cairo.Context, font: str):
        self.ctx = ctx
        self.font = font
        self.refused = ""
        self.error: Exception | None = None


def _rgba(colour: hb.Color) -> tuple[float, float, float, float]:
    return colour.red / 255, colour.green / 255, colour.blue / 255, colour.alpha / 255


def _push_transform(xx, yx, xy, yy, dx, dy, p: _Painter) -> None:
    p.ctx.save()
    p.ctx.transform(cairo.Matrix(xx, yx, xy, yy, dx, dy))


def _restore(p: _Painter) -> None:
    p.ctx.restore()


def _push_clip_glyph(gid: int, p: _Painter) -> None:
    p.ctx.save()
    p.ctx.new_path()
    cairo_lib.cairo_append_path(p.ctx._pointer, glyph_path(p.font, gid)[0])
    p.ctx.clip()


def _push_clip_rectangle(xmin, ymin, xmax, ymax, p: _Painter) -> None:
    p.ctx.save()
    p.ctx.rectangle(xmin, ymin, xmax - xmin, ymax - ymin)
    p.ctx.clip()


def _color(colour: hb.Color, is_foreground: bool, p: _Painter) -> None:
    p.ctx.set_source_rgba(*_rgba(colour))
    p.ctx.paint()


def _image(blob, width, height, format, slant, extents, p: _Painter) -> bool:
    p.refused = f"{format.strip()} {width}×{height}"
    return True  # nothing drawn: refused after painting


def _stops(line: hb.ColorLine) -> tuple[list[tuple[float, tuple]], float, float]:
    """The colour line's stops with offsets normalized to 0–1, and the original range."""
    stops = sorted(((s.offset, _rgba(s.color)) for s in line.color_stops), key=lambda s: s[0])
    if not stops:
        return [(0.0, (0, 0, 0, 0))], 0.0, 1.0
    low, high = stops[0][0], stops[-1][0]
    if high - low < 1e-9:
        return [(0.0, stops[0][1]), (1.0, stops[-1][1])], low, low + 1.0
    return [((o - low) / (high - low), c) for o, c in stops], low, high


def _fill(p: _Painter, pattern, line: hb.ColorLine, stops) -> None:
    for offset, colour in stops:
        pattern.add_color_stop_rgba(offset, *colour)
    pattern.set_extend(_EXTEND.get(line.extend, cairo.EXTEND_PAD))
    p.ctx.set_source(pattern)
    p.ctx.paint()


def _linear(line, x0, y0, x1, y1, x2, y2, p: _Painter) -> None:
    # COLRv1's p2 turns the gradient: colours are constant along p0→p2, so the gradient runs
    # from p0 to p1 projected perpendicular to it.
    qx, qy = x2 - x0, y2 - y0
    s = qx * qx + qy * qy
    if s > 1e-6:
        k = ((x1 - x0) * qx + (y1 - y0) * qy) / s
        x1, y1 = x1 - k * qx, y1 - k * qy
    stops, low, high = _stops(line)
    dx, dy = x1 - x0, y1 - y0
    pattern = cairo.LinearGradient(x0 + dx * low, y0 + dy * low, x0 + dx * high, y0 + dy * high)
    _fill(p, pattern, line, stops)


def _radial(line, x0, y0, r0, x1, y1, r1, p: _Painter) -> None:
    stops, low, high = _stops(line)

    def at(t: float) -> tuple[float, float, float]:
        return x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, max(0.0, r0 + (r1 - r0) * t)

    pattern = cairo.RadialGradient(*at(low), *at(high))
    _fill(p, pattern, line, stops)


def _sweep(line, cx, cy, start, end, p: _Painter) -> None:
    """A sweep (conic) gradient: cairo has none, so the full turn is drawn as mesh patches
    (a centre and an arc each) with colours from the colour line, as HarfBuzz's cairo backend
    does; the patches are narrow enough that colours between their corners stay linear."""
    stops, low, high = _stops(line)
    extend = line.extend
    span = (end - start) * (high - low)
    first = start + (end - start) * low

    def colour_at(angle: float) -> tuple:
        t = (angle - first) / span if abs(span) > 1e-9 else 0.0
        if extend == hb.PaintExtend.REPEAT:
            t %= 1.0
        elif extend == hb.PaintExtend.REFLECT:
            t %= 2.0
            t = 2.0 - t if t > 1.0 else t
        t = min(1.0, max(0.0, t))
        for (o0, c0), (o1, c1) in zip(stops, stops[1:], strict=False):
            if t <= o1:
                f = 0.0 if o1 - o0 < 1e-9 else (t - o0) / (o1 - o0)
                return tuple(a + (b - a) * f for a, b in zip(c0, c1, strict=True))
        return stops[-1][1]

    x_lo, y_lo, x_hi, y_hi = p.ctx.clip_extents()
    radius = max(math.hypot(x - cx, y - cy) for x in (x_lo, x_hi) for y in (y_lo, y_hi)) + 1
    cuts = {0.0, 2 * math.pi}
    for offset, _ in stops:
        cuts.add((first + span * offset) % (2 * math.pi))
    angles = sorted(cuts)
    # cairocffi wraps no mesh pattern: cairo's own functions make it (cairocffi's documented
    # `cairo` library handle and a context's `_pointer`).
    mesh = cairo_lib.cairo_pattern_create_mesh()
    try:
        for a0, a1 in zip(angles, angles[1:], strict=False):
            steps = max(1, math.ceil((a1 - a0) / SWEEP_STEP))
            for i in range(steps):
                b0, b1 = a0 + (a1 - a0) * i / steps, a0 + (a1 - a0) * (i + 1) / steps
                _sweep_patch(mesh, cx, cy, radius, b0, b1, colour_at(b0), colour_at(b1))
        cairo_lib.cairo_set_source(p.ctx._pointer, mesh)
        p.ctx.paint()
    finally:
        cairo_lib.cairo_pattern_destroy(mesh)


def _sweep_patch(mesh, cx, cy, r, a0, a1, c0, c1) -> None:
    k = 4 / 3 * math.tan((a1 - a0) / 4) * r
    x0, y0 = cx + r * math.cos(a0), cy + r * math.sin(a0)
    x1, y1 = cx + r * math.cos(a1), cy + r * math.sin(a1)
    cairo_lib.cairo_mesh_pattern_begin_patch(mesh)
    cairo_lib.cairo_mesh_pattern_move_to(mesh, cx, cy)
    cairo_lib.cairo_mesh_pattern_line_to(mesh, x0, y0)
    cairo_lib.cairo_mesh_pattern_curve_to(
        mesh,
        x0 - k * math.sin(a0), y0 + k * math.cos(a0),
        x1 + k * math.sin(a1), y1 - k * math.cos(a1),
        x1, y1,
    )
    cairo_lib.cairo_mesh_pattern_line_to(mesh, cx, cy)
    for corner, colour in enumerate((c0, c0, c1, c1)):
        cairo_lib.cairo_mesh_pattern_set_corner_color_rgba(mesh, corner, *colour)
    cairo_lib.cairo_mesh_pattern_end_patch(mesh)


def _push_group(p: _Painter) -> None:
    p.ctx.push_group()


def _pop_group(mode: hb.PaintCompositeMode, p: _Painter) -> None:
    p.ctx.pop_group_to_source()
    p.ctx.save()
    p.ctx.set_operator(_OPERATORS.get(mode, cairo.OPERATOR_OVER))
    p.ctx.paint()
    p.ctx.restore()


def _colour_glyph(gid: int, p: _Painter) -> bool:
    return False  # HarfBuzz paints a glyph's colour glyphs itself


def _guarded(callback):
    """The callback, its first exception kept on the painter (HarfBuzz would print and drop
    it) for `paint` to raise."""

    def call(*args):
        painter = args[-1]
        try:
            return callback(*args)
        except Exception as exc:  # raised again by paint(), with its traceback
            painter.error = painter.error or exc
            return False

    return call


_CALLBACKS = {  # HarfBuzz's paint operation → what draws it here
    "push_transform": _push_transform,
    "pop_transform": _restore,
    "push_clip_glyph": _push_clip_glyph,
    "push_clip_rectangle": _push_clip_rectangle,
    "pop_clip": _restore,
    "color": _color,
    "image": _image,
    "linear_gradient": _linear,
    "radial_gradient": _radial,
    "sweep_gradient": _sweep,
    "push_group": _push_group,
    "pop_group": _pop_group,
    "color_glyph": _colour_glyph,
}


def _funcs() -> hb.PaintFuncs:
    funcs = hb.PaintFuncs()
    for operation, callback in _CALLBACKS.items():
        getattr(funcs, f"set_{operation}_func")(_guarded(callback))
    return funcs


_FUNCS = _funcs()

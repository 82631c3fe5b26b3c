"""Glyph outlines as cairo paths, made once per glyph and process: HarfBuzz draws the outline,
and the path is kept encoded for cairo, so a glyph drawn a thousand times is converted once."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fontTools.pens.basePen import BasePen

from pressroom.draw.cairolib import cairo, ffi
from pressroom.text.fonts import load_face


class _CairoPathPen(BasePen):
    """Records a glyph outline as cairo path items (quadratic curves become cubic)."""

    def __init__(self):
        super().__init__(None)
        self.items: list[tuple] = []

    def _moveTo(self, p):
        self.items.append((cairo.PATH_MOVE_TO, p))

    def _lineTo(self, p):
        self.items.append((cairo.PATH_LINE_TO, p))

    def _curveToOne(self, p1, p2, p3):
        self.items.append((cairo.PATH_CURVE_TO, (*p1, *p2, *p3)))

    def _closePath(self):
        self.items.append((cairo.PATH_CLOSE_PATH, ()))


@lru_cache(maxsize=20_000)
def glyph_items(font: str, gid: int) -> tuple:
    pen = _CairoPathPen()
    load_face(Path(font)).hb_font.draw_glyph_with_pen(gid, pen)
    return tuple(pen.items)


@lru_cache(maxsize=20_000)
def glyph_path(font: str, gid: int) -> tuple:
    """The glyph's outline as a cairo path, made once: (cairo_path_t *, its data), which must
    stay alive together."""
    items = glyph_items(font, gid)
    size = sum(1 + len(points) // 2 for _, points in items)
    data = ffi.new("cairo_path_data_t[]", max(1, size))
    n = 0
    for kind, points in items:
        data[n].header.type = kind
        data[n].header.length = 1 + len(points) // 2
        n += 1
        for i in range(0, len(points), 2):
            data[n].point.x, data[n].point.y = points[i], points[i + 1]
            n += 1
    path = ffi.new("cairo_path_t *", {"status": 0, "data": data, "num_data": size})
    return path, data

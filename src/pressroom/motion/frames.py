"""Frames of a motion asset: the art with each piece where the timeline puts it, redrawn only
where something moved, and kept as 4:2:0 YUV (BT.709, limited range) for the encoder.

The RGB to YUV conversion is integer arithmetic in numpy, on the changed rectangles only: the
same bytes on every machine (no SIMD-dependent rounding), and cheap, since most of a frame does not
change from one frame to the next.
"""

from __future__ import annotations

import math
from collections import OrderedDict

import numpy as np

from pressroom.draw.cairolib import cairo

# BT.709 in limited range, as 16-bit fixed point: Y = 16 + 219/255 (Kr R + Kg G + Kb B), and
# Cb, Cr = 128 + 224/255 (B − Y′) / 1.8556, (R − Y′) / 1.5748, on sums of 2×2 pixels (hence /4).
_KR, _KB = 0.2126, 0.0722
_KG = 1 - _KR - _KB
_Y = [round(k * 219 / 255 * 65536) for k in (_KR, _KG, _KB)]
_CB = [round(k * 224 / 255 / 1.8556 * 65536 / 4) for k in (-_KR, -_KG, 1 - _KB)]
_CR = [round(k * 224 / 255 / 1.5748 * 65536 / 4) for k in (1 - _KR, -_KG, -_KB)]
_HALF = 1 << 15
PLANES_CACHE = 4  # converted arts kept per process (3 MB each for a story)

Rect = tuple[int, int, int, int]  # x0, y0, x1, y1, even, inside the frame
Placed = tuple[cairo.ImageSurface, float, float, float]  # surface, x, y, alpha


class Frames:
    """The current frame, as RGB (cairo) and as planar YUV 4:2:0 (numpy, `planes`)."""

    def __init__(self, art: cairo.ImageSurface, key):
        self.art = art
        self.width, self.height = art.get_width(), art.get_height()
        self.rgb = cairo.ImageSurface(cairo.FORMAT_RGB24, self.width, self.height)
        self.ctx = cairo.Context(self.rgb)
        self.ctx.set_operator(cairo.OPERATOR_SOURCE)
        self.ctx.set_source_surface(art)
        self.ctx.paint()
        self.rgb.flush()
        self.planes = _art_planes(key, self.rgb).copy()
        self.placed: list[Placed | None] = []

    def show(self, placed: list[Placed | None]) -> bool:
        """Draw the pieces as `placed` (None: not visible); False when nothing changed."""
        before = self.placed or [None] * len(placed)
        dirty = []
        for old, new in zip(before, placed, strict=True):
            if old != new:
                dirty.extend(self._box(p) for p in (old, new) if p is not None)
        self.placed = list(placed)
        dirty = _merge([r for r in dirty if r[0] < r[2] and r[1] < r[3]])
        for rect in dirty:
            self._redraw(rect)
        if dirty:
            self.rgb.flush()
            for rect in dirty:
                self._convert(rect)
        return bool(dirty)

    def _box(self, p: Placed) -> Rect:
        surface, x, y, _ = p
        x0, y0 = math.floor(x) & ~1, math.floor(y) & ~1
        x1 = math.ceil(x + surface.get_width()) + 1
        y1 = math.ceil(y + surface.get_height()) + 1
        x1, y1 = x1 + (x1 & 1), y1 + (y1 & 1)
        return (max(0, x0), max(0, y0), min(self.width, x1), min(self.height, y1))

    def _redraw(self, rect: Rect) -> None:
        x0, y0, x1, y1 = rect
        ctx = self.ctx
        ctx.save()
        ctx.rectangle(x0, y0, x1 - x0, y1 - y0)
        ctx.clip()
        ctx.set_operator(cairo.OPERATOR_SOURCE)
        ctx.set_source_surface(self.art)
        ctx.paint()
        ctx.set_operator(cairo.OPERATOR_OVER)
        for p in self.placed:
            if p is None:
                continue
            surface, x, y, alpha = p
            w, h = surface.get_width(), surface.get_height()
            if x >= x1 or y >= y1 or x + w <= x0 or y + h <= y0:
                continue
            ctx.set_source_surface(surface, x, y)
            if alpha >= 1.0:
                ctx.paint()
            else:
                ctx.paint_with_alpha(alpha)
        ctx.restore()

    def _convert(self, rect: Rect) -> None:
        x0, y0, x1, y1 = rect
        to_yuv(_pixels(self.rgb)[y0:y1, x0:x1], self.planes, x0, y0, self.width, self.height)


def to_yuv(bgrx: np.ndarray, planes: np.ndarray, x0: int, y0: int, width: int, height: int):
    """Convert an even-sized block of BGRX pixels at (x0, y0) into the I420 `planes` (the Y plane,
    then U and V, stacked as (height × 3/2) rows of `width`)."""
    h, w = bgrx.shape[:2]
    b, g, r = (bgrx[..., i].astype(np.int32) for i in range(3))
    luma = (_Y[0] * r + _Y[1] * g + _Y[2] * b + (16 << 16) + _HALF) >> 16
    planes[y0 : y0 + h, x0 : x0 + w] = luma
    b4, g4, r4 = (
        c[0::2, 0::2] + c[1::2, 0::2] + c[0::2, 1::2] + c[1::2, 1::2] for c in (b, g, r)
    )
    cu, cv = (
        (k[0] * r4 + k[1] * g4 + k[2] * b4 + (128 << 16) + _HALF) >> 16 for k in (_CB, _CR)
    )
    quarter = planes[height:].reshape(2, height // 2, width // 2)  # U, then V
    quarter[0, y0 // 2 : (y0 + h) // 2, x0 // 2 : (x0 + w) // 2] = cu
    quarter[1, y0 // 2 : (y0 + h) // 2, x0 // 2 : (x0 + w) // 2] = cv


def _pixels(surface: cairo.ImageSurface) -> np.ndarray:
    h, stride = surface.get_height(), surface.get_stride()
    data = np.frombuffer(surface.get_data(), dtype=np.uint8).reshape(h, stride // 4, 4)
    return data[:, : surface.get_width()]


_PLANES: OrderedDict = OrderedDict()


def _art_planes(key, rgb: cairo.ImageSurface) -> np.ndarray:
    """The art in YUV, converted once per process and art (a few kept)."""
    planes = _PLANES.get(key)
    if planes is None:
        w, h = rgb.get_width(), rgb.get_height()
        planes = np.empty((h * 3 // 2, w), dtype=np.uint8)
        for y in range(0, h, 256):  # in bands: small temporaries
            to_yuv(_pixels(rgb)[y : min(h, y + 256)], planes, 0, y, w, h)
        _PLANES[key] = planes
        while len(_PLANES) > PLANES_CACHE:
            _PLANES.popitem(last=False)
    _PLANES.move_to_end(key)
    return planes


def _merge(rects: list[Rect]) -> list[Rect]:
    """Rectangles that overlap joined into their bounding box, so no pixel is drawn twice."""
    out: list[Rect] = []
    for r in rects:
        while True:
            for i, o in enumerate(out):
                if r[0] < o[2] and o[0] < r[2] and r[1] < o[3] and o[1] < r[3]:
                    r = (min(r[0], o[0]), min(r[1], o[1]), max(r[2], o[2]), max(r[3], o[3]))
                    del out[i]
                    break
            else:
                out.append(r)
                break
    return out

"""Frames: BT.709 YUV from integer arithmetic, redrawn only where something moved."""

from __future__ import annotations

import cairocffi as cairo
import numpy as np

from pressroom.motion.frames import Frames, _merge, to_yuv


def _reference(rgb: np.ndarray):
    """BT.709 limited range in floating point, chroma from the 2×2 mean."""
    r, g, b = (rgb[..., i].astype(float) for i in range(3))
    y = 16 + 219 / 255 * (0.2126 * r + 0.7152 * g + 0.0722 * b)
    yp = 0.2126 * r + 0.7152 * g + 0.0722 * b
    cb = 128 + 224 / 255 * (b - yp) / 1.8556
    cr = 128 + 224 / 255 * (r - yp) / 1.5748
    h, w = r.shape
    mean = lambda c: c.reshape(h // 2, 2, w // 2, 2).mean(axis=(1, 3))  # noqa: E731
    return y, mean(cb), mean(cr)


def test_yuv_matches_bt709_within_one_level():
    rng = np.random.default_rng(7)
    h, w = 8, 12
    rgb = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
    rgb[0, 0], rgb[0, 1] = (0, 0, 0), (255, 255, 255)
    bgrx = np.zeros((h, w, 4), np.uint8)
    bgrx[..., 0], bgrx[..., 1], bgrx[..., 2] = rgb[..., 2], rgb[..., 1], rgb[..., 0]
    planes = np.zeros((h * 3 // 2, w), np.uint8)
    to_yuv(bgrx, planes, 0, 0, w, h)
    y, cb, cr = _reference(rgb)
    u = planes[h:].reshape(2, h // 2, w // 2)
    assert np.abs(planes[:h].astype(float) - y).max() <= 0.5 + 1e-9
    assert np.abs(u[0] - cb).max() <= 0.5 + 1e-9 and np.abs(u[1] - cr).max() <= 0.5 + 1e-9
    assert planes[0, 0] == 16 and planes[0, 1] == 235  # black and white, limited range


def test_yuv_of_a_block_lands_in_its_place():
    h, w = 8, 8
    planes = np.zeros((h * 3 // 2, w), np.uint8)
    block = np.full((2, 4, 4), 255, np.uint8)
    to_yuv(block, planes, 2, 4, w, h)
    assert (planes[4:6, 2:6] == 235).all() and planes[:4].sum() == 0 and planes[6:h].sum() == 0
    u = planes[h:].reshape(2, h // 2, w // 2)
    assert (u[:, 2, 1:3] == 128).all() and u[:, :2].sum() == 0


def test_overlapping_rectangles_are_merged():
    assert _merge([(0, 0, 4, 4), (2, 2, 6, 6), (10, 10, 12, 12)]) == [
        (0, 0, 6, 6),
        (10, 10, 12, 12),
    ]
    assert _merge([(0, 0, 2, 2), (4, 0, 6, 2), (1, 0, 5, 2)]) == [(0, 0, 6, 2)]


def test_only_what_moved_is_redrawn():
    art = cairo.ImageSurface(cairo.FORMAT_RGB24, 64, 32)
    ctx = cairo.Context(art)
    ctx.set_source_rgb(0.2, 0.1, 0.5)
    ctx.paint()
    dot = cairo.ImageSurface(cairo.FORMAT_ARGB32, 4, 4)
    ctx = cairo.Context(dot)
    ctx.set_source_rgb(1, 1, 1)
    ctx.paint()
    frames = Frames(art, ("test-moved", 64, 32))
    plain = frames.planes.copy()
    assert frames.show([None]) is False  # nothing visible, nothing changed
    assert frames.show([(dot, 10, 10, 1.0)])
    lit = frames.planes.copy()
    assert (lit[10:14, 10:14] == 235).all()
    changed = np.argwhere(lit[:32] != plain[:32])
    assert changed.min(axis=0).tolist() == [10, 10] and changed.max(axis=0).tolist() == [13, 13]
    assert frames.show([(dot, 10, 10, 1.0)]) is False  # the same place: nothing to do
    assert frames.show([None])  # gone again: the art is back
    assert (frames.planes == plain).all()

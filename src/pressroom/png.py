"""PNG encoding: small files with no visible loss and no metadata chunks.

Flat campaign art has few colours over large areas (fills, gradients) and many rare ones on
anti-aliased edges. The palette keeps every colour that covers an area within 2 levels of 255, so
gradients do not band, and spends what is left on edge colours. Each distinct colour is mapped to
its nearest palette entry exactly (Pillow's own mapping rounds colours into coarse cells, which
bands gradients). An image whose palette would be off by more than `MAX_ERROR` anywhere is
written as lossless RGB instead.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

AREA_TOLERANCE = 2  # levels of 255: invisible on any area
MAX_AREA_COLOURS = 240
MAX_ERROR = 32  # largest channel error allowed on any pixel (anti-aliased edges only)
SAMPLE = 3  # every 3rd pixel in each direction decides the palette
COMPRESS_LEVEL = 6


def encode_png(image: Image.Image) -> bytes:
    """The image as PNG: palette when visually lossless, else RGB; never any metadata chunk."""
    rgb = image.convert("RGB")
    indexed = to_palette(rgb)
    out = io.BytesIO()
    (indexed if indexed is not None else rgb).save(out, "PNG", compress_level=COMPRESS_LEVEL)
    return out.getvalue()


def to_palette(rgb: Image.Image) -> Image.Image | None:
    """A palette image within the error bounds above, or None when the image needs RGB."""
    pixels = np.asarray(rgb)
    packed = (pixels[..., 0].astype(np.uint32) << 16) | (pixels[..., 1].astype(np.uint32) << 8)
    packed |= pixels[..., 2]
    present = np.zeros(1 << 24, dtype=bool)
    present[packed] = True
    colours = np.flatnonzero(present).astype(np.uint32)
    if len(colours) <= 256:
        palette = _unpack(colours)
    else:
        palette = _choose_palette(packed)
        if palette is None:
            return None
    nearest, error = _nearest(_unpack(colours), palette)
    if error > MAX_ERROR:
        return None
    lookup = np.zeros(1 << 24, dtype=np.uint8)
    lookup[colours] = nearest
    out = Image.fromarray(lookup[packed], "P")
    flat = palette.astype(np.uint8).ravel().tolist()
    out.putpalette(flat + [0] * (768 - len(flat)))
    return out


def _choose_palette(packed: np.ndarray) -> np.ndarray | None:
    sample, counts = np.unique(packed[::SAMPLE, ::SAMPLE], return_counts=True)
    order = np.lexsort((sample, -counts))
    sample, counts = sample[order], counts[order]
    rgb = _unpack(sample)
    palette = _cover(rgb[counts >= 2], AREA_TOLERANCE, np.empty((0, 3), np.int32))
    if len(palette) > MAX_AREA_COLOURS:
        return None
    tolerance, rare = 4, rgb[counts < 2]
    while True:
        full = _cover(rare, tolerance, palette)
        if len(full) <= 256:
            return full
        tolerance *= 2


def _cover(candidates: np.ndarray, tolerance: int, palette: np.ndarray) -> np.ndarray:
    """Add each candidate that no entry is within `tolerance` of, in order (greedy cover)."""
    entries = list(palette)
    arr = palette.copy()
    for colour in candidates:
        if len(arr) and (np.abs(arr - colour).max(axis=1) <= tolerance).any():
            continue
        entries.append(colour)
        arr = np.vstack([arr, colour])
        if len(arr) > 256 and tolerance > AREA_TOLERANCE:
            break
    return np.array(entries, dtype=np.int32).reshape(-1, 3)


def _nearest(colours: np.ndarray, palette: np.ndarray) -> tuple[np.ndarray, int]:
    """Index of the nearest palette entry for each colour, and the largest channel error."""
    best = np.empty(len(colours), dtype=np.uint8)
    worst = 0
    for i in range(0, len(colours), 4096):
        chunk = colours[i : i + 4096, None, :] - palette[None, :, :]
        pick = (chunk * chunk).sum(axis=2).argmin(axis=1)
        best[i : i + 4096] = pick
        worst = max(worst, int(np.abs(chunk[np.arange(len(pick)), pick]).max()))
    return best, worst


def _unpack(packed: np.ndarray) -> np.ndarray:
    packed = packed.astype(np.int64)
    return np.stack([(packed >> 16) & 255, (packed >> 8) & 255, packed & 255], axis=1).astype(
        np.int32
    )

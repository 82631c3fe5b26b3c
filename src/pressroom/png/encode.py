"""PNG encoding: small files with no visible loss and no metadata chunks.

Flat campaign art has few colours over large areas (fills, gradients) and many rare ones on
anti-aliased edges. The palette keeps every colour that covers an area within 2 levels of 255, so
gradients do not band, and spends what is left on edge colours. Each distinct colour is mapped to
its nearest palette entry exactly (Pillow's own mapping rounds colours into coarse cells, which
bands gradients). An image whose palette would be off by more than `MAX_ERROR` anywhere is
written as lossless RGB instead.

Entries are ordered by use, the most used first: libdeflate then compresses the same pixels
several per cent smaller than in the order the colours were found (oxipng reorders palettes for
the same reason; bench/png_size.py measures the result). stream.py compresses the scanlines.

Most of an asset is its template's static art, the same in every asset of that template. A `Base`
holds that art's palette and index image, worked out once per process. An image drawn over a base
(`encode_packed(pixels, base)`) only quantizes the pixels that differ: their colours join the base
palette after its entries, and compressed rows the art shares with earlier images come from
pngstream's cache. The file depends on the pixels and the base alone, whichever way it was made.
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass

import deflate
import numpy as np
from PIL import Image

from pressroom.png import stream

AREA_TOLERANCE = 2  # levels of 255: invisible on any area
AREA_PIXELS = 8  # a colour inside this many flat 2×2 blocks is an area colour, not an edge
MAX_AREA_COLOURS = 240
MAX_ERROR = 32  # largest channel error allowed on any pixel (anti-aliased edges only)
GRID = (4, 5, 6, 8, 10, 12, 16, 20, 24, 28, 33)  # cell sizes tried for edge colours, finest first
BASE_COLOURS = 160  # a template's own edge colours leave the rest of the palette to content
RGB_COMPRESS_LEVEL = 9  # zlib level of the rare lossless RGB files (photographs in templates)
SIGNATURE = b"\x89PNG\r\n\x1a\n"


# --- pixels --------------------------------------------------------------------------------------


def pack(rgb: np.ndarray) -> np.ndarray:
    """An h×w×3 uint8 array as h×w uint32 0xRRGGBB."""
    rgb = np.asarray(rgb, dtype=np.uint8)
    packed = rgb[..., 0].astype(np.uint32) << 16
    packed |= rgb[..., 1].astype(np.uint32) << 8
    packed |= rgb[..., 2]
    return packed


def unpack(packed: np.ndarray) -> np.ndarray:
    """uint32 0xRRGGBB values as int32 RGB triples (one more axis of 3)."""
    packed = np.asarray(packed, dtype=np.uint32)
    return np.stack([(packed >> 16) & 255, (packed >> 8) & 255, packed & 255], axis=-1).astype(
        np.int32
    )


# --- a template's static art ---------------------------------------------------------------------


@dataclass
class Base:
    """The static art under every asset of one template and size, quantized once."""

    packed: np.ndarray  # h×w uint32 0xRRGGBB
    palette: np.ndarray | None  # n×3 int32, most used first; None when the art itself needs RGB
    index: np.ndarray | None  # h×w uint8 palette indices
    art: stream.Art | None = None  # how its rows compress
    known: _Known | None = None  # nearest palette entries of colours drawn over it so far

    @property
    def nbytes(self) -> int:
        """Memory held, for cache bookkeeping."""
        extra = self.index.nbytes if self.index is not None else 0
        return self.packed.nbytes + extra


def make_base(packed: np.ndarray) -> Base:
    """Palette and indices of `packed`, the art every asset is drawn on."""
    packed = np.ascontiguousarray(packed, dtype=np.uint32)
    quantized = _quantize(packed.ravel(), _flat(packed).ravel(), _EMPTY, BASE_COLOURS)
    if quantized is None:
        return Base(packed, None, None)
    palette, indices = _by_use(*quantized, 0)
    index = indices.reshape(packed.shape)
    art = stream.art(stream.scanlines(index))
    return Base(packed, palette, index, art, _Known(palette))


# --- encoding ------------------------------------------------------------------------------------


def encode_png(image: Image.Image) -> bytes:
    """The image as PNG: palette when visually lossless, else RGB; never any metadata chunk."""
    return encode_packed(pack(np.asarray(image.convert("RGB"))))


def encode_packed(packed: np.ndarray, base: Base | None = None) -> bytes:
    """PNG of h×w uint32 0xRRGGBB pixels; with `base`, only pixels that differ from it cost."""
    packed = np.ascontiguousarray(packed, dtype=np.uint32)
    h, w = packed.shape
    if base is not None and base.index is not None and base.packed.shape == packed.shape:
        pixels = packed.ravel()
        changed = np.flatnonzero(pixels != base.packed.ravel())
        quantized = _quantize(
            pixels[changed], _flat_at(packed, changed), base.palette, known=base.known
        )
        if quantized is None:
            return _rgb_png(packed)
        palette, indices = _by_use(*quantized, len(base.palette))
        index = base.index.copy()
        index.ravel()[changed] = indices
        static = np.ones(h, dtype=bool)
        static[changed // w] = False
        return _palette_png(palette, index, base.art, static)
    quantized = _quantize(packed.ravel(), _flat(packed).ravel(), _EMPTY)
    if quantized is None:
        return _rgb_png(packed)
    palette, indices = _by_use(*quantized, 0)
    return _palette_png(palette, indices.reshape(h, w))


def _by_use(palette: np.ndarray, indices: np.ndarray, fixed: int) -> tuple[np.ndarray, np.ndarray]:
    """The palette with its entries after the first `fixed` ordered by use (the most used first,
    ties in their order), and the indices renumbered to match."""
    counts = np.bincount(indices, minlength=len(palette))[fixed:]
    order = fixed + np.argsort(-counts, kind="stable")
    if (order == np.arange(fixed, len(palette))).all():
        return palette, indices
    renumber = np.arange(256, dtype=np.uint8)
    renumber[order] = np.arange(fixed, len(palette), dtype=np.uint8)
    return np.concatenate([palette[:fixed], palette[order]]), renumber[indices]


# --- palette -------------------------------------------------------------------------------------

_EMPTY = np.empty((0, 3), dtype=np.int32)


def _flat(packed: np.ndarray) -> np.ndarray:
    """Pixels with the same colour to their right and below: inside an area, not on an edge."""
    flat = np.zeros(packed.shape, dtype=bool)
    corner = packed[:-1, :-1]
    flat[:-1, :-1] = (corner == packed[:-1, 1:]) & (corner == packed[1:, :-1])
    return flat


def _flat_at(packed: np.ndarray, at: np.ndarray) -> np.ndarray:
    """About `_flat` for the pixels at flat indices `at` only (a pixel at the end of a row is
    compared with the start of the next)."""
    w = packed.shape[1]
    pixels = packed.ravel()
    last = len(pixels) - 1
    value = pixels[at]
    return (value == pixels[np.minimum(at + 1, last)]) & (value == pixels[np.minimum(at + w, last)])


def _quantize(
    values: np.ndarray,
    flat: np.ndarray,
    palette: np.ndarray,
    limit: int = 256,
    known: _Known | None = None,
) -> tuple[np.ndarray, np.ndarray] | None:
    """Extend `palette` for `values` (uint32 colours; `flat`: the pixel is inside an area of its
    colour); return the palette and each value's index.

    Every colour first gets its nearest entry of `palette` (`known` remembers those). If the
    colours that are not in the palette fit, they are added as they are. Otherwise area colours
    are added (greedy, each within AREA_TOLERANCE of an entry), then edge colours share what is
    left up to `limit` entries: one entry per cell of the finest grid that fits, for the cells
    holding a colour farther than the cell size from every entry. None when a colour would be
    off by more than MAX_ERROR or areas need more than MAX_AREA_COLOURS entries.
    """
    colours, where = _distinct(values)
    if not len(colours):
        return palette, np.zeros(0, dtype=np.uint8)
    rgb = unpack(colours)
    if known is not None:
        best, dist = known.nearest(colours, rgb)
    else:
        best, dist = _nearest(rgb, palette)
    new = np.flatnonzero(dist > 0)
    if len(palette) + len(new) <= limit:
        full = np.concatenate([palette, rgb[new]])
        best[new] = len(palette) + np.arange(len(new))
    else:
        counts = np.bincount(where, minlength=len(colours))[new]
        areas = np.bincount(where[flat], minlength=len(colours))[new]
        order = np.lexsort((colours[new], -counts, -areas))
        new, areas = new[order], areas[order]
        area, rare = new[areas >= AREA_PIXELS], new[areas < AREA_PIXELS]
        added = _cover(rgb[area], dist[area], AREA_TOLERANCE, MAX_AREA_COLOURS - len(palette))
        if len(palette) + len(added) > MAX_AREA_COLOURS:
            return None
        if len(added):
            near, gap = _nearest(rgb, added)
            better = gap < dist
            best[better] = len(palette) + near[better]
            dist[better] = gap[better]
        full = np.concatenate([palette, added])
        grid = _grid(rgb[rare], dist[rare], limit - len(full))
        if grid is None:
            return None
        entries, far, cell_of = grid
        best[rare[far]] = len(full) + cell_of
        full = np.concatenate([full, entries])
    if int(np.abs(rgb - full[best]).max()) > MAX_ERROR:
        return None
    return full, best.astype(np.uint8)[where]


_SLOTS: np.ndarray | None = None  # colour -> position among this image's distinct colours


def _distinct(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct values, and the position of each value among them."""
    global _SLOTS
    # Every distinct value starts a run of equal neighbours: flat art has a few runs per row,
    # so the unique of the run starts costs a tenth of the unique of every pixel.
    starts = values[1:][values[1:] != values[:-1]]
    colours = np.unique(np.concatenate((values[:1], starts)))
    if len(colours) > 65535:
        return colours, np.searchsorted(colours, values)
    if _SLOTS is None:
        _SLOTS = np.zeros(1 << 24, dtype=np.uint16)  # 32 MB, once per process
    _SLOTS[colours] = np.arange(len(colours), dtype=np.uint16)
    return colours, _SLOTS[values]


def _nearest(rgb: np.ndarray, palette: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of the nearest entry (Euclidean; the first on a tie) and the squared distance."""
    best = np.zeros(len(rgb), dtype=np.int64)
    dist = np.full(len(rgb), 1 << 30, dtype=np.int64)
    if not len(palette):
        return best, dist
    for i in range(0, len(rgb), 4096):
        chunk = rgb[i : i + 4096]
        d = np.zeros((len(chunk), len(palette)), dtype=np.int32)
        for c in range(3):
            x = chunk[:, c, None] - palette[None, :, c]
            d += x * x
        pick = d.argmin(axis=1)
        best[i : i + 4096] = pick
        dist[i : i + 4096] = d[np.arange(len(pick)), pick]
    return best, dist


class _Known:
    """Nearest entries of a fixed palette for the colours seen so far (sorted keys)."""

    LIMIT = 1 << 20  # colours remembered before starting over

    def __init__(self, palette: np.ndarray):
        self.palette = palette
        self.keys = np.zeros(0, dtype=np.uint32)
        self.best = np.zeros(0, dtype=np.int64)
        self.dist = np.zeros(0, dtype=np.int64)

    def nearest(self, colours: np.ndarray, rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """As `_nearest(rgb, palette)` for sorted distinct `colours` (their rgb)."""
        at = np.searchsorted(self.keys, colours)
        hit = np.zeros(len(colours), dtype=bool)
        inside = at < len(self.keys)
        hit[inside] = self.keys[at[inside]] == colours[inside]
        best = np.empty(len(colours), dtype=np.int64)
        dist = np.empty(len(colours), dtype=np.int64)
        best[hit], dist[hit] = self.best[at[hit]], self.dist[at[hit]]
        miss = ~hit
        if miss.any():
            best[miss], dist[miss] = _nearest(rgb[miss], self.palette)
            if len(self.keys) > self.LIMIT:
                self.keys = self.keys[:0]
                self.best, self.dist = self.best[:0], self.dist[:0]
            keys = np.concatenate([self.keys, colours[miss]])
            order = np.argsort(keys, kind="stable")
            self.keys = keys[order]
            self.best = np.concatenate([self.best, best[miss]])[order]
            self.dist = np.concatenate([self.dist, dist[miss]])[order]
        return best, dist


def _cover(candidates: np.ndarray, gap: np.ndarray, tolerance: int, limit: int) -> np.ndarray:
    """Greedy cover: each candidate (in order) farther than `tolerance` from the palette so far
    (`gap`: its squared distance to the entries before these) becomes an entry. Stops after
    more than `limit` entries."""
    reach = tolerance * tolerance
    candidates = candidates[gap > reach]
    added = np.empty((min(len(candidates), max(0, limit) + 1), 3), dtype=np.int32)
    n = 0
    for start in range(0, len(candidates), 64):
        chunk = candidates[start : start + 64]
        if n:
            chunk = chunk[_nearest(chunk, added[:n])[1] > reach]
        for colour in chunk:
            if n and (((added[:n] - colour) ** 2).sum(axis=1) <= reach).any():
                continue
            added[n] = colour
            n += 1
            if n > limit:
                return added[:n]
    return added[:n]


def _grid(
    rgb: np.ndarray, gap: np.ndarray, room: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """At most `room` entries for edge colours `rgb` (most frequent first). For the finest cell
    size that fits, the colours farther than the cell from the palette (`gap`: squared
    distances) each go to the first of them in their cell. Returns the entries, which colours
    are far, and each far colour's entry; None when nothing fits."""
    for cell in GRID:
        far = gap > (cell - 1) ** 2
        c = rgb[far] // cell
        cells = (c[:, 0] << 16) | (c[:, 1] << 8) | c[:, 2]
        _, first, cell_of = np.unique(cells, return_index=True, return_inverse=True)
        if len(first) <= room:
            order = np.argsort(first)  # entries in the order their colours come
            rank = np.empty_like(order)
            rank[order] = np.arange(len(order))
            return rgb[far][first[order]], far, rank[cell_of]
    return None


# --- files ---------------------------------------------------------------------------------------


def _palette_png(
    palette: np.ndarray,
    index: np.ndarray,
    art: stream.Art | None = None,
    static: np.ndarray | None = None,
) -> bytes:
    """PNG of the h×w palette indices `index`, drawn over `art` where rows are `static`."""
    h, w = index.shape
    return b"".join(
        (
            SIGNATURE,
            _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 3, 0, 0, 0)),
            _chunk(b"PLTE", palette.astype(np.uint8).tobytes()),
            _chunk(b"IDAT", stream.zlib_stream(stream.scanlines(index), art, static)),
            _chunk(b"IEND", b""),
        )
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


RGBA_LEVEL = 9  # libdeflate level of `rgba_png`


def rgba_png(rgba: np.ndarray) -> bytes:
    """PNG of an h×w×4 RGBA array (straight alpha), no metadata: filter None and libdeflate.
    For flat colours with soft edges on transparency (the wordmarks): 20% smaller than libpng's
    adaptive filters with zlib 9, in a fifth of the time."""
    h, w, _ = rgba.shape
    rows = np.zeros((h, 4 * w + 1), dtype=np.uint8)  # filter byte 0: None
    rows[:, 1:] = np.ascontiguousarray(rgba, dtype=np.uint8).reshape(h, 4 * w)
    return b"".join(
        (
            SIGNATURE,
            _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)),
            _chunk(b"IDAT", bytes(deflate.zlib_compress(rows.tobytes(), RGBA_LEVEL))),
            _chunk(b"IEND", b""),
        )
    )


def _rgb_png(packed: np.ndarray) -> bytes:
    rgb = unpack(packed).astype(np.uint8)
    out = io.BytesIO()
    Image.fromarray(rgb, "RGB").save(out, "PNG", compress_level=RGB_COMPRESS_LEVEL)
    return out.getvalue()

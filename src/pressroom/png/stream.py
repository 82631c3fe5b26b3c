"""The zlib stream of a PNG's scanlines: near-optimal deflate where it pays, cached by content.

The rows are cut into segments by what they hold. A *flat* row is one colour, or repeats the row
above (it then gets PNG filter Up and becomes all zeros); runs of at least `MIN_FLAT` flat rows
are flat segments. The detail between them (text, art, QR codes) is cut where the image stops or
starts to differ from the template's static art under it (`Art`, from png/encode.py), and the art's
own rows at every `GRID`th row, so that they form segments met before. Every other row keeps filter
None, which suits palette art best.

Each segment is compressed with libdeflate at a level chosen by what it holds (`LEVELS`, measured
in bench/png_size.py): flat rows fast, where a fast parse is already optimal; whole cells of
static art at 9 (lazy parsing: level 12 saved 0.4% of the kit's bytes, and cost 0.2 s before a
build's first image, then again in every worker); rows with content at 11 (near-optimal parsing,
strong on text) or 9 (stronger and ten times faster on gradients), as the art under them
compressed better. An image with no art tries both and keeps the smaller.

Segments are compressed independently and joined into one deflate stream: libdeflate ends each
with a final block, so zlib's inflate walks it block by block (`Z_BLOCK`, the technique of zlib's
own `gzjoin`), the final-block bit is cleared and an empty stored block realigns the end to a
byte. A segment's bytes therefore depend on its rows and level alone; a process-wide cache keyed
by a digest of the rows skips segments met before, and never changes a byte.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import dataclasses
import hashlib
import itertools
import struct
import zlib
from collections import OrderedDict
from dataclasses import dataclass

import deflate
import numpy as np

FAST, GOOD, BEST = "fast", "good", "best"
EFFORT = BEST  # the preview server may set FAST or GOOD: quicker, somewhat larger files
LEVELS = {  # effort -> libdeflate levels: flat rows, static art, content (tried on art)
    BEST: (6, 9, (11, 9)),  # within 5% of oxipng -o4 on the kit (measured: docs/benchmark.md)
    GOOD: (6, 9, (9,)),  # lazy parsing only: several times faster, about 10% larger
    FAST: (1, 1, (1,)),
}
MIN_FLAT = 8  # a shorter run of flat rows stays inside the detail around it
MIN_STATIC = 16  # a shorter run of unchanged art rows stays inside the content around it
GRID = 64  # static art is cut at every GRID-th row
ART_SAMPLE = 2  # cells of an art's busy rows compressed to choose its content level (2 chose
# as 4 did on all 138 arts of the kit in en and ru, in half the time)
CACHE_BYTES = 32 << 20  # compressed segments kept per process
FILTER_NONE, FILTER_UP = 0, 2
SYNC = b"\x00\x00\xff\xff"  # LEN and NLEN of an empty stored block
_TOKENS = itertools.count()  # one per Art made in this process


@dataclass(frozen=True)
class Art:
    """What pngstream knows of the static art under an image."""

    busy: np.ndarray  # its rows that are neither flat nor one colour
    level: int  # the content level that compressed its busy rows best
    token: int = dataclasses.field(default_factory=lambda: next(_TOKENS))  # its cache key


def scanlines(index: np.ndarray) -> np.ndarray:
    """PNG scanlines of an h×w uint8 index image: filter Up for a row that repeats the one above
    (it becomes zeros), filter None for every other row."""
    h, w = index.shape
    rows = np.empty((h, w + 1), dtype=np.uint8)
    rows[:, 0] = FILTER_NONE
    rows[:, 1:] = index
    repeat = np.zeros(h, dtype=bool)
    repeat[1:] = (index[1:] == index[:-1]).all(axis=1)
    repeat &= ~flat_rows(index)  # a one-colour row is flat as it is
    rows[repeat, 0] = FILTER_UP
    rows[repeat, 1:] = 0
    return rows


def flat_rows(index: np.ndarray) -> np.ndarray:
    """Which rows of an index image (or of scanlines, filter byte left out) are one colour."""
    return (index == index[:, :1]).all(axis=1)


def art(rows: np.ndarray) -> Art:
    """The `Art` of scanlines `rows` of a template's static art. The content level is the one
    that compresses up to `ART_SAMPLE` cells of its busy rows (evenly spread) smaller."""
    busy = ~flat_rows(rows[:, 1:])
    cells = [
        (a, min(a + GRID, end))
        for start, end, kind in segments(rows)
        if kind != "flat"
        for a in range(start, end, GRID)
    ]
    if len(cells) > ART_SAMPLE:
        cells = [cells[i] for i in np.linspace(0, len(cells) - 1, ART_SAMPLE).round().astype(int)]
    choices = LEVELS[EFFORT][2]
    sizes = [
        sum(len(deflate.deflate_compress(rows[a:b].tobytes(), level)) for a, b in cells)
        for level in choices
    ]
    return Art(busy, choices[int(np.argmin(sizes))])


def zlib_stream(
    rows: np.ndarray, art: Art | None = None, static: np.ndarray | None = None
) -> bytes:
    """The zlib stream of PNG scanlines `rows`: joined segments, an empty final block, Adler-32.
    `art` is the static art under the image and `static` the rows that are still the art's."""
    flat_level, static_level, content = LEVELS[EFFORT]
    parts = [b"\x78\xda"]  # deflate, 32 KB window, maximum compression
    for start, end, kind in segments(rows, static):
        segment = rows[start:end]
        if kind == "flat":  # each row one colour: its first two bytes say it all
            key = segment[:, :2].tobytes() + struct.pack(">I", rows.shape[1])
            parts.append(_segment(segment, (flat_level,), key))
            continue
        if kind == "static":  # the art's own rows (cells at fixed places): no need to hash them
            levels: tuple[int, ...] = (static_level,)
            key = struct.pack(">QII", art.token, start, end)
        elif art is None:
            levels, key = tuple(sorted(set(content))), None
        else:
            levels, key = (art.level if art.busy[start:end].any() else content[0],), None
        parts.append(_segment(segment, levels, key))
    parts.append(b"\x03\x00")  # an empty final block (fixed Huffman codes)
    parts.append(struct.pack(">I", zlib.adler32(rows.data)))
    return b"".join(parts)


def segments(rows: np.ndarray, static: np.ndarray | None = None) -> list[tuple[int, int, str]]:
    """(start, end, kind) row ranges covering scanlines `rows`; kind is "flat", "static" (whole
    GRID cells of rows that are still the art's: `static`, with the row above) or "content"."""
    out = []
    for start, end, flat in _runs(flat_rows(rows[:, 1:]), MIN_FLAT):
        if flat:
            out.append((start, end, "flat"))
        elif static is None:
            out.append((start, end, "content"))
        else:
            kept = static[start:end].copy()
            kept[1:] &= static[start : end - 1]  # filter Up looks at the row above
            if start:
                kept[0] &= static[start - 1]
            for a, b, is_static in _runs(kept, MIN_STATIC):
                out.extend(
                    _cells(start + a, start + b)
                    if is_static
                    else [(start + a, start + b, "content")]
                )
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in out:
        if merged and kind == "content" and merged[-1][2] == "content":
            merged[-1] = (merged[-1][0], end, kind)
        else:
            merged.append((start, end, kind))
    return merged


def _runs(flags: np.ndarray, shortest: int) -> list[tuple[int, int, bool]]:
    """Runs of equal `flags`; a True run shorter than `shortest` counts as False."""
    edges = (np.flatnonzero(np.diff(flags.astype(np.int8))) + 1).tolist()
    out: list[tuple[int, int, bool]] = []
    for start, end in zip([0, *edges], [*edges, len(flags)], strict=True):
        flag = bool(flags[start]) and end - start >= shortest
        if out and out[-1][2] == flag:
            out[-1] = (out[-1][0], end, flag)
        else:
            out.append((start, end, flag))
    return out


def _cells(start: int, end: int) -> list[tuple[int, int, str]]:
    """Rows start..end of static art: whole GRID cells are "static", the ends "content"."""
    first = -(-start // GRID) * GRID
    last = end // GRID * GRID
    if first >= last:
        return [(start, end, "content")]
    out = [(start, first, "content")] if start < first else []
    out += [(a, a + GRID, "static") for a in range(first, last, GRID)]
    if last < end:
        out.append((last, end, "content"))
    return out


# --- segments ------------------------------------------------------------------------------------

_CACHE: OrderedDict[bytes, bytes] = OrderedDict()
_cached_bytes = 0


def _segment(rows: np.ndarray, levels: tuple[int, ...], key: bytes | None = None) -> bytes:
    """Non-final deflate blocks of `rows`, ending on a byte boundary: the smallest of the
    `levels`, cached by content (by `key` when that names the rows already)."""
    global _cached_bytes
    kind = b"k" if key is not None else b"h"
    key = hashlib.blake2b(
        key if key is not None else np.ascontiguousarray(rows).data,
        digest_size=16,
        person=kind + bytes(levels),
    ).digest()
    data = _CACHE.get(key)
    if data is not None:
        _CACHE.move_to_end(key)
        return data
    raw = rows.tobytes()
    smallest = min((bytes(deflate.deflate_compress(raw, level)) for level in levels), key=len)
    data = _unfinal(smallest, len(raw))
    _CACHE[key] = data
    _cached_bytes += len(data)
    while _cached_bytes > CACHE_BYTES:
        _cached_bytes -= len(_CACHE.popitem(last=False)[1])
    return data


# --- joining deflate streams (zlib's gzjoin technique) -------------------------------------------


class _ZStream(ctypes.Structure):
    _fields_ = [
        ("next_in", ctypes.c_void_p),
        ("avail_in", ctypes.c_uint),
        ("total_in", ctypes.c_ulong),
        ("next_out", ctypes.c_void_p),
        ("avail_out", ctypes.c_uint),
        ("total_out", ctypes.c_ulong),
        ("msg", ctypes.c_char_p),
        ("state", ctypes.c_void_p),
        ("zalloc", ctypes.c_void_p),
        ("zfree", ctypes.c_void_p),
        ("opaque", ctypes.c_void_p),
        ("data_type", ctypes.c_int),
        ("adler", ctypes.c_ulong),
        ("reserved", ctypes.c_ulong),
    ]


_Z_OK, _Z_STREAM_END, _Z_BLOCK = 0, 1, 5
_LIBZ: ctypes.CDLL | None = None


def _libz() -> ctypes.CDLL:
    global _LIBZ
    if _LIBZ is None:
        lib = ctypes.CDLL(ctypes.util.find_library("z") or "libz.so.1")
        lib.zlibVersion.restype = ctypes.c_char_p
        lib.inflateInit2_.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.inflate.argtypes = [ctypes.c_void_p, ctypes.c_int]
        lib.inflateEnd.argtypes = [ctypes.c_void_p]
        _LIBZ = lib
    return _LIBZ


def _block_ends(stream: bytes, size: int) -> list[int]:
    """Bit positions where the deflate blocks of a raw `stream` (of `size` bytes inflated) end;
    the last is the end of its final block."""
    lib = _libz()
    z = _ZStream()
    source = ctypes.create_string_buffer(stream, len(stream))
    target = ctypes.create_string_buffer(max(size, 1))
    if lib.inflateInit2_(ctypes.byref(z), -15, lib.zlibVersion(), ctypes.sizeof(z)) != _Z_OK:
        raise RuntimeError("zlib inflateInit2 failed")
    z.next_in, z.avail_in = ctypes.addressof(source), len(stream)
    z.next_out, z.avail_out = ctypes.addressof(target), max(size, 1)
    ends: list[int] = []
    try:
        while True:
            status = lib.inflate(ctypes.byref(z), _Z_BLOCK)
            if status == _Z_STREAM_END:
                break
            if status != _Z_OK:
                raise RuntimeError(f"deflate stream rejected by zlib ({status})")
            if z.data_type & 128:  # just after an end-of-block code
                ends.append(z.total_in * 8 - (z.data_type & 7))
    finally:
        lib.inflateEnd(ctypes.byref(z))
    if z.total_out != size or not ends:
        raise RuntimeError("deflate stream does not inflate to its rows")
    return ends


def _unfinal(stream: bytes, size: int) -> bytes:
    """`stream` (one raw deflate stream) made non-final and byte-aligned, like a zlib sync flush:
    the final block's BFINAL bit cleared, then an empty stored block."""
    ends = _block_ends(stream, size)
    header = ends[-2] if len(ends) > 1 else 0  # where the final block begins
    end = ends[-1]
    out = bytearray(stream[: (end + 7) // 8])
    out[header >> 3] &= ~(1 << (header & 7)) & 0xFF
    spare = len(out) * 8 - end  # unused bits after the final end-of-block code
    if spare:
        out[-1] &= (1 << (8 - spare)) - 1
    if spare < 3:  # the stored block's 3 header bits need another byte
        out.append(0)
    return bytes(out) + SYNC

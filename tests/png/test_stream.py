"""png/stream.py: the zlib stream of a PNG's scanlines. Filters (Up for a repeated row, None
otherwise), how rows are cut into flat, static and content segments, and the joined stream: it
decodes (zlib, and Pillow as a PNG) to exactly the rows given, whatever the effort, the art under
it or what the cache holds."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from pressroom.png import stream as pngstream
from pressroom.png.stream import (
    FILTER_NONE,
    FILTER_UP,
    GRID,
    LEVELS,
    MIN_FLAT,
    MIN_STATIC,
    art,
    flat_rows,
    scanlines,
    segments,
    zlib_stream,
)


def grey_png(width: int, height: int, idat: bytes) -> bytes:
    """A greyscale 8-bit PNG around a zlib stream of scanlines."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat)
            + chunk(b"IEND", b""))


def pixels(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return np.asarray(image)


def mixed(height: int = 300, width: int = 97, seed: int = 1) -> np.ndarray:
    """An index image with every kind of row: one colour, repeated busy rows, noise, stripes."""
    rng = np.random.default_rng(seed)
    index = np.full((height, width), 3, dtype=np.uint8)
    index[20:60] = rng.integers(0, 8, (40, width))  # busy
    index[60:75] = index[59]  # repeats the row above: filter Up
    index[100:103] = 7  # a short flat run inside the detail around it
    index[90:100] = rng.integers(0, 3, (10, width))
    index[103:110] = rng.integers(0, 3, (7, width))
    index[150:] = np.arange(width, dtype=np.uint8)[None, :] % 5  # a gradient of repeated rows
    index[200:260:4] = rng.integers(0, 256, (15, width))  # noise, every fourth row
    return index


@pytest.fixture(autouse=True)
def shipped_effort():
    """Each test ends with the effort it began with, whatever it set. (Named apart from the
    `effort` parameter below: a parameter of the same name hid this fixture, so the test after
    `[good]` on the same worker ran at the good effort.)"""
    saved = pngstream.EFFORT
    yield
    pngstream.EFFORT = saved


# --- scanlines -----------------------------------------------------------------------------------


def test_a_repeated_busy_row_gets_filter_up_and_becomes_zeros():
    index = np.array([[1, 2, 3], [1, 2, 3], [4, 5, 6], [4, 5, 6], [4, 5, 6]], dtype=np.uint8)
    rows = scanlines(index)
    assert rows.tolist() == [
        [FILTER_NONE, 1, 2, 3],
        [FILTER_UP, 0, 0, 0],
        [FILTER_NONE, 4, 5, 6],
        [FILTER_UP, 0, 0, 0],
        [FILTER_UP, 0, 0, 0],
    ]
    assert rows.dtype == np.uint8


def test_a_repeated_one_colour_row_keeps_filter_none():
    index = np.array([[9, 9, 9], [9, 9, 9], [1, 9, 9]], dtype=np.uint8)
    assert scanlines(index).tolist() == [[0, 9, 9, 9], [0, 9, 9, 9], [0, 1, 9, 9]]


def test_the_first_row_never_gets_filter_up():
    index = np.array([[1, 2], [2, 1]], dtype=np.uint8)
    assert scanlines(index)[:, 0].tolist() == [FILTER_NONE, FILTER_NONE]


def test_flat_rows_are_rows_of_one_value():
    index = np.array([[5, 5, 5], [5, 5, 4], [0, 0, 0], [7, 5, 5]], dtype=np.uint8)
    assert flat_rows(index).tolist() == [True, False, True, False]


# --- segments ------------------------------------------------------------------------------------


def covers(parts, height: int) -> bool:
    ends = [(a, b) for a, b, _ in parts]
    return ends[0][0] == 0 and ends[-1][1] == height and all(
        b == c for (_, b), (c, _) in zip(ends, ends[1:], strict=False)
    )


def test_runs_of_flat_rows_are_flat_segments_and_shorter_runs_stay_content():
    index = np.zeros((40, 6), dtype=np.uint8)  # flat
    index[10] = [1, 2, 1, 2, 1, 2]
    index[10 + MIN_FLAT - 1] = [2, 1, 2, 1, 2, 1]  # MIN_FLAT - 2 flat rows between: too few
    index[30] = [1, 1, 2, 2, 1, 1]
    parts = segments(scanlines(index))
    assert parts == [(0, 10, "flat"), (10, 10 + MIN_FLAT, "content"), (10 + MIN_FLAT, 30, "flat"),
                     (30, 31, "content"), (31, 40, "flat")]


def test_rows_that_repeat_the_row_above_count_as_flat():
    index = np.zeros((30, 5), dtype=np.uint8)
    index[10:25] = [1, 2, 3, 4, 5]  # 15 identical busy rows: one busy, then filter Up zeros
    assert segments(scanlines(index)) == [(0, 10, "flat"), (10, 11, "content"), (11, 30, "flat")]


def test_a_flat_run_too_short_at_the_top_is_content():
    index = np.zeros((30, 5), dtype=np.uint8)
    index[MIN_FLAT - 1] = [1, 2, 3, 4, 5]
    assert segments(scanlines(index)) == [(0, MIN_FLAT, "content"), (MIN_FLAT, 30, "flat")]


def test_without_static_rows_there_are_only_flat_and_content_segments():
    rows = scanlines(mixed())
    parts = segments(rows)
    assert covers(parts, len(rows))
    assert {kind for _, _, kind in parts} == {"flat", "content"}
    for a, b, kind in parts:
        flat = flat_rows(rows[a:b, 1:]).all()
        assert flat if kind == "flat" else not (flat and b - a >= MIN_FLAT)
    kinds = [kind for _, _, kind in parts]
    assert all(k != "content" or n != "content" for k, n in zip(kinds, kinds[1:], strict=False))


def test_static_rows_are_cut_into_whole_grid_cells():
    rng = np.random.default_rng(5)
    index = rng.integers(0, 4, (4 * GRID, 11)).astype(np.uint8)  # no flat row
    static = np.ones(4 * GRID, dtype=bool)
    static[: GRID // 2] = False  # drawn over at the top
    parts = segments(scanlines(index), static)
    assert parts == [(0, GRID, "content"), (GRID, 2 * GRID, "static"),
                     (2 * GRID, 3 * GRID, "static"), (3 * GRID, 4 * GRID, "static")]


def test_a_static_row_under_a_changed_row_is_content_because_filter_up_looks_above():
    rng = np.random.default_rng(6)
    index = rng.integers(0, 4, (2 * GRID, 9)).astype(np.uint8)
    static = np.ones(2 * GRID, dtype=bool)
    static[GRID - 1] = False  # the last row of the first cell changed
    parts = segments(scanlines(index), static)
    # the first cell is no longer whole; the second starts one row too late to be a cell
    assert parts == [(0, 2 * GRID, "content")]
    static[GRID - 1], static[2 * GRID - 1] = True, False
    assert segments(scanlines(index), static) == [(0, GRID, "static"), (GRID, 2 * GRID, "content")]


def test_a_short_run_of_static_rows_stays_content():
    rng = np.random.default_rng(7)
    index = rng.integers(0, 4, (3 * GRID, 9)).astype(np.uint8)
    static = np.zeros(3 * GRID, dtype=bool)
    static[GRID : GRID + MIN_STATIC - 1] = True
    assert segments(scanlines(index), static) == [(0, 3 * GRID, "content")]


# --- the stream ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "index",
    [
        mixed(),
        np.zeros((1, 1), dtype=np.uint8),
        np.full((500, 3), 200, dtype=np.uint8),
        np.random.default_rng(2).integers(0, 256, (64, 333)).astype(np.uint8),
        np.tile(np.arange(256, dtype=np.uint8), (20, 1)),
        mixed(width=1),
    ],
    ids=["mixed", "one-pixel", "flat", "noise", "repeated-row", "one-column"],
)
def test_the_stream_inflates_to_exactly_the_rows_and_decodes_as_a_png(index):
    rows = scanlines(index)
    data = zlib_stream(rows)
    assert data[:2] == b"\x78\xda" and int.from_bytes(data[:2], "big") % 31 == 0
    assert zlib.decompress(data) == rows.tobytes()  # checks the Adler-32 too
    h, w = index.shape
    assert np.array_equal(pixels(grey_png(w, h, data)), index)


@pytest.mark.parametrize("effort", [pngstream.FAST, pngstream.GOOD, pngstream.BEST])
def test_every_effort_gives_the_same_pixels(effort):
    index = mixed(height=400, width=151, seed=3)
    rows = scanlines(index)
    pngstream.EFFORT = effort
    data = zlib_stream(rows)
    assert zlib.decompress(data) == rows.tobytes()
    assert np.array_equal(pixels(grey_png(151, 400, data)), index)


def test_a_higher_effort_is_no_larger():
    rows = scanlines(mixed(height=400, width=151, seed=4))
    sizes = {}
    for effort in (pngstream.FAST, pngstream.GOOD, pngstream.BEST):
        pngstream.EFFORT = effort
        sizes[effort] = len(zlib_stream(rows))
    assert sizes[pngstream.BEST] <= sizes[pngstream.GOOD] < sizes[pngstream.FAST]


@pytest.mark.parametrize("value", [0, 4])
def test_flat_art_compresses_far_below_its_size_and_below_zlibs_fast_level(value):
    rows = scanlines(np.full((1920, 1080), value, dtype=np.uint8))
    raw = rows.tobytes()  # 2 MB
    size = len(zlib_stream(rows))
    assert size < len(raw) // 300
    assert size < len(zlib.compress(raw, 1))


def test_over_art_the_pixels_are_exact_for_drawn_and_kept_rows():
    rng = np.random.default_rng(8)
    base = rng.integers(0, 6, (5 * GRID, 120)).astype(np.uint8)
    base[: GRID // 2] = 2  # a flat band
    image = base.copy()
    image[2 * GRID + 5 : 2 * GRID + 30, 10:90] = 9  # text drawn over the art
    static = (image == base).all(axis=1)
    under = art(scanlines(base))
    rows = scanlines(image)
    data = zlib_stream(rows, under, static)
    assert {kind for _, _, kind in segments(rows, static)} == {"flat", "static", "content"}
    assert zlib.decompress(data) == rows.tobytes()
    assert np.array_equal(pixels(grey_png(120, 5 * GRID, data)), image)


def test_the_bytes_do_not_depend_on_what_the_cache_holds():
    rng = np.random.default_rng(9)
    base = rng.integers(0, 6, (4 * GRID, 80)).astype(np.uint8)
    under = art(scanlines(base))
    image = base.copy()
    image[GRID + 3 : GRID + 9] = 1
    static = (image == base).all(axis=1)
    rows = scanlines(image)
    pngstream._CACHE.clear()
    cold = zlib_stream(rows, under, static)
    for y in (5, 2 * GRID + 1, 3 * GRID + 20):  # other images over the same art
        other = base.copy()
        other[y : y + 4] = 2
        zlib_stream(scanlines(other), under, (other == base).all(axis=1))
    assert zlib_stream(rows, under, static) == cold
    assert zlib_stream(rows) == zlib_stream(rows.copy())


def test_static_cells_of_one_art_never_stand_in_for_another_of_the_same_size():
    rng = np.random.default_rng(10)
    first, second = (rng.integers(0, 6, (2 * GRID, 40)).astype(np.uint8) for _ in range(2))
    static = np.ones(2 * GRID, dtype=bool)
    for base in (first, second, first):
        rows = scanlines(base)
        data = zlib_stream(rows, art(rows), static)
        assert zlib.decompress(data) == rows.tobytes()


def test_the_same_flat_rows_of_another_width_are_not_taken_from_the_cache():
    narrow = scanlines(np.full((40, 10), 3, dtype=np.uint8))
    wide = scanlines(np.full((40, 11), 3, dtype=np.uint8))
    assert zlib.decompress(zlib_stream(narrow)) == narrow.tobytes()
    assert zlib.decompress(zlib_stream(wide)) == wide.tobytes()


def test_the_cache_stays_within_its_bound(monkeypatch):
    monkeypatch.setattr(pngstream, "CACHE_BYTES", 4000)
    pngstream._CACHE.clear()
    pngstream._cached_bytes = 0
    try:
        rng = np.random.default_rng(11)
        for _ in range(20):
            rows = scanlines(rng.integers(0, 4, (30, 100)).astype(np.uint8))
            assert zlib.decompress(zlib_stream(rows)) == rows.tobytes()
        held = sum(len(v) for v in pngstream._CACHE.values())
        assert held == pngstream._cached_bytes <= 4000
        assert len(pngstream._CACHE) < 20  # the oldest were let go
    finally:  # an empty cache, counted as such, for the tests after this one
        pngstream._CACHE.clear()
        pngstream._cached_bytes = 0


# --- art -----------------------------------------------------------------------------------------


def test_art_knows_its_busy_rows_and_picks_the_smaller_content_level():
    rng = np.random.default_rng(12)
    index = np.zeros((3 * GRID, 50), dtype=np.uint8)
    index[GRID : GRID + 20] = rng.integers(0, 5, (20, 50))
    rows = scanlines(index)
    found = art(rows)
    assert found.busy.tolist() == (~flat_rows(rows[:, 1:])).tolist()
    assert found.busy[GRID] and not found.busy[0]
    busy = [(a, b) for a, b, kind in segments(rows) if kind != "flat"]
    sizes = {level: sum(len(pngstream.deflate.deflate_compress(rows[a:b].tobytes(), level))
                        for a, b in busy)
             for level in LEVELS[pngstream.BEST][2]}
    assert found.level == min(sizes, key=sizes.get)  # the first of the smallest
    assert art(rows).token != found.token  # each art its own cache key


# --- joining deflate streams ---------------------------------------------------------------------


def test_a_segment_is_made_non_final_and_byte_aligned():
    raw = bytes(range(256)) * 40
    stream = bytes(pngstream.deflate.deflate_compress(raw, 9))
    piece = pngstream._unfinal(stream, len(raw))
    assert piece.endswith(pngstream.SYNC)
    inflate = zlib.decompressobj(-15)
    assert inflate.decompress(piece) == raw
    assert not inflate.eof  # no final block yet: more may follow
    assert zlib.decompress(piece + piece + b"\x03\x00", -15) == raw + raw


def test_a_stream_that_does_not_inflate_to_its_size_is_refused():
    raw = b"abc" * 100
    stream = bytes(pngstream.deflate.deflate_compress(raw, 6))
    with pytest.raises(RuntimeError, match="does not inflate to its rows"):
        pngstream._block_ends(stream, len(raw) + 1)
    with pytest.raises(RuntimeError, match="rejected by zlib"):
        pngstream._block_ends(b"\xff" * 16, 10)

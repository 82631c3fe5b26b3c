"""Pieces of a motion asset: cut per line, in place they give the still, figures that count."""

from __future__ import annotations

import numpy as np
import pytest

from pressroom.build import prepare
from pressroom.draw.fill import GlyphLayer
from pressroom.draw.render import art_surface, rasterize
from pressroom.kit.plan import Selection
from pressroom.motion.frames import Frames
from pressroom.motion.pieces import PLAIN, Counter, line_counts, make_pieces
from tests.conftest import BRANDBOOK

SLOGAN, FACT = "not-propaganda", "signatures-under-pressure"


@pytest.fixture(scope="module")
def documents():
    book, docs, _ = prepare(
        BRANDBOOK,
        Selection(locales=("en",), formats=("story-motion",), messages=(SLOGAN, FACT)),
        jobs=1,
    )
    fmt = book.format("story-motion")
    return fmt, dict(zip(sorted((FACT, SLOGAN)), docs, strict=True))


@pytest.mark.parametrize(
    "text, plain",
    [("50,000", True), ("50 000", True), ("50\u202f000", True), ("80%", True), ("80+", True),
     ("300", True), ("1234567", True), ("Art. 14", False), ("19 & 26", False),
     ("14-бап", False), ("3.5", False), ("50,00", False), ("1,000 000", False)],
)
def test_plain_numbers(text, plain):
    assert (PLAIN.fullmatch(text) is not None) == plain


def test_headline_lines_become_pieces_in_reading_order(documents):
    fmt, docs = documents
    doc = docs[SLOGAN]
    _, matrix = art_surface(doc.static, *fmt.pixel_size)
    lines = line_counts(doc.layers)
    assert lines["headline"] == 3 and lines["qr"] == 0
    pieces = make_pieces(doc.layers, matrix, whole={"wordmark", "body", "cta", "url"})
    headline = [p for p in pieces if p.item[0] == "headline"]
    assert [p.item[1] for p in headline] == [0, 1, 2]
    assert [p.y for p in headline] == sorted(p.y for p in headline)
    assert {p.item for p in pieces} >= {("wordmark", -1), ("body", -1), ("qr", -1)}


@pytest.mark.parametrize("message", [SLOGAN, FACT])
def test_pieces_in_place_over_the_art_give_the_still(documents, message):
    fmt, docs = documents
    doc = docs[message]
    w, h = fmt.pixel_size
    art, matrix = art_surface(doc.static, w, h)
    pieces = make_pieces(doc.layers, matrix, whole=set())
    frames = Frames(art, ("test", doc.static, w, h))
    assert frames.show([(p.surface, p.x, p.y, 1.0) for p in pieces])
    stride = frames.rgb.get_stride()
    got = np.frombuffer(frames.rgb.get_data(), np.uint8).reshape(h, stride // 4, 4)[:, :w, 2::-1]
    still = np.asarray(rasterize(doc, w, h))
    diff = np.abs(got.astype(int) - still.astype(int))
    assert diff.max() <= 3, diff.max()


def test_a_plain_figure_counts_up_in_the_places_of_its_digits(documents):
    fmt, docs = documents
    doc = docs[FACT]
    figure = next(x for x in doc.layers if isinstance(x, GlyphLayer) and x.slot == "figure")
    assert figure.text == "50,000"
    _, matrix = art_surface(doc.static, *fmt.pixel_size)
    counter = Counter.of(figure, matrix)
    assert counter is not None and counter.final == 50_000
    assert [counter.value(f) for f in (0, 0.5, 1, 2)] == [0, 25_000, 50_000, 50_000]
    zero = counter.layer(0)  # only the last digit: no leading zeros, no separator
    assert len(zero.glyphs) == 1
    assert zero.glyphs[0][3] == pytest.approx(counter.forms[-1][0][1])
    assert len(counter.layer(999).glyphs) == 3 and len(counter.layer(1000).glyphs) == 5
    full = counter.layer(50_000)
    assert [g[1] for g in full.glyphs] == [g[1] for g in figure.glyphs]  # the same glyphs
    for got, final in zip(full.glyphs, figure.glyphs, strict=True):
        assert got[3] == pytest.approx(final[3])  # in the same places


def test_a_figure_with_words_does_not_count(documents):
    fmt, docs = documents
    doc = docs[FACT]
    figure = next(x for x in doc.layers if isinstance(x, GlyphLayer) and x.slot == "figure")
    _, matrix = art_surface(doc.static, *fmt.pixel_size)
    from dataclasses import replace

    assert Counter.of(replace(figure, text="Art. 14"), matrix) is None


@pytest.mark.parametrize("figure", ["٥٠٬٠٠٠", "۵۰,۰۰۰", "५०,०००", "๕๐,๐๐๐"])
def test_a_figure_in_other_digits_counts_up_in_its_own_digits(book_copy, figure):
    import dataclasses
    import unicodedata

    from pressroom.text.fonts import load_face
    from tests.conftest import edit

    edit(book_copy / "locales" / "en.yaml", 'figure: "50,000"', f'figure: "{figure}"')
    book, docs, _ = prepare(
        book_copy, Selection(locales=("en",), formats=("story-motion",), messages=(FACT,)), jobs=1
    )
    fmt = book.format("story-motion")
    layer = next(x for x in docs[0].layers if isinstance(x, GlyphLayer) and x.slot == "figure")
    _, matrix = art_surface(docs[0].static, *fmt.pixel_size)
    counter = Counter.of(layer, matrix)
    assert counter is not None and counter.final == 50_000
    zero = ord(figure[-1])  # the script's zero
    font = layer.glyphs[counter.digits[0]][0]
    own = {load_face(font).hb_font.get_nominal_glyph(zero + d): d for d in range(10)}
    shown = counter.layer(12_345)  # 1, 2, 3, 4, 5 in the figure's own digits
    digits = [own[g[1]] for g in shown.glyphs if g[1] in own]
    assert digits == [1, 2, 3, 4, 5]
    assert all(unicodedata.decimal(chr(zero + d)) == d for d in digits)
    mixed = dataclasses.replace(layer, text="5٠,000")
    assert Counter.of(mixed, matrix) is None  # digits of two scripts: no counting

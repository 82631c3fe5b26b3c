"""The parts of a motion asset that move, each rendered once: every line of a text slot (or the
whole slot), and the QR code, as transparent cairo surfaces cut to their ink.

A piece is drawn with the same matrix as the still, moved by whole pixels only, so in its place
it gives the still's pixels. A counting figure is drawn again for each value it shows, from the
glyph outlines render.py keeps: a handful of glyphs per frame for about a second.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from pressroom.draw.cairolib import cairo
from pressroom.draw.fill import GlyphLayer, QrLayer
from pressroom.draw.render import draw_layers
from pressroom.model import QR_SLOT
from pressroom.motion.timeline import Item
from pressroom.text.fonts import load_face

PAD = 2  # px around the ink: anti-aliasing
# A plain number: digits, grouped by threes with one kind of separator or not at all, with at
# most a symbol or two around it (80%, 80+, 50,000, 50 000, $300). Nothing with letters.
# Digits of any script (٥٠٬٠٠٠, ५०,०००, ๕๐,๐๐๐) count up in that script's digits.
SEPARATORS = ",.\u00a0\u202f \u066c"  # U+066C: the Arabic thousands separator
PLAIN = re.compile(rf"([^\w\s]{{0,2}})(\d{{1,3}}(?:([{SEPARATORS}])\d{{3}})(?:\3\d{{3}})*|\d+)"
                   r"([^\w\s]{0,2})")


@dataclass
class Piece:
    item: Item
    surface: cairo.ImageSurface  # ARGB32, premultiplied
    x: int  # where its top-left pixel goes, in place
    y: int
    counter: Counter | None = None
    _drawn: dict[int, cairo.ImageSurface] = field(default_factory=dict)

    def at(self, value: float) -> cairo.ImageSurface:
        """The piece showing a counting figure `value` of the way to its number (1: in full)."""
        if self.counter is None or value >= 1.0:
            return self.surface
        n = self.counter.value(value)
        if n not in self._drawn:
            if len(self._drawn) > 64:
                self._drawn.clear()
            self._drawn[n] = _draw(self.counter.layer(n), self.surface, self.x, self.y,
                                   self.counter.matrix)
        return self._drawn[n]


def make_pieces(
    layers, matrix: cairo.Matrix, whole: set[str], counting: frozenset[str] = frozenset()
) -> list[Piece]:
    """Pieces for `layers` in drawing order: one per line of each text slot, or one per slot
    for the slots in `whole` and the QR code. `counting` names the slots that count up."""
    pieces = []
    for layer in layers:
        if isinstance(layer, QrLayer):
            pieces.append(_piece((QR_SLOT, -1), layer, matrix))
            continue
        counter = Counter.of(layer, matrix) if layer.slot in counting else None
        if layer.slot in whole or len(set(layer.lines)) < 2:
            pieces.append(_piece((layer.slot, -1), layer, matrix, counter))
            continue
        for line in sorted(set(layer.lines)):
            glyphs = tuple(g for g, n in zip(layer.glyphs, layer.lines, strict=True) if n == line)
            part = GlyphLayer(layer.colour, glyphs, layer.slot)
            pieces.append(_piece((layer.slot, line), part, matrix))
    return pieces


def line_counts(layers) -> dict[str, int]:
    """The slots the layers draw, with their number of lines (0 for the QR code)."""
    found = {}
    for layer in layers:
        if isinstance(layer, QrLayer):
            found[QR_SLOT] = 0
        else:
            found[layer.slot] = len(set(layer.lines)) or 1
    return found


def _piece(item: Item, layer, matrix: cairo.Matrix, counter: Counter | None = None) -> Piece:
    x0, y0, x1, y1 = _ink(layer, matrix)
    if counter is not None:  # room for wider digits on the way
        room = math.ceil(counter.room)
        x0, x1 = x0 - room, x1 + room
    blank = cairo.ImageSurface(cairo.FORMAT_ARGB32, max(1, x1 - x0), max(1, y1 - y0))
    return Piece(item, _draw(layer, blank, x0, y0, matrix), x0, y0, counter)


def _ink(layer, matrix: cairo.Matrix) -> tuple[int, int, int, int]:
    """The pixel box the layer's ink covers, with PAD around it."""
    recording = cairo.RecordingSurface(cairo.CONTENT_COLOR_ALPHA, None)
    ctx = cairo.Context(recording)
    ctx.set_matrix(matrix)
    draw_layers(ctx, [layer])
    x, y, w, h = recording.ink_extents()
    return (math.floor(x) - PAD, math.floor(y) - PAD, math.ceil(x + w) + PAD,
            math.ceil(y + h) + PAD)


def _draw(layer, like: cairo.ImageSurface, x: int, y: int, matrix: cairo.Matrix):
    """`layer` drawn on a new transparent surface the size of `like` whose top-left pixel is
    (x, y) of the frame."""
    surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, like.get_width(), like.get_height())
    ctx = cairo.Context(surface)
    ctx.translate(-x, -y)
    ctx.transform(matrix)
    draw_layers(ctx, [layer])
    surface.flush()
    return surface


@dataclass(frozen=True)
class Counter:
    """A figure that is a plain number, set at any value on its way up, digit by digit in the
    places of the final number's digits (leading zeros and their separators left out), so
    nothing jumps: each digit is centred on the advance of the one it stands in for."""

    base: GlyphLayer
    final: int
    digits: tuple[int, ...]  # glyph index of each digit, in reading order
    separators: tuple[tuple[int, int], ...]  # (glyph index, digits before it)
    forms: tuple[tuple[tuple[int, float], ...], ...]  # per digit glyph: (gid, x) of 0…9
    matrix: cairo.Matrix
    room: float  # px a digit may reach beyond the final number's ink

    @classmethod
    def of(cls, layer: GlyphLayer, matrix: cairo.Matrix) -> Counter | None:
        """The counter of a figure layer, or None when its text is not a plain number (or its
        font lacks a digit)."""
        match = PLAIN.fullmatch(layer.text.strip())
        if match is None or len(set(layer.lines)) > 1 or len(set(layer.chars)) != len(layer.chars):
            return None
        offset = len(layer.text) - len(layer.text.lstrip())
        lo, hi = match.start(2) + offset, match.end(2) + offset
        glyph_of = {c: i for i, c in enumerate(layer.chars)}
        if any(c not in glyph_of for c in range(lo, hi)):
            return None
        zero = _zero(match.group(2))
        if zero is None:
            return None
        digits, separators, forms, widest = [], [], [], 0.0
        for c in range(lo, hi):
            i = glyph_of[c]
            if unicodedata.decimal(layer.text[c], None) is None:
                separators.append((i, len(digits)))
                continue
            font, gid, scale, x, _ = layer.glyphs[i]
            hb_font = load_face(font).hb_font
            own = hb_font.get_glyph_h_advance(gid)
            options = []
            for d in range(zero, zero + 10):
                alt = hb_font.get_nominal_glyph(d)
                if alt is None:
                    return None
                shift = (own - hb_font.get_glyph_h_advance(alt)) * scale / 2
                widest = max(widest, abs(shift))
                options.append((alt, x + shift))
            digits.append(i)
            forms.append(tuple(options))
        final = int(match.group(2).translate({ord(s): None for s in SEPARATORS}))
        room = widest * abs(matrix.as_tuple()[0]) + PAD
        return cls(layer, final, tuple(digits), tuple(separators), tuple(forms), matrix, room)

    def value(self, fraction: float) -> int:
        return min(self.final, max(0, round(self.final * fraction)))

    def layer(self, n: int) -> GlyphLayer:
        """The figure showing `n` instead of its number."""
        text = str(n).rjust(len(self.digits), "0")[-len(self.digits) :]
        first = next((k for k, d in enumerate(text) if d != "0"), len(text) - 1)
        glyphs = list(self.base.glyphs)
        hidden = set()
        for k, (i, forms) in enumerate(zip(self.digits, self.forms, strict=True)):
            if k < first:
                hidden.add(i)
                continue
            font, _, scale, _, y = glyphs[i]
            gid, x = forms[int(text[k])]
            glyphs[i] = (font, gid, scale, x, y)
        hidden.update(i for i, before in self.separators if before <= first)
        kept = tuple(g for i, g in enumerate(glyphs) if i not in hidden)
        return GlyphLayer(self.base.colour, kept, self.base.slot)


def _zero(number: str) -> int | None:
    """The code point of the zero of the digits `number` is written in (0, ٠, ۰, ०, ๐ …), or
    None when it mixes scripts' digits."""
    zeros = {ord(c) - d for c in number if (d := unicodedata.decimal(c, None)) is not None}
    return zeros.pop() if len(zeros) == 1 else None

"""Fitting text into a slot: the largest size between max and min at which balanced lines fit.

Pure: text and faces in, glyph positions out. No SVG, no files.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate

from pressroom.fonts import Face
from pressroom.linebreak import breaks
from pressroom.shaping import Shaped, shape

SIZE_STEP = 0.98  # each try is 2% smaller than the one before
_EPS = 1e-6


@dataclass(frozen=True)
class Box:
    """A slot's geometry and typographic limits, in template units."""

    x: float
    y: float
    width: float
    height: float
    max_size: float
    min_size: float
    line_height: float = 1.15
    max_lines: int = 99
    align: str = "start"  # start | center | end
    valign: str = "top"  # top | middle | bottom


@dataclass(frozen=True)
class PlacedGlyph:
    char: int  # index of the character (cluster start) in the text
    face: int
    gid: int
    x: float
    y: float  # baseline, y down


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    x: float
    baseline: float
    width: float


@dataclass(frozen=True)
class TextBlock:
    """Text laid out in a box: the chosen size, its lines and every glyph's position."""

    text: str
    size: float
    lines: tuple[Line, ...]
    glyphs: tuple[PlacedGlyph, ...]
    ink: tuple[float, float, float, float]  # x0, y0, x1, y1 of all glyph ink, y down


class FitError(Exception):
    """Text cannot fit the box at the minimum size; `need` is how much too long (ratio ≥ 1)."""

    def __init__(self, reason: str, need: float):
        super().__init__(reason)
        self.reason, self.need = reason, need


def fit(text: str, chain: tuple[Face, ...], box: Box, lang: str = "") -> TextBlock:
    """Lay out `text` in `box` at the largest size that fits, or raise FitError."""
    shaped = shape(text, chain, lang)
    opportunities = breaks(text, lang)
    prefix = (0.0, *accumulate(shaped.advances))
    metrics = chain[0].metrics
    size = box.max_size
    while True:
        block = _try_size(shaped, chain, opportunities, prefix, metrics, box, size)
        if block is not None:
            return block
        if size <= box.min_size + _EPS:
            break
        size = max(box.min_size, round(size * SIZE_STEP, 2))
    raise _explain(shaped, opportunities, prefix, metrics, box)


def _try_size(shaped, chain, opportunities, prefix, metrics, box: Box, size: float):
    lines = _balanced_lines(shaped.text, opportunities, prefix, box.width / size, box.max_lines)
    if lines is None:
        return None
    n = len(lines)
    block_h = (metrics.ascender - metrics.descender + (n - 1) * box.line_height) * size
    if block_h > box.height + _EPS:
        return None
    shift = {"top": 0.0, "middle": 0.5, "bottom": 1.0}[box.valign]
    top = box.y + (box.height - block_h) * shift
    return _place(shaped, chain, lines, box, size, top + metrics.ascender * size)


def _place(shaped: Shaped, chain, lines, box: Box, size: float, first_baseline: float):
    by_char: dict[int, list] = {}
    for g in shaped.glyphs:
        by_char.setdefault(g.char, []).append(g)
    align = {"start": 0.0, "center": 0.5, "end": 1.0}[box.align]
    placed, out_lines = [], []
    ink = [float("inf"), float("inf"), float("-inf"), float("-inf")]
    for n, (start, end, width) in enumerate(lines):
        baseline = first_baseline + n * box.line_height * size
        x0 = box.x + (box.width - width * size) * align
        row, pen = [], 0.0
        lx0, lx1, ly0, ly1 = float("inf"), float("-inf"), float("inf"), float("-inf")
        for i in range(start, end):
            for g in by_char.get(i, ()):
                gx, gy = pen + g.dx, g.dy
                ix0, iy0, ix1, iy1 = chain[g.face].ink(g.gid)
                if ix1 > ix0:
                    lx0, lx1 = min(lx0, gx + ix0), max(lx1, gx + ix1)
                    ly0, ly1 = min(ly0, gy + iy0), max(ly1, gy + iy1)
                    row.append((g, gx, gy))
                pen += g.advance
        # Keep ink inside the box: nudge a line whose overhang crosses an edge.
        if row:
            left, right = x0 + lx0 * size, x0 + lx1 * size
            if left < box.x:
                x0 += box.x - left
            elif right > box.x + box.width:
                x0 -= right - (box.x + box.width)
            left, right = x0 + lx0 * size, x0 + lx1 * size
            top, bottom = baseline - ly1 * size, baseline - ly0 * size
            if (
                left < box.x - _EPS
                or right > box.x + box.width + _EPS
                or top < box.y - _EPS
                or bottom > box.y + box.height + _EPS
            ):
                return None
            ink = [min(ink[0], left), min(ink[1], top), max(ink[2], right), max(ink[3], bottom)]
        for g, gx, gy in row:
            placed.append(
                PlacedGlyph(
                    g.char, g.face, g.gid, round(x0 + gx * size, 3), round(baseline - gy * size, 3)
                )
            )
        out_lines.append(Line(start, end, round(x0, 3), round(baseline, 3), width * size))
    return TextBlock(shaped.text, size, tuple(out_lines), tuple(placed), tuple(ink))


def _visible_end(text: str, start: int, end: int) -> int:
    while end > start and (text[end - 1].isspace() or text[end - 1] == "\u00ad"):
        end -= 1
    return end


def _balanced_lines(text, opportunities, prefix, max_width: float, max_lines: int):
    """Fewest lines that fit `max_width`; among those, the most even ones (least squared slack).

    Returns [(start, visible_end, width_em)] or None.
    """
    points = [0] + [b for b, _ in opportunities]
    mandatory = {b for b, m in opportunities if m}
    best: dict[int, tuple[int, float, int]] = {0: (0, 0.0, -1)}  # index -> (lines, cost, prev)
    for j in range(1, len(points)):
        end = points[j]
        for i in range(j - 1, -1, -1):
            start = points[i]
            if i < j - 1 and points[i + 1] in mandatory and points[i + 1] != end:
                break  # a mandatory break between start and end must be taken
            if i not in best:
                continue
            vis = _visible_end(text, start, end)
            width = prefix[vis] - prefix[start]
            if width > max_width + _EPS:
                break  # starting earlier only makes the line longer
            lines, cost, _ = best[i]
            slack = max_width - width
            candidate = (lines + 1, cost + slack * slack, i)
            if j not in best or candidate[:2] < best[j][:2]:
                best[j] = candidate
        if end in mandatory and j not in best:
            return None
    last = len(points) - 1
    if last not in best or best[last][0] > max_lines:
        return None
    out, j = [], last
    while j > 0:
        i = best[j][2]
        vis = _visible_end(text, points[i], points[j])
        out.append((points[i], vis, prefix[vis] - prefix[points[i]]))
        j = i
    return out[::-1]


def _explain(shaped: Shaped, opportunities, prefix, metrics, box: Box) -> FitError:
    size = box.min_size
    max_width = box.width / size
    widest = 0.0
    start = 0
    for b, _ in opportunities:
        vis = _visible_end(shaped.text, start, b)
        widest = max(widest, prefix[vis] - prefix[start])
        start = b
    if widest > max_width + _EPS:
        return FitError(
            f"a word is {widest * size:.0f} wide at the minimum size {size:g}, "
            f"the slot is {box.width:g} wide",
            widest / max_width,
        )
    line_room = (box.height / size - (metrics.ascender - metrics.descender)) / box.line_height + 1
    room = max(1, min(box.max_lines, int(line_room + _EPS)))
    lines = _balanced_lines(shaped.text, opportunities, prefix, max_width, 10_000) or []
    need = len(lines) / room if room else float("inf")
    return FitError(
        f"needs {len(lines)} lines at the minimum size {size:g}, the slot holds {room}",
        max(need, 1.0),
    )

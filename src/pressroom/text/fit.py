"""Fitting text into a slot: the largest size between max and min at which balanced lines fit.

Pure: text and faces in, glyph positions out. No SVG, no files. A paragraph is measured once
(advances scale with the size); at each size, lines are broken (fewest lines, then the most even),
each line is shaped on its own, placed in visual order and checked against the box with the real
ink of its glyphs.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from itertools import accumulate

from pressroom.slotstyle import SlotStyle
from pressroom.text.fonts import Face
from pressroom.text.linebreak import Break, Rules, breaks
from pressroom.text.shaping import Shaped, hyphen_advance, shape, shape_line

SIZE_STEP = 0.98  # each try is 2% smaller than the one before
HYPHEN_PENALTY = 4.0  # a dictionary hyphen costs like this many lines' worth of slack
LINE_GAP = 0.05  # em: the least room between the ink of one line and the next
_EPS = 1e-6
# Scripts written without spaces whose words need a dictionary UAX #14 does not have.
_NO_SPACE_SCRIPTS = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF))


@dataclass(frozen=True)
class Box:
    """A slot's geometry in template units, and how text is set in it."""

    x: float
    y: float
    width: float
    height: float
    style: SlotStyle

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
    hyphen: bool = False


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


@dataclass(frozen=True)
class _Paragraph:
    shaped: Shaped
    chain: tuple[Face, ...]
    breaks: tuple[Break, ...]
    prefix: tuple[float, ...]
    hyphen: dict[int, float]  # extra width at breaks that draw a hyphen
    lines: dict = field(default_factory=dict)  # shaped lines by (start, end, hyphen)


def fit(
    text: str, chain: tuple[Face, ...], box: Box, lang: str = "", rtl: bool = False,
    rules: Rules | None = None,
) -> TextBlock:
    """Lay out `text` in `box` at the largest size that fits, or raise FitError; lines break
    by the language's `rules` (by default, those of `lang` in its usual script). Laid out once
    per process for the same arguments (a call to action, a URL or a wordmark meets the same
    slot in every message of a format)."""
    return _fit(text, chain, box, lang, rtl, rules)


@functools.lru_cache(maxsize=1024)
def _fit(
    text: str, chain: tuple[Face, ...], box: Box, lang: str, rtl: bool, rules: Rules | None
) -> TextBlock:
    shaped = shape(text, chain, lang, rtl)
    para = _paragraph(shaped, chain, breaks(text, lang, False, rules), {})
    metrics = chain[0].metrics
    # Words are hyphenated by dictionary only when the text cannot fit without it (and only
    # then is the dictionary loaded).
    for hyphenate in (False, True):
        if hyphenate:
            opportunities = breaks(text, lang, True, rules)
            if len(opportunities) == len(para.breaks):
                break  # the dictionary has no hyphen to offer
            para = _paragraph(shaped, chain, opportunities, para.lines)
        size = box.style.max_size
        while True:
            block = _try_size(para, metrics, box, size, hyphenate)
            if block is not None:
                return block
            if size <= box.style.min_size + _EPS:
                break
            size = max(box.style.min_size, round(size * SIZE_STEP, 2))
    raise _explain(para, metrics, box)


def _paragraph(shaped: Shaped, chain: tuple[Face, ...], opportunities, lines: dict) -> _Paragraph:
    return _Paragraph(
        shaped,
        chain,
        opportunities,
        (0.0, *accumulate(shaped.advances)),
        {b.pos: hyphen_advance(shaped, chain, b.pos) for b in opportunities if b.draws_hyphen},
        lines,
    )


def _try_size(para: _Paragraph, metrics, box: Box, size: float, hyphenate: bool):
    lines = _balanced_lines(para, box.width / size, box.style.max_lines, hyphenate)
    if lines is None:
        return None
    rows = [_line_glyphs(para, *line) for line in lines]
    # The block spans the font's ascender and descender, or the real ink where accents or
    # descenders reach further (Ç, Ё, Å).
    above = max(metrics.ascender, rows[0][2][3] if rows[0][1] else 0.0)
    below = min(metrics.descender, rows[-1][2][1] if rows[-1][1] else 0.0)
    starts = [(_line_x(para, box, size, row) - box.x) / size for row in rows]
    steps = [
        _step(rows[i], rows[i + 1], starts[i], starts[i + 1], para.chain, box.style.line_height)
        for i in range(len(rows) - 1)
    ]
    block_h = (above - below + sum(steps)) * size
    if block_h > box.height + _EPS:
        return None
    shift = {"top": 0.0, "middle": 0.5, "bottom": 1.0}[box.style.valign]
    top = box.y + (box.height - block_h) * shift
    return _place(para, lines, rows, box, size, top + above * size, steps)


def _line_x(para: _Paragraph, box: Box, size: float, row) -> float:
    """Where a line starts, in px: aligned in the box, then nudged so that ink overhanging an
    edge (a Thai mark before its letter) stays inside. Line spacing (_step) compares the ink
    of two lines where they are drawn, so both use this."""
    _, inked, (lx0, _, lx1, _), width = row
    align = {"start": 0.0, "center": 0.5, "end": 1.0}[box.style.align]
    if para.shaped.rtl:
        align = 1.0 - align
    x0 = box.x + (box.width - width * size) * align
    if inked:
        left, right = x0 + lx0 * size, x0 + lx1 * size
        if left < box.x:
            x0 += box.x - left
        elif right > box.x + box.width:
            x0 -= right - (box.x + box.width)
    return x0


def _step(upper, lower, x_upper: float, x_lower: float, chain, line_height: float) -> float:
    """The distance from a line's baseline to the next one's, in em: the style's line height,
    or more where the ink set on the two lines would come closer than LINE_GAP (a Thai mark
    below over a mark above, the tail of a final م over an accent): measured glyph by glyph
    where they overlap across, never from the font's metrics alone."""
    (_, inked_a, (_, bottom, _, _), _), (_, inked_b, (_, _, _, top), _) = upper, lower
    if not inked_a or not inked_b or top - bottom + LINE_GAP <= line_height:
        return line_height
    need = line_height
    boxes_b = [_ink_box(chain, g, gx + x_lower, gy) for g, gx, gy in inked_b]
    for g, gx, gy in inked_a:
        ax0, ay0, ax1, _ = _ink_box(chain, g, gx + x_upper, gy)
        for bx0, _, bx1, by1 in boxes_b:
            if bx0 < ax1 + LINE_GAP and ax0 < bx1 + LINE_GAP:
                need = max(need, by1 - ay0 + LINE_GAP)
    return need


def _ink_box(chain, g, x: float, y: float) -> tuple[float, float, float, float]:
    ix0, iy0, ix1, iy1 = chain[g.face].ink(g.gid)
    return x + ix0, y + iy0, x + ix1, y + iy1


def _line_glyphs(para: _Paragraph, start: int, end: int, hyphen: bool):
    """A line shaped on its own: (glyphs in visual order, inked glyphs with pen x, ink box em)."""
    key = (start, end, hyphen)
    cached = para.lines.get(key)
    if cached is not None:
        return cached
    glyphs = shape_line(para.shaped, para.chain, start, end, hyphen)
    inked, pen = [], 0.0
    x0, y0, x1, y1 = float("inf"), float("inf"), float("-inf"), float("-inf")
    for g in glyphs:
        gx, gy = pen + g.dx, g.dy
        ix0, iy0, ix1, iy1 = para.chain[g.face].ink(g.gid)
        if ix1 > ix0:
            x0, x1 = min(x0, gx + ix0), max(x1, gx + ix1)
            y0, y1 = min(y0, gy + iy0), max(y1, gy + iy1)
            inked.append((g, gx, gy))
        pen += g.advance
    para.lines[key] = (glyphs, inked, (x0, y0, x1, y1), pen)
    return para.lines[key]


def _place(
    para: _Paragraph, lines, rows, box: Box, size: float, first_baseline: float, steps
):
    placed, out_lines = [], []
    ink = [float("inf"), float("inf"), float("-inf"), float("-inf")]
    for n, ((start, end, hyphen), row) in enumerate(zip(lines, rows, strict=True)):
        _, inked, (lx0, ly0, lx1, ly1), width = row
        baseline = first_baseline + sum(steps[:n]) * size
        x0 = _line_x(para, box, size, row)  # ink overhanging an edge nudged inside
        if inked:
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
        for g, gx, gy in inked:
            placed.append(
                PlacedGlyph(
                    g.char, g.face, g.gid, round(x0 + gx * size, 3), round(baseline - gy * size, 3)
                )
            )
        out_lines.append(Line(start, end, round(x0, 3), round(baseline, 3), width * size, hyphen))
    return TextBlock(para.shaped.text, size, tuple(out_lines), tuple(placed), tuple(ink))


def _visible_end(text: str, start: int, end: int) -> int:
    while end > start and (text[end - 1].isspace() or text[end - 1] == "\u00ad"):
        end -= 1
    return end


def _balanced_lines(para: _Paragraph, max_width: float, max_lines: int, hyphenate: bool = True):
    """Fewest lines that fit `max_width`; among those, the most even ones (least squared slack).

    A dictionary hyphen is allowed only inside a word wider than the line. Returns
    [(start, visible_end, draws_hyphen)] or None.
    """
    text, prefix = para.shaped.text, para.prefix
    points = [Break(0, "normal")] + [
        b
        for b in para.breaks
        if b.kind != "hyphen"
        or (hyphenate and prefix[b.word[1]] - prefix[b.word[0]] > max_width + _EPS)
    ]
    best: dict[int, tuple[int, float, int]] = {0: (0, 0.0, -1)}  # index -> (lines, cost, prev)
    for j in range(1, len(points)):
        end = points[j]
        for i in range(j - 1, -1, -1):
            start = points[i].pos
            if i < j - 1 and points[i + 1].mandatory:
                break  # a mandatory break between start and end must be taken
            if i not in best:
                continue
            width = _width(para, start, end)
            if width > max_width + _EPS:
                if points[i].kind == "hyphen":
                    continue  # an earlier start may be a real word boundary; keep looking
                break  # starting earlier only makes the line longer
            lines, cost, _ = best[i]
            slack = max_width - width
            penalty = HYPHEN_PENALTY * max_width * max_width if end.kind == "hyphen" else 0.0
            candidate = (lines + 1, cost + slack * slack + penalty, i)
            if j not in best or candidate[:2] < best[j][:2]:
                best[j] = candidate
        if end.mandatory and j not in best:
            return None
    last = len(points) - 1
    if last not in best or best[last][0] > max_lines:
        return None
    out, j = [], last
    while j > 0:
        i = best[j][2]
        end = points[j]
        out.append((points[i].pos, _visible_end(text, points[i].pos, end.pos), end.draws_hyphen))
        j = i
    return out[::-1]


def _width(para: _Paragraph, start: int, end: Break) -> float:
    vis = _visible_end(para.shaped.text, start, end.pos)
    return (
        para.prefix[vis]
        - para.prefix[start]
        + (para.hyphen.get(end.pos, 0.0) if end.draws_hyphen else 0.0)
    )


def _explain(para: _Paragraph, metrics, box: Box) -> FitError:
    text = para.shaped.text
    size = box.style.min_size
    max_width = box.width / size
    widest, widest_at, start = 0.0, (0, 0), 0
    for b in para.breaks:
        if b.kind == "hyphen":
            continue
        w = _width(para, start, b)
        if w > widest:
            widest, widest_at = w, (start, _visible_end(text, start, b.pos))
        start = b.pos
    if widest > max_width + _EPS:
        word = text[widest_at[0] : widest_at[1]]
        hint = ""
        if any(lo <= ord(c) <= hi for c in word for lo, hi in _NO_SPACE_SCRIPTS):
            hint = " (Thai, Lao, Khmer and Myanmar need ZERO WIDTH SPACE, U+200B, between words)"
        shown = word if len(word) <= 30 else word[:29] + "…"
        return FitError(
            f"{shown!r} is {widest * size:.0f} wide at the minimum size {round(size, 1):g}, "
            f"the slot is {box.width:g} wide{hint}",
            widest / max_width,
        )
    em_room = box.height / size - (metrics.ascender - metrics.descender)
    line_room = em_room / box.style.line_height + 1
    room = max(1, min(box.style.max_lines, int(line_room + _EPS)))
    lines = _balanced_lines(para, max_width, 10_000) or []
    need = len(lines) / room if room else float("inf")
    return FitError(
        f"needs {len(lines)} lines at the minimum size {round(size, 1):g}, the slot holds {room}",
        max(need, 1.0),
    )

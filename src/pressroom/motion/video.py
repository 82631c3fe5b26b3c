"""A motion asset: its document (the same one the still is made from) played along its timeline
and encoded as MP4.

Steps: the art, once ▸ the pieces, once ▸ their entrances ▸ for each frame, where every piece is
▸ redraw what moved ▸ encode (a frame where nothing moved is the previous one again).
"""

from __future__ import annotations

from pressroom.draw.fill import Document
from pressroom.draw.render import art_surface
from pressroom.model import QR_SLOT, Format
from pressroom.motion.encode import Encoder
from pressroom.motion.frames import Frames, Placed
from pressroom.motion.pieces import Piece, line_counts, make_pieces
from pressroom.motion.timeline import schedule, state

FIGURE = "figure"


def render_mp4(doc: Document, fmt: Format) -> bytes:
    """The MP4 of a motion format's document."""
    with Encoder(*fmt.pixel_size, fmt.motion.fps) as encoder:
        for planes in frames(doc, fmt):
            encoder.add(planes)
        return encoder.finish()


def frames(doc: Document, fmt: Format):
    """Every frame's I420 planes, or None for a frame that repeats the one before. The planes
    are one buffer, changed in place: use each before asking for the next."""
    motion = fmt.motion
    if doc.static is None:
        raise ValueError(f"{fmt.name}: the template draws above its slots")  # checked at load
    width, height = fmt.pixel_size
    art, matrix = art_surface(doc.static, width, height)
    lines = line_counts(doc.layers)
    counting = frozenset({FIGURE}) if motion.count > 0 else frozenset()  # if it is a number
    pieces = make_pieces(doc.layers, matrix, _whole(fmt, lines), counting)
    counting = frozenset(p.item[0] for p in pieces if p.counter is not None)
    plan = schedule(motion, lines, counting)
    canvas = Frames(art, (doc.static, width, height))
    for n in range(motion.frames):
        t = n / motion.fps
        placed = [_place(p, motion, plan, t, doc.mirrored) for p in pieces]
        yield canvas.planes if canvas.show(placed) or n == 0 else None


def _whole(fmt: Format, lines: dict[str, int]) -> set[str]:
    """Slots that come in as one piece: those of steps not `by: line`, and slots no step names."""
    by_line = {s for step in fmt.motion.steps if step.by_line for s in step.slots}
    return {slot for slot in lines if slot not in by_line}


def _place(piece: Piece, motion, plan, t: float, rtl: bool) -> Placed | None:
    entrance = plan.get(piece.item) or plan.get((piece.item[0], -1))
    s = state(motion, entrance, t, rtl, slides=piece.item[0] != QR_SLOT)
    if s.alpha <= 0.0:
        return None
    return (piece.at(s.value), piece.x + s.dx, piece.y + s.dy, s.alpha)

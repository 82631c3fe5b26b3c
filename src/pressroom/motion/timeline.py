"""When each element of a motion format comes in, and where it is at any moment. Pure: timing in,
numbers out.

An *item* is what comes in at once: one line of a text slot (steps `by: line`) or a whole slot,
named `(slot, line)` with line -1 for a whole slot. Items follow the steps of formats.yaml in
order: a step's first item starts `after` seconds after the previous step's last one started (the
first step's after the clip starts), and the step's other items `stagger` seconds apart. Each
entrance is a slide over `slide` px from `origin` and a fade in, eased, over `enter`
seconds; a counting figure's entrance lasts `count` seconds when that is longer. Slots no step
names are there from the first frame, like the art. The QR code fades in where it is without
sliding: it sits on a card drawn in the art, and a code sliding off its card looks broken.

When long texts (many lines) would make the sequence run into the hold, the whole sequence is
played faster, in proportion, so that it always ends `hold` seconds before the clip does.
"""

from __future__ import annotations

from dataclasses import dataclass

from pressroom.model import Motion

# One table of eases: progress in [0, 1] → eased progress (1 at the end; out-back overshoots).
EASES = {
    "linear": lambda p: p,
    "out-quad": lambda p: 1 - (1 - p) ** 2,
    "out-cubic": lambda p: 1 - (1 - p) ** 3,
    "out-quart": lambda p: 1 - (1 - p) ** 4,
    "out-expo": lambda p: 1.0 if p >= 1 else 1 - 2 ** (-10 * p),
    "in-out-cubic": lambda p: 4 * p**3 if p < 0.5 else 1 - (2 - 2 * p) ** 3 / 2,
    "out-back": lambda p: 1 + 2.70158 * (p - 1) ** 3 + 1.70158 * (p - 1) ** 2,
}
# Where an entrance comes from, as a unit vector; "start" and "end" follow the reading direction.
ORIGINS = ("start", "end", "below", "above")
Item = tuple[str, int]  # (slot, line), line -1 for a whole slot


@dataclass(frozen=True)
class Entrance:
    start: float  # seconds
    length: float  # seconds the slide and fade take
    count: float = 0.0  # seconds a counting figure takes to reach its value (0: no count)


@dataclass(frozen=True)
class State:
    """Where an item is at one moment: its opacity and its offset from its place, in px;
    `value` is how far a counting figure has counted (0 to 1)."""

    alpha: float
    dx: float
    dy: float
    value: float = 1.0


SHOWN = State(1.0, 0.0, 0.0, 1.0)


def schedule(
    motion: Motion, lines: dict[str, int], counting: frozenset[str] = frozenset()
) -> dict[Item, Entrance]:
    """The entrance of every item. `lines` holds the slots the asset draws with their number of
    lines (0 for a slot that is not text: the QR code); `counting` the slots that count up."""
    starts: dict[Item, float] = {}
    t: float | None = None
    for step in motion.steps:
        first = True
        for slot in step.slots:
            if slot not in lines:
                continue
            parts = range(lines[slot]) if step.by_line and lines[slot] > 1 else (-1,)
            for line in parts:
                if t is None:
                    t = step.after
                else:
                    t += step.after if first else step.stagger
                first = False
                starts[(slot, line)] = t
    plan = {}
    for item, start in starts.items():
        count = motion.count if item[0] in counting else 0.0
        plan[item] = Entrance(start, motion.enter, count)
    end = max((e.start + max(e.length, e.count) for e in plan.values()), default=0.0)
    limit = motion.duration - motion.hold
    if end > limit > 0:
        k = limit / end
        plan = {i: Entrance(e.start * k, e.length * k, e.count * k) for i, e in plan.items()}
    return plan


def state(
    motion: Motion, entrance: Entrance | None, t: float, rtl: bool = False, slides: bool = True
) -> State:
    """Where an item with `entrance` is at `t` seconds (None: it never moves); an item that
    does not `slide` only fades in."""
    if entrance is None:
        return SHOWN
    ease = EASES[motion.ease]
    p = _progress(t, entrance.start, entrance.length)
    value = _progress(t, entrance.start, entrance.count) if entrance.count else 1.0
    if p >= 1.0 and value >= 1.0:
        return SHOWN
    eased = ease(p)
    ux, uy = direction(motion.origin, rtl)
    away = (1.0 - eased) * motion.slide if slides else 0.0
    counted = min(1.0, ease(value)) if value < 1.0 else 1.0
    return State(min(1.0, max(0.0, eased)), ux * away, uy * away, counted)


def direction(origin: str, rtl: bool) -> tuple[int, int]:
    """The unit vector from an item's place to where it comes from (y down)."""
    if origin in ("start", "end"):
        left = (origin == "start") != rtl  # ltr reading starts on the left
        return (-1, 0) if left else (1, 0)
    return (0, 1) if origin == "below" else (0, -1)


def _progress(t: float, start: float, length: float) -> float:
    if length <= 0:
        return 1.0 if t >= start else 0.0
    return min(1.0, max(0.0, (t - start) / length))

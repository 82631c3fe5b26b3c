"""Writing direction: Unicode bidi (UAX #9) embedding levels and the visual order of runs.

Levels are resolved in logical order with python-bidi's rule-by-rule implementation (explicit,
weak, neutral and implicit steps); lines are reordered by rule L2. Shaping happens per run in
logical order, so Arabic joining is never broken by reordering.
"""

from __future__ import annotations

from bidi.algorithm import (
    explicit_embed_and_overrides,
    get_embedding_levels,
    get_empty_storage,
    resolve_implicit_levels,
    resolve_neutral_types,
    resolve_weak_types,
)


def levels(text: str, rtl: bool) -> tuple[int, ...]:
    """The embedding level of every character of a paragraph whose base direction is given."""
    if not rtl and not any(_strong_rtl(c) for c in text):
        return (0,) * len(text)
    storage = get_empty_storage()
    base = 1 if rtl else 0
    storage["base_level"] = base
    storage["base_dir"] = "R" if rtl else "L"
    get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    explicit_embed_and_overrides(storage)
    resolve_weak_types(storage)
    resolve_neutral_types(storage, False)
    resolve_implicit_levels(storage, False)
    out = [None] * len(text)
    for char in storage["chars"]:
        out[char["index"]] = char["level"]
    last = base
    for i, level in enumerate(out):  # explicit formatting characters removed by rule X9
        out[i] = last if level is None else level
        last = out[i]
    return tuple(out)


def visual_order(runs: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Rule L2: runs (start, end, level) of one line, in logical order, to visual order."""
    if not runs:
        return []
    order = list(runs)
    highest = max(level for _, _, level in order)
    lowest_odd = min((level for _, _, level in order if level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if order[i][2] >= level:
                j = i
                while j < len(order) and order[j][2] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order


def _strong_rtl(char: str) -> bool:
    cp = ord(char)
    return (
        0x0590 <= cp <= 0x08FF
        or 0xFB1D <= cp <= 0xFDFF
        or 0xFE70 <= cp <= 0xFEFF
        or 0x10800 <= cp <= 0x10FFF
        or 0x1E800 <= cp <= 0x1EFFF
        or 0x202B <= cp <= 0x202E
        or cp in (0x200F, 0x2067)
    )

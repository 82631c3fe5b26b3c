"""The vocabulary of slot attributes: one table checks and converts every `data-` attribute of a
slot into a typed, frozen `SlotStyle`.

Nothing else reads a slot's attributes: the template loader calls `read_style` once, and compose
and layout receive the `SlotStyle`. Each row says how a value is parsed, its default (or that it
is required), the allowed form shown in errors, and whether it applies to text slots only.
Values are plain numbers in template units: `60px` or `60mm` are errors, never a guess.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

MAX_NUMBER = 10_000.0  # no slot attribute needs a larger number; this keeps fitting quick


@dataclass(frozen=True)
class SlotStyle:
    """How text is set in a slot (sizes in template units), and what colours it uses."""

    font: str  # a font role of brand.yaml
    max_size: float
    min_size: float
    line_height: float  # times the size
    max_lines: int
    align: str  # start | center | end (start is the right edge in right-to-left text)
    valign: str  # top | middle | bottom
    color: str | None  # palette names
    on: str | None
    kind: str | None  # slogan | fact | None (both)

    def scaled(self, factor: float) -> SlotStyle:
        """The style of the slot drawn `factor` times larger (sizes follow, ratios stay)."""
        return replace(self, max_size=self.max_size * factor, min_size=self.min_size * factor)


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED = _Required()


@dataclass(frozen=True)
class Attribute:
    field: str  # the SlotStyle field it fills
    parse: Callable[[str], object]  # raises ValueError when the value is not in the allowed form
    default: object  # REQUIRED: text slots must give it
    allowed: str  # the allowed form, as an error message shows it
    text_only: bool = True  # a QR slot may not carry it
    among: str = ""  # "fonts" or "palette": the value must be one of the brand's names
    image: bool = False  # an image slot (the logo) takes it too


_NUMBER = re.compile(r"[+]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _number(text: str) -> float:
    """A plain positive number, at most MAX_NUMBER: no unit, sign, NaN or infinity."""
    if not _NUMBER.fullmatch(text.strip()):
        raise ValueError
    value = float(text)
    if not math.isfinite(value) or value <= 0 or value > MAX_NUMBER:
        raise ValueError
    return value


def _count(text: str) -> int:
    if not re.fullmatch(r"[+]?\d{1,4}", text.strip()) or int(text) < 1:
        raise ValueError
    return int(text)


def _name(text: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", text.strip()):
        raise ValueError
    return text.strip()


def _one_of(*choices: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text.strip() not in choices:
            raise ValueError
        return text.strip()

    return parse


KINDS = ("slogan", "fact")

ATTRIBUTES: dict[str, Attribute] = {
    "data-font": Attribute("font", _name, "text", "a font role of brand.yaml", among="fonts"),
    "data-max-size": Attribute(
        "max_size", _number, REQUIRED, "a plain number of template units, e.g. 60 (no px or mm)"
    ),
    "data-min-size": Attribute(
        "min_size", _number, REQUIRED, "a plain number of template units, e.g. 30 (no px or mm)"
    ),
    "data-line-height": Attribute(
        "line_height", _number, 1.15, "a positive number, times the size, e.g. 1.15"
    ),
    "data-max-lines": Attribute("max_lines", _count, 99, "a whole number from 1, e.g. 3"),
    "data-align": Attribute("align", _one_of("start", "center", "end"), "start",
                            "start, center or end", image=True),
    "data-valign": Attribute("valign", _one_of("top", "middle", "bottom"), "top",
                             "top, middle or bottom", image=True),
    "data-color": Attribute("color", _name, None, "a palette name of brand.yaml",
                            text_only=False, among="palette"),
    "data-on": Attribute("on", _name, None, "a palette name of brand.yaml",
                         text_only=False, among="palette", image=True),
    "data-kind": Attribute("kind", _one_of(*KINDS), None, "slogan or fact", text_only=False,
                           image=True),
}
# The kinds of slot, by what fills them: text, a QR code, or an image (a partner's logo).
TEXT, QR, IMAGE = "text", "qr", "image"
# Attributes any element may carry, slots included; the loader reads them elsewhere
# (data-name is Illustrator's layer name: kept out of the way, never read).
GENERAL = frozenset(
    {"data-slot", "data-kind", "data-fill", "data-stroke", "data-stop-color", "data-mirror",
     "data-with", "data-name", "data-campaign", "data-plain"}
)
# Attributes that only mean something on a slot: an element carrying one must be a slot.
SLOT_ONLY = frozenset(ATTRIBUTES) - GENERAL


@dataclass(frozen=True)
class AttributeProblem:
    attribute: str
    problem: str
    fix: str


def read_style(
    attrs: Mapping[str, str], slot: str | bool, names: Mapping[str, Iterable[str]]
) -> tuple[SlotStyle | None, list[AttributeProblem]]:
    """The slot's style from its attributes, or None and every problem found.

    `slot` is the kind of slot: TEXT, QR or IMAGE (True means QR, False TEXT). `names` gives
    the brand's names by kind ("fonts", "palette") for the `among` column. An image slot needs
    data-on: what is behind the image decides which version of a logo is drawn.
    """
    if isinstance(slot, bool):
        slot = QR if slot else TEXT
    if slot == IMAGE and attrs.get("data-on") is None:
        return None, [AttributeProblem(
            "data-on", "is missing",
            "add data-on: the palette colour behind the logo (it chooses its light or dark"
            " version)")]
    qr = slot != TEXT
    found: list[AttributeProblem] = []
    values: dict[str, object] = {}
    for attr in sorted(a for a in attrs if a.startswith("data-")):
        if attr not in ATTRIBUTES and attr not in GENERAL:
            found.append(AttributeProblem(
                attr, "is not a slot attribute",
                f"use one of {', '.join(sorted(ATTRIBUTES))}, or remove it"))
    for attr, row in ATTRIBUTES.items():
        text = attrs.get(attr)
        if text is None:
            if row.default is REQUIRED and not qr:
                found.append(AttributeProblem(attr, "is missing", f"add {attr}: {row.allowed}"))
            values[row.field] = 0.0 if row.default is REQUIRED else row.default
            continue
        if slot == QR and row.text_only:
            found.append(AttributeProblem(
                attr, "does not apply to the qr slot", "remove it (a QR code has no type)"))
            continue
        if slot == IMAGE and not row.image:
            found.append(AttributeProblem(
                attr, "does not apply to an image slot",
                "remove it (an image slot takes data-align, data-valign, data-on and"
                " data-kind)"))
            continue
        try:
            value = row.parse(text)
        except ValueError:
            found.append(AttributeProblem(attr, f"is {text[:60]!r}", f"write {row.allowed}"))
            continue
        choices = sorted(names.get(row.among, ())) if row.among else []
        if row.among and value not in choices:
            found.append(AttributeProblem(
                attr, f"{value!r} is not in brand.yaml's {row.among}",
                f"use one of {', '.join(choices)}"))
            continue
        values[row.field] = value
    if found:
        return None, found
    style = SlotStyle(**values)
    if not qr and style.min_size > style.max_size:
        found.append(AttributeProblem(
            "data-min-size", f"{style.min_size:g} is above data-max-size {style.max_size:g}",
            "swap them, or lower data-min-size"))
        return None, found
    return style, found


def text_style(max_size: float, min_size: float, **overrides) -> SlotStyle:
    """A text slot's style with the table's defaults, for code and tests that build one."""
    values = {
        row.field: row.default for row in ATTRIBUTES.values() if row.default is not REQUIRED
    }
    values.update(max_size=max_size, min_size=min_size, **overrides)
    return SlotStyle(**values)

"""Colour contrast (WCAG 2): text must stand out from what is behind it; and the colours of the
pages and press files, taken from the palette where they keep that contrast."""

from __future__ import annotations

MIN_TEXT = 4.5  # body text
MIN_LARGE = 3.0  # display type (headlines, figures)


def luminance(hex_colour: str) -> float:
    """Relative luminance of #RRGGBB."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# The page's colours (the download pages, the fact sheets, the logo pack's note and favicon)


DEFAULT_COLOURS = {"ink": "#17112B", "paper": "#FFF8EC", "accent": "#5B2A86", "sun": "#FFC53D"}
# Each page colour is the first palette colour of these names that the brand book has.
ROLE_NAMES = {
    "ink": ("ink", "black"),
    "paper": ("paper", "white"),
    "accent": ("violet", "accent", "primary"),
    "sun": ("sun", "highlight", "yellow"),
}


def page_colours(palette: dict[str, str]) -> dict[str, str]:
    """The page's colours from the palette; a colour that would make text hard to read falls
    back to the default, so the page keeps a contrast of at least 4.5:1 everywhere."""
    c = {
        role: next((palette[n] for n in names if n in palette), DEFAULT_COLOURS[role])
        for role, names in ROLE_NAMES.items()
    }
    if contrast(c["ink"], c["paper"]) < 7:
        c["ink"], c["paper"] = DEFAULT_COLOURS["ink"], DEFAULT_COLOURS["paper"]
    c["surface"] = mix(c["paper"], "#FFFFFF", 0.6)
    c["tint"] = mix(c["accent"], c["paper"], 0.07)
    c["well"] = mix(c["accent"], "#FFFFFF", 0.09)  # behind the previews (no text on it)
    c["line"] = mix(c["accent"], c["paper"], 0.22)
    if min(contrast(c["accent"], c[bg]) for bg in ("paper", "surface", "tint")) < 4.5:
        c["accent"] = c["ink"]
    if contrast(c["ink"], c["sun"]) < 4.5:
        c["sun"] = DEFAULT_COLOURS["sun"]
    c["on_accent"] = c["paper"]
    c["mark"] = c["sun"] if contrast(c["sun"], c["accent"]) >= 4.5 else c["paper"]
    # focus rings: ink on light ground, the mark colour on the accent ground
    c["muted"] = mix(c["ink"], c["paper"], 0.78)
    if min(contrast(c["muted"], c[bg]) for bg in ("paper", "surface", "tint")) < 4.5:
        c["muted"] = c["ink"]
    return c


def mix(a: str, b: str, weight: float) -> str:
    """`weight` of colour `a` over colour `b` (#RRGGBB)."""
    channels = (
        round(int(a[i : i + 2], 16) * weight + int(b[i : i + 2], 16) * (1 - weight))
        for i in (1, 3, 5)
    )
    return "#" + "".join(f"{x:02X}" for x in channels)

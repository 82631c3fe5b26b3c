"""Colour contrast (WCAG 2): text must stand out from what is behind it."""

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

"""template/colour.py: WCAG 2 luminance and contrast, colour mixing, and the page's colours taken
from a palette only where they keep text readable (else the defaults)."""

from __future__ import annotations

import itertools

import pytest

from pressroom.template.colour import (
    DEFAULT_COLOURS,
    MIN_LARGE,
    MIN_TEXT,
    contrast,
    luminance,
    mix,
    page_colours,
)


def srgb_to_linear(byte: int) -> float:
    """WCAG 2.x: an 8-bit sRGB channel as linear light."""
    c = byte / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def wcag_luminance(rgb: tuple[int, int, int]) -> float:
    r, g, b = (srgb_to_linear(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def hexa(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{v:02X}" for v in rgb)


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


# --- luminance and contrast ----------------------------------------------------------------------


def test_thresholds_are_wcag_aa():
    assert (MIN_TEXT, MIN_LARGE) == (4.5, 3.0)


@pytest.mark.parametrize(
    "colour,expected",
    [("#000000", 0.0), ("#FFFFFF", 1.0), ("#FF0000", 0.2126), ("#00FF00", 0.7152),
     ("#0000FF", 0.0722)],
)
def test_luminance_of_black_white_and_the_primaries(colour, expected):
    assert luminance(colour) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("value", [0, 1, 10, 11, 12, 0x80, 0xC0, 0xFE])
def test_luminance_follows_the_srgb_curve_on_both_sides_of_its_knee(value):
    # 10/255 = 0.0392 is on the linear part, 11/255 = 0.0431 on the power part.
    grey = hexa((value, value, value))
    assert luminance(grey) == pytest.approx(srgb_to_linear(value), rel=1e-12)
    assert luminance(grey.lower()) == luminance(grey)


def test_luminance_weights_the_channels():
    colour = (0x5B, 0x2A, 0x86)
    assert luminance(hexa(colour)) == pytest.approx(wcag_luminance(colour), rel=1e-12)


def test_contrast_of_black_and_white_is_21_and_of_a_colour_with_itself_1():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert contrast("#5B2A86", "#5B2A86") == pytest.approx(1.0)


def test_the_grey_at_the_aa_threshold_is_where_wcag_puts_it():
    # The well-known pair: #767676 on white passes 4.5:1, #777777 does not.
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.005)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.005)
    assert contrast("#767676", "#FFFFFF") >= MIN_TEXT > contrast("#777777", "#FFFFFF")


@pytest.mark.parametrize("a,b", [("#17112B", "#FFF8EC"), ("#5B2A86", "#FFC53D"),
                                 ("#123456", "#ABCDEF")])
def test_contrast_is_symmetric_and_follows_the_wcag_formula(a, b):
    la, lb = wcag_luminance(rgb(a)), wcag_luminance(rgb(b))
    expected = (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    assert contrast(a, b) == pytest.approx(expected, rel=1e-12)
    assert contrast(b, a) == contrast(a, b)


# --- mix -----------------------------------------------------------------------------------------


def test_mix_at_the_ends_is_one_colour_or_the_other():
    assert mix("#5B2A86", "#FFF8EC", 1) == "#5B2A86"
    assert mix("#5B2A86", "#FFF8EC", 0) == "#FFF8EC"


@pytest.mark.parametrize("weight", [0.07, 0.22, 0.6, 0.78])
def test_mix_weighs_each_channel_and_writes_upper_case_hex(weight):
    a, b = (0x5B, 0x2A, 0x86), (0xFF, 0xF8, 0xEC)
    expected = tuple(round(x * weight + y * (1 - weight)) for x, y in zip(a, b, strict=True))
    out = mix(hexa(a), hexa(b), weight)
    assert out == hexa(expected) and out == out.upper() and len(out) == 7


def test_mix_of_black_and_white_halfway_is_mid_grey():
    assert mix("#000000", "#FFFFFF", 0.5) in ("#7F7F7F", "#808080")


# --- page colours --------------------------------------------------------------------------------

BACKGROUNDS = ("paper", "surface", "tint")


def readable(c: dict[str, str]) -> None:
    """The promises of page_colours, checked with this file's own WCAG arithmetic."""

    def ratio(a, b):
        la, lb = wcag_luminance(rgb(c[a])), wcag_luminance(rgb(c[b]))
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)

    assert ratio("ink", "paper") >= 7
    for fg in ("ink", "accent", "muted"):
        for bg in BACKGROUNDS:
            assert ratio(fg, bg) >= 4.5, (fg, bg, c)
    assert ratio("ink", "sun") >= 4.5 or c["sun"] == DEFAULT_COLOURS["sun"]


def test_an_empty_palette_gives_the_defaults_and_their_derived_colours():
    c = page_colours({})
    for role, value in DEFAULT_COLOURS.items():
        assert c[role] == value
    ink, paper, accent = (rgb(DEFAULT_COLOURS[k]) for k in ("ink", "paper", "accent"))

    def blend(x, y, w):
        return hexa(tuple(round(p * w + q * (1 - w)) for p, q in zip(x, y, strict=True)))

    white = (255, 255, 255)
    assert c["surface"] == blend(paper, white, 0.6)
    assert c["tint"] == blend(accent, paper, 0.07)
    assert c["well"] == blend(accent, white, 0.09)
    assert c["line"] == blend(accent, paper, 0.22)
    assert c["muted"] == blend(ink, paper, 0.78)
    assert c["on_accent"] == c["paper"]
    readable(c)


def test_each_role_takes_the_first_palette_name_it_knows():
    palette = {"black": "#000000", "white": "#FFFFFF", "primary": "#0B3D91",
               "accent": "#003366", "highlight": "#FFD700", "yellow": "#FFFF00"}
    c = page_colours(palette)
    assert (c["ink"], c["paper"]) == ("#000000", "#FFFFFF")
    assert c["accent"] == "#003366"  # "accent" is named before "primary"
    assert c["sun"] == "#FFD700"  # "highlight" before "yellow"
    readable(c)


def test_ink_and_paper_too_close_fall_back_to_the_defaults_together():
    c = page_colours({"ink": "#555555", "paper": "#FFFFFF"})  # 7.46:1 is kept
    assert (c["ink"], c["paper"]) == ("#555555", "#FFFFFF")
    c = page_colours({"ink": "#666666", "paper": "#FFFFFF"})  # 5.74:1 is not
    assert (c["ink"], c["paper"]) == (DEFAULT_COLOURS["ink"], DEFAULT_COLOURS["paper"])
    readable(c)


def test_a_pale_accent_becomes_the_ink():
    c = page_colours({"ink": "#111111", "paper": "#FFFFFF", "accent": "#FFB0B0"})
    assert c["accent"] == "#111111"
    readable(c)


def test_a_sun_too_close_to_the_ink_falls_back_to_the_default_sun():
    c = page_colours({"ink": "#111111", "paper": "#FFFFFF", "sun": "#222222"})
    assert c["sun"] == DEFAULT_COLOURS["sun"]


def test_the_mark_is_the_sun_on_a_dark_accent_and_the_paper_otherwise():
    def ratio(a, b):
        la, lb = wcag_luminance(rgb(a)), wcag_luminance(rgb(b))
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)

    dark = page_colours({"accent": "#2A0F4A", "sun": "#FFE066"})
    assert ratio("#2A0F4A", "#FFE066") >= 4.5
    assert dark["mark"] == "#FFE066"
    grey = {"ink": "#111111", "paper": "#FFFFFF", "accent": "#6B6B6B", "sun": "#FFC53D"}
    assert ratio("#6B6B6B", "#FFC53D") < 4.5  # an accent that reads on paper, not under sun
    mid = page_colours(grey)
    assert (mid["accent"], mid["sun"]) == ("#6B6B6B", "#FFC53D")
    assert mid["mark"] == "#FFFFFF"


@pytest.mark.parametrize(
    "ink,paper,accent",
    list(itertools.product(["#000000", "#333333", "#0A1F44"], ["#FFFFFF", "#EEEEEE", "#FFF3D6"],
                           ["#5B2A86", "#E0E0FF", "#C0392B", "#777777"])),
)
def test_page_colours_keep_their_contrast_for_any_palette(ink, paper, accent):
    readable(page_colours({"ink": ink, "paper": paper, "accent": accent, "sun": "#FFC53D"}))


@pytest.mark.xfail(strict=True, reason="colour.py: the surface of a dark paper is lighter, and "
                   "ink (or the accent and muted that fall back to it) is not rechecked on it")
def test_page_colours_keep_their_contrast_on_a_dark_paper_too():
    readable(page_colours({"ink": "#FFFFFF", "paper": "#333333", "accent": "#5B2A86"}))

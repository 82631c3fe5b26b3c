"""Print builds of palette colours, and brand.yaml's `print:` section."""

from __future__ import annotations

import io
import re
import shutil

import numpy as np
import pikepdf
import pytest
from PIL import Image, ImageCms

from pressroom.brandbook import load
from pressroom.draw.render import render_pdf
from pressroom.model import Printing
from pressroom.printing.cmyk import BUNDLED_PROFILE, MAX_INK, _limit, inks
from tests.conftest import BRANDBOOK

BUNDLED = BRANDBOOK.parent / "src/pressroom/printing/icc" / BUNDLED_PROFILE

BOOK, _ = load(BRANDBOOK)
PALETTE = BOOK.brand.palette


def percent(build) -> list[float]:
    return [round(v * 100, 2) for v in build]


def test_explicit_builds_win_and_near_black_prints_solid_black():
    default = inks(BOOK.brand.printing, PALETTE)
    assert percent(default.colour(PALETTE["ink"])) == [0, 0, 0, 100]
    assert percent(default.colour(PALETTE["paper"])) == [0, 0, 0, 0]
    automatic = inks(Printing(), PALETTE)  # no explicit builds at all
    assert percent(automatic.colour(PALETTE["ink"])) == [0, 0, 0, 100]  # near-black
    assert percent(automatic.colour("#000000")) == [0, 0, 0, 100]
    assert sum(percent(automatic.colour(PALETTE["paper"]))) > 0  # a tint through the profile
    plum = percent(automatic.colour(PALETTE["plum"]))  # dark but coloured: not K alone
    assert plum[0] > 50 and plum[1] > 50


def test_profile_conversions_are_whole_percent_within_the_ink_limit():
    automatic = inks(Printing(), {})
    for colour in ("#5B2A86", "#FFC53D", "#FF6B5A", "#8FD3FF", "#FF0000", "#00FF00", "#0000FF",
                   "#2E1647", "#402020"):
        build = percent(automatic.colour(colour))
        assert all(v == int(v) for v in build), (colour, build)
        assert sum(build) <= MAX_INK, (colour, build)
    violet = percent(automatic.colour("#5B2A86"))
    assert violet[0] > 60 and violet[1] > 80 and violet[2] < 10  # a violet build, not grey


def test_the_ink_limit_scales_colour_and_keeps_black():
    assert _limit((100, 100, 100, 100)) == (66, 66, 66, 100.0)
    assert sum(_limit((100, 100, 100, 100))) <= MAX_INK
    assert _limit((20, 30, 40, 50)) == (20.0, 30.0, 40.0, 50.0)


def test_images_convert_within_the_ink_limit():
    automatic = inks(Printing(), {})
    cube = Image.new("RGB", (216, 1))
    cube.putdata([(r, g, b) for r in range(0, 256, 51) for g in range(0, 256, 51)
                  for b in range(0, 256, 51)])
    cmyk = automatic.image(cube)
    assert cmyk.mode == "CMYK"
    assert np.asarray(cmyk).astype(int).sum(axis=2).max() <= MAX_INK * 255 // 100


def write_print(book, text: str) -> None:
    """Replace brand.yaml's print: section (the key and its indented lines) with `text`."""
    brand = book / "brand.yaml"
    source, count = re.subn(r"(?m)^print:.*\n(?: .*\n)*", text, brand.read_text())
    assert count == 1
    brand.write_text(source)


@pytest.mark.parametrize(
    ("section", "key", "problem"),
    [
        ("print: [1]\n", "print", "must be a map of keys"),
        ("print:\n  inks: {}\n", "print.inks", "unknown key"),
        ("print:\n  cmyk: {nope: [0, 0, 0, 100]}\n", "print.cmyk.nope", "not in the palette"),
        ("print:\n  cmyk: {ink: [0, 0, 100]}\n", "print.cmyk.ink", "has 3 values, must have 4"),
        ("print:\n  cmyk: {ink: [0, 0, 0, 120]}\n", "print.cmyk.ink", "must be at most 100"),
        ("print:\n  cmyk: {ink: [90, 90, 90, 100]}\n", "print.cmyk.ink", "over the 300% limit"),
        ("print:\n  profile: ../../etc/passwd\n  condition: X\n", "print.profile", "inside"),
        ("print:\n  condition: ''\n", "print.condition", "is empty"),
        ("print:\n  condition: FOGRA51\n", "print.condition", "not the condition of the bundled"),
    ],
)
def test_bad_print_sections_are_reported(book_copy, section, key, problem):
    write_print(book_copy, section)
    _, problems = load(book_copy)
    hits = [p for p in problems.errors if p.key == key and problem in p.problem]
    assert hits, [str(p) for p in problems.errors]
    assert hits[0].path.endswith("brand.yaml") and hits[0].line > 1


def test_one_screen_colour_cannot_print_two_ways(book_copy):
    brand = book_copy / "brand.yaml"
    brand.write_text(brand.read_text().replace('black: "#000000"', 'black: "#17112B"'))
    builds = "    ink: [0, 0, 0, 100]\n    black: [60, 40, 40, 100]\n"
    write_print(book_copy, "print:\n  cmyk:\n" + builds)
    _, problems = load(book_copy)
    assert any("same screen colour" in p.problem for p in problems.errors)


def test_a_profile_must_be_cmyk_and_name_its_condition(book_copy):
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    (book_copy / "screen.icc").write_bytes(srgb)
    write_print(book_copy, "print:\n  profile: screen.icc\n  condition: X\n")
    _, problems = load(book_copy)
    assert any("not a CMYK output" in p.problem for p in problems.errors)
    shutil.copy(BUNDLED, book_copy / "shop.icc")
    write_print(book_copy, "print:\n  profile: shop.icc\n")
    _, problems = load(book_copy)
    assert [p.key for p in problems.errors] == ["print.condition"]
    write_print(book_copy, "print:\n  profile: shop.icc\n  condition: SHOP\n")
    book, problems = load(book_copy)
    assert not problems.errors
    printing = book.brand.printing  # the condition's description defaults to the profile's
    assert printing.condition_name == "pressroom FOGRA39 coated offset, 300% ink"


def test_a_shops_profile_and_condition_reach_the_pdf(book_copy):
    shutil.copy(BUNDLED, book_copy / "shop.icc")
    write_print(book_copy, "print:\n  profile: shop.icc\n  condition: SHOP-COATED\n"
                "  condition_name: The shop's coated stock\n")
    book, problems = load(book_copy)
    assert not problems.errors, problems.errors
    assert book.brand.printing.condition == "SHOP-COATED"
    assert len(book.brand.printing.profile_digest) == 64
    fmt = book.format("poster-a4")
    w, h = fmt.page_size
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}mm" height="{h}mm"/>'
    with pikepdf.open(io.BytesIO(render_pdf(svg, fmt, book.brand, "k"))) as pdf:
        intent = pdf.Root.OutputIntents[0]
        assert str(intent.OutputConditionIdentifier) == "SHOP-COATED"
        assert str(intent.OutputCondition) == "The shop's coated stock"

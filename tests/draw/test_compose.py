"""compose: what fills each slot; here the logo slot (a partner's logo fitted in its rect)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pressroom.draw.compose import logo_fill
from pressroom.model import Logo, Partner, Slot
from pressroom.slotstyle import IMAGE, read_style

NAMES = {"fonts": ("text",), "palette": ("paper", "violet")}
LOGO = Logo('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100"><g/></svg>',
            400.0, 100.0, Path("logo.svg"))


def slot(align="start", valign="top", x=100.0, y=50.0, w=300.0, h=150.0) -> Slot:
    style, found = read_style(
        {"data-align": align, "data-valign": valign, "data-on": "violet"}, IMAGE, NAMES
    )
    assert not found
    return Slot("logo", x, y, w, h, style, 1)


def box(fill) -> tuple[float, ...]:
    found = re.match(r'<svg x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"',
                     fill.svg)
    return tuple(float(v) for v in found.groups())


@pytest.mark.parametrize(
    ("align", "valign", "rtl", "expected"),
    [
        ("start", "top", False, (100, 50, 300, 75)),
        ("end", "bottom", False, (100, 125, 300, 75)),
        ("center", "middle", False, (100, 87.5, 300, 75)),
        ("end", "top", True, (100, 50, 300, 75)),
    ],
)
def test_a_wide_logo_fills_the_width_with_its_aspect_kept(align, valign, rtl, expected):
    assert box(logo_fill(LOGO, slot(align, valign), rtl)) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("align", "rtl", "x"),
    [("start", False, 100), ("end", False, 160), ("center", False, 130),
     ("start", True, 160), ("end", True, 100)],  # right-to-left: start is the right edge
)
def test_a_short_slot_fits_the_height_and_aligns_across(align, rtl, x):
    found = box(logo_fill(LOGO, slot(align, w=300, h=15 * 4), rtl))
    assert found == pytest.approx((x, 50, 240, 60))


def test_the_version_follows_what_is_behind_the_slot():
    light = Logo("<svg a/>", 1, 1, Path("l.svg"))
    dark = Logo("<svg b/>", 1, 1, Path("d.svg"))
    partner = Partner("kin", "Kin", light, dark)
    assert partner.logo_on(0.9) is light  # paper
    assert partner.logo_on(0.05) is dark  # violet
    # The turn is where black and white text would have the same contrast (L = 0.179).
    assert partner.logo_on(0.19) is light and partner.logo_on(0.17) is dark


def test_an_image_slot_takes_placement_and_background_only():
    _, found = read_style({"data-on": "paper", "data-font": "text"}, IMAGE, NAMES)
    assert [(p.attribute, p.problem) for p in found] == [
        ("data-font", "does not apply to an image slot")
    ]
    _, found = read_style({"data-align": "end"}, IMAGE, NAMES)
    assert [(p.attribute, p.problem) for p in found] == [("data-on", "is missing")]


# --- nothing dropped in silence ------------------------------------------------------------------

# Characters that are meant to draw nothing: spaces, joiners, selectors, marks of direction.
INVISIBLE = re.compile(r"[\s\u00ad\u200b-\u200f\u2060\u061c\ufe00-\ufe0f\u202f]")


@pytest.mark.slow  # about 4 s: every sample text of the shipped brand book laid out
def test_every_character_of_every_text_is_drawn_or_a_known_invisible():
    """Every text of the sample messages, in every format and language of the shipped brand
    book, laid out: each character's grapheme cluster is drawn by a glyph with ink that is not
    the font's .notdef (tofu), unless it is a known invisible (tests/test_typography.py does
    the same for the Korean, Japanese, Thai and Persian test translations)."""
    from pressroom.brandbook import load
    from pressroom.kit.plan import Selection
    from tests.conftest import BRANDBOOK, SAMPLE_MESSAGES

    book, _ = load(BRANDBOOK)
    assert drawn_or_invisible(book, Selection(messages=SAMPLE_MESSAGES, kits=("main",))) > 300


def drawn_or_invisible(book, selection) -> int:
    """Assert that every character of every text of `selection` is drawn or invisible: each
    belongs to a shaped cluster (HarfBuzz's: a ligature such as لا is one) that is placed with
    a glyph of ink that is not .notdef. Returns the number of texts looked at."""
    from pressroom.draw.compose import compose
    from pressroom.draw.fill import TextFill
    from pressroom.errors import Problems
    from pressroom.kit.plan import plan
    from pressroom.text.shaping import shape, shape_line

    checked = 0
    for job in plan(book, selection):
        composed = compose(book, job, Problems(book.root))
        assert composed is not None, job.key
        rtl = job.locale.direction == "rtl"
        for name, fill in composed.contents.items():
            if not isinstance(fill, TextFill):
                continue
            block, chain = fill.block, fill.chain
            placed = {g.char for g in block.glyphs if g.gid != 0}
            shaped = shape(block.text, chain, job.locale.lang, rtl)
            for line in block.lines:
                glyphs = shape_line(shaped, chain, line.start, line.end, line.hyphen)
                starts = sorted({g.char for g in glyphs})
                for i in range(line.start, line.end):
                    if INVISIBLE.fullmatch(block.text[i]):
                        continue
                    cluster = max(c for c in starts if c <= i)
                    assert cluster in placed, (job.key, name, block.text[cluster : i + 1])
            checked += 1
    return checked


def _slot_line(template: Path, slot: str) -> int:
    return next(i for i, line in enumerate(template.read_text().splitlines(), 1)
                if f'data-slot="{slot}"' in line)


def test_a_slot_too_small_for_the_reference_text_blames_the_template(book_copy):
    """The designer's box, not the translators: one problem at the template's line, with the
    slot's size and how much more room it needs, instead of one per language file."""
    from tests.conftest import run

    template = book_copy / "templates" / "x-header.svg"
    line = _slot_line(template, "headline")
    text = template.read_text()
    found = re.search(r'data-slot="headline" x="[^"]+" y="[^"]+" width="([^"]+)" height="([^"]+)"',
                      text)
    template.write_text(text.replace(found.group(0), found.group(0).replace(
        f'width="{found.group(1)}" height="{found.group(2)}"', 'width="200" height="60"')))
    result = run("check", "--brandbook", book_copy, "--kit", "main")
    assert result.exit_code == 1
    said = [s for s in result.output.splitlines() if ": " in s]
    assert len(said) == 1, result.output
    assert said[0].startswith(f"brandbook/templates/x-header.svg:{line}: slot-headline: "
                              "slot-headline of x-header (200×60 px) is too small for 6 "
                              "reference texts (en.yaml:")
    assert "the texts of kk, kk-Latn, ru do not fit either" in said[0]
    assert "give the slot more room in the template" in said[0]


def test_a_translation_longer_than_its_slot_is_the_translations_own(book_copy):
    from tests.conftest import line_of, run

    ru = book_copy / "locales" / "ru.yaml"
    old = next(s for s in ru.read_text().splitlines() if "headline:" in s)
    long = old.replace("«пропаганда»", "«пропаганда», " + "очень длинный заголовок " * 6)
    ru.write_text(ru.read_text().replace(old, long))
    result = run("check", "--brandbook", book_copy, "--locale", "ru")
    assert result.exit_code == 1
    line = line_of(ru, "очень длинный")
    assert f"locales/ru.yaml:{line}: messages.not-propaganda.headline: does not fit" \
        in result.output
    assert "templates/" not in result.output

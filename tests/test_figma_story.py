"""A story as Figma exports it (tests/data/figma): layers named slot-NAME (slot-url-slogan and
slot-url-fact for one URL per kind), a frame slot, a photo as an image fill, and not one data-
attribute. Its slots' styles live in templates/story.slots.yaml beside it, so it builds as
exported: text drawn inside each slot box in the side table's colours, checked from pixels; a
change to the side table renders the story again; every mistake in it is one line at its own
line of the file."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pressroom.brandbook import load
from pressroom.build import build
from pressroom.draw.compose import compose
from pressroom.draw.fill import document
from pressroom.draw.render import rasterize
from pressroom.errors import Problems
from pressroom.kit.plan import Digests, Selection, plan
from tests.conftest import FIGMA, edit, figma_book, line_of, problem_lines, run

SVG = FIGMA / "templates" / "story.svg"
SIDE = FIGMA / "templates" / "story.slots.yaml"
PAPER, INK, ACCENT = (255, 255, 255), (0x11, 0x11, 0x11), (0x5B, 0x2A, 0x86)
BLUE, GREEN = (0x15, 0x65, 0xC0), (0x2E, 0x7D, 0x32)  # the photo's two halves
# The slot boxes as drawn in the export (x, y, width, height): the format is the frame's size.
BOXES = {
    "headline": (65, 580, 950, 420), "body": (65, 1030, 950, 170), "cta": (65, 1230, 560, 110),
    "figure": (65, 580, 950, 300), "claim": (65, 900, 950, 300),
    "source": (65, 1230, 560, 110), "url": (65, 1400, 560, 70), "qr": (655, 1290, 360, 360),
}


def pixels(book, message: str) -> np.ndarray:
    """The still of `message` as the build renders it (template art, then the slots)."""
    (job,) = [j for j in plan(book) if j.message.id == message and j.kit == "main"]
    composed = compose(book, job, Problems())
    assert composed is not None
    doc = document(book.templates[job.format.name], job.message.kind, composed.contents)
    return np.asarray(rasterize(doc, *job.format.pixel_size).convert("RGB")).astype(int)


def near(image: np.ndarray, colour, tolerance: int = 24) -> np.ndarray:
    """Where the image has `colour` (every channel within `tolerance` of 255)."""
    return (np.abs(image - np.array(colour)) <= tolerance).all(axis=2)


def inside(mask: np.ndarray, *names: str) -> np.ndarray:
    """`mask` with the slot boxes `names` cleared: what is left lies outside them."""
    rest = mask.copy()
    for name in names:
        x, y, w, h = BOXES[name]
        rest[y : y + h, x : x + w] = False
    return rest


def in_box(mask: np.ndarray, name: str) -> int:
    x, y, w, h = BOXES[name]
    return int(mask[y : y + h, x : x + w].sum())


# --- it builds as exported -----------------------------------------------------------------------


def test_the_export_has_slot_layers_and_no_data_attribute():
    text = SVG.read_text()
    assert "data-" not in text
    assert re.findall(r'id="(slot-[^"]+)"', text) == [
        "slot-headline", "slot-body", "slot-cta", "slot-figure", "slot-claim", "slot-source",
        "slot-url-slogan", "slot-url-fact", "slot-qr",
    ]
    assert '<g id="slot-body">' in text and 'fill="url(#pattern0_2_14)"' in text


def test_the_side_table_styles_every_slot_with_no_problem():
    book, problems = load(FIGMA)
    assert [str(p) for p in problems.items] == []
    slots = {(s.name, s.kind): s for s in book.templates["story"].slots}
    assert sorted(slots) == sorted([
        ("headline", "slogan"), ("body", "slogan"), ("cta", "slogan"), ("figure", "fact"),
        ("claim", "fact"), ("source", "fact"), ("url", "slogan"), ("url", "fact"), ("qr", None),
    ])
    headline = slots["headline", "slogan"].style
    assert (headline.font, headline.max_size, headline.min_size, headline.line_height) == (
        "display", 150, 60, 1.02)
    assert (headline.max_lines, headline.valign, headline.color, headline.on) == (
        4, "bottom", "accent", "paper")
    assert (slots["url", "slogan"].style.color, slots["url", "fact"].style.color) == (
        "accent", "ink")
    assert slots["url", "fact"].style.max_size == 40  # from `url:`, shared by both
    body = slots["body", "slogan"]  # a frame: its rectangle's box
    assert (body.x, body.y, body.width, body.height) == BOXES["body"]


def test_the_slogan_is_drawn_in_its_slots_in_the_side_tables_colours():
    book, _ = load(FIGMA)
    image = pixels(book, "equal")
    accent = near(image, ACCENT)
    # The headline, the call to action and the URL are accent; nothing else is.
    assert in_box(accent, "headline") > 20_000
    assert in_box(accent, "cta") > 1_000 and in_box(accent, "url") > 500
    assert inside(accent, "headline", "cta", "url").sum() == 0
    # Inside the glyphs the colour is the palette's, exactly (edges are anti-aliased).
    x, y, w, h = BOXES["headline"]
    ink = image[y : y + h, x : x + w][accent[y : y + h, x : x + w]]
    assert (np.abs(ink - np.array(ACCENT)) <= 2).all(axis=1).mean() > 0.8
    # The body is ink on paper, in its frame; the figure's slot (facts only) is not drawn here.
    dark = near(image, INK, 40)
    assert in_box(dark, "body") > 1_000
    assert inside(dark, "body", "qr").sum() == 0
    # The photo (Figma's image fill) covers its rectangle, each half where the image has it.
    assert tuple(image[300, 200]) == pytest.approx(BLUE, abs=3)
    assert tuple(image[300, 900]) == pytest.approx(GREEN, abs=3)
    assert tuple(image[40, 540]) == PAPER  # above the photo: the frame's white


def test_the_fact_takes_its_own_url_layer_and_colour():
    book, _ = load(FIGMA)
    image = pixels(book, "cases")
    accent, dark = near(image, ACCENT), near(image, INK, 40)
    assert in_box(accent, "figure") > 20_000
    assert inside(accent, "figure").sum() == 0  # the fact's URL is ink, not the slogan's accent
    assert in_box(dark, "url") > 500 and in_box(dark, "claim") > 2_000
    assert inside(dark, "claim", "source", "url", "qr").sum() == 0


# --- a change to the side table ------------------------------------------------------------------


def digests(root: Path) -> dict[str, str]:
    book, problems = load(root)
    assert problems.errors == [], [str(p) for p in problems.errors]
    digest = Digests(book)
    return {job.key: digest(job) for job in plan(book)}


def test_a_side_table_change_changes_the_storys_digests_and_a_comment_does_not(tmp_path):
    root = figma_book(tmp_path / "bb")
    before = digests(root)
    side = root / "templates" / "story.slots.yaml"
    side.write_text(side.read_text() + "# a comment changes no asset\n")
    assert digests(root) == before
    edit(side, "url-fact:\n  data-color: ink", "url-fact:\n  data-color: accent")
    after = digests(root)
    assert after.keys() == before.keys() and all(after[k] != before[k] for k in before)


@pytest.mark.slow  # about 3 s: three builds of their own
def test_a_side_table_edit_makes_the_build_render_the_story_again(tmp_path):
    root, out = figma_book(tmp_path / "bb"), tmp_path / "out"
    one = Selection(locales=("en",), kits=("main",))
    assert build(root, out, one, jobs=1, press=False).built == 2
    fact = out / "en" / "story" / "cases.png"
    url = np.asarray(Image.open(io.BytesIO(fact.read_bytes())).convert("RGB")).astype(int)
    assert in_box(near(url, ACCENT), "url") == 0
    assert build(root, out, one, jobs=1, press=False).built == 0
    time.sleep(0.01)
    edit(root / "templates" / "story.slots.yaml", "url-fact:\n  data-color: ink",
         "url-fact:\n  data-color: accent")
    again = build(root, out, one, jobs=1, press=False)
    assert (again.built, again.unchanged) == (2, 0)
    redrawn = np.asarray(Image.open(fact).convert("RGB")).astype(int)
    assert in_box(near(redrawn, ACCENT), "url") > 500


# --- mistakes in the side table, each at its line ------------------------------------------------


def problems_after(tmp_path: Path, old: str, new: str) -> tuple[Path, list[str]]:
    root = figma_book(tmp_path / "bb")
    side = root / "templates" / "story.slots.yaml"
    edit(side, old, new)
    _, problems = load(root)
    return side, sorted({str(p) for p in problems.errors})


def test_a_value_in_both_places_is_an_error_naming_both(tmp_path):
    root = figma_book(tmp_path / "bb")
    edit(root / "templates" / "story.svg", '<rect id="slot-headline"',
         '<rect id="slot-headline" data-color="ink"')
    _, problems = load(root)
    side = root / "templates" / "story.slots.yaml"
    line = line_of(side, "data-color: accent")
    svg_line = line_of(root / "templates" / "story.svg", 'id="slot-headline"')
    assert [str(p) for p in problems.errors] == [
        f"bb/templates/story.slots.yaml:{line}: slot-headline: data-color is set both here and at"
        f" bb/templates/story.svg:{svg_line} — keep one"
    ]


def test_a_value_set_by_two_keys_is_an_error_naming_both_lines(tmp_path):
    side, found = problems_after(tmp_path, "url-fact:\n", "url-fact:\n  data-font: display\n")
    assert found == [
        f"bb/templates/story.slots.yaml:{line_of(side, 'url-fact:') + 1}: slot-url-fact:"
        f" data-font is set both here and on line {line_of(side, 'url:') + 1} (slot-url)"
        " — keep one"
    ]


def test_a_key_that_names_no_slot_is_an_error_with_the_slots_there_are(tmp_path):
    side, found = problems_after(tmp_path, "headline:", "hedline:")
    line = line_of(side, "hedline:")
    assert found == [
        f"bb/templates/story.slots.yaml:{line}: slot-hedline: names no slot of"
        " bb/templates/story.svg — did you mean 'headline'? use one of body, claim, cta,"
        " figure, headline, qr, source, url, url-fact, url-slogan (the template's layers named"
        " slot-NAME, without slot-), or remove it"
    ]


def test_an_unknown_setting_is_an_error_at_its_line(tmp_path):
    side, found = problems_after(tmp_path, "  data-color: accent\n  data-on: paper\nbody:",
                                 "  data-colour: accent\n  data-on: paper\nbody:")
    assert found == [
        f"bb/templates/story.slots.yaml:{line_of(side, 'data-colour')}: headline.data-colour:"
        " unknown key 'data-colour' — did you mean 'data-color'? rename it"
    ]


@pytest.mark.parametrize("old, new, key, problem, fix", [
    ("data-max-size: 150", "data-max-size: 150px", "data-max-size", "is '150px'",
     "write a plain number of template units, e.g. 60 (no px or mm)"),
    ("data-valign: bottom\n  data-color: accent", "data-valign: bottom\n  data-color: purple",
     "data-color", "'purple' is not in brand.yaml's palette", "use one of accent, ink, paper"),
    ("data-max-lines: 4", "data-max-lines: 2.5", "data-max-lines", "is '2.5'",
     "write a whole number from 1, e.g. 3"),
])
def test_a_bad_value_is_the_attributes_own_error_at_the_side_tables_line(
    tmp_path, old, new, key, problem, fix
):
    side, found = problems_after(tmp_path, old, new)
    line = line_of(side, new.splitlines()[-1])
    assert found == [
        f"bb/templates/story.slots.yaml:{line}: slot-headline {key}: {problem} — {fix}"
    ]


def test_the_same_bad_value_as_an_attribute_says_the_same_at_the_templates_line(tmp_path):
    """The side table's values are judged by slotstyle's table, as attributes are."""
    root = figma_book(tmp_path / "bb")
    edit(root / "templates" / "story.slots.yaml", "  data-max-size: 150\n", "")
    edit(root / "templates" / "story.svg", '<rect id="slot-headline"',
         '<rect id="slot-headline" data-max-size="150px"')
    _, problems = load(root)
    line = line_of(root / "templates" / "story.svg", 'id="slot-headline"')
    assert [str(p) for p in problems.errors] == [
        f"bb/templates/story.svg:{line}: slot-headline data-max-size: is '150px' — write a plain"
        " number of template units, e.g. 60 (no px or mm)"
    ]


def test_pressroom_check_lists_every_side_table_problem_at_once_without_a_traceback(tmp_path):
    root = figma_book(tmp_path / "bb")
    side = root / "templates" / "story.slots.yaml"
    edit(side, "headline:", "hedline:")
    edit(side, "data-max-size: 50", "data-max-size: 50mm")
    edit(side, "  data-font: text\n  data-max-size: 40", "  data-fnot: text\n  data-max-size: 40")
    result = run("check", "--brandbook", root)
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = problem_lines(result.output)
    assert [line.split(": ")[0] for line in lines] == [
        f"bb/templates/story.slots.yaml:{line_of(side, needle)}"
        for needle in ("hedline:", "data-max-size: 50mm", "data-fnot")
    ]

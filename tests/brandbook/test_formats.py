"""brandbook/formats.py: formats.yaml read into `Format`s in file order, defaults filled in, print
settings only for mm formats, kits judged against the names given, and a format with a problem
left out while the others are read."""

from __future__ import annotations

from pathlib import Path

import pytest

from pressroom.brandbook.formats import EMPTY_FIX, read_formats
from pressroom.errors import Problems
from pressroom.model import Format, Motion, Step
from tests.conftest import REPO, line_of

MINI = REPO / "tests" / "data" / "mini"
SCREEN = "screen:\n  width: 1080\n  height: 1920\n  template: story.svg\n"
KITS = ("main", "plain", "partners", "kin")


def read(tmp_path: Path, text: str, kits=KITS) -> tuple[list[Format], list[str], Path]:
    path = tmp_path / "formats.yaml"
    path.write_text(text)
    problems = Problems(tmp_path)
    formats = read_formats(path, problems, kits)
    return formats, [str(p) for p in problems.items], path


def where(path: Path, needle: str) -> str:
    return f"{path.parent.name}/{path.name}:{line_of(path, needle)}:"


def test_the_mini_formats_are_read_in_file_order_with_every_setting():
    problems = Problems(MINI)
    formats = read_formats(MINI / "formats.yaml", problems, KITS)
    assert problems.items == []
    assert formats == [
        Format(
            name="card", use="a small test card", width=400, height=300, unit="px",
            safe=(10, 10, 10, 10), template="card.svg", omit=("qr",),
        ),
        Format(
            name="sheet", use="a small printed sheet", width=100, height=70, unit="mm",
            safe=(5, 5, 5, 5), template="sheet.svg", bleed=3, dpi=300, preview_dpi=96,
            qr_distance_m=0.25,
        ),
    ]


def test_a_minimal_format_gets_every_default(tmp_path):
    (fmt,), said, _ = read(tmp_path, SCREEN)
    assert said == []
    assert fmt == Format("screen", "", 1080, 1920, "px", (0, 0, 0, 0), "story.svg")
    assert (fmt.kits, fmt.motion, fmt.crop_marks, fmt.qr_module_px) == (None, None, False, 6.0)


def test_a_screen_format_has_no_print_settings_even_when_given(tmp_path):
    text = SCREEN + "  bleed: 3\n  dpi: 600\n  preview_dpi: 150\n  crop_marks: true\n"
    (fmt,), said, _ = read(tmp_path, text)
    assert said == []
    assert (fmt.bleed, fmt.dpi, fmt.preview_dpi, fmt.crop_marks) == (0, 0, 0, False)
    assert not fmt.is_print and fmt.pixel_size == (1080, 1920)


def test_a_print_format_gets_the_print_defaults(tmp_path):
    (fmt,), said, _ = read(tmp_path, "a4:\n  width: 210\n  height: 297\n  unit: mm\n"
                                     "  template: a4.svg\n")
    assert said == []
    assert (fmt.bleed, fmt.dpi, fmt.preview_dpi, fmt.crop_marks) == (0, 300, 96, False)
    assert fmt.is_print


def test_print_settings_are_kept_and_resolutions_made_whole(tmp_path):
    text = ("a4:\n  width: 210\n  height: 297\n  unit: mm\n  template: a4.svg\n  bleed: 3\n"
            "  dpi: 150.0\n  preview_dpi: 72.0\n  crop_marks: true\n")
    (fmt,), said, _ = read(tmp_path, text)
    assert said == []
    assert (fmt.bleed, fmt.dpi, fmt.preview_dpi, fmt.crop_marks) == (3, 150, 72, True)
    assert isinstance(fmt.dpi, int) and isinstance(fmt.preview_dpi, int)
    assert fmt.media_size == (216 + 20, 303 + 20)  # trim + bleed + 10 mm of crop marks a side


def test_lists_become_tuples_and_texts_stay_texts(tmp_path):
    text = SCREEN + (
        "  keep_clear: [[0, 0, 1080, 250], [0, 1700, 1080, 220]]\n"
        "  omit: [qr, url]\n  kits: [main, kin]\n"
        "  source: https://example.org/specs\n  checked: 2026-11-22\n"
        "  qr_module_px: 8\n  qr_distance_m: 2\n  use: a story\n"
    )
    (fmt,), said, _ = read(tmp_path, text)
    assert said == []
    assert fmt.keep_clear == ((0, 0, 1080, 250), (0, 1700, 1080, 220))
    assert fmt.omit == ("qr", "url") and fmt.kits == ("main", "kin")
    assert fmt.checked == "2026-11-22"  # a date is kept as written
    assert (fmt.source, fmt.use, fmt.qr_module_px, fmt.qr_distance_m) == (
        "https://example.org/specs", "a story", 8, 2
    )


def test_a_broken_format_is_left_out_and_the_others_are_read(tmp_path):
    text = SCREEN + "broken:\n  width: 0\n  height: 10\n  template: b.svg\n" + SCREEN.replace(
        "screen", "after"
    )
    formats, said, path = read(tmp_path, text)
    assert [f.name for f in formats] == ["screen", "after"]
    assert said == [
        f"{where(path, 'width: 0')} broken.width: is 0, must be more than 0 — "
        "write a number more than 0"
    ]


def test_an_unknown_kit_is_said_at_its_item_with_every_kit_it_may_use(tmp_path):
    text = SCREEN + "  kits:\n    - main\n    - partnerz\n"
    _, said, path = read(tmp_path, text)
    assert said == [
        f"{where(path, '- partnerz')} screen.kits: there is no kit 'partnerz' — use main, plain, "
        "partners (every partner) or a partner's id: main, plain, partners, kin"
    ]


def test_kits_are_not_judged_when_no_names_are_given(tmp_path):
    formats, said, _ = read(tmp_path, SCREEN + "  kits: [partnerz]\n", kits=None)
    assert said == [] and formats[0].kits == ("partnerz",)


def test_the_kits_of_a_broken_format_are_not_judged_again(tmp_path):
    formats, said, _ = read(tmp_path, SCREEN + "  kits: [partnerz]\n  unit: pt\n")
    assert formats == []
    assert len(said) == 1 and "screen.unit: is 'pt'" in said[0]


def test_a_motion_format_is_read_with_its_motion(tmp_path):
    text = SCREEN + "  motion:\n    fps: 25\n    steps:\n      - {slots: [body], by: line}\n"
    (fmt,), said, _ = read(tmp_path, text)
    assert said == []
    assert fmt.is_motion
    assert fmt.motion == Motion(8.0, 25, 3.0, 0.6, 60.0, "start", "out-cubic", 1.2,
                                (Step(("body",), 0.3, 0.15, True),))


def test_a_motion_format_breaking_a_motion_rule_is_left_out(tmp_path):
    motion = "  motion:\n    hold: 8\n    steps:\n      - {slots: [body]}\n"
    text = SCREEN + motion + SCREEN.replace("screen", "still")
    formats, said, path = read(tmp_path, text)
    assert [f.name for f in formats] == ["still"]
    assert said == [
        f"{where(path, 'hold: 8')} screen.motion.hold: is 8 s, and the clip lasts 8 s — hold for "
        "less than the duration"
    ]


def test_an_empty_file_gives_no_format_and_says_what_to_write(tmp_path):
    formats, said, _ = read(tmp_path, "# formats\n")
    assert formats == []
    assert said == [
        f"{tmp_path.name}/formats.yaml:1: the file is empty (or holds only comments) — {EMPTY_FIX}"
    ]


@pytest.mark.parametrize("text", ["- screen\n", "screen\n"])
def test_a_file_that_is_not_a_map_gives_no_format(tmp_path, text):
    formats, said, _ = read(tmp_path, text)
    assert formats == [] and len(said) == 1 and ":1: the file is " in said[0]


def test_unreadable_yaml_gives_no_format_and_its_line(tmp_path):
    formats, said, _ = read(tmp_path, SCREEN + "  use: a: b\n")
    assert formats == []
    assert said == [
        f"{tmp_path.name}/formats.yaml:5: a colon followed by a space inside a value — put the "
        'whole value in double quotes: key: "text: more text"'
    ]


def test_a_missing_file_gives_no_format_and_says_so(tmp_path):
    problems = Problems(tmp_path)
    assert read_formats(tmp_path / "formats.yaml", problems) == []
    assert [p.problem for p in problems.items] == ["the file does not exist"]

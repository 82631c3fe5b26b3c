"""brandbook/motion.py: a motion format's `motion:` map made into a `Motion` with its defaults, the
rules its schema cannot say (px, an even size, a hold shorter than the clip, each slot in one
step), and a template that must draw nothing above its slots."""

from __future__ import annotations

from pathlib import Path

import pytest

from pressroom.brandbook.motion import (
    DEFAULTS,
    SLOT_NAMES,
    STEP_DEFAULTS,
    check_motion,
    check_template,
    motion_from,
)
from pressroom.brandbook.schemas import FORMATS, schema
from pressroom.errors import Problems
from pressroom.model import Format, Motion, Parts, Step, Template
from pressroom.read.yamlfile import read_yaml
from tests.conftest import line_of

FORMAT = """\
# formats
reel:
  width: {width}
  height: {height}
  unit: {unit}
  template: reel.svg
  motion:
{motion}
"""
STEPS = "    steps:\n      - {slots: [wordmark]}\n      - {slots: [headline, cta], by: line}\n"


def judged(tmp_path: Path, motion: str = STEPS, width=1080, height=1920, unit="px"):
    """(ok, problem lines, formats.yaml) for one motion format `reel`."""
    path = tmp_path / "formats.yaml"
    path.write_text(FORMAT.format(width=width, height=height, unit=unit, motion=motion.rstrip()))
    doc, errors = read_yaml(path)
    assert doc is not None, errors
    problems = Problems(tmp_path)
    ok = check_motion("reel", doc.data["reel"], doc, problems)
    return ok, [str(p) for p in problems.items if p.severity == "error"], path


def where(path: Path, needle: str) -> str:
    return f"{path.parent.name}/{path.name}:{line_of(path, needle)}:"


# --- motion_from ---------------------------------------------------------------------------------


def test_only_steps_given_every_other_setting_is_its_default():
    motion = motion_from({"steps": [{"slots": ["wordmark"]}]})
    assert motion == Motion(
        duration=8.0, fps=30, hold=3.0, enter=0.6, slide=60.0, origin="start", ease="out-cubic",
        count=1.2, steps=(Step(("wordmark",), after=0.3, stagger=0.15, by_line=False),),
    )
    assert motion.frames == 240


def test_given_settings_override_the_defaults_as_floats_and_a_whole_fps():
    raw = {
        "duration": 6, "fps": 25, "hold": 2, "enter": 1, "slide": 0, "from": "below",
        "ease": "linear", "count": 0,
        "steps": [
            {"slots": ["figure", "claim"], "after": 1, "stagger": 0, "by": "line"},
            {"slots": ["qr"], "by": "slot"},
        ],
    }
    motion = motion_from(raw)
    assert motion == Motion(6.0, 25, 2.0, 1.0, 0.0, "below", "linear", 0.0, (
        Step(("figure", "claim"), 1.0, 0.0, True),
        Step(("qr",), 0.3, 0.15, False),
    ))
    assert all(isinstance(v, float) for v in (motion.duration, motion.hold, motion.slide))
    assert isinstance(motion.fps, int) and motion.frames == 150


def test_motion_from_leaves_the_map_it_was_given_as_it_was():
    raw = {"steps": [{"slots": ["wordmark"]}]}
    motion_from(raw)
    assert raw == {"steps": [{"slots": ["wordmark"]}]}


def test_the_defaults_are_those_the_schema_documents():
    described = (
        "Defaults: duration 8, fps 30, hold 3, enter 0.6, slide 60, from start, ease out-cubic, "
        "count 1.2."
    )
    assert described in schema(FORMATS)["$defs"]["motion"]["description"]
    words = ", ".join(f"{k} {v:g}" if not isinstance(v, str) else f"{k} {v}"
                      for k, v in DEFAULTS.items())
    assert f"Defaults: {words}." == described
    step = schema(FORMATS)["$defs"]["step"]["properties"]
    assert f"(default {STEP_DEFAULTS['after']})" in step["after"]["description"]
    assert f"(default {STEP_DEFAULTS['stagger']})" in step["stagger"]["description"]
    assert f"(default {STEP_DEFAULTS['by']})" in step["by"]["description"]


def test_slot_names_are_brand_then_message_texts_then_qr_each_once():
    assert SLOT_NAMES == (
        "wordmark", "url", "headline", "body", "cta", "figure", "claim", "source", "qr"
    )


# --- check_motion --------------------------------------------------------------------------------


def test_a_valid_motion_format_passes_with_no_problem(tmp_path):
    ok, said, _ = judged(tmp_path)
    assert ok and said == []


def test_a_size_in_mm_is_refused_at_the_unit_line(tmp_path):
    ok, said, path = judged(tmp_path, unit="mm")
    assert not ok
    assert said == [
        f"{where(path, 'unit: mm')} reel.unit: is mm for a motion format — motion formats are "
        "video: give their size in px"
    ]


@pytest.mark.parametrize("width, height", [(1081, 1920), (1080, 1351), (1079, 1919)])
def test_an_odd_size_is_refused_at_the_width_line(tmp_path, width, height):
    ok, said, path = judged(tmp_path, width=width, height=height)
    assert not ok
    assert said == [
        f"{where(path, 'width:')} reel.width: is {width}×{height}, an odd size — give a video an "
        "even width and height (its colour is stored per 2×2 pixels)"
    ]


def test_a_fractional_even_size_is_said_without_trailing_zeros(tmp_path):
    ok, said, _ = judged(tmp_path, width=1080.5, height=1920)
    assert not ok and "is 1080.5×1920, an odd size" in said[0]


def test_a_hold_as_long_as_the_default_clip_is_refused_at_the_hold_line(tmp_path):
    ok, said, path = judged(tmp_path, "    hold: 8\n" + STEPS)
    assert not ok
    assert said == [
        f"{where(path, 'hold: 8')} reel.motion.hold: is 8 s, and the clip lasts 8 s — hold for "
        "less than the duration"
    ]


def test_the_default_hold_is_checked_against_a_given_duration(tmp_path):
    ok, said, _ = judged(tmp_path, "    duration: 6\n" + STEPS)
    assert ok and said == []  # 3 s of 6
    ok, said, path = judged(tmp_path, "    duration: 6\n    hold: 6.5\n" + STEPS)
    assert not ok
    assert said == [
        f"{where(path, 'hold: 6.5')} reel.motion.hold: is 6.5 s, and the clip lasts 6 s — hold "
        "for less than the duration"
    ]


def test_a_slot_in_two_steps_is_said_at_the_later_step_naming_the_earlier(tmp_path):
    steps = (
        "    steps:\n"
        "      - {slots: [wordmark, url]}\n"
        "      - {slots: [headline]}\n"
        "      - {slots: [cta, url, wordmark]}\n"
    )
    ok, said, path = judged(tmp_path, steps)
    assert not ok
    line = where(path, "cta, url, wordmark")
    assert said == [
        f"{line} reel.motion.steps.slots: 'url' already comes in at step 1 — name each slot in "
        "one step only",
        f"{line} reel.motion.steps.slots: 'wordmark' already comes in at step 1 — name each slot "
        "in one step only",
    ]


def test_a_slot_repeated_three_times_names_its_first_step_each_time(tmp_path):
    steps = (
        "    steps:\n      - {slots: [headline]}\n      - {slots: [qr]}\n"
        "      - {slots: [qr]}\n      - {slots: [qr]}\n"
    )
    ok, said, _ = judged(tmp_path, steps)
    assert not ok
    assert [s.split(" — ")[0].split(": ", 2)[2] for s in said] == [
        "'qr' already comes in at step 2", "'qr' already comes in at step 2"
    ]


def test_every_broken_rule_is_said_at_once(tmp_path):
    steps = "    hold: 9\n    steps:\n      - {slots: [qr]}\n      - {slots: [qr]}\n"
    ok, said, _ = judged(tmp_path, steps, width=101, unit="mm")
    assert not ok
    assert [s.split(": ")[1] for s in said] == [
        "reel.unit", "reel.width", "reel.motion.hold", "reel.motion.steps.slots"
    ]


# --- check_template ------------------------------------------------------------------------------


def fmt(motion: Motion | None) -> Format:
    return Format("reel", "", 1080, 1920, "px", (0, 0, 0, 0), "reel.svg", motion=motion)


def template(on_top: dict[str, bool], mirrored: dict[str, bool] | None = None) -> Template:
    def parts(flags):
        return {k: Parts(("<svg>", "</svg>"), ("headline",), v) for k, v in flags.items()}

    return Template("reel.svg", Path("/book/templates/reel.svg"), 1080, 1920, (),
                    parts(on_top), "digest", mirrored=parts(mirrored or {}))


MOTION = motion_from({"steps": [{"slots": ["headline"]}]})


def test_a_template_with_its_slots_on_top_can_move(tmp_path):
    problems = Problems(tmp_path)
    check_template(fmt(MOTION), template({"fact": True, "slogan": True}, {"slogan": True}),
                   problems)
    assert problems.items == []


def test_a_still_format_is_not_judged_for_what_is_drawn_above_its_slots(tmp_path):
    problems = Problems(tmp_path)
    check_template(fmt(None), template({"slogan": False}), problems)
    assert problems.items == []


def test_a_template_drawing_above_its_slots_is_one_problem_naming_the_first_layout():
    problems = Problems()
    check_template(fmt(MOTION), template({"slogan": False, "fact": False}, {"fact": False}),
                   problems)
    assert [str(p) for p in problems.items] == [
        "/book/templates/reel.svg: reel.template: draws something above its slots (fact layout),"
        " so reel cannot animate its text over the art — move the elements after the slots "
        "before them, or use another template"
    ]


def test_a_mirrored_layout_drawing_above_its_slots_is_a_problem_too():
    problems = Problems()
    check_template(fmt(MOTION), template({"slogan": True}, {"slogan": False}), problems)
    (problem,) = problems.items
    assert "(slogan layout)" in problem.problem and problem.key == "reel.template"
    assert problem.line == 0


def test_a_step_that_brings_in_the_main_text_is_warned(tmp_path):
    """The first frame is a clip's preview in messengers and its cover in players: a headline
    that comes in leaves it without the message."""
    problems = Problems(tmp_path)
    path = tmp_path / "formats.yaml"
    path.write_text("reel:\n  width: 1080\n  height: 1920\n  motion:\n    steps:\n"
                    "      - {slots: [wordmark]}\n      - {slots: [headline, figure]}\n")
    doc, _ = read_yaml(path)
    assert check_motion("reel", doc.data["reel"], doc, problems)
    (warning,) = problems.items
    assert warning.severity == "warning" and warning.line == 7
    assert "brings in headline and figure" in str(warning)
    assert "leave headline and figure out of the steps" in str(warning)

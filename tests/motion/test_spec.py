"""formats.yaml's `motion:` settings: read into the model, every mistake named with its line."""

from __future__ import annotations

import pytest

from pressroom.brandbook import load
from tests.conftest import BRANDBOOK

BOOK, _ = load(BRANDBOOK)


def test_the_default_brand_book_has_both_motion_formats():
    story, post = BOOK.format("story-motion"), BOOK.format("post-motion")
    for fmt, size in ((story, (1080, 1920)), (post, (1080, 1350))):
        assert fmt.is_motion and not fmt.is_print
        assert fmt.pixel_size == size
        assert fmt.motion.fps == 30 and 6 <= fmt.motion.duration <= 8
        assert fmt.motion.frames == fmt.motion.fps * fmt.motion.duration
        assert fmt.motion.hold >= 3
        assert fmt.motion.steps[0].slots == ("wordmark",)
        assert fmt.motion.steps[1].by_line
    assert story.template == BOOK.format("story").template
    assert post.template == BOOK.format("post").template
    assert not BOOK.format("story").is_motion


def _with_motion(book_copy, old: str, new: str):
    path = book_copy / "formats.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    _, problems = load(book_copy)
    return [p for p in problems.errors if "formats.yaml" in p.path]


@pytest.mark.parametrize(
    "old, new, key, says",
    [
        ("    duration: 8\n", "    duration: 12\n", "story-motion.motion.duration", "at most 8"),
        ("    fps: 30\n", "    fps: 29.97\n", "story-motion.motion.fps", "whole number"),
        ("    ease: out-cubic\n", "    ease: bouncy\n", "story-motion.motion.ease", "out-back"),
        ("    from: start\n", "    from: left\n", "story-motion.motion.from", "start, end"),
        ("    hold: 3\n", "    hold: 8\n", "story-motion.motion.hold", "less than the duration"),
        ("    count: 1.5\n", "    count: 1.5\n    speed: 2\n", "story-motion.motion.speed",
         "unknown key"),
        ("      - {slots: [wordmark], after: 0.25}\n",
         "      - {slots: [wordmark, logo], after: 0.25}\n",
         "story-motion.motion.steps.slots", "qr"),
        ("      - {slots: [source], after: 0.35}\n",
         "      - {slots: [source, wordmark], after: 0.35}\n",
         "story-motion.motion.steps.slots", "already comes in at step 1"),
        ("      - {slots: [wordmark], after: 0.25}\n",
         "      - {slots: [wordmark], after: 0.25, by: word}\n",
         "story-motion.motion.steps.by", "slot, line"),
    ],
)
def test_mistakes_are_named_with_file_line_and_key(book_copy, old, new, key, says):
    errors = _with_motion(book_copy, old, new)
    found = [p for p in errors if p.key == key]
    assert found, errors
    assert says in found[0].problem + " " + found[0].fix
    assert found[0].line > 1
    assert not any(p.key.startswith("post-motion") for p in errors)  # only the broken format


def test_steps_are_required(book_copy):
    path = book_copy / "formats.yaml"
    text = path.read_text()
    start = text.index("    steps:\n", text.index("story-motion:"))
    end = text.index("  source:", start)
    path.write_text(text[:start] + text[end:])
    _, problems = load(book_copy)
    assert any(p.key == "story-motion.motion.steps" for p in problems.errors)


def test_a_motion_format_cannot_be_measured_in_mm(book_copy):
    errors = _with_motion(book_copy, "  height: 1920\n  unit: px\n  safe: [270, 65, 672, 65]\n"
                          "  template: story.svg\n  motion:",
                          "  height: 1920\n  unit: mm\n  safe: [270, 65, 672, 65]\n"
                          "  template: story.svg\n  motion:")
    assert any(p.key == "story-motion.unit" and "px" in p.fix for p in errors)


def test_the_schema_and_the_code_know_the_same_names():
    from pressroom.brandbook.motion import DEFAULTS, SLOT_NAMES
    from pressroom.brandbook.schemas import FORMATS, schema
    from pressroom.motion.timeline import EASES, ORIGINS

    defs = schema(FORMATS)["$defs"]
    motion = defs["motion"]["properties"]
    assert motion["ease"]["enum"] == list(EASES)
    assert motion["from"]["enum"] == list(ORIGINS)
    assert set(motion) == set(DEFAULTS) | {"steps"}
    assert set(defs["step"]["properties"]["slots"]["items"]["enum"]) == set(SLOT_NAMES)


def test_an_odd_size_is_refused(book_copy):
    errors = _with_motion(book_copy, "  width: 1080\n  height: 1350\n  unit: px\n"
                          "  safe: [64, 64, 64, 64]\n  template: post.svg\n  motion:",
                          "  width: 1080\n  height: 1351\n  unit: px\n"
                          "  safe: [64, 64, 64, 64]\n  template: post.svg\n  motion:")
    assert any(p.key == "post-motion.width" and "even" in p.fix for p in errors), errors


def test_a_template_that_draws_above_its_slots_cannot_move(book_copy):
    template = book_copy / "templates" / "post.svg"
    svg = template.read_text()
    template.write_text(svg.replace("</svg>", '<rect x="0" y="0" width="10" height="10"/></svg>'))
    _, problems = load(book_copy)
    found = [p for p in problems.errors if p.key == "post-motion.template"]
    assert found and "above its slots" in found[0].problem
    assert not any(p.key == "post.template" for p in problems.errors)  # the still can

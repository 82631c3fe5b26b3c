"""The timeline of a motion format: order, stagger, fitting before the hold, where things are."""

from __future__ import annotations

import pytest

from pressroom.model import Motion, Step
from pressroom.motion.timeline import EASES, SHOWN, Entrance, direction, schedule, state

STEPS = (
    Step(("wordmark",), 0.25, 0.15, False),
    Step(("headline", "figure"), 0.5, 0.3, True),
    Step(("body", "claim"), 0.55, 0.15, False),
    Step(("source",), 0.35, 0.15, False),
    Step(("cta", "url", "qr"), 0.5, 0.25, False),
)


def motion(**changes) -> Motion:
    values = dict(duration=8.0, fps=30, hold=3.0, enter=0.8, slide=64.0, origin="start",
                  ease="out-cubic", count=1.5, steps=STEPS)
    values.update(changes)
    return Motion(**values)


SLOGAN = {"wordmark": 1, "headline": 3, "body": 2, "cta": 1, "url": 1, "qr": 0}


def test_items_come_in_in_the_order_of_the_steps_and_lines():
    plan = schedule(motion(), SLOGAN)
    order = sorted(plan, key=lambda item: plan[item].start)
    assert order == [
        ("wordmark", -1),
        ("headline", 0),
        ("headline", 1),
        ("headline", 2),
        ("body", -1),  # a step not by line: the slot comes in whole
        ("cta", -1),
        ("url", -1),
        ("qr", -1),
    ]
    assert plan[("wordmark", -1)].start == pytest.approx(0.25)
    assert plan[("headline", 0)].start == pytest.approx(0.75)
    assert plan[("headline", 2)].start == pytest.approx(1.35)
    assert plan[("body", -1)].start == pytest.approx(1.9)
    assert plan[("qr", -1)].start == pytest.approx(2.9)


def test_slots_the_asset_lacks_are_skipped_and_unnamed_slots_are_not_scheduled():
    plan = schedule(motion(), {"figure": 1, "claim": 4, "source": 1, "extra": 1})
    assert set(plan) == {("figure", -1), ("claim", -1), ("source", -1)}
    assert plan[("figure", -1)].start == pytest.approx(0.5)  # the first step it has starts it


def test_a_counting_figure_lasts_its_count():
    plan = schedule(motion(), {"figure": 1}, frozenset({"figure"}))
    assert plan[("figure", -1)].count == 1.5


def test_long_texts_are_played_faster_to_end_before_the_hold():
    many = {**SLOGAN, "headline": 40}
    m = motion()
    plan = schedule(m, many)
    end = max(e.start + e.length for e in plan.values())
    assert end == pytest.approx(m.duration - m.hold)
    order = sorted(plan, key=lambda item: plan[item].start)
    assert order[0] == ("wordmark", -1) and order[-1] == ("qr", -1)
    short = schedule(m, SLOGAN)  # short texts are not stretched
    assert max(e.start + e.length for e in short.values()) < m.duration - m.hold


def test_state_hidden_before_moving_during_shown_after():
    m = motion()
    e = Entrance(1.0, 0.8)
    before = state(m, e, 0.5)
    assert before.alpha == 0.0 and before.dx == -64.0
    during = state(m, e, 1.4)
    assert 0 < during.alpha < 1 and -64 < during.dx < 0
    assert state(m, e, 1.8) == SHOWN
    assert state(m, None, 0.0) == SHOWN  # never scheduled: there from the first frame


def test_right_to_left_comes_in_from_the_right():
    m = motion()
    e = Entrance(0.0, 1.0)
    assert state(m, e, 0.5, rtl=False).dx < 0
    assert state(m, e, 0.5, rtl=True).dx > 0
    assert direction("end", False) == (1, 0) and direction("end", True) == (-1, 0)
    assert direction("below", True) == (0, 1) and direction("above", False) == (0, -1)


def test_an_item_that_does_not_slide_only_fades():
    s = state(motion(), Entrance(0.0, 1.0), 0.5, slides=False)
    assert 0 < s.alpha < 1 and s.dx == 0 and s.dy == 0


def test_counting_value_reaches_one_with_the_count():
    m = motion()
    e = Entrance(0.0, 0.8, 1.5)
    values = [state(m, e, t / 30).value for t in range(60)]
    assert values == sorted(values) and values[0] == 0.0 and values[-1] == 1.0
    assert state(m, e, 1.0).alpha == 1.0 and state(m, e, 1.0).value < 1.0


@pytest.mark.parametrize("name", sorted(EASES))
def test_eases_start_at_zero_and_end_at_one(name):
    ease = EASES[name]
    assert ease(0.0) == pytest.approx(0.0, abs=1e-9)
    assert ease(1.0) == pytest.approx(1.0)

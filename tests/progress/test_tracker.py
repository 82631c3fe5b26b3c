"""The tracker's fraction and estimate, on a fake clock: fake builds of jobs whose real costs
differ from the expected ones, as a machine's do."""

from __future__ import annotations

import random

import pytest

from pressroom.progress.tracker import QUIET, Report, Tracker

STILL, CLIP, SHEETS = 0.03, 0.5, 2.8  # expected seconds (on a build's two processes)


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def default_build(seed: int, skew: float) -> list[tuple[str, float, float]]:
    """A default build as (step, expected, real) pieces of work: clips first, then stills, the
    fact sheets met beside them, then the steps after rendering; each real cost is off its
    expected one by up to ±20% at random, and by `skew` (a busier or quieter machine)."""
    rng = random.Random(seed)

    def real(expected: float) -> float:
        return expected * skew * rng.uniform(0.8, 1.2)

    work = [("loading", 1.0, real(1.0)), ("planning", 0.5, real(0.5)),
            ("composing", 3.0, real(3.0))]
    jobs = [CLIP] * 96 + [STILL] * 2640
    rng.shuffle(jobs[:96])
    for n, cost in enumerate(jobs):
        work.append(("rendering", cost, real(cost)))
        if n == 1500:
            work.append(("rendering", SHEETS, real(SHEETS)))
    work += [("zips", 3.0, real(3.0)), ("fact sheets", 0.0, 0.0), ("page", 1.0, real(1.0)),
             ("sums", 2.5, real(2.5))]
    return work


def run(work, clock: Clock, tick: float = 0.1) -> list[Report]:
    """The reports of a tracker that is told of `work` as it is done, looked at every `tick`
    of fake time (as the ticker does) and at each piece's end."""
    reports = []
    steps: dict[str, float] = {}
    for step, expected, _ in work:
        steps[step] = steps.get(step, 0.0) + expected
    tracker = Tracker(reports.append, steps, clock)
    for step, expected, real in work:
        if step != tracker.now().step:
            tracker.begin(step)
        end = clock.now + real
        while clock.now + tick < end:
            clock.now += tick
            reports.append(tracker.now())
        clock.now = end
        tracker.advance(expected)
    tracker.end()
    return reports


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("skew", [0.7, 1.0, 1.3])
def test_the_estimate_stays_within_30_percent_of_the_time_left(seed, skew):
    """After the first few seconds, and while more than a tenth of the build is left (then
    30% is a second or two), the estimate is within 30% of the time actually left, on a
    machine up to 30% slower or faster than the costs say."""
    clock = Clock()
    reports = run(default_build(seed, skew), clock)
    total = clock.now
    errors = [
        abs(r.remaining - (total - r.elapsed)) / (total - r.elapsed)
        for r in reports
        if r.remaining is not None and r.elapsed > 5 and total - r.elapsed > 0.1 * total
    ]
    assert len(errors) > 100
    assert max(errors) <= 0.3, max(errors)


def test_the_fraction_never_goes_back_and_ends_whole():
    clock = Clock()
    reports = run(default_build(1, 1.3), clock)
    fractions = [r.fraction for r in reports]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0 and reports[-1].remaining == 0


def test_steps_are_reported_in_order_and_a_skipped_one_counts_as_done():
    clock = Clock()
    reports: list[Report] = []
    tracker = Tracker(reports.append, {"a": 1.0, "b": 1.0, "c": 2.0}, clock)
    clock.now = 1.0
    tracker.begin("c")  # b skipped
    assert reports[-1].step == "c" and reports[-1].fraction == 0.5
    tracker.begin("a")  # never back
    tracker.advance(5.0, "b")  # work of a step over counts for nothing more
    assert reports[-1].step == "c" and reports[-1].fraction == 0.5


def test_a_step_is_credited_as_time_passes_up_to_nine_tenths():
    """A long step with no news (a batch of clips, the zips) still moves the bar, and the
    estimate counts down, but the step is never shown done before it is."""
    clock = Clock()
    reports: list[Report] = []
    tracker = Tracker(reports.append, {"a": 1.0, "b": 10.0}, clock)
    clock.now = 1.0
    tracker.begin("b")
    clock.now = 4.0
    middle = tracker.now()
    clock.now = 100.0
    late = tracker.now()
    assert 0.2 < middle.fraction < late.fraction <= (1 + 9) / 11 + 1e-9
    assert middle.remaining == pytest.approx(7.0)  # 10 - 3 expected seconds, at 1:1


def test_a_revised_cost_counts_only_for_steps_to_come():
    clock = Clock()
    tracker = Tracker(lambda r: None, {"a": 1.0, "b": 0.0, "c": 0.0}, clock)
    tracker.revise("b", 3.0)
    tracker.revise("a", 100.0)  # under way: keeps its cost
    clock.now = 1.0
    tracker.begin("b")
    assert tracker.now().fraction == pytest.approx(1 / 4)


def test_the_tracker_reports_when_it_has_been_quiet():
    clock = Clock()
    reports: list[Report] = []
    tracker = Tracker(reports.append, {"a": 1.0}, clock)
    tracker.tick()
    assert reports == []
    clock.now = QUIET
    tracker.tick()
    assert len(reports) == 1 and reports[0].elapsed == QUIET


def test_until_the_costs_are_known_there_is_no_fraction_and_no_estimate():
    clock = Clock()
    tracker = Tracker(lambda r: None, {"a": 1.0, "b": 0.0}, clock, sized=False)
    clock.now = 5.0
    assert tracker.now() == Report("a", 0.0, 5.0, None)
    tracker.revise("b", 9.0)
    tracker.sized()
    assert tracker.now().fraction == pytest.approx(0.09, abs=0.01)

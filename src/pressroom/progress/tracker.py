"""The build's progress as named steps of expected cost, reported as a fraction of the whole
and an estimate of the time left, at least twice a second while a build runs (`ticking`).

Costs are expected seconds (costs.py). The fraction is the expected cost met so far over the
whole, and never goes back. The time left is the expected cost still to meet times the rate at
which expected seconds have been met so far (wall seconds per expected second, pulled towards 1
by `PRIOR` expected seconds while little is done: the costs were measured on this machine).
Between two reports of work done, the current step is credited as time passes (at that rate, to
nine tenths of what is left of it at most), so the bar moves and the estimate counts down while
a clip renders or the zips are written."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Report:
    """What the progress callback is told: the step under way, the fraction of the whole build
    done (0-1, never less than before), seconds since the build began, and the estimate of the
    seconds left (None until there is one)."""

    step: str
    fraction: float
    elapsed: float
    remaining: float | None


Progress = Callable[[Report], None]

PRIOR = 3.0  # expected seconds of belief that the costs are right, before any is met
CREDIT = 0.9  # of what is left of the current step, at most, credited as time passes
TICK = 0.25  # seconds between the ticker's looks
QUIET = 0.5  # seconds without a report after which the ticker reports

# One report at a time, in any thread, and never while a process forks (a worker that inherited
# the lock taken, or stderr's, would hang on its first use of them).
_EMITTING = threading.Lock()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(
        before=_EMITTING.acquire,
        after_in_parent=_EMITTING.release,
        after_in_child=_EMITTING.release,
    )


class Tracker:
    """Steps in order, each with its expected cost; `begin` a step (the ones before it count as
    done), `advance` one by work done, `revise` a step's cost before it begins."""

    def __init__(
        self,
        report: Progress,
        steps: dict[str, float],
        clock: Callable[[], float] = time.monotonic,
        sized: bool = True,
    ):
        """`sized`: the steps' costs are known; when not, the fraction stays 0 and there is no
        estimate until `sized()` (a fraction shown early would have to go back)."""
        self._report = report
        self._sized = sized
        self._clock = clock
        self._costs = dict(steps)  # name → expected seconds, in order
        self._done = dict.fromkeys(steps, 0.0)  # name → expected seconds met
        self._state = threading.Lock()
        self._step = next(iter(steps))
        self._began = clock()
        self._last = self._began  # when work was last done (or a step begun)
        self._rate = 1.0  # wall seconds per expected second, as of `_last`
        self._shown = 0.0  # the fraction last reported
        self._reported = self._began

    # --- told by the build ---------------------------------------------------------------------

    def revise(self, name: str, cost: float) -> None:
        """`name`'s expected cost, once it is known (a step under way or over keeps its own)."""
        with self._state:
            if self._index(name) > self._index(self._step):
                self._costs[name] = max(0.0, cost)

    def sized(self) -> None:
        """Every step's cost has been revised: the fraction and the estimate can be shown."""
        with self._state:
            self._sized = True

    def begin(self, name: str) -> None:
        """Step `name` is under way: every step before it is done (skipped ones too)."""
        with self._state:
            if self._index(name) <= self._index(self._step):
                return
            for earlier in list(self._costs)[: self._index(name)]:
                self._done[earlier] = self._costs[earlier]
            self._step = name
            self._met()
        self.emit()

    def advance(self, cost: float, step: str | None = None) -> None:
        """`cost` expected seconds of `step` (by default the current one) are done; work of a
        step already over counts for nothing more."""
        with self._state:
            step = step or self._step
            if self._index(step) < self._index(self._step):
                return
            self._done[step] = min(self._costs[step], self._done[step] + cost)
            self._met()
        self.emit()

    def end(self) -> None:
        """Every step is done."""
        with self._state:
            self._done = dict(self._costs)
            self._step = list(self._costs)[-1]
            self._met()
        self.emit()

    # --- the estimate --------------------------------------------------------------------------

    def _index(self, name: str) -> int:
        return list(self._costs).index(name)

    def _met(self) -> None:
        """Work was done now: the rate is measured again (holding `_state`)."""
        self._last = self._clock()
        done = sum(self._done.values())
        self._rate = (self._last - self._began + PRIOR) / (done + PRIOR)

    def now(self) -> Report:
        """The report as of now."""
        with self._state:
            now = self._clock()
            if not self._sized:
                return Report(self._step, 0.0, now - self._began, None)
            total = sum(self._costs.values())
            done = sum(self._done.values())
            left_in_step = self._costs[self._step] - self._done[self._step]
            done += min((now - self._last) / self._rate, CREDIT * max(0.0, left_in_step))
            fraction = min(1.0, done / total) if total > 0 else 0.0
            self._shown = max(self._shown, fraction)
            remaining = max(0.0, total - done) * self._rate
            return Report(self._step, self._shown, now - self._began, remaining)

    def emit(self) -> None:
        """Tell the callback how things stand."""
        report = self.now()
        with _EMITTING:
            self._reported = self._clock()
            self._report(report)

    def tick(self) -> None:
        """Report when nothing has been reported for `QUIET` seconds."""
        if self._clock() - self._reported >= QUIET:
            self.emit()

    @contextlib.contextmanager
    def ticking(self) -> Iterator[Tracker]:
        """A thread that ticks every `TICK` seconds while the block runs, so the callback
        hears at least twice a second however long a step is."""
        stop = threading.Event()

        def run() -> None:
            while not stop.wait(TICK):
                self.tick()

        thread = threading.Thread(target=run, name="pressroom-progress", daemon=True)
        self.emit()
        thread.start()
        try:
            yield self
        finally:
            stop.set()
            thread.join()

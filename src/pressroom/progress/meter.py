"""A build's progress: its named steps on a Tracker, their expected costs from costs.py, and
what this build measured, kept for the next one into the same folder.

The steps, in order: loading, planning, composing, rendering, then zips, fact sheets, page and
sums. Rendering is worth the render work over the processes sharing it, and the fact sheets,
which one worker makes meanwhile (`plan`): the fact sheets step is what is left of waiting for
them and writing them."""

from __future__ import annotations

import contextlib
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from pressroom.progress.costs import Costs, learned, remember
from pressroom.progress.tracker import Progress, Tracker

STEPS = ("loading", "planning", "composing", "rendering", "zips", "fact sheets", "page", "sums")
MB = 1e6


class Meter:
    """Tells `report` how a build into `out` goes; `step` names each step as it begins,
    `plan` gives the sizes once they are known, `composed`, `rendered` and `sheets_made` the
    work done (any thread), `finish` keeps what was measured."""

    def __init__(self, report: Progress, out: Path, clock: Callable[[], float] = time.monotonic,
                 learn: bool = True):
        self.out = out
        self.costs = learned(out) if learn else Costs()
        self._clock = clock
        costs = dict.fromkeys(STEPS, 0.0)
        costs["loading"] = self.costs.steps["loading"]
        self.tracker = Tracker(report, costs, clock, sized=False)
        self._step, self._began = STEPS[0], clock()
        self._sizes: dict[str, float] = {"loading": 1.0}
        self._walls: dict[str, float] = {}  # step → wall seconds
        self._seconds: dict[str, list[float]] = defaultdict(list)  # format → per job
        self._sheets: tuple[float, int] | None = None  # seconds, sheets made
        self._workers = self._composers = 1
        self._jobs = self._composed = 0
        self._sheet_credit = 0.0

    def ticking(self):
        """See Tracker.ticking."""
        return self.tracker.ticking()

    def step(self, name: str) -> None:
        """Step `name` begins (the one before it has ended)."""
        now = self._clock()
        self._walls[self._step] = self._walls.get(self._step, 0.0) + now - self._began
        self._step, self._began = name, now
        self.tracker.begin(name)

    def plan(self, jobs: Sequence, planned: int, workers: int, composers: int, sheets: int,
             megabytes: float, assets: int) -> None:
        """The sizes of what is left: `jobs` to compose and render (with `workers` and
        `composers` processes), `planned` jobs to plan, `sheets` fact sheets to make, and
        about `megabytes` of `assets` to zip, list and sum."""
        c, revise = self.costs, self.tracker.revise
        self._workers, self._composers, self._jobs = workers, composers, len(jobs)
        self._sizes.update(planning=planned, zips=megabytes, page=assets, sums=megabytes)
        for name in ("planning", "zips", "page", "sums"):
            revise(name, c.steps[name] * self._sizes[name])
        revise("composing", len(jobs) * c.compose / composers)
        work = sum(c.job(job.format) for job in jobs) / workers
        made = sheets * c.sheet
        rendering = max(made, work + made / workers)
        self._sheet_credit = rendering - work
        revise("rendering", rendering)
        revise("fact sheets", c.steps["fact sheets"])
        self.tracker.sized()

    # --- work done (told by the workers' runner, from any thread) ------------------------------

    def composed(self, jobs: Sequence) -> None:
        """`jobs` are laid out; after the last of them, rendering begins."""
        self.tracker.advance(len(jobs) * self.costs.compose / self._composers, "composing")
        self._composed += len(jobs)
        if self._composed >= self._jobs:
            self.step("rendering")

    def rendered(self, jobs: Sequence, seconds: Sequence[float]) -> None:
        for job, took in zip(jobs, seconds, strict=True):
            self._seconds[job.format.name].append(took)
        work = sum(self.costs.job(job.format) for job in jobs) / self._workers
        self.tracker.advance(work, "rendering")

    def sheets_made(self, seconds: float, made: int) -> None:
        """The fact sheets are made: `made` of them (others were current), in `seconds`."""
        self._sheets = (seconds, made)
        self.tracker.advance(self._sheet_credit, "rendering")

    def weight(self, job) -> float:
        """What rendering `job` costs, in stills (for the runner's batches)."""
        return self.costs.weight(job.format)

    # --- the end ---------------------------------------------------------------------------------

    def finish(self, megabytes: float, assets: int) -> None:
        """The build is over, with `megabytes` of `assets`: keep what it measured."""
        now = self._clock()
        self._walls[self._step] = self._walls.get(self._step, 0.0) + now - self._began
        self._began = now
        self._sizes.update(zips=megabytes, page=assets, sums=megabytes)
        self.tracker.end()
        remember(self.out, self.measured())

    def measured(self) -> Costs:
        """What this build measured, over what the last one did."""
        costs = Costs(dict(self.costs.jobs), self.costs.sheet, self.costs.compose,
                      dict(self.costs.steps))
        for name, took in self._seconds.items():
            costs.jobs[name] = sum(took) / len(took)
        if self._sheets is not None and self._sheets[1]:
            costs.sheet = self._sheets[0] / self._sheets[1]
        if self._jobs and "composing" in self._walls:
            costs.compose = self._walls["composing"] * self._composers / self._jobs
        for name in ("loading", "planning", "zips", "fact sheets", "page", "sums"):
            size = self._sizes.get(name, 0)
            if name in self._walls and size > 0:
                costs.steps[name] = self._walls[name] / size
        costs.steps["fact sheets"] = self._walls.get("fact sheets", 0.0)
        return costs


class Silent(Meter):
    """A meter that tells nobody and keeps nothing (a build without a progress callback):
    default costs, no cache read or written, no thread."""

    def __init__(self):
        super().__init__(lambda report: None, Path("."), learn=False)

    def ticking(self):
        return contextlib.nullcontext()

    def finish(self, megabytes: float, assets: int) -> None:
        return None

"""What each part of a build costs, in seconds: defaults per kind of job, or what the last build
into the same output folder measured on this machine (`learned`), kept in a small cache outside
the output folder (`CACHE`).

Why outside: the output folder is what gets published, and every file in it is in SHA256SUMS
and the same bytes from one build to the next; timings are neither. They only steer the
estimate of the time left, so a missing, stale or damaged cache costs nothing but accuracy,
and the cache is read and written only by builds that report progress (`pressroom build` on a
terminal).

A job's cost is seconds of one core (a worker measures it, rendering); a step's is seconds per
unit of its size (an asset, a megabyte of assets, a job), so a build of another size scales
it."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pressroom.model import Format

# Seconds of one core per job of each kind on a quiet machine, from the figures in
# docs/benchmark.md (a story about 23 ms of CPU, an 8 s clip 1.6 s, a fact sheet 1.3-1.5 s);
# the poster's and the steps' are rough guesses, not yet measured on a quiet default build.
STILL_PER_MEGAPIXEL = 0.012
STILL = 0.02  # a still's fixed part
PRINT = 0.3  # a poster: its PDF/X and its preview
MOTION = 1.6  # a clip and its cover (about 17 of the larger stills)
SHEET = 1.4  # a fact sheet (WeasyPrint; FACTSHEET_JOBS in build.py)
COMPOSE = 0.003  # laying out one job
# Seconds per unit of each step's size (see `Sizes`).
STEPS = {
    "loading": 1.0,  # per build
    "planning": 0.0005,  # per job planned
    "zips": 0.004,  # per megabyte of assets
    "fact sheets": 0.0,  # waiting for them: they are made while rendering
    "page": 0.003,  # per asset
    "sums": 0.006,  # per megabyte of assets
}

# Bytes of a job's files, before a build has made them (a planned build's zips and sums).
BYTES = {"still": 100_000, "print": 1_000_000, "motion": 850_000}

CACHE_FOLDERS = 32  # output folders remembered, the latest kept
VERSION = 1


def kind_of(fmt: Format) -> str:
    return "motion" if fmt.is_motion else "print" if fmt.is_print else "still"


@dataclass
class Costs:
    """Seconds per job of each format (learned) or kind (defaults), per fact sheet, per job
    composed, and per unit of each step."""

    jobs: dict[str, float] = field(default_factory=dict)  # format name → seconds per job
    sheet: float = SHEET
    compose: float = COMPOSE
    steps: dict[str, float] = field(default_factory=lambda: dict(STEPS))

    def job(self, fmt: Format) -> float:
        """Seconds of one core to render a job of `fmt`."""
        if fmt.name in self.jobs:
            return self.jobs[fmt.name]
        kind = kind_of(fmt)
        if kind == "motion":
            return MOTION
        if kind == "print":
            return PRINT
        w, h = fmt.pixel_size
        return STILL + STILL_PER_MEGAPIXEL * w * h / 1e6

    def weight(self, fmt: Format) -> float:
        """A job of `fmt` in stills of a story's size (the unit of render batches)."""
        return self.job(fmt) / (STILL + STILL_PER_MEGAPIXEL * 1080 * 1920 / 1e6)

    def to_json(self) -> dict:
        return {"jobs": self.jobs, "sheet": self.sheet, "compose": self.compose,
                "steps": self.steps}

    @staticmethod
    def of_json(doc) -> Costs:
        """Costs from a cache entry; anything missing or not a positive number is the
        default's."""
        costs = Costs()
        if not isinstance(doc, dict):
            return costs
        jobs = doc.get("jobs")
        if isinstance(jobs, dict):
            costs.jobs = {str(k): float(v) for k, v in jobs.items() if _seconds(v)}
        if _seconds(doc.get("sheet")):
            costs.sheet = float(doc["sheet"])
        if _seconds(doc.get("compose")):
            costs.compose = float(doc["compose"])
        steps = doc.get("steps")
        if isinstance(steps, dict):
            costs.steps.update({k: float(v) for k, v in steps.items() if k in STEPS
                                and _seconds(v, zero=True)})
        return costs


def _seconds(value, zero: bool = False) -> bool:
    return (
        isinstance(value, int | float) and not isinstance(value, bool)
        and (value >= 0 if zero else value > 0) and value < 1e6
    )


# --- the cache -----------------------------------------------------------------------------------


def cache_file() -> Path:
    """$XDG_CACHE_HOME/pressroom/timings.json (by default under ~/.cache)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pressroom" / "timings.json"


def learned(out: Path) -> Costs:
    """What the last build into `out` measured; the defaults where nothing was."""
    return Costs.of_json(_read().get(_key(out)))


def remember(out: Path, costs: Costs) -> None:
    """Keep `costs` as what builds into `out` cost (quietly not, when the cache cannot be
    written)."""
    folders = _read()
    folders.pop(_key(out), None)
    folders[_key(out)] = costs.to_json()
    for old in list(folders)[:-CACHE_FOLDERS]:
        del folders[old]
    path = cache_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".timings-", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "w") as fh:
            json.dump({"version": VERSION, "folders": folders}, fh, indent=1)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)


def _read() -> dict:
    try:
        doc = json.loads(cache_file().read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(doc, dict) or doc.get("version") != VERSION:
        return {}
    folders = doc.get("folders")
    return dict(folders) if isinstance(folders, dict) else {}


def _key(out: Path) -> str:
    return str(Path(out).resolve())

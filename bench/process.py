"""The story build as a person runs it: `pressroom build --format story` in a fresh process, timed
from outside: start-up and imports, loading, composing, rendering, thumbnails, the page, zips,
manifest and sums. Run RUNS times by default (the pool sized by the work) and RUNS times with
`--jobs 1`, alternately; the median of each counts. The two outputs must be byte-identical.
"""

from __future__ import annotations

import filecmp
import shutil
import statistics
import sys
from pathlib import Path

from bench.common import REPO, WORK, say, timed

RUNS = 3
MODES = {"default": [], "jobs_1": ["--jobs", "1"]}


def whole_process(book: Path) -> dict:
    walls: dict[str, list[float]] = {mode: [] for mode in MODES}
    outs = {mode: WORK / f"process-{mode}" for mode in MODES}
    for n in range(RUNS):
        for mode, extra in MODES.items():
            say(f"pressroom build, whole process ({mode}), run {n + 1} of {RUNS}")
            shutil.rmtree(outs[mode], ignore_errors=True)
            cmd = [sys.executable, "-m", "pressroom", "build", "--brandbook", book]
            cmd += ["--out", outs[mode], "--format", "story", *extra]
            _, wall = timed(cmd, cwd=REPO)
            walls[mode].append(wall)
    stories = len(list(outs["default"].glob("*/story/*.png")))
    result = {
        mode: {"stories": stories, "walls": w, "seconds": statistics.median(w)}
        for mode, w in walls.items()
    }
    result["identical"] = _same_tree(*outs.values())
    return result


def _same_tree(a: Path, b: Path) -> bool:
    files = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    others = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    return files == others and all(filecmp.cmp(a / f, b / f, shallow=False) for f in files)

"""The story build as a person runs it: `pressroom build --format story` in a fresh process, timed
from outside: start-up and imports, loading, composing, rendering, the fact sheets, thumbnails,
the page, zips, manifest and sums (every kit's stories: 240 in the default brand book). RUNS
rounds, each of a default build (the pool sized by the work), a build with `--jobs 1` and
satori + resvg-js on as many stories, so that the three meet the same load on a shared machine;
the median of each counts. The two pressroom outputs must be byte-identical.
"""

from __future__ import annotations

import filecmp
import json
import shutil
import statistics
import sys
from pathlib import Path

from bench.common import REPO, WORK, say, timed

RUNS = 3
MODES = {"default": [], "jobs_1": ["--jobs", "1"]}


def whole_process(book: Path, peer: tuple[list, Path] | None) -> dict:
    """Medians of RUNS rounds; `peer`: satori's command and folder, run in every round."""
    _compile_bytecode()
    walls: dict[str, list[float]] = {mode: [] for mode in MODES}
    satori: list[dict] = []
    outs = {mode: WORK / f"process-{mode}" for mode in MODES}
    for n in range(RUNS):
        for mode, extra in MODES.items():
            say(f"pressroom build, whole process ({mode}), round {n + 1} of {RUNS}")
            shutil.rmtree(outs[mode], ignore_errors=True)
            cmd = [sys.executable, "-m", "pressroom", "build", "--brandbook", book]
            cmd += ["--out", outs[mode], "--format", "story", *extra]
            _, wall = timed(cmd, cwd=REPO)
            walls[mode].append(wall)
        if peer is not None:
            say(f"satori + resvg-js, round {n + 1} of {RUNS}")
            done, wall = timed(*peer)
            line = [x for x in done.stdout.splitlines() if x.startswith("{")][-1]
            satori.append({**json.loads(line), "process_seconds": wall})
    stories = sum(1 for p in outs["default"].rglob("*.png") if p.parent.name == "story")
    result: dict = {
        mode: {"stories": stories, "walls": w, "seconds": statistics.median(w)}
        for mode, w in walls.items()
    }
    if satori:
        result["satori"] = {
            "stories": satori[0]["stories"],
            "total_ms": statistics.median(s["total_ms"] for s in satori),
            "process_seconds": statistics.median(s["process_seconds"] for s in satori),
            "runs": satori,
        }
    result["identical"] = _same_tree(*outs.values())
    return result


def story_count(book: Path) -> int:
    """How many stories a build of `book`'s story format makes (every kit's)."""
    from pressroom.brandbook import load
    from pressroom.kit.plan import Selection, plan

    loaded, _ = load(book)
    return len(plan(loaded, Selection(formats=("story",))))


def _compile_bytecode() -> None:
    """pressroom's modules compiled to bytecode first, as `pip install .` leaves them: run from
    a checkout (an editable install) with PYTHONDONTWRITEBYTECODE set, as on this machine,
    every process would compile the modules it imports again (some 80 ms)."""
    import compileall

    import pressroom

    compileall.compile_dir(Path(pressroom.__file__).parent, quiet=1)


def _same_tree(a: Path, b: Path) -> bool:
    files = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    others = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    return files == others and all(filecmp.cmp(a / f, b / f, shallow=False) for f in files)

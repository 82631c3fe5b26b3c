"""The motion formats' targets: an 8 s story in at most 2.7 s on one core, at most 1.5 MB.

usage: python -m bench.motion        (also run by `python -m bench`)

1. One core. A child process pinned to one CPU (sched_setaffinity) lays out every message of the
   reference locale in story-motion and post-motion, then renders each clip (the MP4, then its
   cover PNG), timing wall and CPU time. The first clip of a process
   pays for loading FFmpeg and drawing the template's art; it is reported on its own.
2. The kit. Clean builds of a copy of brandbook/ on all cores: the still formats only, then the
   motion formats only, so the cost motion adds to a default build is plain.

Nothing here is a test: timings vary with the machine and its load (reported beside them).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGETS = {"seconds": 2.7, "bytes": 1_500_000}  # per 8 s story, one core


def run() -> dict:
    """Both measures, each in fresh processes after waiting for a quiet machine."""
    from bench.common import WORK, quiet, run, say
    from bench.run import _copy_kit, _pressroom

    WORK.mkdir(parents=True, exist_ok=True)
    res: dict = {}
    say("motion: every story-motion and post-motion clip of the reference locale, one core")
    quiet()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    done = run([sys.executable, "-m", "bench.motion", "--child"], cwd=REPO)
    res["clips"] = json.loads(done.stdout.splitlines()[-1])
    res["clips"]["load"] = load
    book = _copy_kit(WORK / "kit-motion", motion=True)  # the campaign's kit
    from pressroom.brandbook import load as load_book

    formats, _ = load_book(book)
    still = [f.name for f in formats.formats if not f.is_motion]
    motion = [f.name for f in formats.formats if f.is_motion]
    out = WORK / "kit-motion-out"
    say("motion: clean build of the still formats, all cores")
    res["stills"] = _pressroom(
        ["build", "--brandbook", book, "--out", out, *_each("--format", still)], clean=out
    )
    say("motion: clean build of the motion formats, all cores")
    res["motion"] = _pressroom(
        ["build", "--brandbook", book, "--out", out, *_each("--format", motion)], clean=out
    )
    res["motion_files"] = sorted(
        (p.relative_to(out).as_posix(), p.stat().st_size) for p in out.rglob("*.mp4")
    )
    return res


def _each(flag: str, names: list[str]) -> list[str]:
    return [x for name in names for x in (flag, name)]


def child() -> dict:
    """Pinned to one core: lay out, then render and time every clip of the reference locale."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from pressroom.brandbook import load
    from pressroom.build import prepare
    from pressroom.draw.render import render_png
    from pressroom.kit.plan import Selection
    from pressroom.motion.video import render_mp4

    book, _ = load(REPO / "brandbook")
    ref = book.brand.reference_locale
    out: dict = {"cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 0}
    for fmt in (f for f in book.formats if f.is_motion):
        ids = sorted(m.id for m in book.locale(ref).messages)
        chosen = Selection(locales=(ref,), formats=(fmt.name,), messages=tuple(ids))
        _, docs, _ = prepare(REPO / "brandbook", chosen, jobs=1)
        clips = []
        for mid, doc in zip(ids, docs, strict=True):
            wall, cpu = time.perf_counter(), time.process_time()
            data = render_mp4(doc, fmt)
            mp4 = (time.perf_counter() - wall, time.process_time() - cpu)
            wall = time.perf_counter()
            render_png(doc, *fmt.pixel_size)
            cover = time.perf_counter() - wall
            clips.append({"message": mid, "bytes": len(data), "mp4_wall": mp4[0],
                          "mp4_cpu": mp4[1], "cover_wall": cover})
        out[fmt.name] = {"seconds": fmt.motion.duration, "clips": clips}
    return out


def rows(res: dict) -> tuple[list[tuple[str, ...]], dict[str, bool]]:
    """Table rows (measure, pressroom, –, –, target, met) and the targets' checks."""
    clips = res["clips"]
    story = clips["story-motion"]["clips"]
    warm = story[1:]  # the first clip of the process also loads FFmpeg and draws the art
    median = statistics.median(c["mp4_wall"] for c in warm)
    worst = max(c["mp4_wall"] for c in warm)
    cpu = statistics.median(c["mp4_cpu"] for c in warm)
    every = [c for f in ("story-motion", "post-motion") for c in clips[f]["clips"]]
    biggest = max(c["bytes"] for c in every)
    kit_bytes = [b for _, b in res["motion_files"]]
    checks = {
        "motion_speed": worst <= TARGETS["seconds"],
        "motion_size": biggest <= TARGETS["bytes"] and max(kit_bytes) <= TARGETS["bytes"],
    }
    yes = {True: "yes", False: "**NO**"}
    stills, motion = res["stills"]["wall"], res["motion"]["wall"]
    table = [
        (
            f"8 s story-motion, one core ({len(warm)} clips; load {clips['load']:.1f})",
            f"median {median:.2f} s (CPU {cpu:.2f} s), slowest {worst:.2f} s; first clip of a "
            f"process {story[0]['mp4_wall']:.2f} s; its cover PNG "
            f"{statistics.median(c['cover_wall'] for c in warm):.2f} s more",
            "",
            "",
            f"≤ {TARGETS['seconds']} s",
            yes[checks["motion_speed"]],
        ),
        (
            f"MP4 bytes ({len(kit_bytes)} clips of the kit)",
            f"mean {statistics.mean(kit_bytes):,.0f}, largest {max(kit_bytes):,.0f}",
            "",
            "",
            "≤ 1.5 MB",
            yes[checks["motion_size"]],
        ),
        (
            "clean build, all cores: stills only → motion formats only",
            f"{stills:.1f} s → {motion:.1f} s ({len(kit_bytes)} MP4s)",
            "",
            "",
            "",
            "",
        ),
    ]
    return table, checks


def main(argv: list[str]) -> int:
    if "--child" in argv:
        print(json.dumps(child()))
        return 0
    res = run()
    table, checks = rows(res)
    print("| measure | pressroom | | | target | met |\n|---|---|---|---|---|---|")
    for row in table:
        print("| " + " | ".join(row) + " |")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

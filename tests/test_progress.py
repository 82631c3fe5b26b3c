"""The progress a real build reports: every step by name and in order, a fraction that never
goes back, a report at least about every second however long a step is, and timings kept for
the next build outside the output folder (whose files are all summed)."""

from __future__ import annotations

import json
import time

import pytest

from pressroom.build import build
from pressroom.kit.plan import Selection
from pressroom.progress.meter import STEPS
from tests.conftest import BRANDBOOK, SAMPLE_MESSAGES

# One language, one message, the campaign's kit: stills, posters, two clips and a fact sheet.
SMALL = Selection(locales=("en",), messages=SAMPLE_MESSAGES[:1], kits=("main",))


@pytest.mark.slow
def test_a_build_reports_its_steps_in_order_and_often(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    seen = []  # (wall time, report)
    result = build(BRANDBOOK, tmp_path / "out", SMALL,
                   progress=lambda r: seen.append((time.monotonic(), r)))
    reports = [r for _, r in seen]
    steps = [r.step for n, r in enumerate(reports) if n == 0 or reports[n - 1].step != r.step]
    assert steps == list(STEPS)
    fractions = [r.fraction for r in reports]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    # Until the sizes are known (loading, planning): no fraction, no estimate; then the
    # fraction counts the work, most of it the render's.
    early = [r for r in reports if r.step in ("loading", "planning")]
    assert all(r.fraction == 0 and r.remaining is None for r in early)
    rendering = [r.fraction for r in reports if r.step == "rendering"]
    assert rendering[0] < 0.5 and rendering[-1] > 0.5
    assert all(r.remaining >= 0 for r in reports if r.step not in ("loading", "planning"))
    # The ticker reports after half a second without news. The machine is shared: a gap over
    # a second may happen when other processes take the cores, so the bound is on nearly all
    # gaps, and loose on the longest.
    gaps = sorted(b - a for (a, _), (b, _) in zip(seen, seen[1:], strict=False))
    assert len(gaps) >= result.seconds  # about two reports a second or more
    assert gaps[int(0.9 * len(gaps))] <= 1.0, gaps[-5:]
    assert gaps[-1] <= 3.0, gaps[-5:]


@pytest.mark.slow
def test_the_timings_are_kept_outside_the_output_and_learned(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    out = tmp_path / "out"
    build(BRANDBOOK, out, SMALL, progress=lambda r: None)
    timings = json.loads((cache / "pressroom" / "timings.json").read_text())
    learned = timings["folders"][str(out.resolve())]
    assert {"story", "story-motion", "poster-a4"} <= set(learned["jobs"])
    assert learned["jobs"]["story-motion"] > learned["jobs"]["story"]
    summed = {line.split("  ", 1)[1] for line in (out / "SHA256SUMS").read_text().splitlines()}
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert files == summed | {"SHA256SUMS"}
    # A build without a progress callback (pressroom serve) reads and writes no timings.
    (cache / "pressroom" / "timings.json").unlink()
    build(BRANDBOOK, out, SMALL, force=True)
    assert not (cache / "pressroom" / "timings.json").exists()

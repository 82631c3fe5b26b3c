"""What every part of the benchmark shares: paths, running a command, waiting for a quiet
machine, and saying what happens."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / "_work"
QUIET_LOAD = 1.2  # 1-minute load average below which a timed run starts
QUIET_WAIT = float(os.environ.get("PRESSROOM_BENCH_WAIT", 600))  # seconds to wait, at most
LOADS: list[float] = []  # the 1-minute load average at the start of each timed run


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"cpu": cpu, "cores": cores, "python": platform.python_version()}


def run(cmd: list, cwd: Path | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, check=False
    )
    if done.returncode:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise subprocess.CalledProcessError(done.returncode, cmd, done.stdout, done.stderr)
    return done


def timed(cmd: list, cwd: Path | None = None) -> tuple[subprocess.CompletedProcess, float]:
    """Run `cmd` once the machine is quiet; its output and its wall time, start-up included."""
    quiet()
    started = time.perf_counter()
    done = run(cmd, cwd)
    return done, time.perf_counter() - started


def quiet(most: float = QUIET_WAIT) -> None:
    """Wait (up to `most` seconds) until the machine is nearly idle: timings on a shared machine
    mean little while something else runs. Records the load each run started with."""
    if not hasattr(os, "getloadavg"):
        return
    waited = 0.0
    while os.getloadavg()[0] > QUIET_LOAD and waited < most:
        if waited == 0:
            say(f"waiting for a quieter machine (load {os.getloadavg()[0]:.1f})")
        time.sleep(5)
        waited += 5
    LOADS.append(os.getloadavg()[0])


def say(text: str) -> None:
    print(f"[bench] {text}", file=sys.stderr, flush=True)

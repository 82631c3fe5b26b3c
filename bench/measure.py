"""Run one pressroom command in this process and report its wall time and peak memory.

usage: python -m bench.measure pressroom-args…   (e.g. build --brandbook B --out O --jobs 2)

Prints the command's own output, then one line `BENCH {json}` with `seconds` (from just before the
interpreter imported pressroom to the end), `maxrss_self_mb` and `maxrss_children_mb` (the largest
resident set of this process and of any worker process it waited for, from getrusage).
"""

from __future__ import annotations

import json
import resource
import sys
import time


def main(argv: list[str]) -> int:
    started = time.perf_counter()
    from pressroom.cli import main as cli

    try:
        cli.main(argv, standalone_mode=False)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    seconds = time.perf_counter() - started
    mb = 1024  # ru_maxrss is in KiB on Linux
    print(
        "BENCH "
        + json.dumps(
            {
                "exit": code,
                "seconds": seconds,
                "maxrss_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / mb,
                "maxrss_children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / mb,
            }
        ),
        flush=True,
    )
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Run one pressroom command in this process and report its wall time and peak memory.

usage: python -m bench.measure pressroom-args…   (e.g. build --brandbook B --out O --jobs 2)

Prints the command's own output, then one line `BENCH {json}` with `seconds` (from just before the
interpreter imported pressroom to the end), `maxrss_self_mb` and `maxrss_children_mb` (the largest
resident set of this process and of any worker process it waited for, from getrusage), and
`cpu_self` and `cpu_children` (user + system CPU seconds of this process and of its workers).
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
    me, children = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(
        "BENCH "
        + json.dumps(
            {
                "exit": code,
                "seconds": seconds,
                "maxrss_self_mb": me.ru_maxrss / mb,
                "maxrss_children_mb": children.ru_maxrss / mb,
                "cpu_self": me.ru_utime + me.ru_stime,
                "cpu_children": children.ru_utime + children.ru_stime,
            }
        ),
        flush=True,
    )
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

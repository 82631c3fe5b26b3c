"""Command line: parse options, call the library, map errors to exit codes and messages. One
module per group of commands (build and serve, check/proof/list, locale); the library never
imports this package."""

from __future__ import annotations

import contextlib
import gc
import os
import sys

import click

from pressroom import GENERATOR
from pressroom.cli import build, check, locale


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(message=GENERATOR, version="")
def main() -> None:
    """pressroom: turns a campaign's words into its whole media kit."""
    _tune_process()


for command in (build.build, build.serve, check.check, check.proof, locale.locale, check.list_):
    main.add_command(command)


def run() -> None:
    """The `pressroom` program (and `python -m pressroom`): the command line, then a quick exit.
    A build leaves millions of objects behind, and tearing the interpreter down frees them one
    by one (0.1 s after a 48-story build) in a process that is ending anyway. Everything is
    written and flushed by then; when the command left a thread or a process running, Python
    ends as usual instead, waiting for them."""
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code
    if _others_running():
        raise SystemExit(code)
    if code is None:
        code = 0
    elif not isinstance(code, int):  # as Python prints a text exit status
        print(code, file=sys.stderr)
        code = 1
    if "logging" in sys.modules:
        sys.modules["logging"].shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError):  # a reader that went away (`... | head -1`)
            stream.flush()
    os._exit(code)


def _others_running() -> bool:
    import threading

    if threading.active_count() > 1:
        return True
    multiprocessing = sys.modules.get("multiprocessing")
    return bool(multiprocessing and multiprocessing.active_children())


def _tune_process() -> None:
    """Settings for this process, which the command owns (the library leaves them alone)."""
    # pressroom's arrays are per-pixel work, never linear algebra: numpy's OpenBLAS threads
    # would only start with the process and spin, taking CPU from the render workers (numpy
    # is imported after this).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # A build allocates millions of objects that live to its end (modules, the brand book,
    # layouts): collecting young objects every 700 allocations, as by default, took some 5%
    # of its CPU.
    gc.set_threshold(10_000, 20, 20)

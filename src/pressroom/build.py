"""`build()`: read and validate everything, then render, then write the page, zips and sums.

nothing changed? ▸ load ▸ plan (a digest per job) ▸ keep the jobs whose digest and files are
unchanged ▸ compose the rest (layout; every problem at once, nothing written yet) ▸ render ▸
write ▸ page, zips, manifest, sums

What a rebuild can skip is decided in incremental.py, the work runs in workers.py, and the output
folder is writer.Output's alone: one build at a time holds it (lock.py), and what a build writes
is published all at once at its end, or not at all.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pressroom import GENERATOR
from pressroom.draw.syslibs import check_setup
from pressroom.errors import Problem, Problems
from pressroom.kit.asset import Asset, qr_payload
from pressroom.kit.incremental import carry_over, inputs_of, reusable, up_to_date
from pressroom.kit.lock import Waiting, hold
from pressroom.kit.plan import EVERYTHING, PLAIN, Digests, Selection, kits_of, plan
from pressroom.kit.writer import Output
from pressroom.model import Brandbook
from pressroom.press import room
from pressroom.progress.costs import BYTES, kind_of
from pressroom.progress.meter import Meter, Silent
from pressroom.progress.tracker import Progress
from pressroom.read.digest import sha256
from pressroom.site.page import build_epoch, write_page, write_zips
from pressroom.site.press import present
from pressroom.site.thumbs import Meanwhile, write_thumb
from pressroom.workers import Runner

if TYPE_CHECKING:
    from pressroom.brandbook.memo import Memo

# A fact sheet costs about as much as this many stills (WeasyPrint's start-up and layout,
# 1.3-1.5 s of CPU, against about 20 ms a still): what decides whether a worker pays for it.
FACTSHEET_JOBS = 70


@dataclass(frozen=True)
class BuildResult:
    built: int  # assets (files) rendered
    unchanged: int  # assets whose inputs had not changed
    seconds: float
    warnings: tuple[Problem, ...]


def prepare(root: Path, selection: Selection = EVERYTHING, jobs: int | None = None):
    """Load and lay out everything selected; raise ContentError with every problem found.

    Returns the brand book, the composed documents (one per job) and the problems (warnings)."""
    book, problems = load_selection(root, selection)
    todo = plan(book, selection)
    documents = Runner(book, root, jobs, len(todo)).compose(todo, problems)
    problems.raise_if_errors()
    return book, documents, problems


def build(
    root: Path,
    out: Path,
    selection: Selection = EVERYTHING,
    *,
    jobs: int | None = None,
    force: bool = False,
    progress: Progress | None = None,
    press: bool = True,
    wait: bool = True,
    waiting: Waiting | None = None,
    memo: Memo | None = None,
) -> BuildResult:
    """Render the selected assets into `out`, then the manifest, page, zips and SHA256SUMS.
    `progress` is told how the build goes, at least twice a second (progress/meter.py), and
    the timings of each build that reports are kept for the next one's estimate.
    `press=False` keeps the fact sheets, logo pack and favicon already there, even if stale
    (`pressroom serve` shows a save first and renders them right after, with a full build).

    While another build holds `out`, wait for it (telling `waiting` so), or raise lock.Busy
    when not `wait`. A build that fails or is interrupted leaves `out` as it was. `memo` keeps
    loaded templates and locales for the next build (a warm process's: brandbook/memo.py)."""
    output = Output(out, memo.outputs if memo else None)  # (refused when it is not a folder)
    with hold(out, wait, waiting):
        started = time.perf_counter()  # (not counting the wait)
        meter = Meter(progress, out) if progress is not None else Silent()
        with meter.ticking():
            output.recover()  # what a killed build left: its switch-over completed, or dropped
            try:
                result = _build(root, output, selection, jobs, force, meter, press, memo)
            except BaseException:
                output.abandon()
                raise
        return dataclasses.replace(result, seconds=time.perf_counter() - started)


def _build(root, output, selection, jobs, force, meter: Meter, press, memo) -> BuildResult:
    """`build`, holding the output folder; `meter` is told of each step."""
    # Nothing changed?
    inputs = inputs_of(root, selection)
    if inputs is not None and not force:
        files = up_to_date(output, inputs)
        if files is not None:
            return BuildResult(0, files, 0.0, ())
    # Load: everything read and checked (every job laid out when there is a problem, to
    # report every problem at once) before anything is written.
    book, problems = load_selection(root, selection, memo)
    if problems.errors:
        todo = plan(book, selection)
        Runner(book, root, jobs, len(todo)).compose(todo, problems)
        problems.raise_if_errors()
    check_setup()  # the fact sheets' system libraries
    # Plan, keep what is unchanged.
    meter.step("planning")
    kept, todo = _keep_unchanged(book, selection, output, force)
    carried = carry_over(book, output, selection)
    codes = sorted({a.locale for a in kept + carried} | {job.locale.code for job, _ in todo})
    languages = present(book, codes)  # the languages that have assets
    site = room.site_of(book, {a.kit for a in kept + carried} | {job.kit for job, _ in todo})
    epoch = build_epoch()
    # Compose and render the rest; one worker makes the fact sheets meanwhile (`side`), and
    # this process the logo pack and favicon (`aside`).
    side, aside = _press_room(output, book, languages, site, epoch) if press else (None, None)
    run = Runner(
        book, root, jobs, len(todo), extra=FACTSHEET_JOBS * len(languages) if side else 0,
        weight=meter.weight,
    )
    _plan(meter, output, run, todo, kept + carried, side, languages, force)
    meter.step("composing")
    written = _render(book, todo, output, run, problems, meter, aside, side)
    # The page, zips, manifest and sums.
    assets = sorted(kept + written + carried, key=lambda a: a.path)
    meter.step("zips")
    write_zips(output, book, assets)
    meter.step("fact sheets")
    if side is not None:
        _write(output, lambda: side[1].result()[1])
    elif _keep_press_room(output, book, languages, site, epoch):
        inputs = None  # the next build must look again: the press files may be stale
    meter.step("page")
    write_page(output, book, assets)
    meter.step("sums")
    output.finish(GENERATOR, assets, inputs.digest if inputs and inputs.covers(book) else None)
    meter.finish(sum(a.bytes for a in assets) / 1e6, len(assets))
    return BuildResult(len(written), len(kept), 0.0, tuple(problems.warnings))


def _plan(meter: Meter, output: Output, run: Runner, todo, assets, side, languages, force):
    """Tell `meter` the sizes of the steps left: the jobs, the fact sheets (those missing, and
    the others when jobs changed) and the megabytes of assets (their last sizes where known)."""
    jobs = [job for job, _ in todo]
    known = output.previous.assets
    size = sum(a.bytes for a in assets)
    for job in jobs:
        old = [known.get(str(rel)) for rel in job.outputs]
        size += sum(a.bytes for a in old) if all(old) else BYTES[kind_of(job.format)]
    sheets = 0
    if side is not None:
        missing = sum(not output.exists(room.path_of(x)) for x in languages)
        sheets = missing if force or not jobs else len(languages)
        side[1].add_done_callback(functools.partial(_sheets_made, meter))
    meter.plan(jobs, len(jobs) + len(assets), run.workers, run.composers, sheets, size / 1e6,
               len(assets) + sum(len(job.outputs) for job in jobs))


def _sheets_made(meter: Meter, future: Future) -> None:
    if not future.cancelled() and future.exception() is None:
        seconds, files = future.result()
        meter.sheets_made(seconds, sum(data is not None for _, data in files))


# --- loading -------------------------------------------------------------------------------------


def load_selection(
    root: Path, selection: Selection, memo: Memo | None = None
) -> tuple[Brandbook, Problems]:
    """The brand book and its problems, the selection's names judged too (an unknown format,
    message or kit is a problem); `memo`: see brandbook/memo.py."""
    from pressroom.brandbook import load  # YAML, JSON Schema, SVG and font parsing

    # (judges the selected locales and the shared files only)
    book, problems = load(root, selection.locales, memo)
    if book is None:
        problems.raise_if_errors()
    _check_selection(book, problems, selection, root)
    return book, problems


def _check_selection(book, problems: Problems, selection: Selection, root) -> None:
    for kind, wanted, have in (  # (unknown locales: the loader says so)
        ("format", selection.formats, [f.name for f in book.formats]),
        ("message", selection.messages, sorted({m.id for x in book.locales for m in x.messages})),
        ("kit", selection.kits, list(kits_of(book))),
    ):
        for name in wanted:
            if name not in have:
                problems.add(
                    root,
                    0,
                    f"--{kind}",
                    f"there is no {kind} {name!r}",
                    f"use one of {', '.join(have)}",
                )


def _keep_unchanged(book, selection, output, force) -> tuple[list[Asset], list]:
    """The assets of jobs that need no rendering, and the jobs (with their digests) that do."""
    digest_of = Digests(book)
    kept, todo = [], []
    for job in plan(book, selection):
        digest = digest_of(job)
        found = None if force else reusable(book, output, job, digest)
        if found is None:
            todo.append((job, digest))
        else:
            kept += found
    return kept, todo


def _render(book, todo, output, run, problems, meter, aside, side) -> list[Asset]:
    """Compose, render and write `todo`: the assets written. `aside()` runs here while the
    workers render; `side` (see Runner.compose_and_render) on a worker."""
    # Jobs of one template side by side: a worker draws that template's art once. Motion jobs
    # (a clip costs as much as some 17 stills) go first, so the stills even out the end.
    todo = sorted(
        todo,
        key=lambda t: (not t[0].format.is_motion, t[0].format.name, t[0].message.kind, t[0].key),
    )
    rendered = run.compose_and_render([job for job, _ in todo], problems, meter, aside, side)
    # The page's thumbnails (of every PNG but the plain kit's) are made meanwhile, from the PNGs
    # at hand: with workers rendering, by this process; rendering here, by threads of it (else
    # the page would make them once everything is rendered, reading the PNGs back).
    workers = run.workers > 1
    written, pending = [], []
    with Meanwhile(output, os.cpu_count() or 1) as meanwhile:
        thumbnails = functools.partial(write_thumb, output) if workers else meanwhile.add
        for n, ((job, digest), outputs) in enumerate(zip(todo, rendered, strict=True)):
            qr = qr_payload(book, job)
            for rel, blob in zip(job.outputs, outputs, strict=True):
                output.write(rel, blob)
                asset = Asset.of(job, rel, len(blob), sha256(blob), digest, qr)
                written.append(asset)
                if asset.is_png and asset.kit != PLAIN:
                    pending.append((asset, blob))
            if n or not workers:  # (the first job comes before the workers start, and no
                for asset, blob in pending:  # thread may be at work when they fork: its
                    thumbnails(asset, blob)  # thumbnails wait for them)
                pending.clear()
        for asset, blob in pending:
            thumbnails(asset, blob)
    return written


def _press_room(output: Output, book: Brandbook, languages: list, site, epoch: int):
    """The press room's files of `languages`: the fact sheets (linking to the pages of `site`)
    as a side task for a worker (see Runner.compose_and_render), and the logo pack and favicon
    as work for this process."""
    codes = [x.code for x in languages]
    known = room.known_sheets(output, languages)
    sheets = functools.partial(room.sheets, codes=codes, known=known, folder=site)
    side = (functools.partial(_timed, sheets), Future())
    return side, functools.partial(_write, output, room.marks, book, languages, epoch)


def _timed(fn: Callable, *args) -> tuple[float, object]:
    """The seconds fn(*args) took, and its result (a side task's, for the progress meter)."""
    began = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - began, result


def _write(output: Output, files: Callable[..., list[tuple[str, bytes | None]]], *args) -> None:
    """Write what `files(*args)` gives: (path, bytes), or (path, None) for a file to keep."""
    for rel, data in files(*args):
        if data is None:
            output.keep(rel)
        else:
            output.write(rel, data)


def _keep_press_room(output: Output, book: Brandbook, languages: list, site, epoch: int) -> bool:
    """Keep the press room's files as they are, up to date or not (`pressroom serve` renders
    them after the page has reloaded); make them when one is missing. True when they were
    kept, so the build must not count as up to date."""
    files = room.paths(languages)
    if not all(output.exists(rel) for rel in files):
        _write(output, room.sheets, book, [x.code for x in languages], {}, site)
        _write(output, room.marks, book, languages, epoch)
        return False
    for rel in files:
        output.keep(rel)
    return True

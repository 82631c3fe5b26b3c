"""Composing and rendering jobs in batches, in worker processes when the work pays for them.

Composing lays out and fills every job (every problem collected before anything is rendered);
rendering turns each document into its files. Each phase runs its first job in this process,
then forks a pool, so the workers start with what that job loaded (modules, fonts, the
template's art) instead of each loading it again. Composing gets workers of its own only when
there is enough of it (`COMPOSE_JOBS_PER_WORKER`); while they work, this process renders the
first job, so the render modules and the first template's art are loaded by the time the
render pool forks. Jobs travel as their `ident` (workers hold the brand book from the
fork), go out in the order given (the build sorts them by template) and in batches, so a worker
meets one template at a time. Output is the same for any number of workers: every job is a pure
function of its inputs.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import math
import os
import pickle
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Protocol

from pressroom.draw import compose, fill
from pressroom.draw.fill import Document
from pressroom.errors import Problem, Problems
from pressroom.kit.plan import Ident, Job, job_for
from pressroom.model import Brand, Brandbook, Format


class Meter(Protocol):
    """What the runner tells of its progress (progress.meter.Meter): the jobs composed, and
    the jobs rendered with the seconds each took its process."""

    def composed(self, jobs: Sequence[Job]) -> None: ...

    def rendered(self, jobs: Sequence[Job], seconds: Sequence[float]) -> None: ...


BATCH = 8  # jobs per task, at most; in render tasks, `weight`s of jobs
# A worker pays for itself from about this many jobs: forking, and warming the caches each
# worker fills on its own (glyph outlines, shaping, a template's art), cost about as much CPU
# (measured: about 0.14 s per worker) as this many jobs (about 20 ms each) save on another core.
JOBS_PER_WORKER = 16
# Composing a job costs a tenth of rendering it (1-3 ms against about 20): a compose worker
# pays for its fork and warm-up from about this many jobs; fewer are composed here.
COMPOSE_JOBS_PER_WORKER = 160


LOADAVG = Path("/proc/loadavg")  # its fourth field: tasks runnable now / all tasks
TASKS = Path("/proc/self/task")  # this process's threads: each one's stat gives its state


def workers_for(jobs: int | None, size: int, idle: int | None = None) -> int:
    """How many processes render `size` jobs: `jobs` when asked for; otherwise one per idle
    core (`idle`: as counted earlier), and no more than the work pays for (one process, no
    pool, for a small build or a busy machine)."""
    if jobs is None:
        jobs = min(idle_cores() if idle is None else idle, size // JOBS_PER_WORKER)
    return max(1, min(jobs, size))


def idle_cores() -> int:
    """Cores that no other task is running on now (at least 1), as `make -l` judges a busy
    machine: on a shared machine whose cores are taken, more processes only wait their turn
    and add their overhead. Runnable tasks that are not this process's own threads (a
    library's worker threads spin for a while after their work), the fewest of three looks so
    that a passing one does not count; every core where that cannot be read."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = cores or 1
    try:
        looks = []
        for n in range(3):
            if n:
                time.sleep(0.001)
            runnable = int(LOADAVG.read_text().split()[3].split("/")[0])
            looks.append(runnable - _running_threads())
    except (OSError, ValueError, IndexError):
        return cores
    return max(1, cores - max(0, min(looks)))


def _running_threads() -> int:
    """This process's threads that are running or runnable (at least 1: the one asking)."""
    running = 0
    for task in TASKS.iterdir():
        try:
            stat = (task / "stat").read_text()
        except OSError:  # a thread that just ended
            continue
        running += stat[stat.rindex(")") + 2] == "R"
    return max(1, running)


class Runner:
    """Composes and renders jobs with `workers` processes (this one alone when it is 1);
    composes with `composers` (fewer when the work is small)."""

    def __init__(
        self, book: Brandbook, root: Path, jobs: int | None, size: int, extra: int = 0,
        weight: Callable[[Job], float] | None = None,
    ):
        """`size` jobs to compose and render, and a side task worth `extra` jobs (see
        `compose_and_render`). `weight(job)`: what rendering it costs, in jobs of the
        cheapest kind; a render task holds up to `batch` of them (a clip goes alone, so the
        pool evens out and progress is heard often)."""
        self.workers = workers_for(jobs, size + extra)
        self.composers = min(self.workers, max(1, size // COMPOSE_JOBS_PER_WORKER))
        self.batch = max(1, min(BATCH, math.ceil(size / (4 * self.workers))))
        self.weight = weight
        self.context = (book, root)

    def compose(
        self,
        jobs: Sequence[Job],
        problems: Problems,
        progress: Meter | None = None,
        meanwhile: Callable[[object], None] | None = None,
        packed: bool = False,
    ) -> list:
        """Every job's document (None where it has problems); problems are added to
        `problems`. `meanwhile(first document)` runs here while workers compose the rest.
        `packed`: each document as a `Packed` (what the render phase takes)."""
        idents = [j.ident for j in jobs]
        then = (lambda batch: meanwhile(batch[0][1])) if meanwhile else None
        documents = []
        statics: dict[str, str] = {}  # one copy of each static layer, however many jobs share it
        batch_of = functools.partial(_compose_batch, pack=packed)
        batches = self._batches(idents)
        for batch in self._map(batch_of, batches, meanwhile=then, workers=self.composers):
            if progress:
                progress.composed(jobs[len(documents) : len(documents) + len(batch)])
            for found, document in batch:
                problems.items.extend(found)
                if document is not None and document.static is not None:
                    static = statics.setdefault(document.static, document.static)
                    document = dataclasses.replace(document, static=static)
                documents.append(document)
        return documents

    def compose_and_render(
        self,
        jobs: Sequence[Job],
        problems: Problems,
        progress: Meter | None = None,
        aside: Callable[[], None] | None = None,
        side: tuple[Callable[[Brandbook], object], Future] | None = None,
    ) -> Iterator[tuple[bytes, ...]]:
        """The outputs of every job, in order; ContentError with every problem before any.
        `aside()` runs here once the render workers have their first batches (at the end
        without workers). `side`, a function of the brand book and the future to settle with
        its result: one worker works it out while the others render (this process, after the
        jobs, without workers); it must be picklable."""
        made: list[tuple[bytes, ...]] = []

        def render_first(document) -> None:
            if document is not None:
                (outputs, took), = _here(_render_batch, self.context, [(jobs[0].ident, document)])
                made.append(outputs)
                if progress:
                    progress.rendered(jobs[:1], [took])

        documents = self.compose(jobs, problems, progress, meanwhile=render_first, packed=True)
        problems.raise_if_errors()
        items = []
        for n, job in enumerate(jobs):
            items.append((job.ident, documents[n]))
            documents[n] = None  # let go as they are sent
        done, here = 0, True
        if made:  # the first job is rendered already: the pool can fork at once
            yield made.pop()
            items, done, here = items[1:], 1, False
        batches = self._batches(items, self.weight)
        for batch in self._map(
            _render_batch, batches, release=True, first_here=here, aside=aside, side=side
        ):
            if progress:
                progress.rendered(jobs[done : done + len(batch)], [t for _, t in batch])
            yield from (outputs for outputs, _ in batch)
            done += len(batch)

    def _batches(self, items: list, weight: Callable[[Job], float] | None = None) -> list[list]:
        """`items` in order, `batch` of them a task; with `weight` (of each item's job), as
        many as weigh `batch` (one at least)."""
        if weight is None:
            return [items[i : i + self.batch] for i in range(0, len(items), self.batch)]
        book = self.context[0]
        batches, load = [], math.inf
        for item in items:
            w = weight(job_for(book, item[0]))
            if load + w > self.batch or len(batches[-1]) >= self.batch:
                batches.append([])
                load = 0.0
            batches[-1].append(item)
            load += w
        return batches

    def _map(
        self, fn, batches: list[list], meanwhile=None, release=False, first_here=True,
        workers: int | None = None, aside=None, side=None,
    ):
        """fn(batch) for every batch, in order, with a few batches in flight per worker
        (`workers`, by default the runner's). The first job runs here before the pool forks
        (unless not `first_here`), and `meanwhile(its result)` runs here while the workers
        work; so does `aside()`, once they have their first batches. `side`: see
        compose_and_render."""
        workers = self.workers if workers is None else workers
        if workers == 1 or not any(batches):
            for n, batch in enumerate(batches):
                if release:
                    batches[n] = None
                result = _here(fn, self.context, batch)
                yield result
                if n == 0 and meanwhile is not None:
                    meanwhile(result)
            if aside is not None:
                aside()
            if side is not None:
                _settle(side[1], _here, _side, self.context, side[0])
            return
        later = None
        if first_here:
            first, batches[0] = batches[0][:1], batches[0][1:]
            result = _here(fn, self.context, first)
            yield result
            if meanwhile is not None:
                later = lambda: meanwhile(result)  # noqa: E731
        yield from _pooled(fn, batches, workers, self.context, release, later, aside, side)


def _pooled(
    fn, batches: list[list], workers: int, context, release: bool, later, aside=None, side=None
):
    """The batches' results from a fresh pool of forked workers, in order; `side` goes to the
    first worker free."""
    from concurrent.futures import ProcessPoolExecutor

    gc.freeze()  # what the workers inherit stays out of their collections: no copy-on-write
    pool = None
    try:
        pool = ProcessPoolExecutor(
            workers, mp_context=_fork(), initializer=_start, initargs=context
        )
        if side is not None:
            pool.submit(_side, side[0]).add_done_callback(
                functools.partial(_copy, future=side[1])
            )
        # A few batches in flight per worker; all of them when this process has work of its
        # own to do meanwhile (composing: documents are small).
        window = len(batches) if later else 2 * workers
        pending: list[Future] = []
        for n, batch in enumerate(batches):
            if release:
                batches[n] = None
            if not batch:
                continue
            pending.append(pool.submit(fn, batch))
            if len(pending) >= window:
                if aside is not None:
                    aside, work = None, aside
                    work()
                yield pending.pop(0).result()
        if aside is not None:
            aside()
        if later is not None:
            later()
        for future in pending:
            yield future.result()
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()  # collected again here, in a long-lived process (serve)


def _fork():
    """Forked workers inherit what the first job loaded; where fork is missing, they start
    cold."""
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def _settle(future: Future, fn: Callable, *args) -> None:
    """`future` given fn(*args)'s result, or what it raised."""
    try:
        future.set_result(fn(*args))
    except Exception as exc:
        future.set_exception(exc)


def _copy(source: Future, future: Future) -> None:
    if source.cancelled():
        future.cancel()
    elif source.exception() is not None:
        future.set_exception(source.exception())
    else:
        future.set_result(source.result())


# --- the worker side -----------------------------------------------------------------------------
# A worker process holds the brand book from its start; in-process runs set it for the length of
# one batch.
_CONTEXT: tuple[Brandbook, Path] | None = None


def _start(book: Brandbook, root: Path) -> None:
    global _CONTEXT
    _CONTEXT = (book, root)


def _here(fn, context, batch):
    global _CONTEXT
    saved, _CONTEXT = _CONTEXT, context
    try:
        return fn(batch)
    finally:
        _CONTEXT = saved


@dataclasses.dataclass(frozen=True)
class Packed:
    """A document as this process holds it between the phases: its static layer (shared by the
    jobs of a template) and the rest pickled and compressed. A build holds every job's document
    before the render pool forks, and the workers inherit that memory: unpacked, 6,000 jobs held
    about 400 MB."""

    static: str | None
    blob: bytes

    @staticmethod
    def of(doc) -> Packed:
        rest = dataclasses.replace(doc, static=None)
        return Packed(doc.static, zlib.compress(pickle.dumps(rest, pickle.HIGHEST_PROTOCOL), 1))

    def document(self):
        return dataclasses.replace(pickle.loads(zlib.decompress(self.blob)), static=self.static)


def _compose_batch(
    idents: list[Ident], pack: bool = False
) -> list[tuple[list[Problem], object]]:
    """Lay out and fill each job: its problems, and its document (None if it has errors;
    a `Packed` one if `pack`)."""

    book, root = _CONTEXT
    out = []
    for ident in idents:
        job = job_for(book, ident)
        problems = Problems(root)
        composed = compose.compose(book, job, problems)
        doc = None
        if composed is not None:
            template = book.templates[job.format.name]
            kind = job.message.kind
            doc = fill.document(
                template, kind, composed.contents, composed.mirrored, job.plain, svg=False
            )
            if pack:
                doc = Packed.of(doc)
        out.append((problems.items, doc))
    return out


def render_job(
    doc: Document, fmt: Format, brand: Brand | None = None, name: str = "",
    anonymous: bool = False,
) -> tuple[bytes, ...]:
    """The bytes of every output of one job, in the order of Job.outputs: the dispatch to the
    renderer (draw.render) or the video maker (motion.video), which uses the renderer."""
    # Imported here, not with this module: it loads cairocffi and CairoSVG (0.2-0.4 s of C
    # declarations parsed and libraries looked up), which `pressroom check` never draws with.
    # A build renders its first job before the render workers fork, so they find it loaded.
    from pressroom.draw.render import render_pdf, render_png

    w, h = fmt.pixel_size
    if fmt.is_print:
        return (render_pdf(doc, fmt, brand, name, anonymous), render_png(doc, w, h))
    if fmt.is_motion:
        from pressroom.motion.video import render_mp4  # PyAV loads FFmpeg: only when needed

        return (render_mp4(doc, fmt), render_png(doc, w, h))
    return (render_png(doc, w, h),)


def _side(fn: Callable[[Brandbook], object]) -> object:
    return fn(_CONTEXT[0])


def _render_batch(items: list[tuple[Ident, object]]) -> list[tuple[tuple[bytes, ...], float]]:
    """Each job's outputs, and the seconds it took (what the progress meter learns from)."""
    book, _ = _CONTEXT
    out = []
    for ident, doc in items:
        began = time.perf_counter()
        if isinstance(doc, Packed):
            doc = doc.document()
        job = job_for(book, ident)
        outputs = render_job(doc, job.format, book.brand, job.key, anonymous=job.plain)
        out.append((outputs, time.perf_counter() - began))
    return out

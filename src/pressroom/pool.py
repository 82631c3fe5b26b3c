"""Composing and rendering jobs in batches, in worker processes or in this one.

Each worker gets the brand book once, when it starts; jobs travel as their `ident`, and a
composed job comes back as its drawing layers. Jobs go out in the order given (the build sorts
them by template), in batches, so a worker meets one template at a time and renders and encodes
its static art once. The first job of each phase runs in this process before the pool forks, so
workers start with what it loaded (modules, fonts, hyphenation patterns, the first template's
art). Output is the same for any number of workers: every job is a pure function of its inputs.
"""

from __future__ import annotations

import dataclasses
import math
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from pressroom.errors import Problem, Problems
from pressroom.model import Brandbook
from pressroom.plan import Ident, Job, job_for

Progress = Callable[[int, int], None]
BATCH = 8  # jobs per task, at most


def compose_all(
    run: Runner, jobs: Sequence[Job], problems: Problems, progress: Progress | None, total: int
) -> list:
    """Every job's document (None where it has problems); problems are added to `problems`.
    Progress counts composing and rendering: `total` jobs each."""
    documents = []
    done = 0
    for batch in run.map(_compose_batch, run.batches([j.ident for j in jobs])):
        for found, document in batch:
            problems.items.extend(found)
            documents.append(document)
        done += len(batch)
        if progress:
            progress(done, 2 * total)
    return documents


def render_all(
    run: Runner, jobs: Sequence[Job], documents: list, progress: Progress | None
) -> Iterator[tuple[bytes, ...]]:
    """The outputs of every job, in order. Documents are let go as they are sent."""
    total = len(jobs)
    items = []
    for n, job in enumerate(jobs):
        items.append((job.ident, documents[n]))
        documents[n] = None
    done = total
    for batch in run.map(_render_batch, run.batches(items), release=True):
        yield from batch
        done += len(batch)
        if progress:
            progress(done, 2 * total)


class Runner:
    """Runs batches in worker processes, or here when one process is asked for or enough.

    Each `map` runs its first job here, then forks a fresh pool: the workers start with what
    that job loaded (modules, fonts, hyphenation patterns, the template's art), instead of
    each loading it again.
    """

    def __init__(self, book: Brandbook, root: Path, jobs: int | None, size: int):
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
        wanted = jobs or cores or os.cpu_count() or 1
        self.batch = max(1, min(BATCH, math.ceil(size / (4 * wanted))))
        self.workers = max(1, min(wanted, math.ceil(size / self.batch)))
        self.pool: ProcessPoolExecutor | None = None
        self.context = (book, root)

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc) -> None:
        self._close()

    def _close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def batches(self, items: list) -> list[list]:
        return [items[i : i + self.batch] for i in range(0, len(items), self.batch)]

    def map(self, fn, batches: list[list], release: bool = False) -> Iterator[list]:
        """fn(batch) for every batch, in order, with a few batches in flight per worker."""
        if self.workers == 1 or not batches:
            for n, batch in enumerate(batches):
                if release:
                    batches[n] = None
                yield _here(fn, self.context, batch)
            return
        first, rest = batches[0][:1], batches[0][1:]
        batches[0] = rest
        yield _here(fn, self.context, first)
        self._close()
        self.pool = ProcessPoolExecutor(
            self.workers, mp_context=_FORK, initializer=_start, initargs=self.context
        )
        window = 2 * self.workers
        pending: list[Future] = []
        for n, batch in enumerate(batches):
            if release:
                batches[n] = None
            if not batch:
                continue
            pending.append(self.pool.submit(fn, batch))
            if len(pending) >= window:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


# Forked workers inherit what the first job loaded; where fork is missing, workers start cold.
_FORK = (
    multiprocessing.get_context("fork")
    if "fork" in multiprocessing.get_all_start_methods()
    else None
)


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


def _compose_batch(idents: list[Ident]) -> list[tuple[list[Problem], object]]:
    """Lay out and fill each job: its problems, and its document (None if it has errors)."""
    from pressroom.compose import compose
    from pressroom.fill import document

    book, root = _CONTEXT
    out = []
    for ident in idents:
        job = job_for(book, ident)
        problems = Problems(root)
        composed = compose(book, job, problems)
        doc = None
        if composed is not None:
            template = book.templates[job.format.name]
            doc = document(template, job.message.kind, composed.contents, composed.mirrored)
            doc = _compact(doc)
        out.append((problems.items, doc))
    return out


def _compact(doc):
    """The document as a worker sends it: without the full SVG when the static art and layers
    draw it, and with each font path string shared between glyphs."""
    from pressroom.fill import GlyphLayer

    layers = tuple(
        GlyphLayer(layer.colour, tuple((sys.intern(g[0]), *g[1:]) for g in layer.glyphs))
        if isinstance(layer, GlyphLayer)
        else layer
        for layer in doc.layers
    )
    svg = doc.svg if doc.static is None else ""
    return dataclasses.replace(doc, svg=svg, layers=layers)


def _render_batch(items: list[tuple[Ident, object]]) -> list[tuple[bytes, ...]]:
    from pressroom.render import render_job

    book, _ = _CONTEXT
    return [render_job(doc, job_for(book, ident).format) for ident, doc in items]

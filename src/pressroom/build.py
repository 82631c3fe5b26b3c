"""`build()`: read and validate everything, then render, then write the page, zips and sums.

load ▸ plan ▸ compose (layout, all problems at once) ▸ fill ▸ render (process pool) ▸ write
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pressroom import GENERATOR
from pressroom.brandbook import load
from pressroom.compose import Composed, compose
from pressroom.errors import Problem, Problems
from pressroom.fill import document
from pressroom.model import QR_SLOT, Brandbook
from pressroom.plan import Job, plan
from pressroom.render import render_job
from pressroom.site import write_page, write_zips
from pressroom.writer import Output, sha256

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BuildResult:
    built: int  # assets (files) rendered
    unchanged: int  # assets whose inputs had not changed
    seconds: float
    warnings: tuple[Problem, ...]


def prepare(
    root: Path, locales=(), formats=(), messages=()
) -> tuple[Brandbook, list[Composed], Problems]:
    """Load and lay out everything selected; raise ContentError with every problem found."""
    book, problems = load(root)
    if book is None:
        problems.raise_if_errors()
    _check_selection(book, problems, locales, formats, messages, root)
    selected = tuple(x for x in book.locales if not locales or x.code in locales)
    scoped = Brandbook(
        book.root, book.brand, book.formats, selected, book.templates, book.font_digest
    )
    composed = [
        c
        for job in plan(scoped, formats, messages)
        if (c := compose(book, job, problems)) is not None
    ]
    problems.raise_if_errors()
    return book, composed, problems


def _check_selection(book, problems: Problems, locales, formats, messages, root) -> None:
    files = sorted(p.stem for p in (root / "locales").glob("*.yaml"))
    for kind, wanted, have in (
        ("locale", locales, files),
        ("format", formats, [f.name for f in book.formats]),
        ("message", messages, sorted({m.id for x in book.locales for m in x.messages})),
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


def build(
    root: Path,
    out: Path,
    *,
    locales=(),
    formats=(),
    messages=(),
    jobs: int | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> BuildResult:
    """Render the selected assets into `out`, then the manifest, page, zips and SHA256SUMS."""
    started = time.perf_counter()
    book, composed, problems = prepare(root, locales, formats, messages)
    output = Output(out)
    output.clean_temporaries()
    old = {a.get("path"): a for a in output.old_manifest().get("assets", []) if isinstance(a, dict)}
    work, entries, unchanged = [], {}, 0
    for item in composed:
        doc = document(book.templates[item.job.format.name], item.job.message.kind, item.contents)
        digest = _job_digest(item.job, doc.svg)
        reuse = None if force else _reusable(book, output, item.job, digest, old)
        if reuse is not None:
            entries.update(reuse)
            unchanged += len(reuse)
        else:
            work.append((item.job, doc, digest))
    built = 0
    for job, digest, data in _render_all(work, jobs, progress):
        for rel, blob in zip(job.outputs, data, strict=True):
            output.write(rel, blob)
            entries[str(rel)] = _entry(book, job, rel, blob, digest)
            built += 1
    _carry_over(book, output, old, entries, locales, formats, messages)
    for path in sorted(set(old) - set(entries)):
        if isinstance(path, str) and path.count("/") == 2:
            output.remove(path)
    assets = sorted(entries.values(), key=lambda a: a["path"])
    write_zips(output, book, assets)
    write_page(output, book, assets)
    output.write_manifest(GENERATOR, assets)
    output.write_sums()
    return BuildResult(built, unchanged, time.perf_counter() - started, tuple(problems.warnings))


def _render_all(work, jobs: int | None, progress: Progress | None) -> Iterator[tuple]:
    """Render jobs on a process pool (or in-process for one job), in order, a window at a time."""
    total = len(work)
    workers = max(1, min(jobs or os.cpu_count() or 1, total))
    if progress:
        progress(0, total)
    if workers == 1:
        for n, (job, svg, digest) in enumerate(work, 1):
            yield job, digest, render_job(svg, job.format)
            if progress:
                progress(n, total)
        return
    with ProcessPoolExecutor(workers) as pool:
        window = workers * 2
        pending = []
        items = iter(work)
        done = 0
        for job, svg, digest in items:
            pending.append((job, digest, pool.submit(render_job, svg, job.format)))
            if len(pending) >= window:
                j, d, fut = pending.pop(0)
                yield j, d, fut.result()
                done += 1
                if progress:
                    progress(done, total)
        for j, d, fut in pending:
            yield j, d, fut.result()
            done += 1
            if progress:
                progress(done, total)


def _job_digest(job: Job, svg: str) -> str:
    """Everything that decides a job's bytes: the filled SVG (texts as outlines, template,
    colours, QR) plus the format's render settings and the tool's version."""
    fmt = job.format
    head = f"{GENERATOR}|{fmt.pixel_size}|{fmt.page_size}|{fmt.bleed}|{fmt.is_print}|"
    return hashlib.sha256(head.encode() + svg.encode()).hexdigest()


def _reusable(book: Brandbook, output: Output, job: Job, digest: str, old: dict) -> dict | None:
    found = {}
    for rel in job.outputs:
        entry = old.get(str(rel))
        if not entry or entry.get("build") != digest:
            return None
        data = output.read(rel)
        if data is None or sha256(data) != entry.get("sha256"):
            return None
        found[str(rel)] = _entry(book, job, rel, data, digest)
    return found


def _carry_over(
    book: Brandbook, output: Output, old: dict, entries: dict, locales, formats, messages
) -> None:
    """Keep assets of a partial build's unselected jobs, if they are still in the brand book."""
    if not (locales or formats or messages):
        return
    for job in plan(book):
        selected = (
            (not locales or job.locale.code in locales)
            and (not formats or job.format.name in formats)
            and (not messages or job.message.id in messages)
        )
        if selected:
            continue
        for rel in job.outputs:
            entry = old.get(str(rel))
            if entry and output.read(rel) is not None:
                entries[str(rel)] = entry


def _entry(book: Brandbook, job: Job, rel, data: bytes, digest: str) -> dict:
    fmt = job.format
    entry = {
        "path": str(rel),
        "locale": job.locale.code,
        "format": fmt.name,
        "message": job.message.id,
    }
    if str(rel).endswith(".pdf"):
        w, h = fmt.page_size
        entry.update(media_type="application/pdf", width_mm=w, height_mm=h)
    else:
        w, h = fmt.pixel_size
        entry.update(media_type="image/png", width=w, height=h)
    entry.update(
        bytes=len(data),
        sha256=sha256(data),
        alt=job.message.alt,
        caption=job.message.caption,
        qr=job.locale.url if _has_qr(book, job) else None,
        build=digest,
    )
    return entry


def _has_qr(book: Brandbook, job: Job) -> bool:
    template = book.templates[job.format.name]
    return any(s.name == QR_SLOT for s in template.slots_for(job.message.kind))

"""`build()`: read and validate everything, then render, then write the page, zips and sums.

nothing changed? ▸ load ▸ plan (a digest per job) ▸ keep the jobs whose digest and files are
unchanged ▸ compose the rest (layout; every problem at once, nothing written yet) ▸ render ▸
write ▸ page, zips, manifest, sums

Nothing changed: the manifest records a digest of every input of the build that wrote it; when
the inputs have that digest and every file still matches SHA256SUMS, the folder is what a build
would write, and the build stops there. Files whose bytes would not change are never rewritten.

Composing and rendering run on a process pool, on all cores unless `jobs` says otherwise. Each
worker gets the brand book once, when it starts; jobs travel as keys, and a composed job comes
back as its drawing layers. Jobs go out sorted by template, in batches, so a worker meets one
template at a time and renders and encodes its static art once. The first job of each phase
runs in this process before the pool forks, so workers start with what it loaded (modules,
fonts, hyphenation patterns, the first template's art). Output is the same for any number of
workers: every job is a pure function of its inputs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pressroom import GENERATOR
from pressroom.errors import Problem, Problems
from pressroom.langtags import canonical_all
from pressroom.model import QR_SLOT, Brandbook
from pressroom.plan import Digests, Job, plan, tool_digest
from pressroom.writer import MANIFEST, SUMS, Output, sha256

Progress = Callable[[int, int], None]
BATCH = 8  # jobs per task, at most
INPUTS = "inputs"  # manifest key: the digest of every input of the build that wrote the folder
Key = tuple[str, str, str]  # locale code, format name, message id


@dataclass(frozen=True)
class BuildResult:
    built: int  # assets (files) rendered
    unchanged: int  # assets whose inputs had not changed
    seconds: float
    warnings: tuple[Problem, ...]


def prepare(root: Path, locales=(), formats=(), messages=(), jobs: int | None = None):
    """Load and lay out everything selected; raise ContentError with every problem found.

    Returns the brand book, the composed documents (one per job) and the problems (warnings)."""
    locales = canonical_all(locales)
    book, scoped, problems = _load(root, locales, formats, messages)
    todo = plan(scoped, formats, messages)
    with _Runner(book, root, jobs, len(todo)) as run:
        documents = _compose(run, todo, problems, None, 0)
    problems.raise_if_errors()
    return book, documents, problems


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
    locales = canonical_all(locales)  # BCP 47 ignores case: zh-hans is zh-Hans
    output = _Output(out)
    output.clean_temporaries()
    inputs = _inputs(root, locales, formats, messages)
    if inputs is not None and not force:
        kept = _up_to_date(output, inputs[0])
        if kept is not None:
            return BuildResult(0, kept, time.perf_counter() - started, ())
    book, scoped, problems = _load(root, locales, formats, messages)
    if problems.errors:  # lay everything out anyway, to report every problem at once
        prepare(root, locales, formats, messages, jobs)
    old = {a.get("path"): a for a in output.old_manifest().get("assets", []) if isinstance(a, dict)}
    digest_of = Digests(book)
    entries, todo, unchanged = {}, [], 0
    for job in plan(scoped, formats, messages):
        digest = digest_of(job)
        found = None if force else _reusable(book, output, job, digest, old)
        if found is None:
            todo.append((job, digest))
        else:
            entries.update(found)
            unchanged += len(found)
    built = 0
    if todo:
        # Jobs of one template side by side: a worker draws that template's art once. Motion
        # jobs (a clip costs as much as 40 stills) go first, so the stills even out the end.
        todo.sort(key=lambda t: (not t[0].format.is_motion, t[0].format.name,
                                 t[0].message.kind, t[0].key))
        with _Runner(book, root, jobs, len(todo)) as run:
            documents = _compose(run, [job for job, _ in todo], problems, progress, len(todo))
            problems.raise_if_errors()
            rendered = _render(run, [job for job, _ in todo], documents, progress)
            for (job, digest), outputs in zip(todo, rendered, strict=True):
                for rel, blob in zip(job.outputs, outputs, strict=True):
                    output.write(rel, blob)
                    entries[str(rel)] = _entry(book, job, rel, blob, digest)
                    built += 1
    _carry_over(book, output, old, entries, locales, formats, messages)
    for path in sorted(set(old) - set(entries)):
        if isinstance(path, str) and path.count("/") == 2:
            output.remove(path)
    assets = sorted(entries.values(), key=lambda a: a["path"])
    from pressroom.site import write_page, write_zips  # the page needs jinja2 and Pillow

    write_zips(output, book, assets)
    write_page(output, book, assets)
    output.inputs = inputs[0] if inputs is not None and _covers(inputs[1], book) else None
    output.write_manifest(GENERATOR, assets)
    output.write_sums()
    return BuildResult(built, unchanged, time.perf_counter() - started, tuple(problems.warnings))


# --- loading -------------------------------------------------------------------------------------


def _load(root: Path, locales, formats, messages) -> tuple[Brandbook, Brandbook, Problems]:
    """The brand book, the same scoped to the selected locales, and the problems so far."""
    from pressroom.brandbook import load  # YAML, JSON Schema, SVG and font parsing

    book, problems = load(root, locales)  # judges the selected locales and the shared files only
    if book is None:
        problems.raise_if_errors()
    _check_selection(book, problems, locales, formats, messages, root)
    selected = tuple(x for x in book.locales if not locales or x.code in locales)
    return book, dataclasses.replace(book, locales=selected), problems


def _check_selection(book, problems: Problems, locales, formats, messages, root) -> None:
    for kind, wanted, have in (  # (unknown locales: the loader says so)
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


# --- nothing changed -----------------------------------------------------------------------------


def _inputs(root: Path, locales, formats, messages) -> tuple[str, frozenset[Path]] | None:
    """A digest of everything a build reads, and the font files it covers: every file of the
    brand book, the font files brand.yaml names, the whole package (page templates too) with the
    versions it runs on, the selection and SOURCE_DATE_EPOCH. None when brand.yaml cannot be
    read. (The build writes the digest only when these are all the fonts it used: `_covers`.)"""
    from pressroom.fontpaths import font_files

    found = font_files(root)
    if found is None:
        return None
    font_dir, fonts = found
    h = hashlib.sha256()
    selection = json.dumps([sorted(locales), sorted(formats), sorted(messages)])
    for part in (tool_digest(everything=True), selection, os.environ.get("SOURCE_DATE_EPOCH", "")):
        h.update(part.encode() + b"\0")
    folder = root.resolve()
    for file in sorted(folder.rglob("*")):
        if file.is_file():
            h.update(file.relative_to(folder).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(file.read_bytes()).digest())
    for font in sorted(fonts):
        if font_dir not in font.parents or not font.is_file():
            return None  # the build will say what is wrong
        h.update(font.name.encode() + b"\0" + hashlib.sha256(font.read_bytes()).digest())
    return h.hexdigest(), frozenset(fonts)


def _covers(fonts: frozenset[Path], book: Brandbook) -> bool:
    """Whether every font the brand book uses is one that `_inputs` hashed."""
    return all(p.path in fonts for chain in book.brand.fonts.values() for p in chain)


def _up_to_date(output: Output, inputs: str) -> int | None:
    """The number of assets, when the last complete build read exactly `inputs` and the folder
    is still exactly what it wrote: every file listed in its SHA256SUMS with that digest, and
    no other file. None otherwise."""
    root = output.root
    try:
        manifest = json.loads((root / MANIFEST).read_text("utf-8"))
        if manifest.get(INPUTS) != inputs or manifest.get("generator") != GENERATOR:
            return None
        listed = {}
        for line in (root / SUMS).read_text("utf-8").splitlines():
            digest, _, rel = line.partition("  ")
            listed[rel] = digest
        found = {SUMS}
        for file in root.rglob("*"):
            if file.is_symlink():
                return None
            if file.is_file():
                found.add(file.relative_to(root).as_posix())
        if found != set(listed) | {SUMS}:
            return None
        for rel, digest in listed.items():
            if sha256((root / rel).read_bytes()) != digest:
                return None
        return len(manifest["assets"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


# --- reuse ---------------------------------------------------------------------------------------


class _Output(Output):
    """The output folder, where a file whose bytes would not change is left as it is, and whose
    manifest records the digest of the build's inputs (`inputs`, when known)."""

    inputs: str | None = None

    def write(self, rel, data: bytes) -> None:
        target = self.path(rel)
        try:
            same = target.stat().st_size == len(data) and target.read_bytes() == data
        except OSError:
            same = False
        if not same:
            super().write(rel, data)

    def write_manifest(self, generator: str, assets: list[dict], inputs: str | None = None) -> None:
        super().write_manifest(generator, assets, inputs if inputs is not None else self.inputs)


def _reusable(book: Brandbook, output: Output, job: Job, digest: str, old: dict) -> dict | None:
    """Manifest entries for `job` if its last build had the same digest and its files are
    intact (same length and sha256 as recorded); None when it must be rendered."""
    found = {}
    for rel in job.outputs:
        entry = old.get(str(rel))
        if not entry or entry.get("build") != digest:
            return None
        data = output.read(rel)
        if data is None or len(data) != entry.get("bytes") or sha256(data) != entry.get("sha256"):
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
            if entry and output.path(rel).is_file():
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
        w, h = fmt.media_size
        entry.update(media_type="application/pdf", width_mm=w, height_mm=h)
    elif str(rel).endswith(".mp4"):
        w, h = fmt.pixel_size
        entry.update(media_type="video/mp4", width=w, height=h, duration=fmt.motion.duration)
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


# --- the work, in batches, on a process pool -----------------------------------------------------


def _compose(run: _Runner, jobs: Sequence[Job], problems: Problems, progress, total: int) -> list:
    """Every job's document (None where it has problems); problems are added to `problems`."""
    keys = [_key(j) for j in jobs]
    documents = []
    done = 0
    for batch in run.map(_compose_batch, run.batches(keys)):
        for found, document in batch:
            problems.items.extend(found)
            documents.append(document)
        done += len(batch)
        if progress:
            progress(done, 2 * total)
    return documents


def _render(run: _Runner, jobs: Sequence[Job], documents: list, progress) -> Iterator:
    """The outputs of every job, in order. Documents are let go as they are sent."""
    total = len(jobs)
    items = []
    for n, job in enumerate(jobs):
        items.append((_key(job), documents[n]))
        documents[n] = None
    done = total
    for batch in run.map(_render_batch, run.batches(items), release=True):
        yield from batch
        done += len(batch)
        if progress:
            progress(done, 2 * total)


class _Runner:
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

    def __enter__(self) -> _Runner:
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


# Worker side. A worker process holds the brand book from its start; in-process runs set it for
# the length of one batch.
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


def _key(job: Job) -> Key:
    return (job.locale.code, job.format.name, job.message.id)


def _job(book: Brandbook, key: Key) -> Job:
    code, fmt, mid = key
    locale = book.locale(code)
    return Job(locale, locale.message(mid), book.format(fmt))


def _compose_batch(keys: list[Key]) -> list[tuple[list[Problem], object]]:
    """Lay out and fill each job: its problems, and its document (None if it has errors)."""
    from pressroom.compose import compose
    from pressroom.fill import document

    book, root = _CONTEXT
    out = []
    for key in keys:
        job = _job(book, key)
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
        dataclasses.replace(layer, glyphs=tuple((sys.intern(g[0]), *g[1:]) for g in layer.glyphs))
        if isinstance(layer, GlyphLayer)
        else layer
        for layer in doc.layers
    )
    svg = doc.svg if doc.static is None else ""
    return dataclasses.replace(doc, svg=svg, layers=layers)


def _render_batch(items: list[tuple[Key, object]]) -> list[tuple[bytes, ...]]:
    from pressroom.render import render_job

    book, _ = _CONTEXT
    return [
        render_job(doc, _job(book, key).format, book.brand, "/".join(key)) for key, doc in items
    ]

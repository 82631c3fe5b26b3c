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
import gc
import time
from dataclasses import dataclass
from pathlib import Path

from pressroom import GENERATOR
from pressroom.draw.syslibs import check_setup
from pressroom.errors import Problem, Problems, SetupError
from pressroom.kit.asset import Asset, qr_payload
from pressroom.kit.incremental import Inputs, carry_over, inputs_of, reusable, up_to_date
from pressroom.kit.lock import Waiting, hold
from pressroom.kit.plan import PLAIN, Digests, Selection, kits_of, plan, tool_digest
from pressroom.kit.writer import Deferred, Output
from pressroom.langtags import canonical_all
from pressroom.model import Brandbook
from pressroom.read.digest import sha256
from pressroom.workers import Beside, Progress, Runner, can_fork, idle_cores, workers_for


@dataclass(frozen=True)
class BuildResult:
    built: int  # assets (files) rendered
    unchanged: int  # assets whose inputs had not changed
    seconds: float
    warnings: tuple[Problem, ...]


def prepare(
    root: Path, locales=(), formats=(), messages=(), jobs: int | None = None, kits=()
):
    """Load and lay out everything selected; raise ContentError with every problem found.

    Returns the brand book, the composed documents (one per job) and the problems (warnings)."""
    locales = canonical_all(locales)
    book, scoped, problems = _load(root, locales, formats, messages, kits)
    todo = plan(scoped, formats, messages, tuple(kits))
    documents = Runner(book, root, jobs, len(todo)).compose(todo, problems)
    problems.raise_if_errors()
    return book, documents, problems


def build(
    root: Path,
    out: Path,
    *,
    locales=(),
    formats=(),
    messages=(),
    kits=(),
    jobs: int | None = None,
    force: bool = False,
    progress: Progress | None = None,
    press: bool = True,
    wait: bool = True,
    waiting: Waiting | None = None,
) -> BuildResult:
    """Render the selected assets into `out`, then the manifest, page, zips and SHA256SUMS.
    `press=False` keeps the fact sheets, logo pack and favicon already there, even if stale
    (`pressroom serve` shows a save first and renders them right after, with a full build).

    While another build holds `out`, wait for it (telling `waiting` so), or raise lock.Busy
    when not `wait`. A build that fails or is interrupted leaves `out` as it was."""
    output = Output(out)  # (refused here when it is not a folder)
    with hold(out, wait, waiting):
        started = time.perf_counter()  # (not counting the wait)
        output.recover()  # what a killed build left: its switch-over completed, or dropped
        try:
            return _build(
                root, output, started, locales, formats, messages, kits, jobs, force,
                progress, press,
            )
        except BaseException:
            output.abandon()
            raise


def _build(
    root, output, started, locales, formats, messages, kits, jobs, force, progress, press
) -> BuildResult:
    """`build`, holding the output folder."""
    locales = canonical_all(locales)  # BCP 47 ignores case: zh-hans is zh-Hans
    selection = Selection(tuple(locales), tuple(formats), tuple(messages), tuple(kits))
    # The fact sheets are made in another process, forked first: it loads the brand book while
    # this one looks for changes and imports the renderer, then makes them while the assets
    # render (WeasyPrint's start-up and layout take about as long as the stories).
    idle = idle_cores() if jobs is None else None  # counted before that process starts
    beside = None
    if press and (jobs or idle) > 1 and can_fork():
        beside = Beside(_press_files, root, locales, formats, messages, kits, output)
    try:
        # Nothing changed?
        inputs = inputs_of(root, selection)
        if inputs is not None and not force:
            files = up_to_date(output, inputs)
            if files is not None:
                if beside is not None:
                    beside.cancel()
                return BuildResult(0, files, time.perf_counter() - started, ())
        # Load: everything read and checked before anything is written.
        if beside is None:
            book, scoped, problems = _load(root, locales, formats, messages, kits)
            setup = _setup_problem()
        else:
            # While the other process loads: what the rest of the build needs here.
            import pressroom.draw.compose  # noqa: F401
            import pressroom.draw.render  # noqa: F401
            import pressroom.site.press  # noqa: F401
            import pressroom.site.thumbs  # noqa: F401
            from pressroom.site.page import compile_templates

            compile_templates()
            setup = _setup_problem()
            tool_digest()  # (kept: every job's digest starts with it)

            book, problems = beside.heard()
            scoped = _scoped(book, locales)
        if problems.errors:  # lay everything out anyway, to report every problem at once
            prepare(root, locales, formats, messages, jobs, kits)
        if setup is not None:  # the fact sheets' system libraries, before anything is written
            raise setup
        # Plan, keep what is unchanged, compose and render the rest.
        kept, todo = _keep_unchanged(book, scoped, selection, output, force)
        carried = carry_over(book, output, selection)
        codes = {a.locale for a in kept + carried} | {job.locale.code for job, _ in todo}
        jobs = workers_for(jobs, len(todo), idle) if todo else jobs
        logo_pack = None
        if beside is not None:  # the logo pack and favicon: here, while the workers render
            beside.tell(sorted(codes))
            logo_pack = functools.partial(_write_logo_pack, output, book, codes)
        written = _render(book, root, todo, output, jobs, problems, progress, logo_pack)
    except BaseException:
        if beside is not None:
            beside.cancel()
        raise
    # The page, zips, manifest and sums.
    assets = kept + written + carried
    _publish(book, output, assets, codes, inputs, press, beside)
    seconds = time.perf_counter() - started
    return BuildResult(len(written), len(kept), seconds, tuple(problems.warnings))


# --- loading -------------------------------------------------------------------------------------


def _load(
    root: Path, locales, formats, messages, kits=()
) -> tuple[Brandbook, Brandbook, Problems]:
    """The brand book, the same scoped to the selected locales, and the problems so far."""
    from pressroom.brandbook import load  # YAML, JSON Schema, SVG and font parsing

    book, problems = load(root, locales)  # judges the selected locales and the shared files only
    if book is None:
        problems.raise_if_errors()
    _check_selection(book, problems, locales, formats, messages, root, kits)
    return book, _scoped(book, locales), problems


def _setup_problem() -> SetupError | None:
    """What `check_setup` raises, if anything, to raise after the brand book's problems."""
    try:
        check_setup()
    except SetupError as exc:
        return exc
    return None


def _scoped(book: Brandbook, locales) -> Brandbook:
    """The brand book with the selected locales only (all of them when none is selected)."""
    selected = tuple(x for x in book.locales if not locales or x.code in locales)
    return dataclasses.replace(book, locales=selected)


def _check_selection(
    book, problems: Problems, locales, formats, messages, root, kits=()
) -> None:
    for kind, wanted, have in (  # (unknown locales: the loader says so)
        ("format", formats, [f.name for f in book.formats]),
        ("message", messages, sorted({m.id for x in book.locales for m in x.messages})),
        ("kit", kits, list(kits_of(book))),
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


def _keep_unchanged(book, scoped, selection, output, force) -> tuple[list[Asset], list]:
    """The assets of jobs that need no rendering, and the jobs (with their digests) that do."""
    digest_of = Digests(book)
    kept, todo = [], []
    for job in plan(scoped, selection.formats, selection.messages, selection.kits):
        digest = digest_of(job)
        found = None if force else reusable(book, output, job, digest)
        if found is None:
            todo.append((job, digest))
        else:
            kept += found
    return kept, todo


def _render(book, root, todo, output, jobs, problems, progress, aside=None) -> list[Asset]:
    """Compose, render and write `todo`: the assets written. `aside()` runs here while the
    workers render."""
    if not todo:
        if aside is not None:
            aside()
        return []
    # Jobs of one template side by side: a worker draws that template's art once. Motion jobs
    # (a clip costs as much as some 17 stills) go first, so the stills even out the end.
    todo = sorted(
        todo,
        key=lambda t: (not t[0].format.is_motion, t[0].format.name, t[0].message.kind, t[0].key),
    )
    run = Runner(book, root, jobs, len(todo))
    rendered = run.compose_and_render([job for job, _ in todo], problems, progress, aside)
    # With workers rendering, this process makes the page's thumbnails meanwhile, from the
    # PNGs at hand (the page shows every PNG but the plain kit's).
    thumbnails = run.workers > 1
    from pressroom.site.thumbs import write_thumb  # Pillow (imported with the renderer anyway)

    written, pending = [], []
    for n, ((job, digest), outputs) in enumerate(zip(todo, rendered, strict=True)):
        qr = qr_payload(book, job)
        for rel, blob in zip(job.outputs, outputs, strict=True):
            output.write(rel, blob)
            asset = Asset.of(job, rel, len(blob), sha256(blob), digest, qr)
            written.append(asset)
            if thumbnails and asset.is_png and asset.kit != PLAIN:
                pending.append((asset, blob))
        if n:  # (the first job comes before the workers start: its thumbnail waits for them)
            for asset, blob in pending:
                write_thumb(output, asset, blob)
            pending.clear()
    for asset, blob in pending:
        write_thumb(output, asset, blob)
    return written


def _press_files(link, root: Path, locales, formats, messages, kits, output: Output):
    """The fact sheets as writes to replay (`Deferred.apply`), made in another process: it
    loads the brand book and says it (with the problems found), imports WeasyPrint while the
    build plans, hears the codes of the locales that will have assets, then makes theirs."""
    book, _, problems = _load(root, locales, formats, messages, kits)
    link.say((book, problems))
    from pressroom.press import factsheet
    from pressroom.site.press import deferred_factsheets, present

    factsheet._weasyprint()
    gc.freeze()  # what is loaded and imported stays out of the fact sheets' collections
    return deferred_factsheets(output, book, present(book, link.hear()))


def _write_logo_pack(output: Output, book: Brandbook, codes) -> None:
    """The logo pack and favicon, made while the workers render (drawn with cairo, which this
    process has loaded)."""
    from pressroom.site.page import build_epoch
    from pressroom.site.press import present, write_logo_pack

    write_logo_pack(output, book, present(book, codes), build_epoch())


def _publish(
    book: Brandbook,
    output: Output,
    assets: list[Asset],
    codes: set[str],
    inputs: Inputs | None,
    press: bool,
    beside: Beside | None = None,
) -> None:
    """The zips and the page from the assets, then stale files out, the manifest and the sums.
    The press room's files of the locales of `codes` come from `beside` when it made them;
    without `press`, they stay as they are (see build)."""
    from pressroom.site.page import build_epoch, write_page, write_zips  # jinja2, Pillow
    from pressroom.site.press import keep_files, present, write_files

    assets = sorted(assets, key=lambda a: a.path)
    languages = present(book, codes)  # those that have assets
    write_zips(output, book, assets)
    if beside is not None:  # the logo pack and favicon are written already
        Deferred.apply(output, beside.result())  # the fact sheets
    elif press:
        write_files(output, book, languages, build_epoch())
    elif keep_files(output, book, languages, build_epoch()):
        inputs = None  # the next build must look again: the press files may be stale
    write_page(output, book, assets)
    output.finish(GENERATOR, assets, inputs.digest if inputs and inputs.covers(book) else None)

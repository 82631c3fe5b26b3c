"""Command line: parse options, call the library, map errors to exit codes and messages."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from pathlib import Path

import click

from pressroom import GENERATOR
from pressroom.errors import ContentError, PressroomError

EXIT_CONTENT = 1


def _brandbook_option(f):
    return click.option(
        "--brandbook",
        "brandbook",
        default="brandbook",
        show_default=True,
        type=click.Path(path_type=Path, file_okay=False),
        help="The brand book folder.",
    )(f)


def _debug_option(f):
    return click.option("--debug", is_flag=True, help="Show tracebacks.")(f)


def _report(exc: Exception, debug: bool, wrote: bool = True) -> None:
    if debug:
        raise exc
    if isinstance(exc, ContentError):
        for problem in [*exc.warnings, *exc.problems]:
            click.echo(str(problem), err=True)
        n = len(exc.problems)
        tail = "; nothing was written." if wrote else "."
        click.echo(f"{n} problem{'s' if n != 1 else ''} found{tail}", err=True)
    else:
        click.echo(f"error: {exc}", err=True)
    sys.exit(EXIT_CONTENT)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(message=GENERATOR, version="")
def main() -> None:
    """pressroom: turns a campaign's words into its whole media kit."""
    _tune_process()


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


class _Renamed(click.Option):
    """An option whose later names are old spellings: accepted, left out of --help."""

    def get_help_record(self, ctx):
        names, self.opts = self.opts, self.opts[:1]
        try:
            return super().get_help_record(ctx)
        finally:
            self.opts = names


_kit_option = click.option(
    "--kit",
    "--variant",  # its old name: still accepted, not shown
    "kits",
    cls=_Renamed,
    multiple=True,
    help="Only this kit: main, a partner's id or plain (repeatable).",
)


def _build_options(f):
    """The options `build` and `serve` share: output folder, selection, processes, --force,
    --no-wait."""
    options = [
        click.option(
            "--out",
            default="output",
            show_default=True,
            type=click.Path(path_type=Path, file_okay=False),
            help="The output folder.",
        ),
        click.option("--locale", "locales", multiple=True, help="Only this locale (repeatable)."),
        click.option("--format", "formats", multiple=True, help="Only this format (repeatable)."),
        click.option(
            "--message", "messages", multiple=True, help="Only this message id (repeatable)."
        ),
        _kit_option,
        click.option(
            "--jobs",
            type=click.IntRange(min=1),
            default=None,
            help="Processes to render with [default: the idle cores, one per 16 jobs at most].",
        ),
        click.option("--force", is_flag=True, help="Render everything, even what is unchanged."),
        click.option(
            "--no-wait",
            is_flag=True,
            help="When another build is writing the output folder, stop instead of waiting.",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


@main.command()
@_brandbook_option
@_build_options
@_debug_option
def build(
    brandbook, out, locales, formats, messages, kits, jobs, force, no_wait, debug
) -> None:
    """Render the selected assets (default: everything) and the download page."""
    from pressroom.build import build as run_build
    from pressroom.kit.plan import Selection

    bar = _ProgressBar() if sys.stderr.isatty() else None
    try:
        result = run_build(
            brandbook,
            out,
            Selection(locales, formats, messages, kits),
            jobs=jobs,
            force=force,
            progress=bar,
            wait=not no_wait,
            waiting=_say_waiting,
        )
    except PressroomError as exc:
        if bar:
            bar.close()
        _report(exc, debug)
        return
    if bar:
        bar.close()
    for warning in result.warnings:
        click.echo(str(warning), err=True)
    click.echo(
        f"built {result.built} assets ({result.unchanged} unchanged) in {result.seconds:.1f} s"
    )


@main.command()
@_brandbook_option
@_build_options
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to listen on; any other than 127.0.0.1 opens the preview to your network.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="The port to listen on (0: any free port).",
)
@_debug_option
def serve(
    brandbook, out, locales, formats, messages, kits, jobs, force, no_wait, host, port, debug
) -> None:
    """Build, serve the output folder, rebuild on every change and reload open pages.

    Watches the brand book and the font folder that brand.yaml names. Problems are listed on
    the terminal and over the page; the last good build stays. Each rebuild waits for a build
    that another process is writing into the same folder (with --no-wait: skips it and says
    so). --force renders everything
    once, at the start. Ctrl-C stops. Without --kit it previews the campaign's own kit
    (main): every kit would make each save several times slower; name a partner's id or plain
    to preview that kit.
    """
    from pressroom.kit.plan import MAIN, Selection
    from pressroom.preview.session import serve as run_serve

    try:
        run_serve(
            brandbook,
            out,
            host=host,
            port=port,
            selection=Selection(locales, formats, messages, kits or (MAIN,)),
            jobs=jobs,
            force=force,
            wait=not no_wait,
            report=lambda line, error: click.echo(line, err=error),
            debug=debug,
        )
    except PressroomError as exc:
        _report(exc, debug, wrote=False)
        return
    except KeyboardInterrupt:
        pass
    click.echo("stopped")


def _say_waiting(line: str) -> None:
    click.echo(line, err=True)


class _ProgressBar:
    """The build's progress on one line of stderr: the step, a bar, the fraction, the time
    since the start and the estimate of the time left (the library sends a report at least
    twice a second, so the elapsed time ticks on)."""

    WIDTH = 28

    def __init__(self):
        self._shown = 0  # the width of the line last drawn

    def __call__(self, report) -> None:
        filled = round(report.fraction * self.WIDTH)
        left = "" if report.remaining is None else f", about {_clock(report.remaining)} left"
        line = (
            f"{report.step:<11} [{'#' * filled}{'-' * (self.WIDTH - filled)}] "
            f"{report.fraction:4.0%}  {_clock(report.elapsed)}{left}"
        )
        click.echo("\r" + line.ljust(self._shown), nl=False, err=True)
        self._shown = len(line)

    def close(self) -> None:
        if self._shown:
            click.echo(err=True)


def _clock(seconds: float) -> str:
    """m:ss"""
    whole = max(0, round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


@main.command()
@_brandbook_option
@click.option("--locale", "locales", multiple=True, help="Only this locale (repeatable).")
@_kit_option
@_debug_option
def check(brandbook, locales, kits, debug) -> None:
    """Validate everything a build needs, without writing anything."""
    from pressroom.check import check as run_check

    try:
        result = run_check(brandbook, locales, kits)
    except PressroomError as exc:
        _report(exc, debug, wrote=False)
        return
    for warning in result.warnings:
        click.echo(str(warning), err=True)
    click.echo(
        f"ok: {result.locales} locales, {result.messages} messages, {result.formats} "
        f"formats, {result.layouts} layouts checked"
        + (f", {len(result.warnings)} warning{'s' * (len(result.warnings) != 1)}"
           if result.warnings else "")
    )


@main.command()
@_brandbook_option
@click.option("--locale", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option("--format", "formats", multiple=True, help="Only this format (repeatable).")
@click.option("--message", "messages", multiple=True, help="Only this message id (repeatable).")
@_kit_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON: one object per text slot.")
@_debug_option
def proof(brandbook, locales, formats, messages, kits, as_json, debug) -> None:
    """Print how every text is set: its size and lines, per format and kit."""
    import json

    from pressroom.check import proof as run_proof
    from pressroom.kit.plan import Selection

    try:
        found, problems = run_proof(brandbook, Selection(locales, formats, messages, kits))
    except PressroomError as exc:
        _report(exc, debug, wrote=False)
        return
    if as_json:
        click.echo(json.dumps([p.to_json() for p in found], ensure_ascii=False, indent=1))
    else:
        job = None
        for p in found:
            if (p.locale, p.kit, p.format, p.message) != job:
                job = (p.locale, p.kit, p.format, p.message)
                click.echo(f"{p.locale} · {p.format} · {p.message}" + (
                    f" · {p.kit}" if p.kit != "main" else ""))
            click.echo(f"  {p.slot} ({round(p.size, 1):g} px)")
            for line in p.lines:
                click.echo(f"    | {line.text.rstrip()}")
    for problem in problems.items:  # a text that does not fit: no proof of it
        click.echo(str(problem), err=True)
    if problems.errors:
        raise SystemExit(1)


@main.group()
def locale() -> None:
    """Add languages."""


@locale.command(name="new")
@click.argument("code")
@click.option(
    "--from",
    "source",
    default=None,
    metavar="CODE",
    help="The locale to start from [default: the reference locale].",
)
@_brandbook_option
@_debug_option
def locale_new(code, source, brandbook, debug) -> None:
    """Write locales/CODE.yaml with every text of the reference, marked to translate."""
    from pressroom.brandbook.newlocale import BadLocaleCode, LocaleExists, new_locale

    try:
        path = new_locale(brandbook, code, source)
    except (BadLocaleCode, LocaleExists) as exc:
        raise click.BadParameter(str(exc), param_hint="CODE") from exc
    except PressroomError as exc:
        _report(exc, debug)
        return
    click.echo(f"wrote {path}: translate every value marked TRANSLATE:, then run pressroom check")


@locale.command(name="export")
@click.argument("code", required=False)
@click.option("--template", is_flag=True, help="Write the template (POT): every msgstr empty.")
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write to FILE [default: standard output].",
)
@_brandbook_option
@_debug_option
def locale_export(code, template, out, brandbook, debug) -> None:
    """Write locale CODE (or the template) as a gettext PO file, for a translation platform
    or a PO editor: one entry per text to translate."""
    from pressroom.brandbook.po import export

    if (code is None) == (not template):
        raise click.UsageError("give a locale CODE, or --template (not both)")
    try:
        po = export(brandbook, None if template else code)
    except PressroomError as exc:
        _report(exc, debug, wrote=False)
        return
    text = str(po) + "\n"
    if out is None:
        click.echo(text, nl=False)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    click.echo(f"wrote {out}: {len(po)} texts, {len(po.translated_entries())} translated",
               err=True)


@locale.command(name="import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--locale",
    "code",
    default=None,
    metavar="CODE",
    help="The locale to write [default: the PO file's Language].",
)
@_brandbook_option
@_debug_option
def locale_import(file, code, brandbook, debug) -> None:
    """Write locales/CODE.yaml from a PO file: texts not translated (or fuzzy) become
    TRANSLATE: drafts; everything else in the file stays as it was."""
    from pressroom.brandbook.po import import_po

    try:
        done = import_po(brandbook, file, code)
    except PressroomError as exc:
        _report(exc, debug, wrote=False)
        return
    if not done.changed:
        click.echo(f"{done.path}: unchanged ({done.translated} texts translated)")
        return
    left = f"; {done.drafts} not translated yet (draft)" if done.drafts else ""
    click.echo(f"wrote {done.path}: {done.translated} texts translated{left}; "
               f"run pressroom check --locale {done.path.stem}")


@main.command(name="list")
@_brandbook_option
@_debug_option
def list_(brandbook, debug) -> None:
    """Formats, locales, messages and kits, as tables."""
    from pressroom.brandbook import load

    book, problems = load(brandbook)
    if book is None:
        try:
            problems.raise_if_errors()
        except PressroomError as exc:
            _report(exc, debug)
        return
    rows = [("FORMAT", "SIZE", "USE")]
    for f in book.formats:
        size = f"{f.width:g}×{f.height:g} {f.unit}" + (f" +{f.bleed:g} bleed" if f.bleed else "")
        if f.motion is not None:
            size += f", {f.motion.duration:g} s MP4"
        rows.append((f.name, size, f.use))
    _table(rows)
    click.echo()
    rows = [("LOCALE", "NAME", "SCRIPT", "DIR", "MESSAGES", "STALE")]
    for x in book.locales:
        stale = book.stale.get(x.code, 0)
        rows.append(
            (x.code, x.name, x.script, x.direction, str(len(x.messages)), str(stale) if stale
             else "")
        )
    for d in book.drafts:
        rows.append(
            (d.code, f"draft: {d.translated} of {d.total} texts translated", "", "", "", "")
        )
    _table(rows)
    click.echo()
    ref = next((x for x in book.locales if x.code == book.brand.reference_locale), None)
    rows = [("MESSAGE", "KIND", "TEXT")]
    for m in ref.messages if ref else ():
        rows.append((m.id, m.kind, m.texts.get("headline") or m.texts.get("figure", "")))
    _table(rows)
    click.echo()
    from pressroom.kit.plan import PLAIN, kit_folder, kits_of

    rows = [("KIT", "FOLDER", "WHAT")]
    for v in kits_of(book):
        partner = book.brand.partner(v)
        what = (
            f"{partner.name}: co-branded; QR codes to "
            + (partner.url if partner.qr == "own" and partner.url else "the campaign page")
            if partner
            else "no wordmark, URL, QR code or campaign marks" if v == PLAIN
            else "the campaign's own kit"
        )
        rows.append((v, f"{kit_folder(v)}/".replace("./", "(top)"), what))
    _table(rows)
    for problem in problems.items:
        click.echo(str(problem), err=True)


def _table(rows) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())

"""What every command shares: the common options, and how a problem is reported (the file,
the line and the fix, all at once, exit 1; a traceback only with --debug)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pressroom.errors import ContentError

EXIT_CONTENT = 1


def brandbook_option(f):
    return click.option(
        "--brandbook",
        "brandbook",
        default="brandbook",
        show_default=True,
        type=click.Path(path_type=Path, file_okay=False),
        help="The brand book folder.",
    )(f)


def debug_option(f):
    return click.option("--debug", is_flag=True, help="Show tracebacks.")(f)


def report(exc: Exception, debug: bool, wrote: bool = True) -> None:
    """Say what is wrong and exit 1: each problem of a ContentError (with its file and line),
    then how many; any other error in one line. With --debug, the traceback instead."""
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


class _Renamed(click.Option):
    """An option whose later names are old spellings: accepted, left out of --help."""

    def get_help_record(self, ctx):
        names, self.opts = self.opts, self.opts[:1]
        try:
            return super().get_help_record(ctx)
        finally:
            self.opts = names


kit_option = click.option(
    "--kit",
    "--variant",  # its old name: still accepted, not shown
    "kits",
    cls=_Renamed,
    multiple=True,
    help="Only this kit: main, a partner's id or plain (repeatable).",
)


def build_options(f):
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
        kit_option,
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

"""`pressroom build` and `pressroom serve`, and the build's progress on the terminal."""

from __future__ import annotations

import sys

import click

from pressroom.cli.common import brandbook_option, build_options, debug_option, report
from pressroom.errors import PressroomError


@click.command()
@brandbook_option
@build_options
@debug_option
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
        report(exc, debug)
        return
    if bar:
        bar.close()
    for warning in result.warnings:
        click.echo(str(warning), err=True)
    click.echo(
        f"built {result.built} assets ({result.unchanged} unchanged) in {result.seconds:.1f} s"
    )


@click.command()
@brandbook_option
@build_options
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
@debug_option
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
        report(exc, debug, wrote=False)
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

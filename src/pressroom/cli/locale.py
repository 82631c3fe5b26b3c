"""`pressroom locale new|export|import`: adding a language, and a translation platform's PO
files in and out."""

from __future__ import annotations

from pathlib import Path

import click

from pressroom.cli.common import brandbook_option, debug_option, report
from pressroom.errors import PressroomError


@click.group()
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
@brandbook_option
@debug_option
def locale_new(code, source, brandbook, debug) -> None:
    """Write locales/CODE.yaml with every text of the reference, marked to translate."""
    from pressroom.brandbook.newlocale import BadLocaleCode, LocaleExists, new_locale

    try:
        path = new_locale(brandbook, code, source)
    except (BadLocaleCode, LocaleExists) as exc:
        raise click.BadParameter(str(exc), param_hint="CODE") from exc
    except PressroomError as exc:
        report(exc, debug)
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
@brandbook_option
@debug_option
def locale_export(code, template, out, brandbook, debug) -> None:
    """Write locale CODE (or the template) as a gettext PO file, for a translation platform
    or a PO editor: one entry per text to translate."""
    from pressroom.brandbook.po import export

    if (code is None) == (not template):
        raise click.UsageError("give a locale CODE, or --template (not both)")
    try:
        po = export(brandbook, None if template else code)
    except PressroomError as exc:
        report(exc, debug, wrote=False)
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
@brandbook_option
@debug_option
def locale_import(file, code, brandbook, debug) -> None:
    """Write locales/CODE.yaml from a PO file: texts not translated (or fuzzy) become
    TRANSLATE: drafts; everything else in the file stays as it was."""
    from pressroom.brandbook.po import import_po

    try:
        done = import_po(brandbook, file, code)
    except PressroomError as exc:
        report(exc, debug, wrote=False)
        return
    if not done.changed:
        click.echo(f"{done.path}: unchanged ({done.translated} texts translated)")
        return
    left = f"; {done.drafts} not translated yet (draft)" if done.drafts else ""
    click.echo(f"wrote {done.path}: {done.translated} texts translated{left}; "
               f"run pressroom check --locale {done.path.stem}")

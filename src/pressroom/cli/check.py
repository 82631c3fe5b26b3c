"""`pressroom check`, `proof` and `list`: what a brand book holds and how it is set, without
writing anything."""

from __future__ import annotations

import click

from pressroom.cli.common import brandbook_option, debug_option, kit_option, report
from pressroom.errors import PressroomError


@click.command()
@brandbook_option
@click.option("--locale", "locales", multiple=True, help="Only this locale (repeatable).")
@kit_option
@debug_option
def check(brandbook, locales, kits, debug) -> None:
    """Validate everything a build needs, without writing anything."""
    from pressroom.check import check as run_check

    try:
        result = run_check(brandbook, locales, kits)
    except PressroomError as exc:
        report(exc, debug, wrote=False)
        return
    for warning in result.warnings:
        click.echo(str(warning), err=True)
    click.echo(
        f"ok: {result.locales} locales, {result.messages} messages, {result.formats} "
        f"formats, {result.layouts} layouts checked"
        + (f", {len(result.warnings)} warning{'s' * (len(result.warnings) != 1)}"
           if result.warnings else "")
    )


@click.command()
@brandbook_option
@click.option("--locale", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option("--format", "formats", multiple=True, help="Only this format (repeatable).")
@click.option("--message", "messages", multiple=True, help="Only this message id (repeatable).")
@kit_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON: one object per text slot.")
@debug_option
def proof(brandbook, locales, formats, messages, kits, as_json, debug) -> None:
    """Print how every text is set: its size and lines, per format and kit."""
    import json

    from pressroom.check import proof as run_proof
    from pressroom.kit.plan import Selection

    try:
        found, problems = run_proof(brandbook, Selection(locales, formats, messages, kits))
    except PressroomError as exc:
        report(exc, debug, wrote=False)
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


@click.command(name="list")
@brandbook_option
@debug_option
def list_(brandbook, debug) -> None:
    """Formats, locales, messages and kits, as tables."""
    from pressroom.brandbook import load

    book, problems = load(brandbook)
    if book is None:
        try:
            problems.raise_if_errors()
        except PressroomError as exc:
            report(exc, debug)
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

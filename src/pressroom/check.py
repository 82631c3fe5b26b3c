"""`check()`: everything a build validates, with nothing rendered or written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pressroom.build import prepare
from pressroom.draw.syslibs import PANGO_FIX
from pressroom.errors import Problem, Problems, SetupError
from pressroom.kit.plan import Selection


@dataclass(frozen=True)
class CheckResult:
    locales: int
    messages: int
    formats: int
    layouts: int
    warnings: tuple[Problem, ...]


def check(
    root: Path, locales: tuple[str, ...] = (), kits: tuple[str, ...] = ()
) -> CheckResult:
    """Load and lay out every selected asset (every kit, or the `kits` named) and the fact
    sheet of every selected locale; raise ContentError listing every problem."""
    selection = Selection(locales=locales, kits=kits)
    book, composed, problems = prepare(root, selection)
    chosen = [x for x in book.locales if selection.selects_locale(x.code)]
    _fact_sheets(book, chosen, problems)
    problems.raise_if_errors()
    return CheckResult(
        len(chosen),
        sum(len(x.messages) for x in chosen),
        len(book.formats),
        len(composed),
        tuple(problems.warnings),
    )


def _fact_sheets(book, chosen, problems: Problems) -> None:
    """Each fact sheet laid out, to say which would be too long (the build would refuse it).
    Without WeasyPrint's system libraries that is a warning: only `build` needs them."""
    from pressroom.press import factsheet

    try:
        factsheet.check_pages(book, chosen, problems)
    except SetupError:
        problems.warn(
            book.root, 0, "", "the fact sheets were not laid out: WeasyPrint cannot start",
            PANGO_FIX,
        )

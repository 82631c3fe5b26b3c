"""`check()`: everything a build validates, with nothing rendered or written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pressroom.build import prepare
from pressroom.errors import Problem
from pressroom.langtags import canonical_all


@dataclass(frozen=True)
class CheckResult:
    locales: int
    messages: int
    formats: int
    layouts: int
    warnings: tuple[Problem, ...]


def check(root: Path, locales: tuple[str, ...] = ()) -> CheckResult:
    """Load and lay out every selected asset; raise ContentError listing every problem."""
    locales = canonical_all(locales)
    book, composed, problems = prepare(root, locales)
    chosen = [x for x in book.locales if not locales or x.code in locales]
    return CheckResult(
        len(chosen),
        sum(len(x.messages) for x in chosen),
        len(book.formats),
        len(composed),
        tuple(problems.warnings),
    )

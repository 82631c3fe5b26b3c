"""One exception family; every problem names where it is, what is wrong and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, printed as `path:line: key: problem — fix`."""

    path: str
    line: int
    key: str
    problem: str
    fix: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        key = f" {self.key}:" if self.key else ""
        label = "warning: " if self.severity == "warning" else ""
        return f"{where}:{key} {label}{self.problem} — {self.fix}"


class PressroomError(Exception):
    """Base of every error pressroom reports to a user."""


class PrintError(PressroomError):
    """A poster cannot be made print-ready (a template construct that has no CMYK form)."""


class ContentError(PressroomError):
    """The brand book has problems; carries all of them at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))


def _problem_order(p: Problem) -> tuple:
    return (p.path, p.line, p.key, p.problem)


class Problems:
    """Collects problems during a validation pass; raises them all at the end."""

    def __init__(self, root: Path | None = None):
        self.root = root
        self.items: list[Problem] = []

    def rel(self, path: Path | str) -> str:
        path = Path(path)
        if self.root is not None:
            try:
                return str(path.resolve().relative_to(self.root.resolve().parent))
            except ValueError:
                pass
        return str(path)

    def add(self, path, line, key, problem, fix, severity="error") -> None:
        self.items.append(Problem(self.rel(path), line or 0, key, problem, fix, severity))

    def warn(self, path, line, key, problem, fix) -> None:
        self.add(path, line, key, problem, fix, "warning")

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ContentError(self.errors)

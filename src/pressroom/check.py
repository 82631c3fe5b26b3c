"""`check()`: everything a build validates, with nothing rendered or written; `proof()`: how
every text is set, line by line, for a translator to see each line break (and a designer each
size) without opening an image."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from pressroom.build import load_selection, prepare
from pressroom.draw.compose import compose
from pressroom.draw.fill import TextFill
from pressroom.draw.syslibs import PANGO_FIX
from pressroom.errors import Problem, Problems, SetupError
from pressroom.kit.plan import EVERYTHING, Selection, plan


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


@dataclass(frozen=True)
class ProofLine:
    text: str  # as set (a drawn hyphen included)
    ink_top: float  # the line's ink, in the format's pixels from the top
    ink_bottom: float


@dataclass(frozen=True)
class Proof:
    locale: str
    kit: str
    format: str
    message: str
    slot: str
    size: float  # the font size chosen, in the format's pixels
    lines: tuple[ProofLine, ...]

    def to_json(self) -> dict:
        return asdict(self)


def proof(root: Path, selection: Selection = EVERYTHING) -> tuple[list[Proof], Problems]:
    """Every text slot of every selected job as laid out, and the problems met (a text that
    does not fit is a problem, not a proof)."""
    book, problems = load_selection(root, selection)
    problems.raise_if_errors()
    found = []
    for job in plan(book, selection):
        composed = compose(book, job, problems)
        if composed is None:
            continue
        template = book.templates[job.format.name]
        px = job.format.pixel_size[0] / template.width  # pixels per template unit
        for slot, fill in composed.contents.items():
            if isinstance(fill, TextFill):
                found.append(_proof(job, slot, fill, px))
    return found, problems


def _proof(job, slot: str, fill: TextFill, px: float) -> Proof:
    block = fill.block
    lines = []
    for line in block.lines:
        top, bottom = float("inf"), float("-inf")
        for g in block.glyphs:
            if line.start <= g.char < line.end:
                _, iy0, _, iy1 = fill.chain[g.face].ink(g.gid)
                top = min(top, g.y - iy1 * block.size)
                bottom = max(bottom, g.y - iy0 * block.size)
        if top > bottom:  # no ink (spaces only)
            top = bottom = line.baseline
        text = block.text[line.start : line.end] + ("-" if line.hyphen else "")
        lines.append(ProofLine(text, round(top * px, 1), round(bottom * px, 1)))
    return Proof(
        job.locale.code, job.kit, job.format.name, job.message.id, slot,
        round(block.size * px, 1), tuple(lines),
    )

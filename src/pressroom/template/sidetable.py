"""A template's side table, as data: slot attributes kept in a YAML file beside the template
(`story.slots.yaml` beside `story.svg`), for editors that cannot write `data-` attributes
(Figma), so that a re-exported SVG keeps its slots' styles without an edit.

Each entry is a slot as its layer is named, without `slot-`: `headline` (every headline slot)
or `url-fact` (the url slot of facts only), with attributes named as in the SVG
(`data-max-size`) and their values as an attribute would hold them. brandbook/sidefile.py reads
the file into a `SlotTable`; sidestyle.py sets its values on the template's slots and returns a
`Styled`: where each value it set is written, so that a problem with it is said there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

SUFFIX = ".slots.yaml"


def side_path(template: Path) -> Path:
    """The side table of a template: story.svg → story.slots.yaml, in the same folder."""
    return template.with_name(template.stem + SUFFIX)


@dataclass(frozen=True)
class Setting:
    attribute: str  # as in the SVG: data-max-size
    value: str  # as an attribute holds it: "60"
    line: int


@dataclass(frozen=True)
class Entry:
    key: str  # as written: headline, url-fact
    name: str  # the slot's name: url
    kind: str | None  # the kind the key names (url-fact: fact); None: every slot of the name
    line: int
    settings: tuple[Setting, ...]
    broken: bool = False  # it has a problem of its own: its slots' missing values are not said


@dataclass(frozen=True)
class SlotTable:
    path: Path
    entries: tuple[Entry, ...]
    usable: bool = True  # False: the file could not be read at all (its problem is said)

    @property
    def failed(self) -> bool:
        """Whether reading it found a problem: its template is then left out, as a template
        with a problem is."""
        return not self.usable or any(e.broken for e in self.entries)


@dataclass(frozen=True)
class Styled:
    """What a side table set on a template's slots: for each (element, attribute) the side
    file's line and the entry's key; and the slot elements whose entry has a problem (a
    broken value, a misspelt key), whose missing attributes are therefore not said again."""

    path: Path | None = None  # the template's side file, whether it exists or not
    lines: dict = field(default_factory=dict)  # (element, attribute) -> (line, key)
    broken: frozenset = frozenset()

    def where(self, el, attribute: str) -> tuple[Path, int, str] | None:
        """(side file, line, slot-KEY) where `attribute` of `el` was set, or None when it is the
        template's own (or missing)."""
        found = self.lines.get((el, attribute))
        return None if found is None else (self.path, found[0], f"slot-{found[1]}")

    @property
    def also(self) -> str:
        """The end of a fix for a missing attribute: where else it may be given."""
        if self.path is None:
            return ""
        return f" (on the slot, or in the side table {self.path.name} beside the template)"


UNSTYLED = Styled()

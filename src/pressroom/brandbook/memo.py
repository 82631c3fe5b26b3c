"""What a warm process keeps from one load of the brand book to the next: each template as
loaded for a format, and each locale file as read and judged on its own.

`pressroom serve` loads the brand book again on every save; loading the templates (parsing,
cleaning, cutting each into its parts for every kind, direction and kit) and judging every
locale took most of a rebuild, though a save changes one file. A `Memo` hands back what an
earlier load made from the same inputs, and makes again whatever changed.

Each kept value is found by a digest of everything it was made from, never by a file's name or
time alone: a template by its file's bytes (read again every time), the format, brand.yaml as
read (`Brand`, whole), its side table as read, and the image files it links, each read again
and compared; a locale by its file's bytes, the brand, its code and whether it is the
reference (reading one reads nothing else). A template is kept only when it loaded without an
error (an error's words may depend on other files: the templates beside a misfitting one), a
locale when its file could be parsed. The problems a kept load said are said again with it. A
plain `pressroom build` makes a new Memo for its one load, so it keeps nothing.

A Memo also holds the digests of the output folder's files the last builds hashed
(`outputs`: read/filehashes.py), hashed again only when a file's `stat` changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path

from pressroom.brandbook.locales import LocaleFile, read_locale
from pressroom.errors import Problem, Problems
from pressroom.model import Brand, Format, Template
from pressroom.read.filehashes import FileHashes
from pressroom.read.files import InputError
from pressroom.read.yamlfile import read_raw
from pressroom.template.imagefile import Linked
from pressroom.template.load import make_template, read_template
from pressroom.template.sidetable import SlotTable


@dataclass(frozen=True)
class _Kept:
    key: str  # digest of what it was made from
    value: object
    said: tuple[Problem, ...] = ()  # the problems its load added
    links: tuple[Linked, ...] = ()  # image files it was made from too (read again to compare)


class Memo:
    """Templates and locale files as loaded, by what they were made from (one of each per
    template and format, and per locale file: a new one replaces the old)."""

    def __init__(self) -> None:
        self._templates: dict[tuple[str, str], _Kept] = {}
        self._locales: dict[tuple[str, bool], _Kept] = {}
        self._brand: tuple[Brand | None, str] = (None, _digest(None))  # the last one's digest
        self.outputs = FileHashes()  # the output folder's files, as hashed

    def template(
        self,
        path: Path,
        fmt: Format,
        brand: Brand,
        problems: Problems,
        book_root: Path,
        table: SlotTable | None = None,
    ) -> Template | None:
        """`load_template(path, fmt, brand, problems, book_root, table)`, kept."""
        book_root = book_root.resolve()
        data = read_template(path, fmt, book_root, problems)  # read every time: its bytes
        if data is None:
            return None
        key = _digest(path, book_root, fmt, self._of(brand), table, _sha256(data))
        place = (str(path), fmt.name)
        kept = self._templates.get(place)
        if kept is not None and kept.key == key and all(
            link.unchanged(book_root) for link in kept.links
        ):
            problems.items.extend(kept.said)
            return kept.value
        found = Problems(problems.root)
        template, links = make_template(data, path, fmt, brand, found, book_root, table)
        problems.items.extend(found.items)
        self._templates.pop(place, None)
        if template is not None and not found.errors:
            self._templates[place] = _Kept(key, template, tuple(found.items), links)
        return template

    def locale(
        self, file: Path, code: str, brand: Brand | None, root: Path, reference: bool = False
    ) -> LocaleFile:
        """`read_locale(file, code, brand, root, reference)`, kept: a copy, which the caller
        may go on judging (locales.compare adds to its problems)."""
        try:
            raw = read_raw(file, root)
        except InputError:  # read_locale says what is wrong with it
            return read_locale(file, code, brand, root, reference)
        key = _digest(file, root, code, reference, self._of(brand), _sha256(raw))
        place = (str(file), reference)
        kept = self._locales.get(place)
        if kept is None or kept.key != key:
            found = read_locale(file, code, brand, root, reference, raw)
            self._locales.pop(place, None)
            if found.doc is None:  # (a draft's lines were counted by reading it again)
                return found
            kept = self._locales[place] = _Kept(key, _copy(found))
        return _copy(kept.value)


    def _of(self, brand: Brand | None) -> str:
        """The brand's digest: worked out once for each brand a load reads (its logos make its
        repr long, and every template and locale of the load is keyed by it)."""
        if self._brand[0] is not brand:
            self._brand = (brand, _digest(brand))
        return self._brand[1]


def _copy(found: LocaleFile) -> LocaleFile:
    """A locale file as read, with its own lists: judging it further changes only the copy."""
    problems = Problems(found.problems.root)
    problems.items = list(found.problems.items)
    return dataclasses.replace(
        found, problems=problems, dropped=list(found.dropped), stale=list(found.stale)
    )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _digest(*inputs) -> str:
    """One digest of values by their repr: a dataclass's repr names every field, and a value
    whose repr is not its content (an object's address) only makes a key that never matches."""
    h = hashlib.sha256()
    for value in inputs:
        h.update(repr(value).encode())
        h.update(b"\0")
    return h.hexdigest()

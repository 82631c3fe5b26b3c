"""Which reference text each translation was made from, and which have gone stale since.

A translation records its reference text in the comment line right above its key, in the
reference's code: `# en: Say no to the ban`. `pressroom locale new` writes these lines and
`pressroom locale import` keeps them up to date, so a translator who edits the YAML by hand
sees the English beside the value, and the tool can tell when the English has changed since:
the record is the old text, the reference file holds the new one. The record is kept in the
locale file itself (not in a lock file beside it): it travels with the translation through
every merge and review, and a translator updates it with the value it describes.

A text without a record is taken as up to date: nothing can be said about it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pressroom.brandbook.translation import untranslated


@dataclass(frozen=True)
class Stale:
    keys: tuple
    line: int
    was: str  # the reference text the translation was made from
    now: str  # the reference text today


def collapsed(text: str) -> str:
    """A text as a record holds it: on one line, runs of white space as one space."""
    return " ".join(text.split())


def record_line(lines: list[str], line: int, ref_code: str) -> int | None:
    """The 1-based number of the record comment (`# CODE: …`) in the block of comment lines
    right above `line`, or None."""
    mark = re.compile(r"^\s*#\s*" + re.escape(ref_code) + r":\s?")
    n = line - 1  # the line above, 1-based
    while n >= 1:
        text = lines[n - 1]
        stripped = text.strip()
        if not stripped.startswith("#"):
            return None
        if mark.match(text):
            return n
        n -= 1
    return None


def recorded(lines: list[str], line: int, ref_code: str) -> str | None:
    """The reference text recorded above `line`, or None when there is no record."""
    n = record_line(lines, line, ref_code)
    if n is None:
        return None
    text = lines[n - 1]
    return text[text.index(":", text.index("#")) + 1 :].strip()


def stale_texts(
    texts: dict[tuple, str], ref_texts: dict[tuple, str], source: str, line_of, ref_code: str
) -> list[Stale]:
    """The translated texts whose record differs from today's reference text. `source` is the
    locale file's text, `line_of(*keys)` the line of a key."""
    lines = source.splitlines()
    out = []
    for keys, value in texts.items():
        ref = ref_texts.get(keys)
        if ref is None or untranslated(value):
            continue
        line = line_of(*keys)
        if not 1 <= line <= len(lines):
            continue
        was = recorded(lines, line, ref_code)
        if was is not None and was != collapsed(ref):
            out.append(Stale(keys, line, was, collapsed(ref)))
    return out

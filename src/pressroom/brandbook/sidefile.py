"""Side tables: a template's slot styles in `NAME.slots.yaml` beside `NAME.svg`
(template/sidetable.py says why). Each is read like every file of the brand book: a regular file
inside it (read/files.py), by the project's YAML reader (every line kept), and judged by
slots.schema.json, which knows the keys and the form of values. The values themselves are
judged later by slotstyle's table, as data- attributes are, so that both say the same.

A side file whose template does not exist is named with a warning: a renamed template leaves
its styles behind.
"""

from __future__ import annotations

import os
from pathlib import Path

from pressroom.brandbook.schemas import SLOTS, read, validate
from pressroom.errors import Problems
from pressroom.template.sidetable import SUFFIX, Entry, Setting, SlotTable, side_path
from pressroom.template.slots import PREFIX, split_name

EMPTY_FIX = "map slot names to their attributes: headline: then data-max-size: 60 below it"


def read_side_table(template: Path, root: Path, problems: Problems) -> SlotTable | None:
    """The side table of `template`, or None when there is none. One with problems has them
    added; its broken entries are marked (an unreadable file: `usable` False)."""
    path = side_path(template)
    if not os.path.lexists(path):
        return None
    doc = read(path, problems, root)
    if doc is None:
        return SlotTable(path, (), usable=False)
    if doc.data is None:  # only comments: nothing is set
        return SlotTable(path, ())
    found = validate(doc, SLOTS, problems, EMPTY_FIX)
    if () in found or not isinstance(doc.data, dict):
        return SlotTable(path, (), usable=False)
    entries = []
    for key, spec in doc.data.items():
        said = {keys[1:2] for keys in found if keys[:1] == (key,)}  # () or (attribute,)
        entries.append(_entry(doc, key, spec, said, problems))
    return SlotTable(path, tuple(entries))


def _entry(doc, written, spec, said: set[tuple], problems: Problems) -> Entry:
    """The entry of key `written` (as YAML read it); `said` holds the schema's problems in it:
    () for the whole entry, (attribute,) for one value, which is then left out (its problem is
    said)."""
    line, broken, key = doc.line(written), bool(said), str(written)
    if key.startswith(PREFIX):  # said, and read as meant, so that its slot is not unstyled
        key = key[len(PREFIX):]
        problems.add(doc.path, line, str(written), "a key is the layer's name without slot-",
                     f"write {key}:")
        broken = True
    name, kind = split_name(key)
    settings = []
    for attribute, value in (spec.items() if isinstance(spec, dict) and () not in said else ()):
        if (attribute,) in said:
            continue
        at = doc.line(written, attribute)
        if attribute == "data-kind" and kind is not None:
            problems.add(
                doc.path, at, f"slot-{key} data-kind",
                f"the key {key} already says the slot is for {kind}s only",
                f"remove data-kind here, or write it under {name}:",
            )
            broken = True
            continue
        settings.append(Setting(str(attribute), _text(value), at))
    return Entry(key, name, kind, line, tuple(settings), broken)


def _text(value) -> str:
    """A YAML value as an attribute would hold it: 60 → "60"; `data-mirror: no`, which YAML
    reads as false, → "no" (the schema allows false nowhere else)."""
    if value is False:
        return "no"
    return str(value)


def stray_side_tables(root: Path, problems: Problems) -> None:
    """Warn about each side file in templates/ that belongs to no template: one whose template
    is missing, or one named .slots.yml, which is never read."""
    folder = root / "templates"
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*.slots.y*ml")):
        svg = path.name.removesuffix(SUFFIX) + ".svg"
        if path.name.endswith(".slots.yml"):
            problems.warn(
                path, 0, "", "a side table is read only when its name ends .slots.yaml",
                f"rename it {path.name.removesuffix('.yml')}.yaml",
            )
        elif path.name.endswith(SUFFIX) and not os.path.lexists(path.with_name(svg)):
            problems.warn(
                path, 0, "", f"there is no template {svg} beside it, so it styles nothing",
                "name it after its template (story.slots.yaml for story.svg), or delete it",
            )

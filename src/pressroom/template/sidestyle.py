"""A side table's values set on the template's slots as the `data-` attributes they stand for,
so that every later step (the slot table of slotstyle, kinds, mirroring) reads them as it reads
the template's own, and each problem is said at the side file's line:

- a key that names no slot of the template (with the keys there are);
- a value given both in the side table and in the template, or by two keys of the table
  (`url` and `url-fact`), or a kind the layer's name already says: each an error naming both
  places, and the template's own value kept.

Keys for every kind (`url`) are set first, so a kind they set chooses the slots of a
kind-specific key (`url-fact`).
"""

from __future__ import annotations

import difflib

from pressroom.errors import Problems
from pressroom.template.sidetable import SlotTable, Styled, side_path
from pressroom.template.slots import NAMES, named_kind, slot_kind, slot_name
from pressroom.template.xml import Doc


def apply_side_table(doc: Doc, table: SlotTable | None, problems: Problems) -> Styled:
    """Set `table`'s values on the slots of `doc`; return where each was written."""
    path = side_path(doc.path)
    if table is None:
        return Styled(path)
    slots = [el for el in doc.root.iter() if slot_name(el) in NAMES]
    if not table.usable:  # its problem is said: the slots it would style are not judged
        return Styled(path, {}, frozenset(slots))
    lines: dict = {}
    broken = set()
    for entry in sorted(table.entries, key=lambda e: e.kind is not None):
        matched = [
            el for el in slots
            if slot_name(el) == entry.name and entry.kind in (None, slot_kind(el))
        ]
        if not matched:
            meant = _no_slot(doc, table, entry, slots, problems)
            broken.update(el for el in slots if meant in (slot_name(el), _key(el)))
            continue
        if entry.broken:
            broken.update(matched)
        for el in matched:
            for setting in entry.settings:
                clash = _set_elsewhere(doc, el, setting.attribute, lines, problems)
                if clash:
                    problems.add(
                        table.path, setting.line, f"slot-{entry.key}",
                        f"{setting.attribute} is set both here and {clash}", "keep one",
                    )
                    continue
                el.set(setting.attribute, setting.value)
                lines[(el, setting.attribute)] = (setting.line, entry.key)
    return Styled(path, lines, frozenset(broken))


def _set_elsewhere(doc: Doc, el, attribute: str, lines: dict, problems: Problems) -> str:
    """Where else the slot's `attribute` is given, in words ("" when nowhere)."""
    if (el, attribute) in lines:
        line, key = lines[(el, attribute)]
        return f"on line {line} (slot-{key})"
    where = f"{problems.rel(doc.path)}:{doc.line(el)}"
    if attribute == "data-kind" and named_kind(el) is not None:
        return f"by the layer's name {el.get('id')} at {where}"
    if el.get(attribute) is not None:
        return f"at {where}"
    return ""


def _key(el) -> str:
    """The key of a slot element's own entry: url-fact for the url slot of facts."""
    kind = slot_kind(el)
    return f"{slot_name(el)}-{kind}" if kind else slot_name(el)


def _no_slot(doc: Doc, table: SlotTable, entry, slots: list, problems: Problems) -> str:
    """Say that `entry` names no slot; return the key it was probably meant to be ("" if
    none is close)."""
    keys = sorted({slot_name(el) for el in slots} | {_key(el) for el in slots})
    close = difflib.get_close_matches(entry.key, keys, 1, 0.7)
    hint = f"did you mean {close[0]!r}? " if close else ""
    problems.add(
        table.path, entry.line, f"slot-{entry.key}",
        f"names no slot of {problems.rel(doc.path)}",
        f"{hint}use one of {', '.join(keys) or '(none: the template has no slots)'} (the "
        "template's layers named slot-NAME, without slot-), or remove it",
    )
    return close[0] if close else ""

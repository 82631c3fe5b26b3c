"""Change a locale file's texts in place, leaving every other byte as it was.

A translation platform's file comes back through `pressroom locale import`; the locale file
keeps its comments, order, quoting, line endings and `$schema` line, and only the values that
changed are rewritten (as double-quoted scalars), with their record line (records.py). So an
import that changes nothing leaves the file byte for byte as it was. Texts missing from the
file (a message added to the reference since) are added after their previous sibling.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import yaml

from pressroom.brandbook.records import collapsed, record_line


@dataclass(frozen=True)
class Change:
    keys: tuple
    value: str
    record: str | None  # the reference text to record above it, or None to leave the record


class EditError(Exception):
    """The file cannot be edited in place (a key's parent is not in it, or is not a map)."""


def quote(value: str) -> str:
    """A double-quoted YAML scalar (JSON's string syntax is YAML's too)."""
    return json.dumps(value, ensure_ascii=False)


def apply(text: str, changes: list[Change], ref_code: str) -> str:
    """`text` with `changes` made to values it has."""
    newline = "\r\n" if "\r\n" in text else "\n"
    bom = text.startswith("\ufeff")
    body = text[1:] if bom else text
    for change in changes:
        body = _replace(body, _values(body)[change.keys], change, ref_code, newline)
    return ("\ufeff" if bom else "") + body


def add(text: str, keys: tuple, value, records: dict[tuple, str], ref_code: str,
        order: list[tuple]) -> str:
    """`text` with the key path `keys` (missing from it; its parent map is there) added with
    `value` (a text, or a map or list of them, as in the reference), after the sibling that
    comes before it in `order` (the reference's key paths), each text under its record
    (`records`, by key path)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    bom = text.startswith("\ufeff")
    body = text[1:] if bom else text
    nodes = _values(body)
    parent = keys[:-1]
    siblings = [k for k in nodes if k[:-1] == parent and len(k) == len(keys)]
    if (parent and parent not in nodes) or not siblings:
        raise EditError(".".join(map(str, parent)) or "the file")
    place = {k: i for i, k in enumerate(order)}
    earlier = [k for k in siblings if place.get(k, -1) < place.get(keys, 0)]
    column = nodes[siblings[0]].key_column
    lines = _render(keys, value, column, records, ref_code)
    block = newline.join(lines) + newline
    if earlier:
        end = max(nodes[k].end for k in earlier)
        start = _line_start(body, end)
        if body[start:end].strip():  # a value ends on this line: after its line
            at = body.find("\n", end)
            at = len(body) if at < 0 else at + 1
        else:  # a map or block scalar ends where the next line starts
            at = start
        if at == len(body) and not body.endswith("\n"):
            block = newline + block
    else:  # before the first sibling, above the comment lines that belong to it
        first = min(siblings, key=lambda k: nodes[k].key_line)
        at = _offset_of_line(body, nodes[first].key_line)
        while at:
            prev = _line_start(body, at - 1)
            if not re.match(r"^\s*#", body[prev:at]):
                break
            at = prev
    body = body[:at] + block + body[at:]
    return ("\ufeff" if bom else "") + body


def _render(keys: tuple, value, column: int, records: dict, ref_code: str) -> list[str]:
    pad = " " * column
    key = keys[-1]
    if isinstance(value, dict):
        out = [f"{pad}{key}:"]
        for k, v in value.items():
            out += _render(keys + (k,), v, column + 2, records, ref_code)
        return out
    if isinstance(value, list):
        out = [f"{pad}{key}:"]
        for i, item in enumerate(value):
            if isinstance(item, dict):
                lines = []
                for k, v in item.items():
                    lines += _render(keys + (i, k), v, column + 4, records, ref_code)
                first = next(n for n, x in enumerate(lines) if not x.lstrip().startswith("#"))
                lines[first] = f"{pad}  - {lines[first].lstrip()}"
                out += lines
            else:
                out += _record(keys + (i,), column + 2, records, ref_code)
                out.append(f"{pad}  - {quote(str(item))}")
        return out
    return _record(keys, column, records, ref_code) + [f"{pad}{key}: {quote(str(value))}"]


def _record(keys: tuple, column: int, records: dict, ref_code: str) -> list[str]:
    text = records.get(keys)
    return [] if text is None else [" " * column + f"# {ref_code}: {collapsed(text)}"]


@dataclass(frozen=True)
class _Node:
    start: int  # offset of the value
    end: int  # offset just after it
    key_line: int  # 0-based line of its key
    key_column: int  # column of its key (of the `- ` of a list item's first key)
    block: bool  # a literal or folded block scalar


def _values(text: str) -> dict[tuple, _Node]:
    """Every scalar value (and map) of the file by key path, with its span."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    out: dict[tuple, _Node] = {}

    def walk(node, keys):
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                path = keys + (k.value,)
                column = k.start_mark.column
                out[path] = _Node(
                    v.start_mark.index, v.end_mark.index, k.start_mark.line, column,
                    isinstance(v, yaml.ScalarNode) and v.style in ("|", ">"),
                )
                walk(v, path)
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                walk(v, keys + (i,))

    if root is not None:
        walk(root, ())
    return out


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _replace(text: str, node: _Node, change: Change, ref_code: str, newline: str) -> str:
    end = node.end
    if node.block:  # a block scalar ends at the next line: keep that line break
        end = text.rfind("\n", node.start, end)
        end = end - 1 if end > 0 and text[end - 1] == "\r" else end
    text = text[: node.start] + quote(change.value) + text[end:]
    if change.record is None:
        return text
    lines = text.split("\n")
    line = record_line([x.rstrip("\r") for x in lines], node.key_line + 1, ref_code)
    key_line = lines[node.key_line]
    indent = key_line[: len(key_line) - len(key_line.lstrip(" "))]
    record = f"{indent}# {ref_code}: {collapsed(change.record)}" + ("\r" if newline == "\r\n"
                                                                     else "")
    if line is not None:
        lines[line - 1] = record
    else:
        lines.insert(node.key_line, record)
    return "\n".join(lines)


def _offset_of_line(text: str, line: int) -> int:
    at = 0
    for _ in range(line):
        at = text.index("\n", at) + 1
    return at

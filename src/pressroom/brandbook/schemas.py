"""The JSON Schemas of the files a person edits, and their errors in plain words.

`brand.schema.json`, `formats.schema.json`, `locale.schema.json` and `slots.schema.json` (a
template's side table) ship in the package; each edited file's first line points an editor at
its schema. Every error becomes one
`path:line: key: problem — fix`, at the line of the key it is about, worded from the rule that
failed. A schema may word it itself, beside the rule: `x-problem` (what is wrong with the value,
after the value: "is not a colour written #RRGGBB") and `x-fix` (how to fix it); beside
`additionalProperties`, `x-renamed` maps a key's old name to its new one ("rename `variants:` to
`kits:`").
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from importlib import resources
from pathlib import Path

import jsonschema

from pressroom.errors import Problems
from pressroom.read.yamlfile import YamlDoc, read_yaml

LOCALE, BRAND, FORMATS = "locale.schema.json", "brand.schema.json", "formats.schema.json"
SLOTS = "slots.schema.json"  # a template's side table (templates/NAME.slots.yaml)
# How a YAML value of each JSON type is named to a person.
TYPE_WORDS = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "array": "a list",
    "object": "a map of keys",
    "boolean": "true or false",
    "null": "empty",
}
EMPTY_MAP = "write the file as `key: value` lines (see the reference file)"


@cache
def schema(name: str) -> dict:
    return json.loads(resources.files("pressroom.brandbook").joinpath(name).read_text("utf-8"))


@cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema(name))


def read(
    path: Path, problems: Problems, folder: Path | None = None, raw: bytes | None = None
) -> YamlDoc | None:
    """The YAML file at `path` (a file inside `folder`, by default its own; `raw`: its bytes,
    when read already), or None with its problems added."""
    doc, errors = read_yaml(path, folder, raw)
    for line, problem, fix in errors:
        problems.add(path, line, "", problem, fix)
    return doc


def validate(doc: YamlDoc, name: str, problems: Problems, empty_fix: str) -> list[tuple]:
    """Check `doc` against schema `name` and add every problem; return the key path of each
    (empty: the document is valid; a path `()` means the whole file is unusable)."""
    if doc.data is None:
        problems.add(doc.path, 1, "", "the file is empty (or holds only comments)", empty_fix)
        return [()]
    errors = sorted(
        _validator(name).iter_errors(doc.data), key=lambda e: [str(p) for p in e.absolute_path]
    )
    found = []
    for keys, problem, fix in _misspelt([x for err in errors for x in explain(err)]):
        problems.add(doc.path, doc.line(*keys), dotted(keys), problem, fix)
        found.append(keys)
    return found


def _misspelt(explained: list[tuple[tuple, str, str]]) -> list[tuple[tuple, str, str]]:
    """A key written wrong is one problem, not two: when an unknown key is close to a missing
    one of the same map ('did you mean …'), the missing key is not reported."""
    meant = {
        keys[:-1] + (fix.split("'")[1],)
        for keys, problem, fix in explained
        if problem.startswith("unknown key ") and fix.startswith("did you mean ")
    }
    return [x for x in explained if not (x[0] in meant and x[1].endswith(" is missing"))]


def dotted(keys: tuple) -> str:
    """A key path as people write it: messages.equal.cta (list positions left out)."""
    return ".".join(str(k) for k in keys if not isinstance(k, int))


def explain(err) -> list[tuple[tuple, str, str]]:
    """(key path, problem, fix) for one schema error; one per key where it names several."""
    keys = tuple(err.absolute_path)
    v = err.validator
    fix = _fix(err)
    if v == "required":
        missing = err.message.split("'")[1]
        where = ".".join(map(str, keys)) or "the top level"
        return [
            (
                keys + (missing,),
                f"{missing!r} is missing",
                fix or f"add {missing}: … under {where} (see the reference file)",
            )
        ]
    if v == "additionalProperties":
        known = list(err.schema.get("properties", {}))
        renamed = err.schema.get("x-renamed", {})  # old key → its new name
        extra = [k for k in err.instance if k not in known]
        return [
            (
                keys + (k,),
                f"unknown key {k!r}",
                f"rename `{k}:` to `{renamed[k]}:`"
                if k in renamed
                else fix or _unknown_key_fix(str(k), known),
            )
            for k in extra
        ]
    if "propertyNames" in err.absolute_schema_path:  # a key's name, not its value
        return [
            (
                keys + (err.instance,),
                f"{_short(err.instance)} {_note(err, 'x-problem') or 'is not allowed here'}",
                fix or "rename the key",
            )
        ]
    if v == "type" and err.instance is None:
        return [(keys, "has no value", fix or "write the value after the colon")]
    if v == "type":
        wanted = err.validator_value
        wanted = [wanted] if isinstance(wanted, str) else wanted
        words = " or ".join(TYPE_WORDS.get(w, w) for w in wanted)
        if not keys:  # the whole file: perhaps not YAML of ours at all, so none of it is quoted
            what = {str: "one text", list: "a list"}.get(type(err.instance), "one value")
            return [(keys, f"the file is {what}, not {words}", fix or EMPTY_MAP)]
        return [
            (
                keys,
                f"is {_kind(err.instance)} {_short(err.instance)}, must be {words}",
                fix
                or (
                    "write it as text (quote it if needed)"
                    if "string" in wanted
                    else f"write {words}"
                ),
            )
        ]
    if v == "enum":
        values = ", ".join(map(str, err.validator_value))
        return [(keys, f"is {_short(err.instance)}", fix or f"use one of {values}")]
    if v in ("minLength", "minProperties", "minItems") and not err.instance:
        return [(keys, "is empty", fix or "write a value")]
    if v == "minItems" or v == "maxItems":
        n = err.validator_value
        return [(keys, f"has {len(err.instance)} values, must have {n}", fix or f"give {n}")]
    if v == "maxLength" and keys and keys[-1] == "alt":
        return [
            (
                keys,
                f"alt text is {len(err.instance)} characters",
                "X (Twitter) accepts at most 1,000: shorten it",
            )
        ]
    if v == "maxLength":
        return [
            (keys, f"is {len(err.instance)} characters, over {err.validator_value}", "shorten it")
        ]
    if v in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        words = {
            "minimum": "at least",
            "exclusiveMinimum": "more than",
            "maximum": "at most",
            "exclusiveMaximum": "less than",
        }[v]
        return [
            (
                keys,
                f"is {_short(err.instance)}, must be {words} {err.validator_value}",
                fix or f"write a number {words} {err.validator_value}",
            )
        ]
    if v == "pattern":
        problem = _note(err, "x-problem") or "is not allowed here"
        return [(keys, f"{_short(err.instance)} {problem}", fix or "see docs/brandbook.md")]
    if v in ("oneOf", "anyOf"):
        return [(keys, f"is {_short(err.instance)}", fix or "see docs/brandbook.md")]
    return [(keys, err.message, fix or "see docs/brandbook.md")]


def _unknown_key_fix(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, 1, 0.7)
    if close:
        return f"did you mean {close[0]!r}? rename it"
    return f"remove it or fix its spelling (allowed: {', '.join(known)})"


def _fix(err) -> str:
    return _note(err, "x-fix")


def _note(err, keyword: str) -> str:
    """The schema's own wording (`x-fix`, `x-problem`) for this rule, if it has one: beside
    the rule, or on the rule that holds it (oneOf, anyOf)."""
    while err is not None:
        if isinstance(err.schema, dict) and err.schema.get(keyword):
            return err.schema[keyword]
        err = err.parent
    return ""


def _kind(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "the number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a map"
    if value is None:
        return "empty"
    return "the text"


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"

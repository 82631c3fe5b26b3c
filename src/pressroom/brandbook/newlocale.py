"""`pressroom locale new`: a locale file with every key of the reference, marked to translate."""

from __future__ import annotations

import json
import os
from pathlib import Path

from pressroom.brandbook.translation import MARKER
from pressroom.errors import PressroomError
from pressroom.langtags import RESERVED_FIX, RTL_SCRIPTS, canonical, reserved, script_of
from pressroom.read.yamlfile import read_yaml

# The line that points editors at the schema, as the shipped locale files have it (they live in
# brandbook/locales/ of a checkout). A new file copies its source's line, or else this one:
# never a path into wherever the package happens to be installed.
SCHEMA_LINE = "# yaml-language-server: $schema=../../src/pressroom/brandbook/locale.schema.json"
_VERBATIM = {("kind",), ("language", "script"), ("language", "direction")}


class LocaleExists(PressroomError):
    pass


class BadLocaleCode(PressroomError):
    pass


def new_locale(root: Path, code: str, source: str | None = None) -> Path:
    """Write `root/locales/CODE.yaml` from the source (default: the reference) locale."""
    written = canonical(code)
    if reserved(code):
        raise BadLocaleCode(f"{code!r} starts with a device name reserved on Windows — "
                            f"{RESERVED_FIX}")
    if written is None:
        raise BadLocaleCode(
            f"{code!r} is not a BCP 47 language code — use a language subtag in lower case, then "
            "optionally a script (Latn, Cyrl, Arab) and a region: kk, kk-Latn, sr-Latn, pt-BR"
        )
    code = written  # canonical case: zh-hans → zh-Hans
    folder = root / "locales"
    target = folder / f"{code}.yaml"
    existing = {canonical(p.stem) or p.stem for p in folder.glob("*.yaml")}
    if code in existing:
        raise LocaleExists(f"{target} already exists — edit it, or choose another code")
    if source is None:
        brand, _ = read_yaml(root / "brand.yaml")
        data = brand.data if brand and isinstance(brand.data, dict) else {}
        source = str(data.get("reference_locale", "en"))
    source = canonical(source) or source
    source_file = next(
        (p for p in folder.glob("*.yaml") if (canonical(p.stem) or p.stem) == source),
        folder / f"{source}.yaml",
    )
    doc, errors = read_yaml(source_file)
    if doc is None or not isinstance(doc.data, dict):
        why = errors[0][1] if errors else "it is empty"
        raise PressroomError(
            f"cannot read {folder / f'{source}.yaml'}: {why} — fix it first "
            "(pressroom check shows how)"
        )
    text = _render(doc.data, code, source, _schema_line(source_file))
    folder.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)
    return target


def _schema_line(source: Path) -> str:
    """The source file's schema line (it lives in the same folder), or the shipped one."""
    try:
        with open(source, encoding="utf-8-sig") as fh:
            first = fh.readline().rstrip("\n")
    except OSError:
        return SCHEMA_LINE
    return first if first.startswith("# yaml-language-server: $schema=") else SCHEMA_LINE


def _render(data: dict, code: str, source: str, schema_line: str) -> str:
    script = script_of(code)
    lines = [
        schema_line,
        f"# {code}: made by `pressroom locale new {code} --from {source}`. Replace every value",
        "# marked TRANSLATE: (marker included) with its translation; the comment above each",
        f"# value shows the {source} text: keep it (check warns when the {source} text changes",
        "# later). Then run `pressroom check`. See TRANSLATING.md.",
    ]
    language = {
        "name": f"{MARKER} the language's name in itself",
        "english_name": f"{MARKER} the language's name in English",
        "script": script,
    }
    if script in RTL_SCRIPTS:
        language["direction"] = "rtl"
    lines.append("language:")
    for key, value in language.items():
        lines.append(f"  {key}: {_quote(value)}")
    for section, value in data.items():
        if section == "language":
            continue
        lines.append(f"{section}:")
        lines.extend(_block(value, (section,), 1, source))
    return "\n".join(lines) + "\n"


def _block(data, keys: tuple, depth: int, source: str) -> list[str]:
    pad = "  " * depth
    out = []
    if not isinstance(data, dict):
        return out
    for key, value in data.items():
        path = keys + (key,)
        if isinstance(value, dict):
            out.append(f"{pad}{key}:")
            out.extend(_block(value, path, depth + 1, source))
        elif isinstance(value, list):  # a fact's sources: a list of maps
            out.append(f"{pad}{key}:")
            for i, item in enumerate(value):
                lines = _block(item, path + (i,), depth + 2, source)
                first = next(
                    (n for n, line in enumerate(lines) if not line.lstrip().startswith("#")), None
                )
                if first is None:  # not a map, or an empty one: the item as it is, to translate
                    text = f"{MARKER} {item}" if isinstance(item, str) else item
                    out.append(f"{pad}  - {_quote(text)}")
                    continue
                lines[first] = f"{pad}  - {lines[first].lstrip()}"
                out.extend(lines)
        elif isinstance(value, str) and (path[-1:] in _VERBATIM or key == "url"):
            out.append(f"{pad}{key}: {_quote(value)}")  # an address: kept, not translated
        elif isinstance(value, str):
            out.append(f"{pad}# {source}: {' '.join(value.split())}")
            out.append(f"{pad}{key}: {_quote(f'{MARKER} {value}')}")
        else:
            out.append(f"{pad}{key}: {_quote(value)}")
    return out


def _quote(value) -> str:
    return json.dumps(value, ensure_ascii=False)

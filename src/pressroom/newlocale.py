"""`pressroom locale new`: a locale file with every key of the reference, marked to translate."""

from __future__ import annotations

import json
import os
from pathlib import Path

from pressroom.brandbook import LOCALE_CODE, RTL_SCRIPTS
from pressroom.errors import PressroomError
from pressroom.translation import MARKER
from pressroom.yamlfile import read_yaml

SCHEMA = Path(__file__).with_name("locale.schema.json")
# Usual script of languages whose code has no script subtag; anything else: Latn.
DEFAULT_SCRIPTS = {
    **dict.fromkeys(
        ("ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "tg", "mn", "ba", "tt", "cv", "ce", "os"),
        "Cyrl",
    ),
    **dict.fromkeys(("ar", "fa", "ur", "ps", "ug", "sd", "ckb"), "Arab"),
    **dict.fromkeys(("he", "yi"), "Hebr"),
    "el": "Grek",
    "hy": "Armn",
    "ka": "Geor",
    "th": "Thai",
    "lo": "Laoo",
    "km": "Khmr",
    "my": "Mymr",
    "zh": "Hans",
    "ja": "Jpan",
    "ko": "Kore",
    "am": "Ethi",
    **dict.fromkeys(("hi", "mr", "ne"), "Deva"),
}
_VERBATIM = {("kind",), ("language", "script"), ("language", "direction")}


class LocaleExists(PressroomError):
    pass


class BadLocaleCode(PressroomError):
    pass


def new_locale(root: Path, code: str, source: str | None = None) -> Path:
    """Write `root/locales/CODE.yaml` from the source (default: the reference) locale."""
    if not LOCALE_CODE.fullmatch(code):
        raise BadLocaleCode(
            f"{code!r} is not a BCP 47 language code — use a language subtag in lower case, then "
            "optionally a script (Latn, Cyrl, Arab) and a region: kk, kk-Latn, sr-Latn, pt-BR"
        )
    folder = root / "locales"
    target = folder / f"{code}.yaml"
    existing = {p.stem.lower() for p in folder.glob("*.yaml")}
    if code.lower() in existing:
        raise LocaleExists(f"{target} already exists — edit it, or choose another code")
    if source is None:
        brand, _ = read_yaml(root / "brand.yaml")
        data = brand.data if brand and isinstance(brand.data, dict) else {}
        source = str(data.get("reference_locale", "en"))
    doc, errors = read_yaml(folder / f"{source}.yaml")
    if doc is None or not isinstance(doc.data, dict):
        why = errors[0][1] if errors else "it is empty"
        raise PressroomError(
            f"cannot read {folder / f'{source}.yaml'}: {why} — fix it first "
            "(pressroom check shows how)"
        )
    text = _render(doc.data, code, source, target)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)
    return target


def _render(data: dict, code: str, source: str, target: Path) -> str:
    subtags = code.split("-")
    script = next((p for p in subtags[1:] if len(p) == 4), None) or DEFAULT_SCRIPTS.get(
        subtags[0], "Latn"
    )
    schema = os.path.relpath(SCHEMA, target.parent).replace(os.sep, "/")
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"# {code}: made by `pressroom locale new {code} --from {source}`. Replace every value",
        "# marked TRANSLATE: (marker included) with its translation; the comment above each",
        f"# value shows the {source} text. Then run `pressroom check`. See TRANSLATING.md.",
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
                first = next(n for n, line in enumerate(lines) if not line.lstrip().startswith("#"))
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

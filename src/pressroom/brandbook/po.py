"""`pressroom locale export` and `import`: a locale as a gettext PO file, and back.

Translation platforms (Weblate, Crowdin, Transifex, Pontoon) and editors (Poedit) read and
write PO files. The export offers only what is to be translated, one entry per text:
`msgctxt` the key path, `msgid` the reference text, `msgstr` the translation (empty while
not translated), notes with the text's role, its length limit and where it appears, and
`#, fuzzy` (with the old text as `#| msgid`) where the reference changed since it was
translated (records.py). The import writes the locale file back in place (yamledit.py): an
empty or fuzzy entry becomes a `TRANSLATE:` draft value, never the reference's text, so a
half-translated file comes back as a draft. PO files are read and written with polib (MIT).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import polib
import yaml

from pressroom.brandbook.newlocale import SCHEMA_LINE
from pressroom.brandbook.records import collapsed, recorded
from pressroom.brandbook.texts import DEFAULT_MAX, MAX_VISIBLE
from pressroom.brandbook.translation import (
    MARKER,
    VERBATIM,
    leaves,
    placeholders,
    untranslated,
)
from pressroom.brandbook.yamledit import Change, EditError, add, apply
from pressroom.errors import PressroomError, Problems
from pressroom.langtags import RTL_SCRIPTS, canonical, script_name, script_of
from pressroom.read.files import InputError, read_input
from pressroom.read.yamlfile import YamlDoc, parse_text, read_yaml

MAX_PO_BYTES = 2_000_000
WHERE = {
    "language": "the language menu of the download page",
    "campaign": "every image, video and page of the campaign",
    "page": "the download web page",
    "formats": "the download web page: a format's name",
    "places": "the download web page: a place where people post (Instagram story, print…)",
    "press": "the fact sheet (PDF) and the press section of the download page",
}
WHERE_MESSAGE = {
    "alt": "the alt text of message {mid}'s images, read by screen readers",
    "caption": "the caption offered beside message {mid}'s files, to paste into a post",
    "sources": "a source of fact {mid}, printed in full on the fact sheet",
}


class POError(PressroomError):
    """A PO file that cannot be imported, with every problem."""


@dataclass(frozen=True)
class Imported:
    path: Path
    translated: int
    drafts: int  # texts left (or made) `TRANSLATE:` drafts
    changed: int  # values rewritten


# --- export --------------------------------------------------------------------------------------


def export(root: Path, code: str | None) -> polib.POFile:
    """The PO file of locale `code` (None: the template, POT, with every msgstr empty)."""
    ref_code, ref = _reference(root)
    mine = None
    if code is not None:
        code = _known(root, code)
        if code != ref_code:
            mine = _read(_file_of(root, code))
    po = polib.POFile(wrapwidth=0)
    po.header = (
        f"The texts of the brand book {root.resolve().name!r}, to translate from "
        f"{ref_code}.\n`pressroom locale import FILE` writes a translated file back."
    )
    po.metadata = {
        "Project-Id-Version": root.resolve().name,
        "Language": _po_language(code) if code else "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": _po_language(ref_code),
    }
    schema = json.loads(files("pressroom.brandbook").joinpath("locale.schema.json").read_text())
    ref_lines = ref.text.splitlines()
    mine_texts = leaves(mine.data) if mine else {}
    mine_lines = mine.text.splitlines() if mine else []
    for keys, text in leaves(ref.data).items():
        if not keys or keys[-1] in VERBATIM:
            continue
        value = mine_texts.get(keys, "") if code != ref_code else text
        entry = polib.POEntry(
            msgctxt=_context(keys),
            msgid=text,
            msgstr="" if code is None or untranslated(value) else value,
            comment=_notes(keys, text, ref, ref_lines, schema),
            occurrences=[(f"locales/{_file_of(root, ref_code).name}", str(ref.line(*keys)))],
        )
        if placeholders(text):
            entry.flags.append("python-brace-format")
        if mine is not None and entry.msgstr and keys in mine.lines:
            was = recorded(mine_lines, mine.line(*keys), ref_code)
            if was is not None and was != collapsed(text):
                entry.flags.append("fuzzy")
                entry.previous_msgid = was
        po.append(entry)
    return po


def _notes(keys: tuple, text: str, ref: YamlDoc, lines: list[str], schema: dict) -> str:
    """What a translator needs beside the text: its role, its length limit, where it
    appears, and the reference file's own note on its line."""
    names = [k for k in keys if not isinstance(k, int)]
    description, limit = _schema_of(schema, keys)
    limit = min(x for x in (limit, MAX_VISIBLE.get(names[-1], DEFAULT_MAX)) if x)
    notes = []
    if description:
        notes.append(f"Role: {description.rstrip('.')}.")
    notes.append(f"At most {limit} characters.")
    if keys[0] == "messages":
        mid = keys[1]
        where = WHERE_MESSAGE.get(keys[2], f"the images and videos of message {mid}, fitted "
                                           "to the template's box: shorter is safer")
        notes.append(f"Appears on {where.format(mid=mid)}.")
    elif keys[0] in WHERE:
        notes.append(f"Appears on {WHERE[keys[0]]}.")
    said = _line_note(lines, ref.line(*keys))
    if said:
        notes.append(f"Note: {said}")
    if placeholders(text):
        notes.append("Keep {placeholders} as they are: they are filled in when the kit is made.")
    return "\n".join(notes)


def _schema_of(schema: dict, keys: tuple) -> tuple[str, int | None]:
    """The description and maxLength the locale schema gives the text at `keys`."""
    node = schema
    for key in keys:
        if isinstance(key, int):
            node = node.get("items", {})
        elif key in node.get("properties", {}):
            node = node["properties"][key]
        else:
            extra = node.get("additionalProperties")
            node = extra if isinstance(extra, dict) else {}
    return node.get("description", ""), node.get("maxLength")


def _line_note(lines: list[str], line: int) -> str:
    """The end-of-line comment on a value's own line (never the next key's), if any."""
    if not 1 <= line <= len(lines):
        return ""
    text = lines[line - 1]
    doc = None
    for cut in range(len(text)):  # the first `#` after which the line still reads as YAML
        if text[cut] == "#" and cut and text[cut - 1] in " \t":
            try:
                doc = yaml.safe_load(text[:cut].strip().lstrip("- "))
            except Exception:  # noqa: BLE001  (a `#` inside a quoted text: go on)
                continue
            if isinstance(doc, dict):
                return text[cut + 1 :].strip()
    return ""


# --- import --------------------------------------------------------------------------------------


def import_po(root: Path, po_path: Path, code: str | None = None) -> Imported:
    """Write `locales/CODE.yaml` from a PO file (CODE: `code`, or the PO's Language)."""
    problems = Problems(root)
    po = _read_po(po_path, root)
    language = _code_of(po, po_path, code)
    ref_code, ref = _reference(root)
    if language == ref_code:
        raise POError(f"{po_path}: the PO file is for {ref_code}, the reference locale — the "
                      "reference is written by hand; import translations only")
    target = _file_of(root, language)
    existed = target.exists()
    if existed:
        doc = _read(target)
        text = raw = target.read_bytes().decode("utf-8")
    else:
        from pressroom.brandbook.newlocale import _render

        text = raw = _render(ref.data, language, ref_code, _schema_line(root, ref_code))
        doc = parse_text(target, text)
    _check_language(po, po_path, language, doc, target, problems)
    ref_texts = {k: v for k, v in leaves(ref.data).items() if k and k[-1] not in VERBATIM}
    by_context = {_context(k): k for k in ref_texts}
    mine = leaves(doc.data)
    lines = doc.text.splitlines()
    changes, missing = [], {}
    translated = drafts = 0
    if not any(e.msgstr for e in po if not e.obsolete) and any(
        not untranslated(v) for k, v in mine.items() if k in ref_texts
    ):
        problems.add(po_path, 0, "", "has no translation at all, but "
                     f"{target.name} has translations", "import the translated PO file, not the "
                     "template (POT): pressroom locale export CODE writes one")
    for entry in po:
        if entry.obsolete:
            continue
        keys = by_context.get(entry.msgctxt or "")
        if keys is None:
            problems.add(
                po_path, entry.linenum, entry.msgctxt or "",
                f"msgctxt {entry.msgctxt!r} is not a text of {_file_of(root, ref_code).name}",
                f"export the PO file again (pressroom locale export {language}) and translate "
                "into that one",
            )
            continue
        ref_now = ref_texts[keys]
        current = mine.get(keys)
        fuzzy = "fuzzy" in entry.flags
        if not entry.msgstr.strip():
            value, record = (None, None) if current is not None and untranslated(current) \
                else (f"{MARKER} {ref_now}", None)
            drafts += 1
        elif fuzzy:
            drafts += 1
            was = recorded(lines, doc.line(*keys), ref_code) if keys in doc.lines else None
            if current == entry.msgstr and (entry.previous_msgid or None) == was:
                value, record = None, None  # as exported: still stale, still flagged
            else:
                value, record = f"{MARKER} {entry.msgstr}", None
        else:
            translated += 1
            was = recorded(lines, doc.line(*keys), ref_code) if keys in doc.lines else None
            same = current == entry.msgstr
            if same and (was == collapsed(entry.msgid) or (was is None and entry.msgid == ref_now)):
                value, record = None, None
            else:
                value, record = entry.msgstr, entry.msgid
        if value is None:
            continue
        if keys in mine:
            changes.append(Change(keys, value, record))
        else:
            missing[keys] = (value, record)
    problems.raise_if_errors()
    try:
        text = apply(text, changes, ref_code)
        text = _add_missing(text, missing, ref, ref_code)
    except EditError as exc:
        raise POError(f"{target}: cannot add the texts of {exc} — add the key by hand (copy it "
                      f"from {_file_of(root, ref_code).name}), then import again") from exc
    if existed and text == raw:
        return Imported(target, translated, drafts, 0)
    _verify(text, target, changes, missing)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(text.encode("utf-8"))
    os.replace(tmp, target)
    return Imported(target, translated, drafts, len(changes) + len(missing))


def _add_missing(text: str, missing: dict, ref: YamlDoc, ref_code: str) -> str:
    """Add the texts the locale file lacks, a whole missing map at a time."""
    order = list(_all_paths(ref.data))
    done: set[tuple] = set()
    for keys in [k for k in order if k in missing]:
        if keys in done:
            continue
        have = _paths_of(text)
        top = keys
        while len(top) > 1 and top[:-1] not in have:
            top = top[:-1]
        sub = _subtree(ref.data, top)
        values, records = {}, {}
        for path, leaf in ((top + k, v) for k, v in leaves(sub).items()):
            if path in missing:
                values[path], rec = missing[path]
                if rec is not None:
                    records[path] = rec
                done.add(path)
            elif path[-1] in VERBATIM:
                values[path] = leaf
            else:
                values[path] = f"{MARKER} {leaf}"
        text = add(text, top, _rebuild(sub, top, values), records, ref_code, order)
    return text


def _verify(text: str, target: Path, changes: list[Change], missing: dict) -> None:
    """The edited file reads back with every new value: else nothing is written."""
    doc = parse_text(target, text)
    got = leaves(doc.data)
    for keys, want in [(c.keys, c.value) for c in changes] + [
        (k, v[0]) for k, v in missing.items()
    ]:
        if got.get(keys) != want:
            raise POError(f"{target}: the import could not write {_context(keys)} in place — "
                          "please report it; the file was left as it was")


# --- helpers -------------------------------------------------------------------------------------


def _context(keys: tuple) -> str:
    return ".".join(map(str, keys))


def _po_language(code: str) -> str:
    """A BCP 47 code as gettext writes it: kk-Latn → kk_Latn, pt-BR → pt_BR."""
    return code.replace("-", "_")


def _code_of(po: polib.POFile, path: Path, asked: str | None) -> str:
    header = (po.metadata.get("Language") or "").strip()
    given = canonical(header.replace("_", "-").replace("@latin", "-Latn")
                      .replace("@cyrillic", "-Cyrl")) if header else None
    if header and given is None:
        raise POError(f"{path}: Language {header!r} is not a language code — set the language "
                      "on the platform, or give the locale: --locale CODE")
    if asked is not None:
        code = canonical(asked)
        if code is None:
            raise POError(f"{asked!r} is not a BCP 47 language code — use e.g. kk, kk-Latn")
        if given is not None and given.split("-")[0] != code.split("-")[0]:
            raise POError(f"{path}: the PO file is for {given} (its Language header), not "
                          f"{code} — import it as {given}, or export {code} again")
        return code
    if given is None:
        raise POError(f"{path}: the PO file names no language (no Language header) — give "
                      "the locale: pressroom locale import FILE --locale CODE")
    return given


def _check_language(po, po_path, code: str, doc: YamlDoc, target: Path,
                    problems: Problems) -> None:
    """A PO file whose language contradicts the locale file is refused: its plural forms are
    another language's, or it brings right-to-left texts into a left-to-right file."""
    plural = po.metadata.get("Plural-Forms", "")
    if "nplurals=" in plural:
        try:
            n = int(plural.split("nplurals=")[1].split(";")[0].strip())
        except ValueError:
            n = None
        counts = _plural_counts(code)
        if n is not None and counts and n not in counts:
            want = " or ".join(str(c) for c in sorted(counts))
            problems.add(
                po_path, 0, "Plural-Forms",
                f"says nplurals={n}, but {code} has {want} plural forms: the file was made "
                "for another language",
                f"set the file's language to {code} on the platform (or in Poedit: "
                "Translation ▸ Properties), export it again and import that",
            )
    lang = doc.data.get("language", {}) if isinstance(doc.data, dict) else {}
    declared = lang.get("script") if isinstance(lang, dict) else None
    direction = lang.get("direction") if isinstance(lang, dict) else None
    usual = script_of(code)
    rtl = usual in RTL_SCRIPTS
    if rtl and (direction == "ltr" or (declared and declared not in RTL_SCRIPTS)):
        problems.add(
            target, doc.line("language", "script"), "language.script",
            f"{code} is written right to left in {script_name(usual)}, but the file says "
            f"script: {declared}" + (f", direction: {direction}" if direction else ""),
            f"set script: {usual} and direction: rtl in {target.name}, then import again",
        )


def _plural_counts(code: str) -> set[int]:
    """How many plural forms CLDR gives the language (by ICU), counted for whole numbers;
    with and without the forms only millions take (French's `many`)."""
    try:
        from icu4py.locale import Locale
        from icu4py.messageformat import MessageFormat
    except ImportError:  # pragma: no cover  (a dependency: always there)
        return set()
    pattern = "{n, plural, zero{zero} one{one} two{two} few{few} many{many} other{other}}"
    try:
        form = MessageFormat(pattern, Locale(code.split("-")[0]))
        small = {form.format({"n": n}) for n in range(0, 1001)}
        large = small | {form.format({"n": 10**6})}
    except Exception:  # noqa: BLE001  (a language ICU does not know: say nothing)
        return set()
    return {len(small), len(large)}


def _reference(root: Path) -> tuple[str, YamlDoc]:
    brand, _ = read_yaml(root / "brand.yaml")
    data = brand.data if brand and isinstance(brand.data, dict) else {}
    code = canonical(str(data.get("reference_locale", "en"))) or "en"
    return code, _read(_file_of(root, code))


def _known(root: Path, code: str) -> str:
    found = canonical(code)
    if found is None:
        raise POError(f"{code!r} is not a BCP 47 language code — use e.g. kk, kk-Latn, pt-BR")
    if not _file_of(root, found).exists():
        raise POError(f"there is no locales/{found}.yaml — pressroom locale new {found} makes "
                      "one (or export the template: pressroom locale export --template)")
    return found


def _file_of(root: Path, code: str) -> Path:
    folder = root / "locales"
    return next(
        (p for p in sorted(folder.glob("*.yaml")) if canonical(p.stem) == code),
        folder / f"{code}.yaml",
    )


def _read(path: Path) -> YamlDoc:
    doc, errors = read_yaml(path)
    if doc is None or not isinstance(doc.data, dict):
        line, problem, fix = errors[0] if errors else (0, "it is empty", "write it")
        raise POError(f"{path}:{line}: {problem} — {fix} (pressroom check shows every problem)")
    return doc


def _read_po(path: Path, root: Path) -> polib.POFile:
    try:
        raw = read_input(path, path.parent, "PO file", MAX_PO_BYTES)
    except InputError as exc:
        raise POError(str(exc)) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise POError(f"{path}:{line}: the PO file is not UTF-8 — save it as UTF-8") from exc
    try:
        return polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as exc:
        raise POError(f"{path}: {exc} — fix the line, or export the file again") from exc


def _schema_line(root: Path, ref_code: str) -> str:
    try:
        first = _file_of(root, ref_code).read_text(encoding="utf-8-sig").split("\n", 1)[0]
    except OSError:
        return SCHEMA_LINE
    return first if first.startswith("# yaml-language-server: $schema=") else SCHEMA_LINE


def _all_paths(data, keys: tuple = ()):
    if keys:
        yield keys
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _all_paths(v, keys + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _all_paths(v, keys + (i,))


def _paths_of(text: str) -> set[tuple]:
    return set(_all_paths(yaml.safe_load(text)))


def _subtree(data, keys: tuple):
    for k in keys:
        data = data[k]
    return data


def _rebuild(data, keys: tuple, values: dict):
    if isinstance(data, dict):
        return {k: _rebuild(v, keys + (k,), values) for k, v in data.items()}
    if isinstance(data, list):
        return [_rebuild(v, keys + (i,), values) for i, v in enumerate(data)]
    return values.get(keys, data)

"""brand.yaml: the campaign's name, URLs, palette, print builds, partners, font roles and
per-language fonts and line breaking.

Its JSON Schema (brand.schema.json) judges every key and type; this module adds what a schema
cannot: every text and name judged as a locale's texts are (texts.py), URLs judged as QR
payloads, locale codes in canonical case, and font files that exist in the font folder and can
be read (a collection's face found by index or name).
"""

from __future__ import annotations

from pathlib import Path

from pressroom.brandbook import press, translation
from pressroom.brandbook.partners import read_partners
from pressroom.brandbook.schemas import BRAND, read, validate
from pressroom.brandbook.texts import check_texts
from pressroom.brandbook.urls import url_problems
from pressroom.errors import Problems
from pressroom.langtags import canonical
from pressroom.model import Brand, Chains
from pressroom.printing.cmyk import read_printing
from pressroom.read.files import InputError
from pressroom.read.yamlfile import YamlDoc
from pressroom.text.fontpaths import chain_names, font_ref, fonts_folder, found_font
from pressroom.text.fonts import FontFileError, load_face

EMPTY_FIX = "write the brand book's settings: name, reference_locale, urls, palette and fonts"


def read_brand(path: Path, problems: Problems) -> tuple[Brand | None, dict]:
    """The brand (None when it cannot be used) and brand.yaml's data as read ({} if unread),
    from which the locales can still be judged when the brand itself is broken."""
    doc = read(path, problems)
    if doc is None:
        return None, {}
    data = doc.data if isinstance(doc.data, dict) else {}
    ok = not validate(doc, BRAND, problems, EMPTY_FIX)
    ok = not check_texts(path, translation.leaves(data), doc.line, problems) and ok
    urls = _urls(doc, data, problems)
    before = len(problems.errors)
    folder = fonts_folder(path.parent, data)
    fonts = _chains(doc, data.get("fonts"), ("fonts",), folder, problems)
    languages, breaking = {}, {}
    raw_languages = data.get("languages")
    for code, entry in raw_languages.items() if isinstance(raw_languages, dict) else ():
        if isinstance(entry, dict) and isinstance(entry.get("breaking"), dict):
            breaking[canonical(str(code)) or str(code)] = entry["breaking"]
        roles = entry.get("fonts") if isinstance(entry, dict) else None
        if roles is None:
            continue  # (a language entry may set its line breaking alone)
        at = ("languages", code, "fonts")
        chains = _chains(doc, roles, at, folder, problems)
        unknown = [r for r in chains if isinstance(data.get("fonts"), dict) and r not in fonts]
        for role in unknown:
            problems.add(
                path,
                doc.line(*at, role),
                ".".join(map(str, at + (role,))),
                f"{role!r} is not a font role of brand.yaml",
                f"use one of {', '.join(fonts)}",
            )
        key = canonical(str(code)) or str(code)
        languages[key] = chains
    _check_faces(doc, fonts, languages, problems)
    palette = data.get("palette") if isinstance(data.get("palette"), dict) else {}
    printing = read_printing(data.get("print"), doc, path.parent, palette, problems)
    partners = read_partners(data.get("partners"), doc, path.parent, problems)
    base_url, contact = press.read_brand(doc, problems)
    if not ok or len(problems.errors) > before:
        return None, data
    brand = Brand(
        data["name"],
        canonical(data["reference_locale"]),
        canonical(data["primary_locale"]),
        urls,
        {k: v.upper() for k, v in data["palette"].items()},
        fonts,
        path,
        dict(doc.lines),
        languages,
        printing,
        partners,
        base_url,
        contact,
        breaking,
    )
    return brand, data


def _urls(doc: YamlDoc, data: dict, problems: Problems) -> dict[str, str]:
    """The campaign URLs by canonical locale code (and `default`), each judged as a QR payload."""
    raw = data.get("urls")
    out: dict[str, str] = {}
    for code, url in raw.items() if isinstance(raw, dict) else ():
        if not isinstance(url, str):
            continue  # the schema has said so
        key = "default" if code == "default" else canonical(str(code)) or str(code)
        line = doc.line("urls", code)
        if key in out:
            problems.add(
                doc.path,
                line,
                f"urls.{code}",
                f"a second URL for {key} (codes ignore case)",
                "keep one of them",
            )
        for problem, fix, severity in url_problems(url):
            problems.add(doc.path, line, f"urls.{code}", problem, fix, severity)
        out[key] = url
    return out


def _chains(doc: YamlDoc, roles, at: tuple, folder: Path, problems: Problems) -> Chains:
    """Each role's chain of fonts under `at`, every file found in the font folder."""
    out: Chains = {}
    for role, value in roles.items() if isinstance(roles, dict) else ():
        chain = []
        for i, name in enumerate(chain_names(value)):
            try:
                font = found_font(folder, name)
            except InputError as exc:
                missing = f"font file {font_ref(folder, name).file.name!r} is not in {folder}"
                problems.add(
                    doc.path,
                    doc.line(*at, role, i),
                    ".".join(map(str, at + (role,))),
                    missing if exc.missing else exc.problem,
                    "copy the font (and its licence) into fonts/ or fix the name "
                    "(see fonts/README.md)",
                )
                continue
            chain.append(font)
        out[str(role)] = tuple(chain)
    return out


def _check_faces(doc: YamlDoc, fonts: Chains, languages: dict[str, Chains], problems) -> None:
    """Load every face named; a damaged file, or a collection's face that is not there, is a
    problem at the line that names it."""
    named = [(("fonts", role), chain) for role, chain in fonts.items()]
    raw = doc.data.get("languages") if isinstance(doc.data, dict) else None
    for code in raw if isinstance(raw, dict) else ():
        chains = languages.get(canonical(str(code)) or str(code), {})
        named += [(("languages", code, "fonts", role), chain) for role, chain in chains.items()]
    for at, chain in named:
        names = chain_names(_get(doc.data, at))
        for font in chain:
            try:
                load_face(font)
            except FontFileError as exc:
                i = next((n for n, v in enumerate(names) if font.name in v), 0)
                problems.add(
                    doc.path,
                    doc.line(*at, i),
                    ".".join(map(str, at)),
                    f"{font.name} {exc.why}",
                    exc.fix,
                )


def _get(data, keys: tuple):
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data

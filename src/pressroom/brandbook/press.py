"""The press room's data: brand.yaml's `base_url` and `press`, each locale's `press`, `formats`
and fact sources, read and judged with the rest of the brand book.

brand.yaml holds what is the same in every language (where the page is hosted, the press
e-mail address, the licence); a locale file holds the words (summary, headings, labels) and the
sources of its facts, whose addresses may differ by language (an official text in Russian).
"""

from __future__ import annotations

import re
from pathlib import Path

from pressroom.brandbook.urls import url_problems
from pressroom.errors import Problems
from pressroom.model import Brandbook, Chains, FontFile, Locale, PressContact, Source
from pressroom.read.yamlfile import YamlDoc

PRESS_KEYS = ("email", "licence", "licence_url")
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
# The font role each kind of fact-sheet text is set in, and the roles tried when a brand book
# has no such role (the mini brand book has only display and text).
ROLES = {"display": ("display", "strong", "text"), "strong": ("strong", "display", "text"),
         "text": ("text", "strong", "display")}


def read_brand(doc: YamlDoc, problems: Problems) -> tuple[str | None, PressContact | None]:
    """brand.yaml's `base_url` and `press`. brand.schema.json has judged their keys and types;
    this judges the addresses (as QR payloads are judged) and warns when base_url is missing."""
    data, path = doc.data if isinstance(doc.data, dict) else {}, doc.path
    base_url = data.get("base_url")
    if base_url is None:
        problems.warn(
            path,
            1,
            "base_url",
            "is not set: link previews (og:image, twitter:image) will show no picture, the page "
            "has no canonical or absolute hreflang links, and the fact sheets give the campaign "
            "page instead of the kit's address",
            "set base_url: https://…/ (the address where output/ will be hosted)",
        )
    elif isinstance(base_url, str):
        found = url_problems(base_url)
        for problem, fix, severity in found:
            problems.add(path, doc.line("base_url"), "base_url", problem, fix, severity)
        if any(s == "error" for _, _, s in found):
            base_url = None
        elif not base_url.endswith("/"):
            problems.add(
                path, doc.line("base_url"), "base_url", f"{base_url!r} does not end in /",
                f"write {base_url}/ (the folder that holds index.html)",
            )
            base_url = None
    else:
        base_url = None
    raw = data.get("press")
    if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) for k in PRESS_KEYS):
        return base_url, None  # the schema has said what is wrong
    ok = bool(EMAIL.fullmatch(raw["email"]))
    for problem, fix, severity in url_problems(raw["licence_url"]):
        problems.add(path, doc.line("press", "licence_url"), "press.licence_url",
                     problem, fix, severity)
        ok = ok and severity != "error"
    if not ok:
        return base_url, None
    return base_url, PressContact(raw["email"], raw["licence"], raw["licence_url"])


def read_sources(file: Path, doc: YamlDoc, mid: str, raw: list, problems: Problems):
    """A fact's `sources` (the schema has checked their shape); each address is judged."""
    out = []
    for i, item in enumerate(raw):
        for problem, fix, severity in url_problems(item["url"]):
            problems.add(file, doc.line("messages", mid, "sources", i, "url"),
                         f"messages.{mid}.sources.{i}.url", problem, fix, severity)
        out.append(Source(item["title"], item["url"]))
    return tuple(out)


def check(book: Brandbook, problems: Problems, judged: set[str] | None = None) -> None:
    """Across files: every format has a name in every locale, and every character of the
    fact sheet is in the fonts that set it (else Pango would take one from the system); missing
    characters merge with the assets' into one line per locale file and role. Only the locales
    of `judged` (default: all) are judged: a translator's `check --locale` never fails on
    another translator's file."""
    from pressroom.errors import Uncovered
    from pressroom.text.fonts import load_face
    from pressroom.text.shaping import uncovered

    formats = [f.name for f in book.formats]
    written = _format_names(book.root / "formats.yaml")  # broken ones too: not "unknown"
    for locale in book.locales:
        if judged is not None and locale.code not in judged:
            continue
        if "share" not in locale.page:
            problems.warn(
                locale.path, locale.lines.get(("page",), 0), "page.share",
                "no Share button text: on phones the page offers Download and Copy only",
                f"add share: … (the word for sharing to an app, in {locale.english_name}) "
                "under page:",
            )
        for name in formats:
            if name not in locale.format_names:
                problems.warn(
                    locale.path, locale.lines.get(("formats",), 0), f"formats.{name}",
                    f"no name for the format {name!r}: the page shows its id",
                    f"add {name}: … (its name in {locale.english_name}) under formats:",
                )
        for name in locale.format_names:
            if written and name not in written:  # nothing to compare with in a broken file
                problems.warn(
                    locale.path, locale.lines.get(("formats", name), 0), f"formats.{name}",
                    f"there is no format {name!r} in formats.yaml", "remove it or fix its name",
                )
        for role, items in texts_by_role(book, locale).items():
            chain = tuple(load_face(f) for f in font_chain(locale.fonts, role))
            labels = tuple(f.label for f in chain)
            for keys, text in items:
                chars = "".join(dict.fromkeys(u.char for u in uncovered(text, chain)))
                if chars:
                    line = locale.lines.get(keys, 0)
                    key = ".".join(map(str, keys))
                    problems.items.append(
                        Uncovered.of(problems.rel(locale.path), line, key, role, chars, labels)
                    )


def texts_by_role(book: Brandbook, locale: Locale) -> dict[str, list[tuple[tuple, str]]]:
    """Every text the fact sheet sets, by font role, with its key path in the locale file."""
    p = locale.press
    out: dict[str, list[tuple[tuple, str]]] = {role: [] for role in ROLES}
    out["strong"].append((("campaign", "wordmark"), locale.wordmark))  # as on the assets
    for key in ("factsheet_title", "facts", "slogans", "kit", "licence", "contact"):
        out["strong"].append((("press", key), p[key]))
    for key in ("summary", "sources", "kit_text", "licence_text", "contact_text"):
        out["text"].append((("press", key), p[key]))
    for m in locale.messages:
        at = ("messages", m.id)
        if m.kind == "fact":
            out["display"].append((at + ("figure",), m.texts["figure"]))
            out["strong"].append((at + ("claim",), m.texts["claim"]))
            for i, s in enumerate(m.sources):
                out["text"].append((at + ("sources", i, "title"), s.title))
        else:
            out["strong"].append((at + ("headline",), m.texts["headline"]))
            if "body" in m.texts:
                out["text"].append((at + ("body",), m.texts["body"]))
    return out


def _format_names(path: Path) -> set[str]:
    from pressroom.read.yamlfile import read_yaml

    doc, _ = read_yaml(path)
    return {str(k) for k in doc.data} if doc and isinstance(doc.data, dict) else set()


def font_chain(fonts: Chains, role: str) -> tuple[FontFile, ...]:
    """The fonts of a fact-sheet role in `fonts` (a locale's chains), or of the nearest role
    the brand book has."""
    for name in ROLES[role]:
        if name in fonts:
            return fonts[name]
    return next(iter(fonts.values()))


INDEX = "index.html"


def page_files(book: Brandbook, codes) -> dict[str, str]:
    """The page file of each language of `codes` (those that have pages): index.html for the
    primary language, or, when a build leaves it out, for the first of `codes` in the brand
    book's order; `<code>.html` for every other. The one mapping the pages, their canonical,
    og:url and hreflang links, and the fact sheets' links and QR codes are made from, so no
    link names a page the build did not write. A draft has no page here (see site/page.py)."""
    wanted = set(codes)
    present = [x.code for x in book.locales if x.code in wanted and not x.draft]
    if not present:
        return {}
    primary = book.brand.primary_locale
    index = primary if primary in present else present[0]
    return {code: INDEX if code == index else f"{code}.html" for code in present}


def page_url(
    book: Brandbook, locale: Locale, folder: str = "", files: dict[str, str] | None = None
) -> str | None:
    """The absolute address of a locale's page (in `folder`, e.g. partners/<id>/), when
    brand.yaml gives base_url. `files` is page_files() of the build; by default, of a build
    of every language."""
    base = book.brand.base_url
    if base is None:
        return None
    if files is None:
        files = page_files(book, [x.code for x in book.locales])
    file = files.get(locale.code, f"{locale.code}.html")
    return base + folder + ("" if file == INDEX else file)

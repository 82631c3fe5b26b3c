"""Places people post to (Instagram story, feed, print…): formats.yaml says where each format
goes (`places: [story, reel]`), and every locale names each place (`places:`).

The reference locale's `places:` defines the places and their order, as its messages define
the messages: the download page opens with them, in that order, and choosing one shows the
formats that go there for every message. A place is also an anchor of the page (`#story`), so
its id must not be one the page already uses. Judged here, once every file is read: a format
naming an unknown place, a locale missing a place's name or naming one the reference does not
have, and a place no format goes to.
"""

from __future__ import annotations

from pressroom.errors import Problems
from pressroom.model import Brandbook
from pressroom.read.yamlfile import read_yaml

# Element ids of the download page (site/templates/index.html.j2) that a place's anchor would
# take, and the prefixes of the ids it makes per message.
PAGE_IDS = frozenset({"all", "places", "press", "press-title", "print", "print-title", "status",
                      "verify", "verify-title"})
PAGE_PREFIXES = ("alt-", "caption-")


def order(book: Brandbook) -> tuple[str, ...]:
    """The place ids in the order the page offers them: the reference locale's, else (when it
    is not usable) as the formats first name them."""
    ref = next((x for x in book.locales if x.code == book.brand.reference_locale), None)
    if ref is not None and ref.place_names:
        return tuple(ref.place_names)
    return tuple(dict.fromkeys(p for f in book.formats for p in f.places))


def check(book: Brandbook, problems: Problems, judged: set[str] | None = None) -> None:
    """Every place a format names is a place of the reference locale; every judged locale
    names exactly those places; no place takes an id the page uses."""
    ref = next((x for x in book.locales if x.code == book.brand.reference_locale), None)
    if ref is None:
        return  # the reference locale's own problems come first
    known = ref.place_names
    doc, _ = read_yaml(book.root / "formats.yaml")
    _check_formats(book, problems, ref, doc)
    used = _named(doc)
    messages = {m.id for m in ref.messages}
    for place in known:
        line = ref.lines.get(("places", place), 0)
        if place in PAGE_IDS or place in messages or place.startswith(PAGE_PREFIXES):
            what = "a message's id" if place in messages else "an id the download page uses"
            problems.add(
                ref.path, line, f"places.{place}",
                f"{place!r} is {what}, and the place would be its anchor (#{place})",
                "rename the place here, in every locale and in formats.yaml",
            )
        if used is not None and place not in used:
            problems.warn(
                ref.path, line, f"places.{place}",
                "no format in formats.yaml goes there: the page leaves it out",
                f"add places: [{place}] to a format, or remove it",
            )
    for locale in book.locales:
        if locale is ref or (judged is not None and locale.code not in judged):
            continue
        for place in known:
            if place not in locale.place_names:
                problems.add(
                    locale.path, locale.lines.get(("places",), 0), f"places.{place}",
                    f"no name for the place {place!r} of {ref.path.name}",
                    f"add {place}: … (its name in {locale.english_name}) under places:",
                )
        for place in locale.place_names:
            if place not in known:
                problems.add(
                    locale.path, locale.lines.get(("places", place), 0), f"places.{place}",
                    f"there is no place {place!r} in {ref.path.name}",
                    f"remove it, or add it to {ref.path.name} first",
                )


def _named(doc) -> set[str] | None:
    """Every place formats.yaml names, broken formats' too (None: nothing to judge by, the file
    is unreadable or empty: its own problem is said)."""
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    specs = [s for s in data.values() if isinstance(s, dict)]
    if not specs:
        return None
    lists = [s["places"] for s in specs if isinstance(s.get("places"), list)]
    return {p for places in lists for p in places if isinstance(p, str)}


def _check_formats(book: Brandbook, problems: Problems, ref, doc) -> None:
    """Each place a (valid) format names must be one of the reference locale's places."""
    path = book.root / "formats.yaml"
    known = ref.place_names
    for fmt in book.formats:
        for n, place in enumerate(fmt.places):
            if place in known:
                continue
            line = doc.line(fmt.name, "places", n) if doc else 0
            choices = ", ".join(known) or "none yet"
            problems.add(
                path, line, f"{fmt.name}.places",
                f"there is no place {place!r} in {ref.path.name} (places: {choices})",
                f"use one of them, or add {place}: … (its name) under places: in every locale",
            )

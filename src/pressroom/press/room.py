"""The press room's files, as (path, bytes) for the output's one writer: a fact sheet per
language (made where there is a core to spare: see build), the logo pack and the favicon."""

from __future__ import annotations

from pressroom.kit.writer import LOGOS, Output
from pressroom.model import Brandbook, Locale
from pressroom.press.factsheet import factsheets, identifier, path_of
from pressroom.press.logos import FAVICON_PNG, FAVICON_SVG, favicons, logo_pack


def paths(locales: list[Locale]) -> list[str]:
    """Every press room file of `locales` (the languages that have assets)."""
    return [path_of(x) for x in locales] + ([LOGOS] if locales else []) + [
        FAVICON_SVG, FAVICON_PNG
    ]


def known_sheets(out: Output, locales: list[Locale]) -> dict[str, bytes | None]:
    """The identifier of each fact sheet the output holds (factsheets() keeps a current one)."""
    return {path_of(x): identifier(out.read(path_of(x))) for x in locales}


def sheets(book: Brandbook, codes: list[str], known: dict[str, bytes | None]) -> list:
    """The fact sheets of the locales of `codes`: factsheets(), with arguments that travel to
    another process as they are."""
    return factsheets(book, [book.locale(c) for c in codes], known)


def marks(book: Brandbook, locales: list[Locale], epoch: int) -> list[tuple[str, bytes]]:
    """The logo pack (when a language has assets) and the favicon."""
    return ([logo_pack(book, locales, epoch)] if locales else []) + favicons(book)

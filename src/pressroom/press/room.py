"""The press room's files, as (path, bytes) for the output's one writer: a fact sheet per
language (made where there is a core to spare: see build), the logo pack and the favicon."""

from __future__ import annotations

from pressroom.kit.plan import MAIN, kit_folder
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


def sheets(
    book: Brandbook, codes: list[str], known: dict[str, bytes | None], folder: str | None = ""
) -> list:
    """The fact sheets of the locales of `codes`, linking to the pages in `folder` (site_of):
    factsheets(), with arguments that travel to another process as they are."""
    return factsheets(book, [book.locale(c) for c in codes], known, folder)


def site_of(book: Brandbook, kits) -> str | None:
    """The pages the fact sheets link to, of a build with assets in `kits`: the campaign's (the
    top of the output folder); without them, the first partner's in brand.yaml's order; None
    when no kit has pages (the plain kit alone, shown on the campaign's pages)."""
    if MAIN in kits:
        return ""
    partner = next((p.id for p in book.brand.partners if p.id in kits), None)
    return None if partner is None else f"{kit_folder(partner)}/"


def marks(book: Brandbook, locales: list[Locale], epoch: int) -> list[tuple[str, bytes]]:
    """The logo pack (when a language has assets) and the favicon."""
    return ([logo_pack(book, locales, epoch)] if locales else []) + favicons(book)

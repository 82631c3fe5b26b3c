"""The press room on the download page: the press section, the links that make a page share
well (canonical, hreflang, og:image and twitter:image, all absolute when brand.yaml gives
`base_url`), the favicon, and the format names in the page's language.

The press room's files (fact sheets, logo pack, favicon: press/room.py) are written before the
page, which shows their sizes.
"""

from __future__ import annotations

from pressroom.brandbook.press import page_url
from pressroom.kit.asset import Asset
from pressroom.kit.writer import LOGOS, Output
from pressroom.model import Brandbook, Locale
from pressroom.press.factsheet import path_of


def present(book: Brandbook, codes) -> list[Locale]:
    """The locales of `codes` (those that have assets), in the brand book's order; never a
    draft (a preview is not published: no fact sheet, zip or page link)."""
    codes = set(codes)
    return [x for x in book.locales if x.code in codes and not x.draft]


def format_name(locale: Locale, name: str) -> str:
    """A format's name in the locale's language (its id when the locale has none: check
    warns about it)."""
    return locale.format_names.get(name, name)


def head(
    book: Brandbook, locale: Locale, pages: list, card: Asset | None, folder: str = ""
) -> dict:
    """Absolute links for the page's head (of the pages in `folder`, e.g. a partner's);
    empty without base_url (check warns)."""
    base = book.brand.base_url
    if base is None:
        return {"canonical": None, "alternates": [], "image": None}
    files = {p.locale.code: p.file for p in pages}  # as written: page_files() of the build
    alternates = [
        {"code": p.locale.code, "href": page_url(book, p.locale, folder, files)} for p in pages
    ]
    if pages:
        default = page_url(book, pages[0].locale, folder, files)
        alternates.append({"code": "x-default", "href": default})
    return {
        "canonical": page_url(book, locale, folder, files),
        "alternates": alternates,
        "image": base + card.path if card else None,
    }


def section(book: Brandbook, locale: Locale, out: Output, size, href=str) -> dict:
    """The press section: the locale's texts, the fact sheet and logo pack with their sizes
    (`href` makes their links relative to the page), and the press contact."""
    files = []
    for rel, label in ((path_of(locale), "factsheet"), (LOGOS, "logos")):
        length = out.size(rel)  # as this build leaves it
        if length is not None:
            files.append({"href": href(rel), "label": locale.press[label],
                          "size": size(length)})
    return {"t": locale.press, "files": files, "contact": book.brand.press}

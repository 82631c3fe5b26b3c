"""The download page's places (Instagram story, feed, print…): the choice it opens with.

Each place is a link (`#story`) to a heading of its own, placed before the messages. Choosing
it makes that heading the page's `:target`, and the page's CSS then shows, of every message,
only the formats that go there, each with its large preview; the other places' formats and the
small previews are hidden (`display: none`, so their lazy images never load). No script is
needed, and the address keeps the choice, so it can be linked. Without `:target`, or with no
place in the address, the page shows everything, message by message, as before.
"""

from __future__ import annotations

from pressroom.brandbook.places import order
from pressroom.model import Brandbook, Locale
from pressroom.text.linebreak import with_soft_hyphens

# The letters of a word a card's title or a place's name may hyphenate: on a phone two cards
# share a row, and the narrowest holds some 12 letters of a bold title in a wide font; a
# longer word breaks at a hyphen (Горизон-тальный), never at any letter, and a shorter one
# moves to the next line whole (WhatsApp).
LONG_WORD = 11


def offered(book: Brandbook, locale: Locale, shown: set[str]) -> list[dict]:
    """The places a page offers, in the brand book's order: those some format of `shown` (the
    format names with assets on the page) goes to, named in the page's language (a place
    without a name shows its id: check says so); a long word in a name breaks at a hyphen, as
    in the narrow boxes of the list on a phone."""
    formats = [f for f in book.formats if f.name in shown]
    used = {p for f in formats for p in f.places}
    return [
        {"id": p, "name": with_soft_hyphens(locale.place_names.get(p, p), locale.code, LONG_WORD)}
        for p in order(book)
        if p in used
    ]


def css(book: Brandbook) -> str:
    """The rules that hide, when a place is chosen, the formats and messages not there: one
    line per place of the brand book (every page of a build shares one style sheet, pinned by
    its hash in the CSP)."""
    return "".join(
        f'[id="{p}"]:target~.messages .msg:not(.at-{p}),'  # (an id may start with a digit)
        f'[id="{p}"]:target~.messages .card:not(.at-{p}){{display:none}}'
        for p in order(book)
    )


def classes(places) -> str:
    """The classes that say where a card (or a message with such cards) goes."""
    return " ".join(f"at-{p}" for p in places)

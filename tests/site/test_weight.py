"""The download page stays light for a phone to lay out, whatever the machine's load.

Lighthouse's mobile score of a whole kit's page (12 messages × 13 formats, some 150 cards) was
lost on total blocking time: the style and layout of 3,438 elements (docs/benchmark.md,
Lighthouse). Timings depend on the machine; the element count does not. The session's sample
kit has two messages in every format, so a page of the whole kit is projected from it: the
page around the messages, and its largest message as many times as a language has messages.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from pressroom.brandbook import load
from tests.conftest import BRANDBOOK, sample_kit

BOOK, _ = load(BRANDBOOK)
# Elements in the <body> of a whole kit's page, at most: 3,438 lost the 0.95 target (issue 25)
# on an idle machine; 1,800 reach it (docs/benchmark.md).
WHOLE_KIT_ELEMENTS = 2_000
CARD_ELEMENTS = 13  # a card: preview, title, size lines, links (a poster's: 13)


class _Elements(HTMLParser):
    """The elements of a page's <body>: in all, in each message (<article>), in each card."""

    def __init__(self):
        super().__init__()
        self.body = 0
        self.messages: list[int] = []
        self.cards: list[int] = []
        self._in = {"body": False, "article": False, "card": 0}

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self._in["body"] = True
            return
        if not self._in["body"]:
            return
        self.body += 1
        if tag == "article":
            self._in["article"] = True
            self.messages.append(0)
        if self._in["article"]:
            self.messages[-1] += 1
        if tag == "li" and "card" in (dict(attrs).get("class") or "").split():
            self._in["card"] = 1
            self.cards.append(0)
        elif self._in["card"] and tag == "li":
            self._in["card"] += 1
        if self._in["card"]:
            self.cards[-1] += 1

    def handle_endtag(self, tag):
        if tag == "article":
            self._in["article"] = False
        elif tag == "li" and self._in["card"]:
            self._in["card"] -= 1


@pytest.fixture(scope="module")
def site():
    return sample_kit()


def test_a_page_of_the_whole_kit_stays_light_for_a_phone(site):
    formats = len(BOOK.formats)
    most = max(len(x.messages) for x in BOOK.locales if not x.draft)
    for page in sorted(site.rglob("*.html")):  # every language's, every partner's
        count = _Elements()
        count.feed(page.read_text())
        # the campaign's pages show every format; a partner's kit may have fewer
        full = page.parent == site
        assert len(count.messages) == 2, page
        assert len(count.cards) == 2 * formats or not full and len(count.cards) < 2 * formats
        assert max(count.cards) <= CARD_ELEMENTS, (page, count.cards)
        around = count.body - sum(count.messages)
        whole = around + most * max(count.messages)
        assert whole <= WHOLE_KIT_ELEMENTS, (page, around, count.messages, whole)

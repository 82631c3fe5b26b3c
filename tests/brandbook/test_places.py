"""brandbook/places.py: where each format is posted (formats.yaml's `places:`) and each place's
name in every locale (`places:`); the reference locale's list defines the places and their
order. An unknown place, a missing or extra name, or a place that would take an id the page
uses is an error at its line; a place no format goes to is a warning."""

from __future__ import annotations

from pathlib import Path

from pressroom.brandbook import load
from pressroom.brandbook.newlocale import new_locale
from pressroom.brandbook.places import order
from pressroom.brandbook.translation import MARKER
from tests.conftest import BRANDBOOK, edit, line_of


def said(book: Path, locales=()) -> list[str]:
    _, problems = load(book, locales)
    return [str(p) for p in problems.items]


def test_the_default_brand_book_names_every_place_in_every_locale():
    book, problems = load(BRANDBOOK)
    assert not [p for p in problems.items if "places" in p.key]
    places = order(book)
    assert places[:3] == ("story", "reel", "feed") and "posters" in places
    for fmt in book.formats:
        assert fmt.places and set(fmt.places) <= set(places), fmt.name
    for locale in book.locales:
        assert list(locale.place_names) == list(places), locale.code
        if locale.code != "en":  # real names, not the English ones
            assert locale.place_names["posters"] != book.locale("en").place_names["posters"]
    assert book.format("story-motion").places == ("story", "reel")


def test_a_format_naming_an_unknown_place_is_an_error_at_its_line(book_copy):
    formats = book_copy / "formats.yaml"
    edit(formats, "  places: [telegram]\n", "  places: [telegarm]\n")
    found = said(book_copy)
    line = line_of(formats, "places: [telegarm]")
    assert any(
        p.startswith(f"brandbook/formats.yaml:{line}: telegram-sticker.places: there is no place "
                     "'telegarm' in en.yaml (places: story, reel,")
        and "— use one of them, or add telegarm: … (its name) under places: in every locale" in p
        for p in found
    ), found


def test_a_locale_missing_a_place_or_naming_an_extra_one_is_an_error(book_copy):
    kk = book_copy / "locales" / "kk.yaml"
    edit(kk, '  youtube: "YouTube"\n', '  tiktok: "TikTok"\n')
    found = said(book_copy, ["kk"])
    places = line_of(kk, "places:")
    assert (f"brandbook/locales/kk.yaml:{places}: places.youtube: no name for the place "
            "'youtube' of en.yaml — add youtube: … (its name in Kazakh) under places:") in found
    assert (f"brandbook/locales/kk.yaml:{line_of(kk, 'tiktok:')}: places.tiktok: there is no "
            "place 'tiktok' in en.yaml — remove it, or add it to en.yaml first") in found
    assert not [p for p in said(book_copy, ["ru"]) if "kk.yaml" in p]  # judged alone


def test_a_place_that_takes_a_page_anchor_is_an_error_and_an_unused_one_a_warning(book_copy):
    en = book_copy / "locales" / "en.yaml"
    edit(en, '  posters: "Posters to print"\n',
         '  posters: "Posters to print"\n  press: "Newspapers"\n')
    found = said(book_copy, ["en"])
    line = line_of(en, 'press: "Newspapers"')
    assert (f"brandbook/locales/en.yaml:{line}: places.press: 'press' is an id the download page "
            "uses, and the place would be its anchor (#press) — rename the place here, in every "
            "locale and in formats.yaml") in found
    assert (f"brandbook/locales/en.yaml:{line}: places.press: warning: no format in formats.yaml "
            "goes there: the page leaves it out — add places: [press] to a format, or remove "
            "it") in found


def test_locale_new_copies_the_places_to_translate(book_copy):
    written = new_locale(book_copy, "de")
    text = written.read_text()
    assert "places:\n  # en: Story (Instagram, WhatsApp)\n" in text
    assert f'  posters: "{MARKER} Posters to print"' in text

"""The press room's data: brand.yaml's base_url and press contact, each locale's press texts,
format names and fact sources, as `pressroom check` judges them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pressroom.brandbook import load
from pressroom.brandbook.press import page_url
from pressroom.cli import main
from tests.conftest import BRANDBOOK, edit, line_of


def check(book: Path, locale: str):
    """`pressroom check` of the shared files and `locale` (each locale is judged alone)."""
    return CliRunner().invoke(main, ["check", "--brandbook", str(book), "--locale", locale])


def test_the_default_brand_book_has_press_data_for_every_locale():
    book, problems = load(BRANDBOOK)
    assert not problems.items, problems.items
    assert book.brand.base_url == "https://queer.kz/share/"
    assert book.brand.press.email.endswith("@queer.kz")
    for locale in book.locales:
        assert set(locale.format_names) == {f.name for f in book.formats}
        facts = [m for m in locale.messages if m.kind == "fact"]
        assert facts and all(m.sources for m in facts)
        assert all(s.url.startswith("https://") for m in facts for s in m.sources)
        assert "{wordmark}" not in locale.press["licence_text"]  # filled in
    assert page_url(book, book.locale("ru")) == "https://queer.kz/share/"
    assert page_url(book, book.locale("kk-Latn")) == "https://queer.kz/share/kk-Latn.html"


@pytest.mark.slow  # over 3 s: a check or build of the whole brand book
def test_without_base_url_check_warns_what_link_previews_lack(book_copy):
    brand = book_copy / "brand.yaml"
    edit(brand, "base_url: https://queer.kz/share/\n", "")
    result = check(book_copy, "en")
    assert result.exit_code == 0, result.output
    assert "brand.yaml:1: base_url: warning: is not set: link previews" in result.output
    assert "og:image" in result.output


@pytest.mark.parametrize(
    ("old", "new", "key", "problem"),
    [
        ("base_url: https://queer.kz/share/", "base_url: https://queer.kz/share",
         "base_url", "does not end in /"),
        ("base_url: https://queer.kz/share/", "base_url: queer.kz/share/",
         "base_url", "is not an http(s) address"),
        ("email: press@queer.kz", "email: press at queer.kz", "press.email",
         "is not an e-mail address"),
        ("  licence: CC BY 4.0\n", "", "press.licence", "is missing"),
        ("licence_url: https://creativecommons.org/licenses/by/4.0/", "licence_url: cc.org",
         "press.licence_url", "is not an http(s) address"),
    ],
)
def test_bad_brand_press_data_is_named_with_its_line(book_copy, old, new, key, problem):
    brand = book_copy / "brand.yaml"
    line = line_of(brand, old.strip().split(":")[0] + ":")
    edit(brand, old, new)
    result = check(book_copy, "en")
    assert result.exit_code == 1
    if key == "press.licence":
        line = line_of(brand, "press:")
    named = [x for x in result.output.splitlines() if f"brand.yaml:{line}: {key}: " in x]
    assert named and problem in named[0], result.output


@pytest.mark.slow  # over 3 s: a check or build of the whole brand book
def test_a_bad_source_address_is_an_error_and_a_tracking_one_a_warning(book_copy):
    ru = book_copy / "locales" / "ru.yaml"
    edit(ru, "url: https://orda.kz/", "url: https://orda.kz/?utm_source=kit")
    result = check(book_copy, "ru")
    assert result.exit_code == 0
    tracked = line_of(ru, "utm_source")
    assert (f"ru.yaml:{tracked}: messages.trans-discrimination.sources.1.url: warning: "
            "tracking parameters utm_source") in result.output
    edit(ru, "url: https://amanbol.kz/appeal2024", "url: amanbol.kz/appeal2024")
    result = check(book_copy, "ru")
    assert result.exit_code == 1
    bad = line_of(ru, "url: amanbol.kz")
    assert (f"ru.yaml:{bad}: messages.signatures-under-pressure.sources.0.url: "
            "'amanbol.kz/appeal2024' is not an http(s) address") in result.output


@pytest.mark.slow  # over 3 s: a check or build of the whole brand book
def test_a_fact_needs_sources_and_a_slogan_has_none(book_copy):
    en = book_copy / "locales" / "en.yaml"
    original = en.read_text()
    edit(en, '    cta: "Stand with us"\n',
         '    cta: "Stand with us"\n    sources: [{title: x, url: "https://example.org/"}]\n')
    result = check(book_copy, "en")
    assert result.exit_code == 1
    assert "messages.our-home.sources: a slogan has no 'sources'" in result.output
    start = original.index("    sources:\n      - title: \"Constitution")
    en.write_text(original[:start] + original[original.index("    alt:", start):])
    result = check(book_copy, "en")
    assert result.exit_code == 1
    assert "messages.constitution-art-14.sources: 'sources' is missing" in result.output


@pytest.mark.slow  # over 2.5 s: a build of its own
def test_a_missing_press_text_is_an_error(book_copy):
    kk = book_copy / "locales" / "kk.yaml"
    text = kk.read_text()
    kk.write_text("\n".join(x for x in text.splitlines() if not x.startswith("  qr_alt:")) + "\n")
    result = check(book_copy, "kk")
    assert result.exit_code == 1
    found = f"kk.yaml:{line_of(kk, 'press:')}: press.qr_alt: 'qr_alt' is missing"
    assert found in result.output


@pytest.mark.slow  # over 3 s: a check or build of the whole brand book
def test_a_format_without_a_name_is_warned_and_shows_its_id(book_copy, tmp_path):
    kk = book_copy / "locales" / "kk.yaml"
    edit(kk, "  fb-cover: Facebook мұқабасы\n", "")
    result = check(book_copy, "kk")
    assert result.exit_code == 0, result.output
    line = line_of(kk, "formats:")
    assert (f"kk.yaml:{line}: formats.fb-cover: warning: no name for the format 'fb-cover': "
            "the page shows its id") in result.output

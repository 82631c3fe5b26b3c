"""brandbook/brand.py: brand.yaml read into a `Brand`: locale codes in canonical case, URLs judged
as QR payloads, colours in upper case, every font found in the font folder and readable (a
collection's face by index or name); any problem leaves no brand, each said at its line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pressroom.brandbook.brand import EMPTY_FIX, read_brand
from pressroom.errors import Problems
from pressroom.model import FontFile, PressContact
from tests.conftest import FONTS, edit, line_of, make_collection

HEBREW, ARMENIAN = "NotoSansHebrew-Regular.ttf", "NotoSansArmenian-Bold.ttf"  # small fonts
BRAND = f"""\
# yaml-language-server: $schema=brand.schema.json
name: Mini
reference_locale: EN
primary_locale: kk-latn
urls:
  default: https://example.org/
  RU: https://example.org/ru/
  KK-latn: https://example.org/kk/
palette:
  ink: "#1a2b3c"
  paper: "#FFFFFF"
fonts:
  display: [{ARMENIAN}, {HEBREW}]
  text: {HEBREW}
languages:
  HY-am:
    fonts:
      display: [{HEBREW}]
base_url: https://example.org/kit/
press:
  email: press@example.org
  licence: CC BY 4.0
  licence_url: https://creativecommons.org/licenses/by/4.0/
"""


@pytest.fixture
def book(tmp_path) -> Path:
    """A brand book folder with BRAND as its brand.yaml, and ../fonts (the default font folder)
    holding two small fonts."""
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for name in (HEBREW, ARMENIAN):
        shutil.copy(FONTS / name, fonts / name)
    root = tmp_path / "bb"
    root.mkdir()
    (root / "brand.yaml").write_text(BRAND)
    return root


def read(book: Path):
    """(brand, raw data, problem lines) of book/brand.yaml."""
    problems = Problems(book)
    brand, data = read_brand(book / "brand.yaml", problems)
    return brand, data, [str(p) for p in problems.items]


def at(book: Path, needle: str) -> str:
    return f"bb/brand.yaml:{line_of(book / 'brand.yaml', needle)}:"


def test_a_valid_brand_is_read_with_canonical_codes_and_upper_case_colours(book):
    brand, data, said = read(book)
    assert said == []
    fonts = book.parent.resolve() / "fonts"
    assert brand.name == "Mini"
    assert (brand.reference_locale, brand.primary_locale) == ("en", "kk-Latn")
    assert brand.urls == {
        "default": "https://example.org/",
        "ru": "https://example.org/ru/",
        "kk-Latn": "https://example.org/kk/",
    }
    assert brand.palette == {"ink": "#1A2B3C", "paper": "#FFFFFF"}
    assert brand.fonts == {
        "display": (FontFile(fonts / ARMENIAN), FontFile(fonts / HEBREW)),
        "text": (FontFile(fonts / HEBREW),),  # one name: a chain of one
    }
    assert brand.languages == {"hy-AM": {"display": (FontFile(fonts / HEBREW),)}}
    assert brand.base_url == "https://example.org/kit/"
    assert brand.press == PressContact(
        "press@example.org", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"
    )
    assert brand.path == book / "brand.yaml"
    assert brand.lines[("urls", "RU")] == line_of(book / "brand.yaml", "RU:")
    assert brand.partners == () and brand.printing.cmyk == {}
    assert data["reference_locale"] == "EN"  # the data as written


def test_a_languages_faces_go_in_front_of_its_chain_once(book):
    brand, _, _ = read(book)
    fonts = book.parent.resolve() / "fonts"
    hebrew, armenian = FontFile(fonts / HEBREW), FontFile(fonts / ARMENIAN)
    assert brand.chains("hy-AM")["display"] == (hebrew, armenian)
    assert brand.chains("ru") == brand.fonts


def test_font_dir_names_another_font_folder(book):
    other = book / "typefaces"
    shutil.move(book.parent / "fonts", other)
    brand, _, said = read(book)  # ../fonts by default, and it is gone
    assert brand is None
    assert f"font file {ARMENIAN!r} is not in {(book.parent / 'fonts').resolve()}" in said[0]
    edit(book / "brand.yaml", "base_url:", "font_dir: typefaces\nbase_url:")
    brand, _, said = read(book)
    assert said == []
    assert brand.fonts["text"] == (FontFile(other.resolve() / HEBREW),)


def test_print_builds_are_read_into_the_brand(book):
    edit(book / "brand.yaml", "fonts:\n", "print:\n  cmyk:\n    ink: [0, 0, 0, 100]\nfonts:\n")
    brand, _, said = read(book)
    assert said == []
    assert brand.printing.cmyk == {"ink": (0, 0, 0, 100)}


# --- fonts ---------------------------------------------------------------------------------------


def test_a_missing_font_is_said_at_the_line_of_its_item(book):
    edit(book / "brand.yaml", f"  text: {HEBREW}\n", f"  text:\n    - {HEBREW}\n    - Nope.otf\n")
    brand, data, said = read(book)
    assert brand is None
    folder = (book.parent / "fonts").resolve()
    assert said == [
        f"{at(book, '- Nope.otf')} fonts.text: font file 'Nope.otf' is not in {folder} — copy "
        "the font (and its licence) into fonts/ or fix the name (see fonts/README.md)"
    ]
    assert data["name"] == "Mini"  # the locales can still be judged


def test_a_font_outside_the_font_folder_is_refused(book):
    (book.parent / "secret.otf").write_bytes((FONTS / HEBREW).read_bytes())
    edit(book / "brand.yaml", f"  text: {HEBREW}", "  text: ../secret.otf")
    brand, _, said = read(book)
    assert brand is None
    assert said == [
        f"{at(book, 'secret.otf')} fonts.text: the font file '../secret.otf' is not inside "
        "fonts/ — copy the font (and its licence) into fonts/ or fix the name (see "
        "fonts/README.md)"
    ]


@pytest.mark.parametrize(
    "content, why",
    [
        (b"not a font at all", "cannot be read as a font (Not a TrueType or OpenType font"),
        ((FONTS / HEBREW).read_bytes()[:2000], "cannot be read as a font (the file is truncated"),
    ],
    ids=["not-a-font", "truncated"],
)
def test_a_damaged_font_is_said_at_the_line_that_names_it(book, content, why):
    (book.parent / "fonts" / "Bad.ttf").write_bytes(content)
    edit(book / "brand.yaml", f"  text: {HEBREW}\n", f"  text:\n    - {HEBREW}\n    - Bad.ttf\n")
    brand, _, said = read(book)
    assert brand is None
    (problem,) = said
    assert problem.startswith(f"{at(book, '- Bad.ttf')} fonts.text: Bad.ttf {why}")
    assert problem.endswith(" — replace it with a complete font file")


def test_a_damaged_font_of_a_language_is_said_at_its_line(book):
    (book.parent / "fonts" / "Bad.ttf").write_bytes(b"\x00\x01\x00\x00garbage")
    edit(book / "brand.yaml", f"      display: [{HEBREW}]", "      display: [Bad.ttf]")
    brand, _, said = read(book)
    assert brand is None and len(said) == 1
    assert said[0].startswith(f"{at(book, '[Bad.ttf]')} languages.HY-am.fonts.display: Bad.ttf ")


def test_a_collections_face_is_found_by_index_or_by_name(book):
    make_collection(book.parent / "fonts" / "Pair.ttc", "漢")
    edit(book / "brand.yaml", f"  text: {HEBREW}", '  text: [Pair.ttc#1, "Pair.ttc#Test Han Bold"]')
    brand, _, said = read(book)
    assert said == []
    file = (book.parent / "fonts" / "Pair.ttc").resolve()
    assert brand.fonts["text"] == (FontFile(file, "1"), FontFile(file, "Test Han Bold"))


@pytest.mark.parametrize(
    "face, problem",
    [
        ("#5", "Pair.ttc#5 has faces #0 to #1, not #5"),
        ("#Nobody", "Pair.ttc#Nobody has no face named 'Nobody'"),
    ],
)
def test_a_face_that_is_not_in_the_collection_is_said_with_the_faces_it_has(book, face, problem):
    make_collection(book.parent / "fonts" / "Pair.ttc", "漢")
    edit(book / "brand.yaml", f"  text: {HEBREW}", f"  text: Pair.ttc{face}")
    brand, _, said = read(book)
    assert brand is None
    assert said == [
        f"{at(book, 'Pair.ttc')} fonts.text: {problem} (#0 Noto Sans Georgian Bold; "
        "#1 Test Han Bold) — name one face: Pair.ttc#INDEX or Pair.ttc#FACE NAME "
        "(see fonts/README.md)"
    ]


def test_a_face_of_a_single_font_file_is_refused(book):
    edit(book / "brand.yaml", f"  text: {HEBREW}", f"  text: {HEBREW}#1")
    brand, _, said = read(book)
    assert brand is None
    assert said == [
        f"{at(book, '  text:')} fonts.text: {HEBREW}#1 holds one font, not a collection: '#1' "
        f"names no face — write {HEBREW} without #1"
    ]


def test_a_language_role_the_brand_does_not_have_is_said_with_the_roles_it_has(book):
    edit(book / "brand.yaml", f"      display: [{HEBREW}]", f"      headline: [{HEBREW}]")
    brand, _, said = read(book)
    assert brand is None
    assert said == [
        f"{at(book, 'headline:')} languages.HY-am.fonts.headline: 'headline' is not a font role "
        "of brand.yaml — use one of display, text"
    ]


# --- URLs ----------------------------------------------------------------------------------------


def test_two_urls_for_one_locale_in_another_case_are_an_error_at_the_second(book):
    edit(book / "brand.yaml", "  RU: https://example.org/ru/\n",
         "  RU: https://example.org/ru/\n  ru: https://example.org/russian/\n")
    _, _, said = read(book)
    assert said == [
        f"{at(book, '  ru:')} urls.ru: a second URL for ru (codes ignore case) — keep one of them"
    ]


def test_a_url_that_is_no_address_is_an_error_at_its_line(book):
    edit(book / "brand.yaml", "  RU: https://example.org/ru/", "  RU: example.org/ru/")
    _, _, said = read(book)
    assert said == [
        f"{at(book, 'RU:')} urls.RU: 'example.org/ru/' is not an http(s) address — write the full "
        "https://… address"
    ]


def test_a_shortener_or_tracking_url_is_only_a_warning_and_the_brand_is_read(book):
    edit(book / "brand.yaml", "  RU: https://example.org/ru/", "  RU: https://bit.ly/ru")
    edit(book / "brand.yaml", "  KK-latn: https://example.org/kk/",
         "  KK-latn: https://example.org/kk/?utm_source=poster")
    brand, _, said = read(book)
    assert brand is not None
    assert brand.urls["ru"] == "https://bit.ly/ru"
    assert brand.urls["kk-Latn"] == "https://example.org/kk/?utm_source=poster"
    assert said == [
        f"{at(book, 'RU:')} urls.RU: warning: bit.ly is a URL shortener: it can log who scans — "
        "use the campaign's own address",
        f"{at(book, 'KK-latn:')} urls.KK-latn: warning: tracking parameters utm_source in "
        "'https://example.org/kk/?utm_source=poster' — remove them: they identify where a scan "
        "came from",
    ]


# --- what leaves no brand ------------------------------------------------------------------------


def test_a_schema_problem_leaves_no_brand_but_the_data_for_the_locales(book):
    edit(book / "brand.yaml", 'ink: "#1a2b3c"', "ink: blue")
    brand, data, said = read(book)
    assert brand is None
    assert data["reference_locale"] == "EN" and data["palette"] == {
        "ink": "blue", "paper": "#FFFFFF"
    }
    assert said == [
        f"{at(book, 'ink:')} palette.ink: 'blue' is not a colour written #RRGGBB — write it "
        'like "#5B2A86" (quoted)'
    ]


def test_a_text_with_a_bidi_control_leaves_no_brand(book):
    edit(book / "brand.yaml", "name: Mini", 'name: "Mi\\u202Eni"')
    brand, _, said = read(book)
    assert brand is None
    assert len(said) == 1
    assert said[0].startswith(f"{at(book, 'name:')} name: has the bidi control U+202E ")


def test_a_press_problem_leaves_no_brand(book):
    edit(book / "brand.yaml", "base_url: https://example.org/kit/", "base_url: https://example.org/kit")
    brand, _, said = read(book)
    assert brand is None
    assert said == [
        f"{at(book, 'base_url:')} base_url: 'https://example.org/kit' does not end in / — write "
        "https://example.org/kit/ (the folder that holds index.html)"
    ]


def test_a_missing_brand_file_gives_nothing_and_says_so(tmp_path):
    problems = Problems(tmp_path)
    assert read_brand(tmp_path / "brand.yaml", problems) == (None, {})
    assert [str(p) for p in problems.errors] == [
        f"{tmp_path.name}/brand.yaml: the file does not exist — create it or fix its name"
    ]


def test_an_empty_brand_file_says_what_to_write(book):
    (book / "brand.yaml").write_text("# nothing yet\n")
    problems = Problems(book)
    assert read_brand(book / "brand.yaml", problems) == (None, {})
    assert [str(p) for p in problems.errors] == [
        f"bb/brand.yaml:1: the file is empty (or holds only comments) — {EMPTY_FIX}"
    ]


def test_a_brand_file_that_is_a_list_gives_no_data(book):
    (book / "brand.yaml").write_text("- name\n- urls\n")
    problems = Problems(book)
    assert read_brand(book / "brand.yaml", problems) == (None, {})
    assert [p.problem for p in problems.errors] == ["the file is a list, not a map of keys"]


def test_a_language_may_set_its_line_breaking_alone(book):
    edit(book / "brand.yaml", "languages:\n", "languages:\n  ja:\n    breaking:\n"
         "      lb: loose\n      roles: {display: {lw: normal}}\n")
    brand, _, lines = read(book)
    assert lines == []
    assert brand.breaking_of("ja-JP") == {"lb": "loose", "roles": {"display": {"lw": "normal"}}}
    assert brand.breaking_of("ko") == {}
    assert "ja" not in brand.languages  # no faces of its own


def test_an_unknown_line_breaking_value_is_refused_at_its_line(book):
    edit(book / "brand.yaml", "languages:\n", "languages:\n  ja:\n    breaking:\n"
         "      lb: sideways\n")
    brand, _, lines = read(book)
    assert brand is None
    line = line_of(book / "brand.yaml", "lb: sideways")
    assert any(f"brand.yaml:{line}:" in x and "lb" in x for x in lines), lines

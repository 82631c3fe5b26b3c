"""Texts show what they read: bidi overrides and isolates are refused in every text and name (of
a locale file, brand.yaml and its partners), marks are allowed; locale codes that Windows keeps
for devices are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from pressroom.brandbook.newlocale import BadLocaleCode, new_locale
from pressroom.brandbook.texts import text_problems
from pressroom.langtags import canonical, reserved
from tests.test_security import copy_book, edit, line_of, refused, run

RLO = "\u202e"


@pytest.fixture
def mini(tmp_path) -> Path:
    return copy_book(tmp_path)


@pytest.mark.parametrize("code", [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
def test_every_override_and_isolate_control_is_named_with_its_position(code):
    found = text_problems(f"ab{chr(code)}cd", "headline")
    assert len(found) == 1
    problem, fix = found[0]
    assert f"U+{code:04X}" in problem and "at character 3" in problem
    assert "direction:" in fix


@pytest.mark.parametrize("mark", ["\u200e", "\u200f", "\u061c"])
def test_direction_marks_are_allowed(mark):
    assert text_problems(f"שלום{mark} 2024", "headline") == []


def test_an_override_in_a_locale_text_is_refused_at_its_line(mini, tmp_path):
    path = mini / "locales" / "en.yaml"
    edit(path, "headline: Equal rights for everyone", f"headline: Equal {RLO}enoyreve rof")
    edit(path, "title: Mini brand book", f"title: Mini{RLO} brand book")
    out = refused(
        mini, tmp_path,
        f"en.yaml:{line_of(path, 'headline:')}: messages.equal.headline: has the bidi control "
        "U+202E RIGHT-TO-LEFT OVERRIDE at character 7",
        f"en.yaml:{line_of(path, 'title: Mini')}: page.title:",
    )
    assert "does not fit" not in out  # the message is not laid out


def test_an_isolate_in_brand_and_partner_names_is_refused(mini, tmp_path):
    brand = mini / "brand.yaml"
    edit(brand, "name: Mini", "name: \"Mini\u2067x\u2069\"")
    refused(mini, tmp_path, f"brand.yaml:{line_of(brand, 'name:')}: name: has the bidi control "
            "U+2067 RIGHT-TO-LEFT ISOLATE at character 5 (and 1 more)")


def test_a_partner_name_with_an_override_is_refused(tmp_path):
    book = copy_book(tmp_path)
    logo = book / "assets" / "p.svg"
    logo.parent.mkdir(exist_ok=True)
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
                    '<rect width="10" height="10" fill="#123456"/></svg>')
    brand = book / "brand.yaml"
    brand.write_text(
        brand.read_text()
        + f"partners:\n  - id: ally\n    name: \"Ally{RLO}\"\n"
        "    logo: {light: assets/p.svg, dark: assets/p.svg}\n"
    )
    line = line_of(brand, "name: \"Ally")
    refused(book, tmp_path, f"brand.yaml:{line}: partners.name: has the bidi control U+202E")


@pytest.mark.parametrize(
    "code", ["con", "NUL", "Aux", "prn", "nul-Latn", "CON-RU", "com1", "LPT9", "com0"]
)
def test_windows_device_names_are_not_locale_codes(code):
    assert reserved(code) and canonical(code) is None


@pytest.mark.parametrize("code", ["en", "kk-Latn", "co", "cy", "nl", "lt", "com", "lpt"])
def test_other_codes_are_not_reserved(code):
    assert not reserved(code)


def test_a_locale_file_named_after_a_device_is_refused_with_the_fix(mini, tmp_path):
    (mini / "locales" / "nul-Latn.yaml").write_bytes((mini / "locales" / "ru.yaml").read_bytes())
    result = run("check", "--brandbook", mini)
    assert result.exit_code == 1
    assert "nul-Latn.yaml: 'nul-Latn' starts with a device name reserved on Windows" in (
        result.output
    )
    assert "name the locale by another code" in result.output


def test_locale_new_refuses_a_device_name(mini):
    with pytest.raises(BadLocaleCode, match="reserved on Windows"):
        new_locale(mini, "aux")
    assert not (mini / "locales" / "aux.yaml").exists()

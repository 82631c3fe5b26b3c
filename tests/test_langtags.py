"""BCP 47 codes: any case in, canonical case out; the nearest entry of a table by prefix."""

from __future__ import annotations

import pytest

from pressroom.langtags import canonical, lookup, script_of


@pytest.mark.parametrize(
    "written,canon",
    [
        ("zh-hans", "zh-Hans"),
        ("ZH-HANS", "zh-Hans"),
        ("PT-br", "pt-BR"),
        ("kk-latn", "kk-Latn"),
        ("sr-latn-rs", "sr-Latn-RS"),
        ("es-419", "es-419"),
        ("EN", "en"),
        ("kk", "kk"),
    ],
)
def test_codes_are_matched_in_any_case_and_written_canonically(written, canon):
    assert canonical(written) == canon


@pytest.mark.parametrize("code", ["kk_Latn", "x", "en-", "../en", "русский", "e1", "en-Latin", ""])
def test_what_is_not_a_code(code):
    assert canonical(code) is None


def test_the_nearest_entry_by_prefix():
    table = {"zh": "zh", "zh-Hans": "zh-Hans"}
    assert lookup(table, "zh-Hans-CN") == "zh-Hans"
    assert lookup(table, "zh-Hant") == "zh"
    assert lookup(table, "ja") is None


@pytest.mark.parametrize(
    "code,script", [("zh-Hans", "Hans"), ("he", "Hebr"), ("kk", "Cyrl"), ("vi", "Latn")]
)
def test_the_script_of_a_code(code, script):
    assert script_of(code) == script

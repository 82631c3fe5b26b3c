"""Bidi: embedding levels of mixed Latin, Hebrew, Arabic and numbers by the rules of UAX #9, and
lines put in visual order as an independent implementation (python-bidi's Rust core) does."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from bidi import get_display
from hypothesis import given, settings
from hypothesis import strategies as st

from pressroom.text.bidi import levels, visual_order

# Removed by rule X9: they have no place of their own in the visual order.
REMOVED = {"RLE", "LRE", "RLO", "LRO", "PDF", "BN"}


def runs_of(lv) -> list[tuple[int, int, int]]:
    """Maximal runs (start, end, level) of equal levels."""
    runs: list[tuple[int, int, int]] = []
    for i, level in enumerate(lv):
        if runs and runs[-1][2] == level:
            runs[-1] = (runs[-1][0], i + 1, level)
        else:
            runs.append((i, i + 1, level))
    return runs


def displayed(text: str, rtl: bool) -> str:
    """The characters of `text` left to right as `levels` and `visual_order` place them: runs
    in visual order, the characters of an odd (right-to-left) run reversed."""
    order = visual_order(runs_of(levels(text, rtl)))
    return "".join(text[s:e][::-1] if level % 2 else text[s:e] for s, e, level in order)


def shown(text: str) -> str:
    return "".join(c for c in text if unicodedata.bidirectional(c) not in REMOVED)


def at(text: str, lv, part: str) -> set[int]:
    """The levels of the characters of the first `part` in `text`."""
    start = text.index(part)
    return set(lv[start : start + len(part)])


# --- levels ---------------------------------------------------------------------------------


def test_a_latin_paragraph_without_right_to_left_text_is_all_level_zero():
    text = "Equal rights (ICCPR), 50,000 signatures!"
    assert levels(text, rtl=False) == (0,) * len(text)
    assert levels("", rtl=False) == ()


def test_hebrew_in_a_latin_paragraph_goes_up_one_level():
    text = "abc שלום def"
    lv = levels(text, rtl=False)
    assert at(text, lv, "שלום") == {1}  # I1: R at an even level goes up one
    assert at(text, lv, "abc ") == at(text, lv, " def") == {0}  # N2: spaces take the base


def test_latin_and_numbers_in_a_right_to_left_paragraph_are_level_two():
    text = "שלום abc 123"
    lv = levels(text, rtl=True)
    assert at(text, lv, "שלום") == {1}
    assert at(text, lv, "abc") == at(text, lv, "123") == {2}  # I2: L and EN at odd go up one
    assert at(text, lv, " abc ") - at(text, lv, "abc") == {1}


def test_latin_only_in_a_right_to_left_paragraph_is_level_two():
    assert levels("abc", rtl=True) == (2, 2, 2)
    assert levels("abc!", rtl=True) == (2, 2, 2, 1)  # the neutral at the end takes the base


def test_a_percent_sign_joins_european_numbers_after_hebrew_but_not_after_arabic():
    # W5: a terminator next to European digits becomes one; W2: after Arabic letters (AL) the
    # digits are Arabic numbers (AN), which take no terminator, so "%" stays a neutral.
    hebrew = "שלום 25%"
    arabic = "سلام 25%"
    assert levels(hebrew, rtl=True)[-3:] == (2, 2, 2)
    assert levels(arabic, rtl=True)[-3:] == (2, 2, 1)


def test_digits_after_arabic_in_a_latin_paragraph_are_level_two():
    text = "ab سلام 25 cd"  # W2: the digits become AN; I1: AN at an even level goes up two
    lv = levels(text, rtl=False)
    assert at(text, lv, "25") == {2}
    assert at(text, lv, "سلام") == {1}
    assert levels("ab 25 cd", rtl=False) == (0,) * 8


def test_arabic_indic_digits_are_numbers_in_either_direction():
    text = "abc ١٢٣ def"  # AN: level 2 in a left-to-right paragraph too
    assert at(text, levels(text, rtl=False), "١٢٣") == {2}
    assert at(text, levels(text, rtl=True), "١٢٣") == {2}


def test_a_combining_mark_has_the_level_of_its_letter():
    text = "x \u05d0\u05b8\u05d1 y"  # W1: the mark (qamats) takes the type of the letter before
    lv = levels(text, rtl=False)
    assert lv[3] == lv[2] == 1


def test_embedding_controls_raise_levels_and_take_their_neighbours_level():
    text = "abc\u202bשלום def\u202c ghi"  # RLE … PDF around Hebrew and Latin
    lv = levels(text, rtl=False)
    assert at(text, lv, "שלום") == {1}  # X2: least greater odd level
    assert at(text, lv, "def") == {2}  # L inside an odd embedding: I2
    assert at(text, lv, " ghi") == {0}
    assert lv[3] == lv[2] and lv[text.index("\u202c")] == lv[text.index("\u202c") - 1]


def test_an_override_makes_latin_letters_right_to_left():
    text = "\u202eabc\u202c"  # RLO … PDF
    assert levels(text, rtl=False)[1:4] == (1, 1, 1)  # X4: level 1, every letter R


def test_every_right_to_left_letter_makes_a_latin_paragraph_bidirectional():
    """The quick path for text without right-to-left letters must not miss one: every
    character the Unicode database classes R or AL is at level 1 in a left-to-right
    paragraph."""
    strong = [
        chr(cp)
        for cp in range(sys.maxunicode + 1)
        if unicodedata.bidirectional(chr(cp)) in ("R", "AL")
    ]
    assert len(strong) > 2000
    wrong = [hex(ord(c)) for c in strong if levels("a" + c, rtl=False) != (0, 1)]
    assert wrong == []


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="python-bidi's rule-by-rule algorithm (bidi.algorithm) knows no isolates (UAX #9 "
    "6.3, X5a-X5c): resolve_implicit_levels asserts on an LRI/RLI/FSI/PDI type",
)
@pytest.mark.parametrize("mark", ["\u2066", "\u2067", "\u2068"])
def test_isolates_around_a_word_are_resolved(mark):
    text = f"abc {mark}שלום\u2069 def"
    lv = levels(text, rtl=False)
    assert len(lv) == len(text) and at(text, lv, "שלום") == {1}


# --- visual order ---------------------------------------------------------------------------

MIXED = [
    ("Hello world", False),
    ("שלום עולם", True),
    ("abc שלום def", False),
    ("שלום abc עולם", True),
    ("وقّع 50,000 شخص على ICCPR", True),
    ("abc 123 שלום", False),
    ("שלום 123 abc", True),
    ("السعر 25% اليوم", True),
    ("١٢٣ abc", True),
    ("abc ١٢٣ def", False),
    ("1-2 שלום", True),
    ("a\tשלום\tb", False),
    ("ab (שלום) cd", False),
    ("שלום (abc) עולם", True),
    ("ب (a) ج", True),
    ("שלום (עולם", True),
    ("abc\u202bשלום def\u202c ghi", False),
    ("\u202eabc\u202c def", False),
]
# Rule N0 (paired brackets, UAX #9 since Unicode 6.3): a bracket pair takes the direction of
# what it encloses or surrounds it; without N0 one bracket of the pair goes the other way.
BRACKETS = [
    ("שלום [abc] def", True),
    ("abc (def) שלום", True),
    ("אב (גד) ef", False),
    ("smith (fabrikam عربي) עברית", False),
]
NO_N0 = pytest.mark.xfail(
    strict=True, reason="python-bidi's rule-by-rule algorithm has no rule N0 (bracket pairs)"
)


@pytest.mark.parametrize(
    "text,rtl", MIXED + [pytest.param(t, r, marks=NO_N0) for t, r in BRACKETS]
)
def test_a_line_reads_in_the_order_unicode_bidi_gives(text, rtl):
    expected = get_display(text, base_dir="R" if rtl else "L")
    assert shown(displayed(text, rtl)) == shown(expected)


def test_runs_at_odd_levels_are_reversed_and_even_ones_keep_their_order():
    assert visual_order([]) == []
    ltr = [(0, 3, 0), (3, 6, 1), (6, 9, 0)]
    assert visual_order(ltr) == ltr  # one right-to-left run: its place stays, its glyphs turn
    rtl = [(0, 4, 1), (4, 6, 2), (6, 9, 1)]
    assert visual_order(rtl) == [(6, 9, 1), (4, 6, 2), (0, 4, 1)]
    two = [(0, 2, 1), (2, 4, 1)]  # two faces in one right-to-left run
    assert visual_order(two) == [(2, 4, 1), (0, 2, 1)]
    numbers = [(0, 2, 1), (2, 4, 2), (4, 6, 2), (6, 8, 1)]  # digits in two faces stay in order
    assert visual_order(numbers) == [(6, 8, 1), (2, 4, 2), (4, 6, 2), (0, 2, 1)]


def reorder_characters(lv: list[int]) -> list[int]:
    """Rule L2 character by character: from the highest level down to 1, reverse every
    maximal sequence at that level or above. (Levels between 1 and the lowest odd level only
    reverse the same sequences twice.)"""
    order = list(range(len(lv)))
    for level in range(max(lv, default=0), 0, -1):
        i = 0
        while i < len(order):
            if lv[order[i]] >= level:
                j = i
                while j < len(order) and lv[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(1, 3)), min_size=1, max_size=12))
def test_visual_order_of_runs_is_rule_l2_applied_to_characters(spec):
    runs, start = [], 0
    for level, length in spec:
        runs.append((start, start + length, level))
        start += length
    lv = [level for s, e, level in runs for _ in range(s, e)]
    placed = []
    for s, e, level in visual_order(runs):
        chars = list(range(s, e))
        placed += chars[::-1] if level % 2 else chars
    assert placed == reorder_characters(lv)

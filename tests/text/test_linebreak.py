import pytest

from pressroom.text.linebreak import Break, breaks


def lines_can_end_after(text, lang):
    return [text[: b.pos].rstrip() for b in breaks(text, lang) if b.kind != "hyphen"][:-1]


@pytest.mark.parametrize(
    ("text", "lang", "never_ends_with"),
    [
        ("Мы живём в Казахстане и любим", "ru", ("в", "и")),
        ("Права не на голосование", "ru", ("не", "на")),
        ("Біз де осы елдің перзентіміз", "kk", ("де",)),
    ],
)
def test_short_words_stay_with_the_next_word(text, lang, never_ends_with):
    ends = [line.split()[-1] for line in lines_can_end_after(text, lang)]
    for word in never_ends_with:
        assert word not in ends


def test_english_may_end_a_line_with_a_short_word():
    ends = [line.split()[-1] for line in lines_can_end_after("We are in it", "en")]
    assert "in" in ends


def test_no_line_starts_with_a_dash():
    text = "Любовь — не преступление"
    starts = [text[b.pos :] for b in breaks(text, "en")]
    assert not any(s.startswith("—") for s in starts)


def test_no_break_space_holds_numbers_together():
    text = "50\u00a0000 подписей"
    assert all(text[: b.pos].rstrip() != "50" for b in breaks(text, "ru"))


def test_newline_is_a_mandatory_break():
    text = "one\ntwo three"
    found = breaks(text, "en")
    assert Break(4, "mandatory") in found
    assert found[-1] == Break(len(text), "mandatory")


@pytest.mark.parametrize("text", ["19 және 26-баптары", "80-нен астам", "the 2024-2025 bill"])
def test_a_number_keeps_its_hyphenated_suffix(text):
    for b in breaks(text, "kk")[:-1]:
        assert not (text[b.pos - 1] == "-" and text[b.pos - 2].isdigit()), text[: b.pos]


def test_kazakh_is_never_hyphenated_by_dictionary():
    assert all(b.kind != "hyphen" for b in breaks("Конституциясындағы құқықтарымыз", "kk"))


def test_russian_and_german_get_dictionary_hyphens():
    for text, lang in (("Антиконституционность", "ru"), ("Menschenrechtsorganisationen", "de")):
        found = [b for b in breaks(text, lang) if b.kind == "hyphen"]
        assert found and all(b.word == (0, len(text)) for b in found)


def test_soft_hyphen_is_a_break_that_draws_a_hyphen():
    found = breaks("Menschen\u00adrechte", "de")
    assert Break(9, "shy") in found and found[0].draws_hyphen

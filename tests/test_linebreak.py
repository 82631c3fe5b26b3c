import pytest

from pressroom.linebreak import breaks


def lines_can_end_after(text, lang):
    return [text[:b].rstrip() for b, _ in breaks(text, lang)][:-1]


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
    starts = [text[b:] for b, _ in breaks(text, "en")]
    assert not any(s.startswith("—") for s in starts)


def test_no_break_space_holds_numbers_together():
    text = "50\u00a0000 подписей"
    assert all(text[:b].rstrip() != "50" for b, _ in breaks(text, "ru"))


def test_newline_is_a_mandatory_break():
    text = "one\ntwo three"
    assert (4, True) in breaks(text, "en")
    assert breaks(text, "en")[-1] == (len(text), True)


@pytest.mark.parametrize("text", ["19 және 26-баптары", "80-нен астам", "the 2024-2025 bill"])
def test_a_number_keeps_its_hyphenated_suffix(text):
    for b, _ in breaks(text, "kk")[:-1]:
        assert not (text[b - 1] == "-" and text[b - 2].isdigit()), text[:b]

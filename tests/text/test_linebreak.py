import pytest

from pressroom.text.linebreak import (
    Break,
    Rules,
    breaks,
    rules_for,
    with_soft_hyphens,
)


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


@pytest.mark.parametrize("text", ["19 және 26-баптары", "80-нен астам", "the 2024-2025 bill",
                                  "адамдардың 80%-дан астамы", "1990-х годов", "45°-тан"])
def test_a_number_keeps_its_hyphenated_suffix(text):
    for b in breaks(text, "kk")[:-1]:
        assert not (text[b.pos - 1] == "-" and text[b.pos - 2] in "0123456789%°"), text[: b.pos]
    assert breaks(text, "kk")[0].pos > 0


def test_kazakh_is_never_hyphenated_by_dictionary():
    assert all(b.kind != "hyphen" for b in breaks("Конституциясындағы құқықтарымыз", "kk"))


def test_russian_and_german_get_dictionary_hyphens():
    for text, lang in (("Антиконституционность", "ru"), ("Menschenrechtsorganisationen", "de")):
        found = [b for b in breaks(text, lang) if b.kind == "hyphen"]
        assert found and all(b.word == (0, len(text)) for b in found)


def test_soft_hyphen_is_a_break_that_draws_a_hyphen():
    found = breaks("Menschen\u00adrechte", "de")
    assert Break(9, "shy") in found and found[0].draws_hyphen


# --- rules by language (breaking.json, brand.yaml's languages: breaking:) -----------------------


def pieces(text, lang, script, role=""):
    """The text cut at every place a line may end (no dictionary hyphens)."""
    rules = rules_for(lang, script, role)
    out, start = [], 0
    for b in breaks(text, lang, False, rules):
        out.append(text[start : b.pos])
        start = b.pos
    return out


def test_korean_breaks_at_spaces_only():
    text = "우리는 선전물이 아니라 사람입니다. 80% 이상이 반대합니다"
    assert [p.strip() for p in pieces(text, "ko", "Kore")] == text.split()


SMALL_KANA = set("ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー")
CLOSING = set("。、）」』】〕〉》！？")


@pytest.mark.parametrize("role", ["display", "text"])
def test_no_japanese_line_starts_with_a_small_kana_or_closing_mark(role):
    text = "愛は犯罪じゃない。私たちはプロパガンダではない、人間だ！ちょっと待って（本当）。"
    for piece in pieces(text, "ja", "Jpan", role)[1:]:
        assert piece[0] not in SMALL_KANA | CLOSING, piece


def test_japanese_breaks_between_phrases_and_never_inside_a_kept_word():
    text = "私たちはプロパガンダではない。カザフスタンは私たちの故郷で、性自認は自由だ。"
    for role in ("display", "text"):
        cut = pieces(text, "ja", "Jpan", role)
        assert "プロパガンダ" in cut  # a word is never split
        assert "".join(cut) == text
        inside = {p for p in cut if "私" in p or "性" in p}
        assert all("私たち" in p or "性自認" in p for p in inside), cut


@pytest.mark.parametrize(
    ("word", "breakable"),
    [("из-за", False), ("по-русски", False), ("что-то", False), ("Алма-Ата", True),
     ("жалко-жалко", True)],
)
def test_a_cyrillic_hyphen_never_leaves_a_part_of_two_letters(word, breakable):
    text = f"Они говорят {word} снова"
    after_hyphen = text.index("-") + 1
    found = {b.pos for b in breaks(text, "ru", False, rules_for("ru", "Cyrl"))}
    assert (after_hyphen in found) == breakable


def test_a_one_letter_arabic_script_word_stays_with_the_next():
    text = "ما پروپاگاندا نیستیم و انسان هستیم"
    ends = [p.split()[-1] for p in pieces(text, "fa", "Arab")[:-1]]
    assert "و" not in ends and "نیستیم" in ends


def test_rules_come_from_the_script_then_the_language_then_the_brand():
    assert rules_for("ru", "Cyrl") == Rules(short_word=2, hyphen_part=2)
    assert rules_for("kk", "Latn") == Rules(short_word=2, hyphen_part=2)  # Cyrillic tradition
    assert rules_for("en", "Latn") == Rules()
    assert rules_for("ja", "Jpan", "display").lw == "phrase" == rules_for("ja", "Jpan", "text").lw
    assert "私たち" in rules_for("ja", "Jpan").keep_words
    brand = {"short_word": 0, "roles": {"text": {"lw": "phrase"}}}
    assert rules_for("ru", "Cyrl", "text", brand) == Rules(lw="phrase", hyphen_part=2)
    assert rules_for("ru", "Cyrl", "display", brand) == Rules(hyphen_part=2)
    assert rules_for("ko", "Kore", "", {"lw": "normal"}).lw == "normal"  # keep-all turned off
    assert Rules(lb="strict", lw="keepall").icu("ko") == "ko@lb=strict"  # keep-all is ours


def test_without_rules_a_language_gets_those_of_its_usual_script():
    text = "Они говорят из-за снова"
    assert breaks(text, "ru") == breaks(text, "ru", True, rules_for("ru", "Cyrl"))


def test_persian_keeps_its_prepositions_ra_and_the_ezafe_with_their_words():
    text = "هویت ما را نمی‌شود ممنوع کرد. قزاقستان خانهٔ ما هم هست. حقوق بشر به رأی گذاشتنی نیست"
    cut = pieces(text, "fa", "Arab")
    assert not any(p.split()[0] == "را" for p in cut)
    assert not any(p.split()[-1] in ("به", "از") for p in cut[:-1])
    assert not any(p.rstrip().endswith("\u0654") for p in cut[:-1])
    assert "".join(cut) == text


def test_word_lists_come_from_brand_yaml_too():
    rules = rules_for("en", "Latn", "", {"keep_with_next": ["a", "the"]})
    assert rules.keep_with_next == ("a", "the")  # lists become tuples: rules are hashable
    ends = [p.split()[-1] for p in pieces_with("We are the people of a country", rules)[:-1]]
    assert "the" not in ends and "a" not in ends


def pieces_with(text, rules):
    out, start = [], 0
    for b in breaks(text, "en", False, rules):
        out.append(text[start : b.pos])
        start = b.pos
    return out


def test_soft_hyphens_go_where_the_dictionary_breaks_long_words_only():
    shy = "\u00ad"
    text = with_soft_hyphens("Горизонтальный пост (16:9)", "ru", 11)
    assert text.replace(shy, "") == "Горизонтальный пост (16:9)"
    first = text.split()[0]
    assert first.count(shy) >= 2 and not first.startswith(shy) and not first.endswith(shy)
    # each part is one the dictionary offers to the renderer's own line breaking
    offered = {b.pos for b in breaks("Горизонтальный", "ru") if b.kind == "hyphen"}
    parts, at = first.split(shy), 0
    for part in parts[:-1]:
        at += len(part)
        assert at in offered
    # a short word moves to the next line whole: no soft hyphen
    assert with_soft_hyphens("Сторис (Instagram, WhatsApp)", "ru", 11) == (
        "Сторис (Instagram, WhatsApp)")
    assert shy in with_soft_hyphens("WhatsApp", "en", 6)
    # Kazakh has no patterns (kk-Latn neither): unchanged, whatever the length
    for code in ("kk", "kk-Latn"):
        assert with_soft_hyphens("Анимацияланған жазба", code, 6) == "Анимацияланған жазба"


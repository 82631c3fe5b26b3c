"""Which clusters are emoji (UTS #51), which face draws them, and colour fonts that cannot be
drawn as vector refused."""

from __future__ import annotations

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib.tables.DefaultTable import DefaultTable

from pressroom.text.emoji import is_emoji
from pressroom.text.fonts import FontFileError, load_face
from pressroom.text.shaping import shape
from tests.conftest import REPO

FONTS = REPO / "fonts"
TEXT = load_face(FONTS / "Inter-Bold.otf")  # has ❤ (U+2764) as a text glyph
EMOJI = load_face(FONTS / "NotoColorEmoji-COLRv1.ttf")


@pytest.mark.parametrize(
    "cluster, emoji",
    [
        ("✊", True),  # Emoji_Presentation
        ("✊🏽", True),  # a skin tone
        ("🏳️‍🌈", True),  # a ZWJ sequence
        ("🇰🇿", True),  # a flag: two regional indicators
        ("🏴󠁧󠁢󠁳󠁣󠁴󠁿", True),  # a tag sequence
        ("1️⃣", True),  # a keycap
        ("❤️", True),  # text by default, emoji with VS16
        ("❤", False),
        ("✊︎", False),  # emoji by default, text with VS15
        ("©", False),
        ("1", False),
        ("a", False),
        ("ё", False),
    ],
)
def test_emoji_presentation_follows_unicode(cluster, emoji):
    assert is_emoji(cluster) is emoji


def faces_of(text: str, chain) -> list[str]:
    shaped = shape(text, chain)
    return [chain[f].path.name for f in shaped.faces]


def test_an_emoji_takes_the_colour_face_though_a_text_face_comes_first():
    chain = (TEXT, EMOJI)
    assert TEXT.covers("❤")
    faces = faces_of("a ❤️ b ❤ c", chain)
    assert faces[2] == faces[3] == EMOJI.path.name  # ❤ + VS16
    assert faces[7] == TEXT.path.name  # plain ❤: text presentation
    assert set(faces[:2] + faces[4:7]) == {TEXT.path.name}  # spaces stay with the text


def test_digits_stay_in_the_text_face_and_a_keycap_goes_to_the_colour_face():
    faces = faces_of("1 1️⃣", (TEXT, EMOJI))
    assert faces[0] == TEXT.path.name and set(faces[2:]) == {EMOJI.path.name}


def test_a_space_after_an_emoji_is_not_set_in_the_colour_face():
    faces = faces_of("✊ Say no", (TEXT, EMOJI))
    assert faces[0] == EMOJI.path.name and faces[1] != EMOJI.path.name


def _font_with(tmp_path, tag: str):
    names = [".notdef", "a"]
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({0x1F600: "a"})
    fb.setupGlyf({n: TTGlyphPen(None).glyph() for n in names})
    fb.setupHorizontalMetrics({n: (1000, 0) for n in names})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Bitmap", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost()
    table = DefaultTable(tag)  # its contents are not read: the table's presence decides
    table.data = b"\0" * 8
    fb.font[tag] = table
    path = tmp_path / f"Colour-{tag.strip()}.ttf"
    fb.save(path)
    return path


@pytest.mark.parametrize("tag, said", [("CBDT", "bitmap images (CBDT)"),
                                       ("sbix", "bitmap images (sbix)"),
                                       ("SVG ", "SVG documents (OpenType-SVG)")])
def test_a_colour_font_without_colr_is_refused(tmp_path, tag, said):
    with pytest.raises(FontFileError) as caught:
        load_face(_font_with(tmp_path, tag))
    assert said in caught.value.why and "cannot draw as vector" in caught.value.why
    assert "NotoColorEmoji-COLRv1.ttf" in caught.value.fix


def test_the_shipped_emoji_font_is_colr():
    assert EMOJI.colour and not TEXT.colour

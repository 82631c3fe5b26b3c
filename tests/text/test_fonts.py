"""Fonts by path: single files, and one face of a collection (.ttc) by index or by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from pressroom.model import FontFile
from pressroom.text.fonts import FontFileError, as_font_file, load_face
from tests.conftest import FONTS, HAN_FACE, make_collection


@pytest.fixture(scope="module")
def ttc(tmp_path_factory) -> Path:
    return make_collection(tmp_path_factory.mktemp("fonts") / "test.ttc", "人权平等")


def test_a_face_of_a_collection_by_index(ttc):
    han = load_face(FontFile(ttc, "1"))
    georgian = load_face(FontFile(ttc, "0"))
    assert han.index == 1 and han.name == HAN_FACE and han.covers("人权")
    assert georgian.index == 0 and not georgian.covers("人") and georgian.covers("ქ")
    assert han.label == "test.ttc#1" and han.ref == f"{ttc}#1"


def test_a_face_of_a_collection_by_name(ttc):
    by_name = load_face(FontFile(ttc, "test han bold"))  # full name, any case
    assert by_name.index == 1 and by_name.label == "test.ttc#test han bold"
    assert load_face(FontFile(ttc, "TestHan-Bold")).index == 1  # PostScript name


def test_two_faces_of_one_file_draw_from_their_own_face(ttc):
    """Documents name a face by `ref`; render.py loads it back from that string."""
    han, georgian = load_face(FontFile(ttc, "1")), load_face(FontFile(ttc, "0"))
    assert han.key != georgian.key  # glyph ids in an SVG stay apart
    again = load_face(Path(han.ref))
    assert again.index == 1 and again.covers("平")
    assert as_font_file(f"{ttc}#2") == FontFile(ttc, "2")
    assert as_font_file(FONTS / "Inter-Bold.otf") == FontFile(FONTS / "Inter-Bold.otf")


@pytest.mark.parametrize(
    "face,words",
    [
        ("", "is a collection of 2 faces and names none (#0 Noto Sans Georgian Bold; #1 Test Han"),
        ("2", "has faces #0 to #1, not #2 (#0 Noto Sans Georgian Bold; #1 Test Han Bold)"),
        ("Test Kana Bold", "has no face named 'Test Kana Bold' (#0 Noto Sans Georgian Bold;"),
    ],
)
def test_a_face_that_is_not_there_lists_the_faces(ttc, face, words):
    with pytest.raises(FontFileError) as info:
        load_face(FontFile(ttc, face))
    assert info.value.why.startswith(words)
    assert (
        info.value.fix
        == "name one face: test.ttc#INDEX or test.ttc#FACE NAME (see fonts/README.md)"
    )


def test_a_single_font_has_no_faces_to_choose():
    with pytest.raises(FontFileError) as info:
        load_face(FontFile(FONTS / "Inter-Bold.otf", "1"))
    assert info.value.why == "holds one font, not a collection: '#1' names no face"
    assert info.value.fix == "write Inter-Bold.otf without #1"


def test_coverage_and_name_are_the_fonts_own(ttc):
    """HarfBuzz reads them (as it shapes): the same characters as fontTools' best cmap, and the
    full name, for every font of the repository and both faces of a collection."""
    import io

    from fontTools.ttLib import TTFont

    faces = [FontFile(p) for p in sorted(FONTS.glob("*.[ot]t[fc]"))]
    faces += [FontFile(ttc, "0"), FontFile(ttc, "1")]
    assert len(faces) > 10
    for font in faces:
        face = load_face(font)
        tt = TTFont(io.BytesIO(font.file.read_bytes()), fontNumber=face.index, lazy=True)
        assert face.codepoints == set(tt.getBestCmap()), font
        assert face.name == tt["name"].getDebugName(4), font

"""Font paths: the font folder brand.yaml names, font names with a face of a collection, the
chains of every role and language, and font files that must stay inside their folder."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pressroom.model import FontFile
from pressroom.read.files import InputError
from pressroom.text.fontpaths import (
    MAX_FONT_BYTES,
    chain_names,
    font_files,
    font_ref,
    fonts_folder,
    found_font,
    named_chains,
)
from tests.conftest import BRANDBOOK, FONTS


@pytest.fixture
def fonts(tmp_path) -> Path:
    """A font folder beside a brand book folder, with one font file and a collection."""
    folder = tmp_path / "fonts"
    folder.mkdir()
    (folder / "Inter-Bold.otf").write_bytes(b"OTTO")
    (folder / "Noto CJK.ttc").write_bytes(b"ttcf")
    (tmp_path / "book").mkdir()
    return folder.resolve()


def test_the_font_folder_is_fonts_beside_the_brand_book_unless_brand_yaml_says(tmp_path):
    tmp_path = tmp_path.resolve()
    book = tmp_path / "book"
    assert fonts_folder(book, {}) == (tmp_path / "fonts").resolve()
    assert fonts_folder(book, {"font_dir": "type"}) == (book / "type").resolve()
    assert fonts_folder(book, {"font_dir": str(tmp_path / "elsewhere")}) == tmp_path / "elsewhere"


def test_a_font_is_named_by_its_file_and_in_a_collection_by_a_face(fonts):
    assert font_ref(fonts, "Inter-Bold.otf") == FontFile(fonts / "Inter-Bold.otf", "")
    assert font_ref(fonts, "Noto CJK.ttc#2") == FontFile(fonts / "Noto CJK.ttc", "2")
    by_name = font_ref(fonts, "Noto CJK.ttc # Noto Sans CJK SC Bold ")
    assert by_name == FontFile(fonts / "Noto CJK.ttc", "Noto Sans CJK SC Bold")
    assert font_ref(fonts, "Noto CJK.ttc#A#B").face == "A#B"  # only the first # splits


def test_a_font_reference_is_resolved_but_not_checked(fonts):
    """The no-op check only needs the paths: a missing file or a link that leads out is for
    the loader (found_font) to refuse."""
    assert font_ref(fonts, "Missing.otf").file == fonts / "Missing.otf"
    outside = fonts.parent / "outside.otf"
    outside.write_bytes(b"OTTO")
    (fonts / "link.otf").symlink_to(outside)
    assert font_ref(fonts, "link.otf").file == outside
    assert font_ref(fonts, "sub/../Inter-Bold.otf").file == fonts / "Inter-Bold.otf"


def test_a_found_font_is_a_file_inside_the_font_folder(fonts):
    assert found_font(fonts, "Inter-Bold.otf") == FontFile(fonts / "Inter-Bold.otf")
    assert found_font(fonts, "Noto CJK.ttc#1") == FontFile(fonts / "Noto CJK.ttc", "1")
    (fonts / "Brand.otf").symlink_to("Inter-Bold.otf")  # a link that stays inside is followed
    assert found_font(fonts, "Brand.otf").file == fonts / "Inter-Bold.otf"


def test_a_missing_font_file_is_an_input_error_naming_the_font(fonts):
    with pytest.raises(InputError) as info:
        found_font(fonts, "Inter-Black.otf#0")
    assert info.value.missing
    assert info.value.problem == "the font file 'Inter-Black.otf' does not exist"


def test_a_font_outside_the_font_folder_is_refused(fonts):
    (fonts.parent / "secret.otf").write_bytes(b"OTTO")
    (fonts / "link.otf").symlink_to(fonts.parent / "secret.otf")
    with pytest.raises(InputError) as info:
        found_font(fonts, "link.otf")
    leads_out = "the font file 'link.otf' is a symbolic link that leads outside fonts/"
    assert info.value.problem == leads_out
    with pytest.raises(InputError) as info:
        found_font(fonts, "../secret.otf")
    assert info.value.problem == "the font file '../secret.otf' is not inside fonts/"
    assert not info.value.missing


def test_a_chain_is_a_list_of_names_or_a_single_name():
    assert chain_names("Inter-Bold.otf") == ["Inter-Bold.otf"]
    assert chain_names(["Inter-Bold.otf", "Noto.ttc#1"]) == ["Inter-Bold.otf", "Noto.ttc#1"]
    assert chain_names(["A.otf", None, {"file": "B.otf"}, ["C.otf"], 2]) == ["A.otf", "2"]
    assert chain_names(None) == chain_names({"display": "A.otf"}) == chain_names(7) == []


def test_every_chain_of_every_role_and_language_is_named_with_its_key_path():
    data = {
        "fonts": {"display": ["A.otf", "B.ttf"], "text": "C.otf"},
        "languages": {
            "vi": {"fonts": {"display": ["D.ttf"]}},
            "ar": {"fonts": "not a mapping"},
            "kk": "not a mapping",
            "he": {"name": "no fonts"},
        },
    }
    assert named_chains(data) == [
        (("fonts", "display"), ["A.otf", "B.ttf"]),
        (("fonts", "text"), ["C.otf"]),
        (("languages", "vi", "fonts", "display"), ["D.ttf"]),
    ]
    assert named_chains({}) == named_chains({"fonts": ["A.otf"], "languages": ["vi"]}) == []


def test_font_files_are_every_file_the_chains_name_once(fonts):
    book = fonts.parent / "book"
    (book / "brand.yaml").write_text(
        "fonts:\n"
        "  display: [Inter-Bold.otf, 'Noto CJK.ttc#1']\n"
        "  text: Inter-Bold.otf\n"
        "languages:\n"
        "  zh: {fonts: {display: ['Noto CJK.ttc#Noto Sans CJK SC Bold', Missing.otf]}}\n"
    )
    folder, files = font_files(book)
    assert folder == fonts
    assert files == {fonts / "Inter-Bold.otf", fonts / "Noto CJK.ttc", fonts / "Missing.otf"}


def test_font_files_follow_font_dir(fonts):
    book = fonts.parent / "book"
    (book / "type").mkdir()
    (book / "brand.yaml").write_text("font_dir: type\nfonts: {text: [A.otf]}\n")
    assert font_files(book) == ((book / "type").resolve(), frozenset({book / "type" / "A.otf"}))


@pytest.mark.parametrize("content", [None, "- a list, not a mapping\n", "fonts: [unclosed\n"])
def test_font_files_are_none_when_brand_yaml_cannot_be_read(tmp_path, content):
    if content is not None:
        (tmp_path / "brand.yaml").write_text(content)
    assert font_files(tmp_path) is None


def test_the_brand_books_own_fonts_are_all_in_the_fonts_folder():
    data = yaml.safe_load((BRANDBOOK / "brand.yaml").read_text())
    names = set()
    for chain in data["fonts"].values():
        names.update([chain] if isinstance(chain, str) else chain)
    for entry in data.get("languages", {}).values():
        for chain in entry.get("fonts", {}).values():
            names.update([chain] if isinstance(chain, str) else chain)
    folder, files = font_files(BRANDBOOK)
    assert folder == FONTS.resolve()
    assert files == {(FONTS / name.partition("#")[0]).resolve() for name in names}
    assert all(f.is_file() for f in files)


def test_every_bundled_font_is_within_the_size_limit():
    sizes = {p.name: p.stat().st_size for p in FONTS.glob("*.[ot]t[fc]")}
    assert len(sizes) > 10
    assert max(sizes.values()) < MAX_FONT_BYTES

"""Translators: a new locale from one command, every script set right, every mistake named."""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner
from PIL import Image

from pressroom.brandbook import load
from pressroom.build import build
from pressroom.cli import main
from pressroom.kit.plan import Selection
from pressroom.slotstyle import text_style
from pressroom.text.bidi import levels, visual_order
from pressroom.text.fit import Box, fit
from pressroom.text.fonts import load_face
from tests.conftest import BRANDBOOK, FONTS, REPO, arabic_mini
from tests.pseudo import pseudo_locale

MINI = REPO / "tests" / "data" / "mini"
GOLDEN = REPO / "tests" / "data" / "golden"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def book(tmp_path) -> Path:
    """A copy of the default brand book with the fonts beside it."""
    shutil.copytree(BRANDBOOK, tmp_path / "brandbook")
    shutil.copytree(FONTS, tmp_path / "fonts")
    return tmp_path / "brandbook"


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


# --- locale new ----------------------------------------------------------------------------------


def test_locale_new_copies_every_key_marked_for_translation(book):
    result = run("locale", "new", "kk-Arab", "--brandbook", book)
    assert result.exit_code == 0, result.output
    path = book / "locales" / "kk-Arab.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    new, ref = yaml.safe_load(text), yaml.safe_load((book / "locales" / "en.yaml").read_text())
    assert list(new["messages"]) == list(ref["messages"])
    assert set(new["page"]) == set(ref["page"])
    assert new["language"]["script"] == "Arab" and new["language"]["direction"] == "rtl"
    for mid, message in ref["messages"].items():
        assert new["messages"][mid]["kind"] == message["kind"]
        assert new["messages"][mid]["alt"] == "TRANSLATE: " + message["alt"]
    assert "# en: " + ref["messages"]["not-propaganda"]["headline"] in text
    assert set(new["press"]) == set(ref["press"]) and set(new["formats"]) == set(ref["formats"])
    assert new["press"]["summary"] == "TRANSLATE: " + ref["press"]["summary"]
    for mid, message in ref["messages"].items():
        for mine, theirs in zip(new["messages"][mid].get("sources", []), message.get("sources", []),
                                strict=True):
            assert mine == {"title": "TRANSLATE: " + theirs["title"], "url": theirs["url"]}


def test_a_new_locale_lists_every_text_left(book):
    """Judged on its own, a draft lists every text still to translate, at its line, and says
    that it is a draft (a work in progress: not a failure, never published)."""
    run("locale", "new", "uk", "--brandbook", book)
    path = book / "locales" / "uk.yaml"
    result = run("check", "--brandbook", book, "--locale", "uk")
    assert result.exit_code == 0
    line = line_of(path, "  headline:")
    assert (
        f"uk.yaml:{line}: messages.not-propaganda.headline: warning: not translated yet"
        in result.output
    )
    assert result.output.count("not translated yet") == 136
    assert "uk.yaml: warning: draft, 0 of 136 texts translated" in result.output


@pytest.mark.parametrize("code", ["x", "kk_Latn", "../en", "en-", "русский", "kk-Latin", "e1"])
def test_invalid_codes_are_refused(book, code):
    result = run("locale", "new", code, "--brandbook", book)
    assert result.exit_code == 2 and "BCP 47" in result.output
    assert sorted(p.name for p in (book / "locales").iterdir()) == sorted(
        p.name for p in (BRANDBOOK / "locales").iterdir()
    )


def test_locale_new_writes_the_shipped_schema_line_from_anywhere(book, tmp_path):
    """The same `$schema` line as the shipped files, wherever the package is installed and
    wherever the brand book is."""
    shipped = (BRANDBOOK / "locales" / "en.yaml").read_text().splitlines()[0]
    schema = "../../src/pressroom/brandbook/locale.schema.json"
    assert shipped == f"# yaml-language-server: $schema={schema}"
    deep = tmp_path / "a" / "b" / "campaign"
    shutil.copytree(book, deep)
    for folder in (book, deep):
        assert run("locale", "new", "uk", "--brandbook", folder).exit_code == 0
        assert (folder / "locales" / "uk.yaml").read_text().splitlines()[0] == shipped
    en = deep / "locales" / "en.yaml"
    en.write_text(en.read_text().split("\n", 1)[1])  # a reference without the line
    assert run("locale", "new", "be", "--brandbook", deep).exit_code == 0
    assert (deep / "locales" / "be.yaml").read_text().splitlines()[0] == shipped


@pytest.mark.parametrize(
    "code,file,script",
    [("zh-hans", "zh-Hans", "Hans"), ("PT-br", "pt-BR", "Latn"), ("HE", "he", "Hebr")],
)
def test_locale_new_writes_codes_in_canonical_case(book, code, file, script):
    result = run("locale", "new", code, "--brandbook", book)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((book / "locales" / f"{file}.yaml").read_text())
    assert data["language"]["script"] == script
    assert f"{file}.yaml" in result.output


@pytest.mark.parametrize("code", ["EN", "Kk-LATN", "ru"])
def test_a_code_that_exists_in_any_case_is_refused(book, code):
    result = run("locale", "new", code, "--brandbook", book)
    assert result.exit_code == 2 and "already exists" in result.output


def test_duplicate_code_is_refused(book):
    before = (book / "locales" / "ru.yaml").read_bytes()
    result = run("locale", "new", "ru", "--brandbook", book)
    assert result.exit_code == 2 and "already exists" in result.output
    assert (book / "locales" / "ru.yaml").read_bytes() == before


# --- languages that must work --------------------------------------------------------------------


@pytest.mark.slow  # over 3 s: a check or build of the whole brand book
def test_pseudo_locale_checks_and_builds(book, tmp_path):
    (book / "locales" / "en-XA.yaml").write_text(
        pseudo_locale((book / "locales" / "en.yaml").read_text())
    )
    result = run("check", "--brandbook", book, "--locale", "en-XA")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    chosen = Selection(
        locales=("en-XA",),
        formats=("story", "poster-a4", "x-header"),
        messages=("not-propaganda", "signatures-under-pressure"),
        kits=("main", "steppe-rights"),  # `check` laid out every kit
    )
    done = build(book, out, chosen)
    assert done.built == 2 * 2 * 4


@pytest.mark.slow  # about 2 s or more: a build or check of its own
@pytest.mark.parametrize("code", ["de", "uk", "ar"])
def test_translations_check(book, code):
    source = REPO / "tests" / "data" / "translations" / f"{code}.yaml"
    if not source.exists():
        pytest.fail(f"missing {source}")
    shutil.copy(source, book / "locales" / f"{code}.yaml")
    result = run("check", "--brandbook", book, "--locale", code)
    assert result.exit_code == 0, result.output


def test_kazakh_latin_is_in_the_default_brand_book():
    book, problems = load(BRANDBOOK)
    assert not problems.errors
    latin = book.locale("kk-Latn")
    assert latin.script == "Latn" and latin.direction == "ltr"
    assert any(
        c in "ÄäĞğQqÑñÖöŪūÜüŞşİı" for m in latin.messages for t in m.texts.values() for c in t
    )


# --- bidi ----------------------------------------------------------------------------------------


def test_bidi_levels_of_arabic_with_numbers_and_latin():
    text = "وقّع 50,000 شخص على ICCPR"
    lv = levels(text, rtl=True)
    assert lv[0] == 1 and lv[text.index("5")] == 2 and lv[text.index("I")] == 2
    assert lv[text.index(" ")] == 1


def test_visual_order_reverses_rtl_runs():
    runs = [(0, 4, 1), (4, 6, 2), (6, 9, 1)]
    assert visual_order(runs) == [(6, 9, 1), (4, 6, 2), (0, 4, 1)]
    assert visual_order([(0, 3, 0), (3, 6, 1), (6, 9, 0)]) == [(0, 3, 0), (3, 6, 1), (6, 9, 0)]


ARABIC = (load_face(FONTS / "Inter-Regular.otf"), load_face(FONTS / "NotoSansArabic-Regular.ttf"))


def test_arabic_is_right_aligned_and_read_right_to_left():
    text = "حقوق متساوية ICCPR 2025"
    block = fit(text, ARABIC, Box(0, 0, 2000, 200, text_style(40, 40)), "ar", rtl=True)
    line = block.lines[0]
    assert line.x + line.width == pytest.approx(2000, abs=0.5)  # start is the right edge
    first = next(g for g in block.glyphs if g.char == 0)
    latin = next(g for g in block.glyphs if g.char == text.index("I"))
    digits = [g for g in block.glyphs if text[g.char].isdigit()]
    assert first.x > latin.x  # the first Arabic word is rightmost
    assert [g.char for g in sorted(digits, key=lambda g: g.x)] == sorted(g.char for g in digits)


def test_arabic_letters_join():
    """Shaped in logical runs, Arabic letters take their joined forms (not isolated ones)."""
    word = "متساوية"
    face = ARABIC[1]
    joined = fit(word, ARABIC, Box(0, 0, 2000, 200, text_style(40, 40)), "ar", rtl=True)
    isolated = [face.hb_font.get_nominal_glyph(ord(c)) for c in word]
    assert [g.gid for g in joined.glyphs] != isolated[::-1]


@pytest.mark.slow  # about 2 s or more: a build or check of its own
def test_arabic_card_matches_golden_image(tmp_path):
    book = arabic_mini(tmp_path / "mini")
    out = tmp_path / "out"
    build(book, out, Selection(locales=("ar",), formats=("card",)))
    for message in ("equal", "cases"):
        actual = out / "ar" / "card" / f"{message}.png"
        golden = GOLDEN / f"ar-card-{message}.png"
        if os.environ.get("PRESSROOM_UPDATE_GOLDEN"):
            shutil.copy(actual, golden)
        kept = REPO / "tests" / "_actual" / golden.name
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(actual, kept)
        a = np.asarray(Image.open(actual).convert("L")).astype(int)
        b = np.asarray(Image.open(io.BytesIO(golden.read_bytes())).convert("L")).astype(int)
        assert a.shape == b.shape
        diff = np.abs(a - b)
        assert (diff > 64).mean() < 0.002, f"{actual} differs from {golden}; kept in {kept}"


# --- what check reports --------------------------------------------------------------------------


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


@pytest.mark.slow  # over 3 s: a check or build of the whole brand book
def test_placeholders_must_match_the_reference(book):
    en, ru = book / "locales" / "en.yaml", book / "locales" / "ru.yaml"
    edit(en, 'caption: "LGBTIQA+', 'caption: "More: {url}. LGBTIQA+')
    result = run("check", "--brandbook", book, "--locale", "ru", "--locale", "kk")
    assert result.exit_code == 1
    assert "placeholders differ from en.yaml ({url})" in result.output
    assert "ru.yaml:" in result.output and "kk.yaml:" in result.output
    assert not any(
        line.startswith(str(en.relative_to(book.parent)))
        for line in result.output.splitlines()
        if "placeholders" in line
    )
    del ru


def test_placeholders_are_filled_in(tmp_path):
    book = tmp_path / "mini"
    shutil.copytree(MINI, book)
    edit(book / "brand.yaml", "../../../fonts", str(FONTS))
    for code in ("en", "ru"):
        edit(
            book / "locales" / f"{code}.yaml",
            "caption: Equal rights for everyone."
            if code == "en"
            else "caption: Равные права для всех.",
            "caption: See {url} — {wordmark}",
        )
    loaded, problems = load(book)
    assert not problems.errors, problems.errors
    assert loaded.locale("ru").message("equal").caption == "See https://example.org/ru/ — Мини"


@pytest.mark.slow  # over 3 s: a check or build of the whole brand book
def test_unknown_placeholder_is_an_error(book):
    edit(book / "locales" / "en.yaml", 'cta: "Say no to the ban"', "cta: Say no to {the} ban")
    result = run("check", "--brandbook", book, "--locale", "en")
    assert "unknown placeholder {the}" in result.output and result.exit_code == 1


@pytest.mark.slow  # about 2 s or more: a build or check of its own
def test_alt_text_warned_over_100_refused_over_1000(book):
    en = book / "locales" / "en.yaml"
    text = en.read_text()
    data = yaml.safe_load(text)
    alt = data["messages"]["not-propaganda"]["alt"]
    edit(en, alt, alt + " It shows the campaign's colours and a QR code." * 2)
    result = run("check", "--brandbook", book, "--locale", "en")
    assert result.exit_code == 0 and "warning: alt text is" in result.output
    edit(en, alt, alt + " x" * 600)
    result = run("check", "--brandbook", book, "--locale", "en")
    line = line_of(en, alt[:30])
    assert result.exit_code == 1
    assert f"en.yaml:{line}: messages.not-propaganda.alt: alt text is" in result.output
    assert "1,000" in result.output


def test_copied_english_is_warned(book):
    ru = book / "locales" / "ru.yaml"
    en_cta = yaml.safe_load((book / "locales" / "en.yaml").read_text())["messages"]
    ru_data = yaml.safe_load(ru.read_text())["messages"]
    edit(ru, ru_data["our-home"]["body"], en_cta["our-home"]["body"])
    result = run("check", "--brandbook", book, "--locale", "ru")
    assert result.exit_code == 0
    assert "messages.our-home.body: warning: is the same as in en.yaml" in result.output


@pytest.mark.slow  # over 3 s: a check or build of the whole brand book
def test_script_subtag_must_match(book):
    shutil.copy(book / "locales" / "kk.yaml", book / "locales" / "kk-Latn.yaml")
    result = run("check", "--brandbook", book, "--locale", "kk-Latn")
    assert "language.script: is 'Cyrl' but the file name says Latn" in result.output


def test_uncovered_character_names_the_fonts_tried(book):
    edit(book / "locales" / "en.yaml", 'cta: "Say no to the ban"', "cta: Say no ሰላም")
    result = run("check", "--brandbook", book, "--locale", "en")
    assert result.exit_code == 1
    assert "U+1230" in result.output and "InterDisplay-Black.otf" not in result.output
    assert "Inter-Bold.otf, NotoSans-Bold.ttf, NotoSansArabic-Bold.ttf" in result.output
    assert "Ethiopic (ሰላም): Noto Sans Ethiopic, Debian package fonts-noto-core" in result.output


def test_emoji_are_drawn_by_the_colour_font_at_the_end_of_the_chain(book):
    edit(book / "locales" / "en.yaml", 'cta: "Say no to the ban"', "cta: Say no 🏳️‍🌈 ✊🏽")
    assert run("check", "--brandbook", book, "--locale", "en").exit_code == 0


def test_emoji_without_a_colour_font_say_which_font_to_add(book):
    brand = book / "brand.yaml"
    brand.write_text(re.sub(r",\s*NotoColorEmoji-COLRv1.ttf", "", brand.read_text()))
    edit(book / "locales" / "en.yaml", 'cta: "Say no to the ban"', "cta: Say no 🏳️‍🌈")
    result = run("check", "--brandbook", book, "--locale", "en")
    assert result.exit_code == 1
    assert "emoji (🏳🌈): add the colour emoji font NotoColorEmoji-COLRv1.ttf" in result.output


def test_thai_breaks_between_words_without_spaces():
    """Thai has no spaces; ICU's dictionary finds the word boundaries (UAX #14, class SA)."""
    text = "ความเท่าเทียมกันสำหรับทุกคนในประเทศคาซัคสถาน"
    thai = (load_face(FONTS / "Inter-Regular.otf"), load_face(FONTS / "NotoSansThai-Regular.ttf"))
    block = fit(text, thai, Box(0, 0, 300, 600, text_style(40, 40)), "th")
    lines = [text[line.start : line.end] for line in block.lines]
    assert len(lines) >= 3 and "".join(lines) == text
    assert lines[0].startswith("ความ") and "ประเทศ" in "".join(lines[1:])
    words = ("ความเท่าเทียม", "สำหรับ", "ทุกคน", "ประเทศ", "คาซัคสถาน")
    for line in lines:  # no word is split across lines
        assert not any(w not in line and w in text and _split(w, lines) for w in words)


def test_chinese_breaks_between_ideographs():
    from pressroom.text.linebreak import breaks as find

    text = "人人生而自由在尊严和权利上一律平等"
    assert len(find(text, "zh")) >= len(text) - 3  # nearly every ideograph is a break


def _split(word: str, lines: list[str]) -> bool:
    return any(
        line.endswith(word[:k]) and nxt.startswith(word[k:])
        for line, nxt in zip(lines, lines[1:], strict=False)
        for k in range(1, len(word))
    )


def test_a_bitmap_emoji_font_is_refused_at_its_line(book):
    """Debian's NotoColorEmoji.ttf (CBDT bitmaps) named in brand.yaml: `check` refuses it at
    the line that names it, with what to use instead, instead of drawing blank emoji."""
    from tests.text.test_emoji import _font_with

    shutil.copy(_font_with(book.parent, "CBDT"), book.parent / "fonts" / "NotoColorEmoji.ttf")
    brand = book / "brand.yaml"
    brand.write_text(brand.read_text().replace("NotoColorEmoji-COLRv1.ttf]",
                                               "NotoColorEmoji.ttf]", 1))
    result = run("check", "--brandbook", book)
    assert result.exit_code == 1
    line = line_of(brand, "NotoColorEmoji.ttf]")
    assert f"brand.yaml:{line}: fonts.display: NotoColorEmoji.ttf holds its colour glyphs as " \
           "bitmap images (CBDT), which pressroom cannot draw as vector" in result.output
    assert "use a COLR colour font instead: NotoColorEmoji-COLRv1.ttf" in result.output

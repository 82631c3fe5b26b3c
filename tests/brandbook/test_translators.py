"""Translators at work, end to end: several at once, new scripts, fonts of a collection."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from fontTools.ttLib import TTFont

from pressroom.brandbook import load
from pressroom.build import prepare
from pressroom.draw.compose import compose
from pressroom.errors import Problems
from pressroom.kit.plan import Job, Selection
from tests.conftest import HAN_FACE, REPO, edit, line_of, make_collection, problem_lines, run

TRANSLATIONS = REPO / "tests" / "data" / "translations"
ONE = ("--format", "story", "--message", "not-propaganda")  # a small build, same rules


def add(book, code: str):
    shutil.copy(TRANSLATIONS / f"{code}.yaml", book / "locales" / f"{code}.yaml")
    return book / "locales" / f"{code}.yaml"


# --- two translators at once ---------------------------------------------------------------------


@pytest.mark.slow  # over 3 s: a check or build of the whole brand book
def test_two_translators_at_once(book_copy, tmp_path):
    """A fresh draft (de) and a broken translation (uk) in the folder: a third locale (he)
    checks and builds; a full build leaves the draft out and names the broken one."""
    book = book_copy
    assert run("locale", "new", "de", "--brandbook", book).exit_code == 0
    uk = add(book, "uk")
    cta = next(line for line in uk.read_text().splitlines() if line.startswith("    cta:"))
    edit(uk, cta + "\n", "")
    add(book, "he")

    result = run("check", "--brandbook", book, "--locale", "he")
    assert result.exit_code == 0, result.output
    assert "de.yaml" not in result.output and "uk.yaml" not in result.output
    out = tmp_path / "he-only"
    result = run("build", "--brandbook", book, "--out", out, "--locale", "he", *ONE)
    assert result.exit_code == 0, result.output
    assert (out / "he" / "story" / "not-propaganda.png").is_file()
    assert "de.yaml" not in result.output and "uk.yaml" not in result.output

    full = tmp_path / "full"
    result = run("build", "--brandbook", book, "--out", full, *ONE)
    assert result.exit_code == 1
    errors = [line for line in problem_lines(result.output) if "warning:" not in line]
    assert errors == [
        f"brandbook/locales/uk.yaml:{line_of(uk, '  not-propaganda:')}: "
        "messages.not-propaganda.cta: a slogan needs 'cta' — add cta: … to this message"
    ]
    assert "de.yaml: warning: draft, 0 of 136 texts translated: not built" in result.output
    assert not full.exists()

    uk.unlink()  # the uk translator takes their file back to fix it
    result = run("build", "--brandbook", book, "--out", full, *ONE)
    assert result.exit_code == 0, result.output
    drafts = [line for line in result.output.splitlines() if "draft" in line]
    assert drafts == [
        "brandbook/locales/de.yaml: warning: draft, 0 of 136 texts translated: not built — "
        "pressroom check --locale de lists what is left; build --locale de previews its "
        "finished messages"
    ]
    manifest = json.loads((full / "manifest.json").read_text())
    assert {a["locale"] for a in manifest["assets"]} == {"en", "he", "kk", "kk-Latn", "ru"}
    assert not (full / "de").exists() and not (full / "de.html").exists()
    assert "de.html" not in (full / "index.html").read_text()


# --- any script, any font file -------------------------------------------------------------------


def zh_book(book, face: str):
    """The brand book with a Chinese locale whose roles start with one face of a collection."""
    zh = add(book, "zh-Hans")
    han = "".join(sorted({c for c in zh.read_text() if ord(c) >= 0x2E80}))
    make_collection(book.parent / "fonts" / "test.ttc", han)
    with open(book / "brand.yaml", "a", encoding="utf-8") as fh:
        fh.write(
            "  zh-Hans:\n    fonts:\n"
            f"      display: [test.ttc#{face}]\n"
            f"      strong: [test.ttc#{face}]\n"
            f"      text: [test.ttc#{face}]\n"
        )
    return zh


@pytest.mark.slow  # over 3 s: a check or build of the whole brand book
def test_a_chinese_locale_builds_with_a_face_of_a_collection(book_copy, tmp_path):
    zh_book(book_copy, "1")
    edit(book_copy / "brand.yaml", "strong: [test.ttc#1]", f"strong: [test.ttc#{HAN_FACE}]")
    result = run("check", "--brandbook", book_copy, "--locale", "zh-hans")
    assert result.exit_code == 0, result.output
    _, documents, _ = prepare(
        book_copy, Selection(locales=("zh-Hans",), formats=("story",), messages=("not-propaganda",))
    )
    fonts = {
        g[0] for layer in documents[0].layers if hasattr(layer, "glyphs") for g in layer.glyphs
    }
    assert any(f.endswith("test.ttc#1") for f in fonts), fonts
    out = tmp_path / "out"
    result = run("build", "--brandbook", book_copy, "--out", out, "--locale", "ZH-HANS", *ONE)
    assert result.exit_code == 0, result.output
    assert (out / "zh-Hans" / "story" / "not-propaganda.png").stat().st_size > 10_000


def test_missing_characters_are_one_line_per_locale_and_role(book_copy):
    zh = zh_book(book_copy, "0")  # the Georgian face: no Han at all
    result = run("check", "--brandbook", book_copy, "--locale", "zh-Hans")
    assert result.exit_code == 1
    lines = [x for x in problem_lines(result.output) if "warning:" not in x]
    assert len(lines) == 3, result.output  # display, strong, text
    where = {
        "display": ("headline:", "messages.not-propaganda.headline"),
        "strong": ("wordmark:", "campaign.wordmark"),
        "text": ("summary:", "press.summary"),  # the fact sheet's, above the messages
    }
    for role, (needle, key) in where.items():
        line = next(x for x in lines if f"'{role}' chain" in x)
        m = re.fullmatch(
            rf"brandbook/locales/zh-Hans\.yaml:{line_of(zh, needle)}: {re.escape(key)}: "
            rf"(\d+) characters are in no font of the '{role}' chain \(test\.ttc#0, \S+\.otf, "
            r".*\): (\S{20}), the first 20 shown; Han \(\S+\): Noto Sans CJK SC \(TC, JP, "
            r"KR\), Debian package fonts-noto-cjk.* — copy such a font .* see fonts/README\.md",
            line,
        )
        assert m, line
        assert int(m.group(1)) > 20
    assert "我们不是宣传人" in next(x for x in lines if "'display'" in x)


@pytest.mark.parametrize(
    "code,face",
    [("vi", "NotoSans-Black"), ("he", "NotoSansHebrew-Black"), ("hi", "NotoSansDevanagari-Black")],
)
def test_display_text_is_black_in_every_script(book_copy, code, face):
    """Headlines and figures are drawn only from Black (900) faces: Vietnamese in Noto Sans
    Black (Inter Display Black's stacked accents collide), Hebrew and Hindi in their Noto Black
    beside Inter Display Black's digits."""
    add(book_copy, code)
    book, problems = load(book_copy, (code,))
    assert not problems.errors
    locale = book.locale(code)
    for mid, name in (("not-propaganda", "headline"), ("constitution-art-14", "figure")):
        job = Job(locale, locale.message(mid), book.format("story"))
        found = Problems(book_copy)
        fill = compose(book, job, found).contents[name]
        used = {fill.chain[g.face] for g in fill.block.glyphs}
        weights = {f.path.name: TTFont(f.path)["OS/2"].usWeightClass for f in used}
        assert set(weights.values()) == {900}, weights
        if name == "headline":
            assert face in {f.path.stem for f in used}


@pytest.mark.slow  # over 3 s: a check or build of the whole brand book
def test_the_shipped_brand_book_checks_in_vietnamese_hebrew_and_hindi(book_copy):
    for code in ("vi", "he", "hi"):
        add(book_copy, code)
    result = run(
        "check", "--brandbook", book_copy, "--locale", "vi", "--locale", "he", "--locale", "hi"
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("no campaign URL of its own") == 3

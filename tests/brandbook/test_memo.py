"""What a warm process keeps between loads (brandbook/memo.py): a load through a Memo that has
seen the brand book gives exactly what a fresh load gives (every field, every problem) after
any of its inputs changed, and makes again only what the change touched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pressroom.brandbook import load, memo
from pressroom.brandbook.memo import Memo
from tests.conftest import FONTS, REPO

MINI = REPO / "tests" / "data" / "mini"
MARK = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"' \
       ' fill="{}"/></svg>'


@pytest.fixture
def mini(tmp_path) -> Path:
    """The mini brand book with its own fonts folder, and an SVG image its card links."""
    root = tmp_path / "bb"
    shutil.copytree(MINI, root)
    shutil.copytree(FONTS, tmp_path / "fonts")
    edit(root / "brand.yaml", "font_dir: ../../../fonts", "font_dir: ../fonts")
    (root / "assets").mkdir()
    (root / "assets" / "mark.svg").write_text(MARK.format("#FF0000"))
    edit(root / "templates" / "card.svg", "\n</svg>",
         '\n  <image href="../assets/mark.svg" x="380" y="0" width="20" height="20"/>\n</svg>')
    return root


@pytest.fixture
def made(monkeypatch) -> list[str]:
    """The templates and locale files a Memo makes (those it does not have kept)."""
    made = []
    make_template, read_locale = memo.make_template, memo.read_locale

    def template(data, path, fmt, *args, **kwargs):
        made.append(f"{path.name}:{fmt.name}")
        return make_template(data, path, fmt, *args, **kwargs)

    def locale(file, *args, **kwargs):
        made.append(file.name)
        return read_locale(file, *args, **kwargs)

    monkeypatch.setattr(memo, "make_template", template)
    monkeypatch.setattr(memo, "read_locale", locale)
    return made


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def same_as_fresh(root: Path, kept: Memo, made: list | None = None):
    """The load through `kept`, after checking that it equals a fresh load: the brand book's
    repr (every field, those equality leaves out too: lines, raw texts) and the problems. (What
    the fresh load makes is left out of `made`.)"""
    book, problems = load(root, (), kept)
    n = len(made) if made is not None else 0
    fresh, said = load(root)
    if made is not None:
        del made[n:]
    assert repr(book) == repr(fresh)
    assert problems.items == said.items
    return book, problems


def test_an_unchanged_brand_book_is_not_made_again(mini, made):
    kept = Memo()
    first, _ = same_as_fresh(mini, kept, made)
    assert sorted(made) == ["card.svg:card", "en.yaml", "ru.yaml", "sheet.svg:sheet"]
    made.clear()
    book, _ = same_as_fresh(mini, kept, made)
    assert made == []
    assert book.templates["card"] is first.templates["card"]


CARD = ["card.svg:card"]
EVERYTHING = ["card.svg:card", "en.yaml", "ru.yaml", "sheet.svg:sheet"]


def _template(root):
    edit(root / "templates" / "card.svg", 'width="400" height="20"', 'width="400" height="30"')


def _linked_image(root):
    (root / "assets" / "mark.svg").write_text(MARK.format("#00FF00"))


def _linked_image_renamed(root):
    (root / "assets" / "mark.svg").rename(root / "assets" / "other.svg")
    (root / "assets" / "mark.svg").symlink_to("other.svg")  # the same bytes, through a link
    (root / "assets" / "other.svg").write_text(MARK.format("#0000FF"))


def _side_table(root):
    (root / "templates" / "card.slots.yaml").write_text("headline:\n  data-max-size: 50\n")


def _formats(root):
    edit(root / "formats.yaml", "safe: [10, 10, 10, 10]", "safe: [12, 10, 10, 10]")


def _brand(root):
    edit(root / "brand.yaml", 'accent: "#5B2A86"', 'accent: "#2A5B86"')


def _brand_comment(root):  # the same brand, its lines moved: problems' lines must follow
    edit(root / "brand.yaml", "name: Mini", "# a comment\nname: Mini")


def _locale(root):
    text = (root / "locales" / "en.yaml").read_text("utf-8")
    old = next(line for line in text.splitlines() if "headline:" in line)
    edit(root / "locales" / "en.yaml", old, old.split(":")[0] + ': "A new headline"')


def _locale_broken(root):
    edit(root / "locales" / "ru.yaml", "messages:", "messages: [")


@pytest.mark.parametrize(
    "change, again",
    [
        (_template, CARD),
        (_linked_image, CARD),
        (_linked_image_renamed, CARD),
        (_side_table, CARD),
        (_formats, CARD),
        (_brand, EVERYTHING),
        (_brand_comment, EVERYTHING),
        (_locale, ["en.yaml"]),
        (_locale_broken, ["ru.yaml"]),
    ],
)
def test_a_changed_input_is_seen_by_the_next_load(mini, made, change, again):
    kept = Memo()
    before, _ = same_as_fresh(mini, kept, made)
    change(mini)
    made.clear()
    after, _ = same_as_fresh(mini, kept, made)
    assert sorted(made) == again
    assert repr(after) != repr(before) or change is _locale_broken


def test_a_font_changed_is_in_the_next_loads_digest(mini):
    kept = Memo()
    before, _ = same_as_fresh(mini, kept)
    font = mini.parent / "fonts" / "InterDisplay-Black.otf"
    shutil.copyfile(mini.parent / "fonts" / "NotoSans-Bold.ttf", font)
    after, _ = same_as_fresh(mini, kept)
    assert after.font_digest != before.font_digest


def test_a_kept_template_says_its_warnings_again_and_a_broken_one_is_not_kept(mini, made):
    card = mini / "templates" / "card.svg"
    edit(card, 'data-fill="paper"/>', 'data-fill="paper"><animate attributeName="x"/></rect>')
    kept = Memo()
    _, problems = same_as_fresh(mini, kept, made)
    assert any("animation is dropped" in p.problem for p in problems.warnings)
    made.clear()
    _, again = same_as_fresh(mini, kept, made)
    assert made == [] and again.items == problems.items
    (mini / "assets" / "mark.svg").unlink()  # the linked image is gone: an error
    for _ in range(2):
        made.clear()
        _, problems = same_as_fresh(mini, kept, made)
        assert problems.errors and made == CARD  # (loaded again each time: it has an error)

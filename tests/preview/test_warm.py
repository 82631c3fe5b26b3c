"""The warm preview process against a fresh build: whatever input a save changes (a template,
formats.yaml, brand.yaml, a locale), the next rebuild, which keeps what it loaded before
(brandbook/memo.py), leaves the folder exactly as `pressroom build` makes it; and a save waits
for no fact sheet, which is made again only when what it shows changed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pressroom.build import build
from pressroom.kit.plan import Selection
from pressroom.preview.session import Preview

ONE = Selection(("en",), ("story",), ("not-propaganda",), ("main",))
PNG = "en/story/not-propaganda.png"
SHEET = "downloads/en-factsheet.pdf"


def edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def headline(book: Path, text: str) -> Path:
    locale = book / "locales" / "en.yaml"
    return edit(locale, f'"{value_of(locale, "headline")}"', f'"{text}"')


def value_of(locale: Path, key: str) -> str:
    """A text of the message not-propaganda."""
    block = r"  not-propaganda:.*\n(?:    .*\n)*?"
    return re.search(block + f'    {key}: "([^"]*)"', locale.read_text("utf-8"))[1]


CHANGES = {
    "template": lambda book: edit(
        book / "templates" / "story.svg", 'rx="24" fill="#FFFFFF"', 'rx="48" fill="#FFFFFF"'
    ),
    "formats": lambda book: edit(  # the story's template is scaled to the new size
        book / "formats.yaml", "height: 1920\n  unit: px\n  safe: [270, 65, 672, 65]",
        "height: 1910\n  unit: px\n  safe: [265, 65, 660, 65]",
    ),
    "brand": lambda book: edit(book / "brand.yaml", 'violet: "#5B2A86"', 'violet: "#6B1A76"'),
    "locale": lambda book: headline(book, "We are not propaganda — we are neighbours"),
}


@pytest.mark.slow  # about 4 s: three builds of one story
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_warm_rebuild_writes_what_a_fresh_build_writes(book_copy, tmp_path, change):
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    preview = Preview(book_copy, out, ONE)
    assert preview.rebuild().problems == ()
    before = (out / PNG).read_bytes()
    saved = CHANGES[change](book_copy)
    assert preview.rebuild([str(saved)]).problems == ()
    if preview.press_pending:
        preview.finish_press()
    build(book_copy, fresh, ONE)
    assert (out / PNG).read_bytes() != before
    assert files(out) == files(fresh)


@pytest.mark.slow  # about 5 s: fact sheets made with WeasyPrint
def test_a_save_waits_for_no_fact_sheet_and_remakes_it_only_when_it_changed(book_copy, tmp_path):
    out = tmp_path / "out"
    preview = Preview(book_copy, out, ONE)
    assert preview.rebuild().problems == ()

    def made() -> tuple[int, int]:  # the sheet's file: a sheet kept is not written again
        found = (out / SHEET).stat()
        return found.st_ino, found.st_mtime_ns

    first = made()
    locale = book_copy / "locales" / "en.yaml"
    alt = value_of(locale, "alt")
    edit(locale, f'"{alt}"', f'"{alt} Again."')  # alt texts are not on the fact sheet
    assert preview.rebuild([str(locale)]).problems == ()
    preview.finish_press()
    assert made() == first
    headline(book_copy, "We are not propaganda — we are teachers")  # slogans are on it
    assert preview.rebuild([str(locale)]).problems == ()
    assert made() == first and preview.press_pending  # the save did not wait for it
    preview.finish_press()
    assert made() != first and not preview.press_pending

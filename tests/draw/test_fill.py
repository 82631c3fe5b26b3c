"""Template fill: the SVG a template and a message make, compared with a golden file as text."""

from __future__ import annotations

import os
from pathlib import Path

from pressroom.brandbook import load
from pressroom.draw.compose import compose
from pressroom.draw.fill import fill
from pressroom.errors import Problems
from pressroom.kit.plan import plan
from tests.conftest import REPO

MINI = REPO / "tests" / "data" / "mini"
GOLDEN = REPO / "tests" / "data" / "golden"


def filled(locale: str, fmt: str, message: str) -> str:
    book, problems = load(MINI)
    assert not problems.errors
    job = next(j for j in plan(book) if j.key == f"{locale}/{fmt}/{message}")
    composed = compose(book, job, Problems())
    return fill(book.templates[fmt], job.message.kind, composed.contents)


def check_golden(name: str, svg: str) -> None:
    path = GOLDEN / name
    if os.environ.get("PRESSROOM_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(svg)
    actual = REPO / "tests" / "_actual" / name
    if not path.exists() or path.read_text() != svg:
        actual.parent.mkdir(parents=True, exist_ok=True)
        actual.write_text(svg)
    assert path.read_text() == svg, f"differs from {path}; actual output kept in {actual}"


def test_slogan_card_matches_golden():
    check_golden("card-slogan-ru.svg", filled("ru", "card", "equal"))


def test_fact_card_matches_golden():
    check_golden("card-fact-en.svg", filled("en", "card", "cases"))


def test_editor_data_and_comments_never_reach_the_output():
    svg = filled("en", "card", "equal")
    for leak in ("inkscape", "Someone Private", "metadata", "<!--", "data-"):
        assert leak not in svg


def test_only_the_kind_s_own_elements_remain():
    slogan, fact = filled("en", "card", "equal"), filled("en", "card", "cases")
    assert slogan.count("<rect") < fact.count("<rect")  # the fact-only accent bar


def test_palette_colours_replace_template_colours():
    svg = filled("en", "card", "equal")
    assert 'fill="#FFFFFF"' in svg  # paper, from brand.yaml, not the template's #000000


def test_text_is_outlines_not_text_elements(tmp_path: Path):
    svg = filled("ru", "card", "equal")
    assert "<text" not in svg and '<use href="#g' in svg and '<path id="g' in svg


def test_without_svg_a_document_drawn_from_its_art_has_the_same_layers():
    """The render phase draws a document over its static art: composing skips the filled SVG,
    and the art and layers are those of the whole document."""
    from pressroom.draw.fill import document

    book, _ = load(MINI)
    drawn = 0
    for job in plan(book):
        composed = compose(book, job, Problems())
        args = (book.templates[job.format.name], job.message.kind, composed.contents)
        whole, lean = document(*args), document(*args, svg=False)
        assert (lean.static, lean.layers, lean.mirrored) == (
            whole.static, whole.layers, whole.mirrored
        )
        assert lean.svg == ("" if whole.static is not None else whole.svg)
        drawn += whole.static is not None and bool(whole.layers)
    assert drawn  # some documents are drawn from their art

"""Slot attributes: one table checks and converts them; no value can cause a traceback."""

from __future__ import annotations

import math
import re
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pressroom.brandbook import load
from pressroom.cli import main
from pressroom.draw.compose import compose
from pressroom.errors import Problems
from pressroom.kit.plan import Selection, plan
from pressroom.slotstyle import ATTRIBUTES, MAX_NUMBER, SlotStyle, read_style, text_style
from pressroom.template.load import load_template
from tests.conftest import REPO

MINI = REPO / "tests" / "data" / "mini"
NAMES = {"fonts": ("display", "text"), "palette": ("ink", "paper", "accent")}
GOOD = {"data-font": "display", "data-max-size": "60", "data-min-size": "14",
        "data-color": "ink", "data-on": "paper"}


def test_a_slot_s_attributes_become_a_typed_style_with_the_table_s_defaults():
    style, found = read_style(GOOD, False, NAMES)
    assert found == []
    assert style == SlotStyle("display", 60.0, 14.0, 1.15, 99, "start", "top", "ink", "paper", None)
    assert style == text_style(60, 14, font="display", color="ink", on="paper")


@pytest.mark.parametrize(
    "attr,value,allowed",
    [
        ("data-max-size", "60px", "a plain number of template units"),
        ("data-max-size", "60mm", "no px or mm"),
        ("data-max-size", "-3", "a plain number"),
        ("data-max-size", "abc", "a plain number"),
        ("data-max-size", "", "a plain number"),
        ("data-max-size", "0", "a plain number"),
        ("data-max-size", "nan", "a plain number"),
        ("data-max-size", "inf", "a plain number"),
        ("data-max-size", "1e400", "a plain number"),
        ("data-min-size", "14 px", "a plain number"),
        ("data-line-height", "120%", "a positive number, times the size"),
        ("data-line-height", "-1", "a positive number"),
        ("data-max-lines", "2.5", "a whole number from 1"),
        ("data-max-lines", "0", "a whole number from 1"),
        ("data-max-lines", "99999999999999999999", "a whole number from 1"),
        ("data-align", "left", "start, center or end"),
        ("data-valign", "centre", "top, middle or bottom"),
        ("data-font", "Inter Bold", "a font role of brand.yaml"),
        ("data-font", "serif", "use one of display, text"),
        ("data-color", "red", "use one of accent, ink, paper"),
        ("data-kind", "poster", "slogan or fact"),
        ("data-max-szie", "60", "use one of data-align"),
    ],
)
def test_bad_values_are_problems_that_give_the_allowed_form(attr, value, allowed):
    style, found = read_style({**GOOD, attr: value}, False, NAMES)
    assert style is None
    assert [p.attribute for p in found] == [attr]
    assert allowed in found[0].fix or allowed in found[0].problem, found[0]


def test_max_below_min_is_a_problem():
    style, found = read_style({**GOOD, "data-max-size": "10", "data-min-size": "20"}, False, NAMES)
    assert style is None and found[0].attribute == "data-min-size"
    assert "above data-max-size 10" in found[0].problem and "swap" in found[0].fix


def test_text_slots_need_sizes_and_qr_slots_refuse_type():
    _, found = read_style({"data-color": "ink", "data-on": "paper"}, False, NAMES)
    assert {p.attribute for p in found} == {"data-max-size", "data-min-size"}
    style, found = read_style({"data-color": "ink", "data-on": "paper"}, True, NAMES)
    assert found == [] and style.color == "ink"
    _, found = read_style({"data-font": "display"}, True, NAMES)
    assert found[0].problem == "does not apply to the qr slot"


@settings(max_examples=300, deadline=None)
@given(attr=st.sampled_from(sorted(ATTRIBUTES)), value=st.text(max_size=30))
def test_no_attribute_value_raises_and_every_accepted_style_is_sound(attr, value):
    style, found = read_style({**GOOD, attr: value}, False, NAMES)
    assert (style is None) == bool(found)
    if style is not None:
        assert 0 < style.min_size <= style.max_size <= MAX_NUMBER
        assert math.isfinite(style.line_height) and style.line_height > 0
        assert isinstance(style.max_lines, int) and style.max_lines >= 1
        assert style.align in ("start", "center", "end")
        assert style.valign in ("top", "middle", "bottom")
        assert style.font in NAMES["fonts"] and style.kind in (None, "slogan", "fact")


# --- end to end: a template with any value, through load and compose ---------------------------

BOOK, _ = load(MINI)
CARD = (MINI / "templates" / "card.svg").read_text()
HEADLINE = re.search(r'<rect id="slot-headline"[^>]*/>', CARD).group(0)


def _with(attr: str, value: str) -> str:
    quoted = value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    rect = re.sub(rf'\s{attr}="[^"]*"', "", HEADLINE)
    return CARD.replace(HEADLINE, rect.replace("<rect ", f'<rect {attr}="{quoted}" '))


xml_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"),
    max_size=20,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(attr=st.sampled_from(sorted(ATTRIBUTES)), value=xml_text | st.sampled_from(
    ["60px", "60mm", "-3", "abc", "1e9", "0.001", "9999", "1", "nan", "  60  "]))
def test_any_attribute_string_is_a_problem_or_a_layout_never_a_traceback(attr, value):
    fmt = BOOK.format("card")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "templates" / "card.svg"
        path.parent.mkdir()
        path.write_text(_with(attr, value))
        problems = Problems(Path(tmp))
        template = load_template(path, fmt, BOOK.brand, problems, Path(tmp))
    if template is None:
        assert problems.errors and all(p.line > 0 for p in problems.errors)
        return
    book = replace(BOOK, templates={**BOOK.templates, "card": template})
    for job in plan(book, Selection(formats=("card",))):
        found = Problems(MINI)
        composed = compose(book, job, found)
        assert (composed is None) == bool(found.errors)


@pytest.mark.parametrize("value", ["60px", "60mm", "-3", "abc"])
def test_check_names_file_line_and_allowed_form_for_a_bad_size(tmp_path, value):
    import shutil

    book = tmp_path / "mini"
    shutil.copytree(MINI, book)
    (book / "brand.yaml").write_text(
        (book / "brand.yaml").read_text().replace("../../../fonts", str(REPO / "fonts"))
    )
    card = book / "templates" / "card.svg"
    card.write_text(CARD.replace('data-max-size="60"', f'data-max-size="{value}"', 1))
    line = next(i for i, t in enumerate(card.read_text().splitlines(), 1) if "slot-headline" in t)
    result = CliRunner().invoke(main, ["check", "--brandbook", str(book)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"card.svg:{line}: slot-headline data-max-size: is '{value}'" in result.output
    assert "write a plain number of template units, e.g. 60 (no px or mm)" in result.output

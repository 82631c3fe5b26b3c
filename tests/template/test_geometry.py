"""SVG lengths and transform lists, as Inkscape and hand-written templates write them."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from pressroom.template.geometry import length, parse_transform, to_root


@pytest.mark.parametrize(
    "text,point,expected",
    [
        ("", (1, 2), (1, 2)),
        ("translate(10,-20)", (1, 2), (11, -18)),
        ("translate(-30)", (1, 2), (-29, 2)),
        ("translate(800 10) rotate(-90)", (1, 0), (800, 9)),
        ("rotate(90 10 10)", (10, 0), (20, 10)),
        ("scale(2) translate(1e1,.5)", (0, 0), (20, 1)),
        ("scale(2,3)", (1, 1), (2, 3)),
        ("matrix(1,2,3,4,5,6)", (1, 1), (9, 12)),
        ("matrix(1 0 0 1 5 6), scale(2)", (1, 1), (7, 8)),
        ("skewX(45)", (0, 1), (1, 1)),
    ],
)
def test_transform_lists(text, point, expected):
    x, y = parse_transform(text).transformPoint(point)
    assert (x, y) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text", ["scale(2", "bogus(1)", "translate(1,", "rotate()", "matrix(1 2)", "scale(nan)",
             "scale(1e400)", "translate(1 2 3)", "scale(2) x"]
)
def test_invalid_transforms_are_none(text):
    assert parse_transform(text) is None


@pytest.mark.parametrize(
    "text,expected",
    [("12", 12), (" 12px ", 12), ("1.5e1", 15), ("-3", -3), ("25.4mm", 96), ("1in", 96),
     ("72pt", 96), ("12em", None), ("abc", None), ("", None), (None, None)],
)
def test_lengths_in_user_units(text, expected):
    assert length(text) == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize(
    "attrs,point,expected",
    [
        ('x="10" y="20"', (1, 1), (11, 21)),
        ('x="10" width="200" height="100" viewBox="0 0 20 10"', (1, 1), (20, 10)),
        ('width="200" height="200" viewBox="0 0 20 10"', (0, 0), (0, 50)),  # meet, centred
        ('width="200" height="200" viewBox="5 0 20 10" preserveAspectRatio="none"', (5, 0),
         (0, 0)),
    ],
)
def test_a_nested_svg_places_its_content_through_its_viewport(attrs, point, expected):
    root = ET.fromstring(
        f'<svg xmlns="http://www.w3.org/2000/svg"><svg {attrs}><rect id="r"/></svg></svg>'
    )
    rect = next(el for el in root.iter() if el.get("id") == "r")
    assert to_root(root)[0][rect].transformPoint(point) == pytest.approx(expected)

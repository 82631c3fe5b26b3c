"""What CairoSVG would draw unlike a browser, refused at load with line and fix (drawable.py),
and a shape's own opacity moved onto a group (opacity.py). The pixels of each construct against
Chromium's are in test_svgcorpus.py."""

from __future__ import annotations

import pytest

from pressroom.draw.render import rasterize
from tests.template.test_load import errors, load_text, svg


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ('<rect width="9" height="9" fill="rgb(20 160 80)"/>', "fill: the colour 'rgb(20 160 80)'"),
        ('<rect width="9" height="9" style="fill:#20a04080"/>', "fill: the colour '#20a04080'"),
        ('<rect width="9" height="9" fill="rebeccapurple"/>', "fill: the colour 'rebeccapurple'"),
        ('<rect width="9" height="9" opacity="50%"/>', "opacity: opacity '50%' cannot be drawn"),
        ('<rect width="9" height="9" style="stroke-width:calc(2px + 1px)"/>',
         "stroke-width: calc() would not be computed"),
        ('<circle r="9" stroke="#000" paint-order="stroke fill"/>', "paint-order: paint-order"),
    ],
)
def test_a_value_cairosvg_would_draw_otherwise_is_refused_at_its_line(tmp_path, body, said):
    template, problems = load_text(tmp_path, svg(body))
    assert template is None
    (error,) = errors(problems)
    assert error.startswith(f"t.svg:3: {said}") and " — " in error


def test_an_unused_pattern_or_mask_is_left_alone(tmp_path):
    body = ('<defs><pattern id="p" width="4" height="4"><rect width="2" height="2"/></pattern>'
            '<mask id="m"><rect width="9" height="9" fill="#ffffff"/></mask></defs>')
    template, problems = load_text(tmp_path, svg(body))
    assert template is not None and errors(problems) == []


def test_a_shapes_opacity_goes_to_a_group_with_what_places_it(tmp_path):
    body = (
        '<rect id="a" data-kind="fact" x="0" y="0" width="40" height="40" fill="#0000ff"'
        ' stroke="#ff0000" stroke-width="20" style="opacity:0.5;fill-opacity:1"/>\n'
        '<use href="#a" x="100" opacity="0.5"/>\n'
        '<clipPath id="c"><rect width="9" height="9" opacity="0.5"/></clipPath>'
    )
    template, problems = load_text(tmp_path, svg(body))
    assert errors(problems) == []
    fact = template.parts_for("fact").static
    assert '<g opacity="0.5" id="a"><rect x="0"' in fact and 'style="fill-opacity:1"' in fact
    assert '<g opacity="0.5"><use href="#a" x="100" />' in fact
    assert '<rect width="9" height="9" opacity="0.5" />' in fact  # a clip's shape: kept
    assert 'id="a"' not in template.parts_for("slogan").static  # data-kind went with it
    pixels = rasterize(fact, 400, 300)
    # The stroke's inner half over the fill, faded whole (over a transparent page, drawn
    # black here): red, the fill's blue never through it.
    assert pixels.getpixel((5, 5)) == pixels.getpixel((35, 5)) == (128, 0, 0)

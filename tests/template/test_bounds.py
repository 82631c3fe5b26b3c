"""template/bounds.py, xml.py's depth limit and template/imagefile.py's raster limits: SVG and image
work is bounded, and what goes over is refused at its line, in check and build alike, quickly."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from PIL import Image

from pressroom.errors import Problems
from pressroom.template import bounds
from pressroom.template import imagefile as assets
from pressroom.template.clean import check_safety
from pressroom.template.xml import MAX_DEPTH, parse
from tests.conftest import edit, line_of
from tests.test_security import copy_book, hang_guard, refused

HEAD = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">\n'


def checked(body: str, asset: bool = False) -> list[str]:
    problems = Problems()
    doc = parse((HEAD + body + "\n</svg>").encode(), Path("t.svg"), problems)
    if doc is not None:
        check_safety(doc, problems, asset=asset)
    return [str(p) for p in problems.errors]


def fan_out(levels: int, width: int = 10) -> str:
    """`width` uses of the level below, `levels` deep: width**levels rects, in a few KB."""
    rows = ['<defs><rect id="l0" width="1" height="1"/>']
    for n in range(1, levels + 1):
        uses = "".join(f'<use href="#l{n - 1}"/>' for _ in range(width))
        rows.append(f'<g id="l{n}">{uses}</g>')
    rows.append("</defs>")
    return "\n".join(rows) + f'\n<use href="#l{levels}"/>'


@pytest.fixture
def mini(tmp_path) -> Path:
    return copy_book(tmp_path)


@pytest.mark.parametrize("levels", [5, 8, 30])  # 10^5, 10^8 and 10^30 rects
def test_a_use_fan_out_is_refused_in_under_a_second(levels):
    start = time.perf_counter()
    found = checked(fan_out(levels))
    assert time.perf_counter() - start < 1.0
    assert any("once every <use> is expanded, over the limit of 20,000" in p for p in found), found


def test_a_fan_out_under_the_limit_is_fine():
    assert checked(fan_out(3)) == []  # 1,000 rects


@pytest.mark.parametrize(
    "body,needle",
    [
        ('<g id="a"><use href="#a"/></g>', "refers to #a, which contains it"),
        ('<g id="a"><use href="#b"/></g>\n<g id="b"><use href="#a"/></g>', "which contains it"),
        ('<pattern id="p" width="4" height="4"><rect width="4" height="4" fill="url(#p)"/>'
         "</pattern>", "refers to #p, which contains it"),
        ('<mask id="m"><rect width="4" height="4" style="mask:url(#m)"/></mask>',
         "refers to #m, which contains it"),
    ],
)
def test_reference_loops_are_refused_at_their_line(body, needle):
    found = checked(body)
    assert any(p.startswith("t.svg:") and needle in p for p in found), found


def test_reference_chains_deeper_than_the_limit_are_refused():
    depth = bounds.MAX_REFERENCE_DEPTH + 1
    rows = ['<rect id="c0" width="1" height="1"/>'] + [
        f'<g id="c{n}"><use href="#c{n - 1}"/></g>' for n in range(1, depth + 1)
    ]
    found = checked("\n".join(rows))
    assert any(f"nest more than {bounds.MAX_REFERENCE_DEPTH} levels" in p for p in found), found
    assert checked("\n".join(rows[:-1])) == []


def test_an_svg_image_may_only_refer_to_its_own_ids():
    found = checked('<use href="#slot-headline"/>', asset=True)
    assert found == ["t.svg:2: use: refers to #slot-headline, which is not in this file — "
                     "refer to an id of this file, or remove the reference"]
    assert checked('<use href="#elsewhere"/>') == []  # a template's own business


def test_deep_nesting_is_refused_while_parsing_at_its_line():
    body = "<g>\n" * 2000 + "</g>" * 2000
    start = time.perf_counter()
    found = checked(body)
    assert time.perf_counter() - start < 1.0
    assert found == [f"t.svg:{MAX_DEPTH + 1}: elements are nested more than {MAX_DEPTH} levels"
                     " deep — flatten the groups (Inkscape: Object ▸ Ungroup)"]
    assert checked("<g>" * (MAX_DEPTH - 1) + "</g>" * (MAX_DEPTH - 1)) == []


@pytest.mark.parametrize(
    "box,needle",
    [
        ("0 0 1e-300 1e-300", "no area"),
        ("0 0 1e300 1e300", "beyond ±1,000,000"),
        ("0 0 inf 10", "beyond"),
        ("nan 0 10 10", "beyond"),
        ("0 0 0 10", "no area"),
        ("0 0 -10 10", "no area"),
        ("0 0 40000 1", "more than 100 times longer"),
    ],
)
def test_extreme_viewboxes_are_refused_at_their_line(box, needle):
    found = checked(f'<svg viewBox="{box}" width="5" height="5"><rect width="1" height="1"/></svg>')
    assert any(p.startswith("t.svg:2: viewBox: ") and needle in p for p in found), found


def test_an_extreme_template_viewbox_is_refused_in_check_and_build(mini, tmp_path):
    path = mini / "templates" / "card.svg"
    edit(path, 'viewBox="0 0 400 300"', 'viewBox="0 0 1e-300 1e-300"')
    refused(mini, tmp_path, f"card.svg:{line_of(path, '1e-300')}: viewBox:", "no area")


def test_the_fan_out_bomb_is_refused_in_check_and_build(mini, tmp_path):
    path = mini / "templates" / "card.svg"
    edit(path, "</svg>", fan_out(8) + "\n</svg>")
    line = line_of(path, '<use href="#l8"/>')
    with hang_guard(30):
        refused(mini, tmp_path, f"card.svg:{line}: use:", "over the limit of 20,000")


def test_a_use_of_an_svg_image_counts_all_of_it(mini, tmp_path):
    """An SVG image is nested when the template loads: uses of it are bounded after that."""
    (mini / "assets").mkdir()
    rects = "".join('<rect width="1" height="1"/>' for _ in range(500))
    (mini / "assets" / "art.svg").write_text(HEAD + rects + "</svg>")
    uses = "".join('<use href="#art"/>' for _ in range(100))
    path = mini / "templates" / "card.svg"
    edit(path, "</svg>", '<image id="art" width="40" height="40" href="../assets/art.svg"/>\n'
         f"{uses}\n</svg>")
    refused(mini, tmp_path, f"card.svg:{line_of(path, uses[:20])}: use:", "over the limit")


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("L", (width, height), 0).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    "size,needle",
    [
        ((40000, 1), "a side over the limit of 20,000"),
        ((20001, 2), "a side over the limit of 20,000"),
        ((5000, 10), "longer than 100:1"),
        ((3, 400), "longer than 100:1"),
    ],
)
def test_raster_sides_and_shapes_are_bounded(size, needle):
    with pytest.raises(assets.AssetError) as info:
        assets.clean_raster(png(*size), "strip.png")
    assert needle in info.value.problem
    assets.clean_raster(png(1000, 10), "ok.png")  # 100:1 is still a picture


def test_a_40000_by_1_partner_logo_is_refused_in_check_and_build(mini, tmp_path):
    (mini / "assets").mkdir()
    (mini / "assets" / "strip.png").write_bytes(png(40000, 1))
    brand = mini / "brand.yaml"
    brand.write_text(brand.read_text() + "partners:\n  - id: kin\n    name: Kin\n"
                     "    logo: {light: assets/strip.png, dark: assets/strip.png}\n")
    refused(mini, tmp_path, f"brand.yaml:{line_of(brand, 'strip.png')}: partners.kin.logo.light:",
            "40000×1 pixels")


def test_a_logo_sized_40000_by_1_without_a_viewbox_is_refused(mini, tmp_path):
    (mini / "assets").mkdir()
    (mini / "assets" / "strip.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40000" height="1">'
        '<rect width="40000" height="1"/></svg>'
    )
    brand = mini / "brand.yaml"
    brand.write_text(brand.read_text() + "partners:\n  - id: kin\n    name: Kin\n"
                     "    logo: {light: assets/strip.svg, dark: assets/strip.svg}\n")
    refused(mini, tmp_path, "partners.kin.logo.light: assets/strip.svg",
            "size (width, height) '0 0 40000.0 1.0' is more than 100 times longer")

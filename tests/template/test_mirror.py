"""Right-to-left layouts: the art follows the page flip; images never read backwards; elements
marked data-mirror="no" stay exactly where they were drawn. Unit tests on transforms, then an
Arabic build of the real story template with an asymmetric logo, judged from its pixels."""

from __future__ import annotations

import io
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from fontTools.misc.transform import Transform
from PIL import Image, ImageDraw

from pressroom.build import build
from pressroom.kit.plan import Selection
from pressroom.template.geometry import box_in, to_root
from pressroom.template.mirror import mirror
from pressroom.template.xml import SVG
from tests.conftest import BRANDBOOK, FONTS, REPO

W = 200.0
FLIP = Transform(-1, 0, 0, 1, W, 0)


def _tree(inner: str):
    return ET.fromstring(f'<svg xmlns="{SVG}" viewBox="0 0 200 100">{inner}</svg>')


def _placed(inner: str, el_id: str):
    """The element's transform to the root before and after mirroring (flip included)."""
    before_root = _tree(inner)
    before = to_root(before_root)[0][_by_id(before_root, el_id)]
    root = _tree(inner)
    mirror(root, W)
    after = to_root(root)[0][_by_id(root, el_id)]
    return before, after


def _by_id(root, el_id):
    return next(el for el in root.iter() if el.get("id") == el_id)


def _close(a: Transform, b: Transform) -> bool:
    return all(abs(x - y) < 1e-6 for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize(
    "group", ["", "translate(30 10)", "rotate(30) scale(2)", "matrix(0.5 0.2 -0.3 1.5 12 -4)"]
)
def test_an_image_moves_to_the_mirrored_place_unflipped(group):
    inner = f'<g transform="{group}"><image id="logo" x="10" y="20" width="30" height="16"/></g>'
    before, after = _placed(inner, "logo")
    assert _close(
        Transform(*after[:4], 0, 0), Transform(*before[:4], 0, 0)
    ), "the image's own orientation must not change"
    x0, y0, x1, y1 = box_in(before, 10, 20, 30, 16)
    a0, b0, a1, b1 = box_in(after, 10, 20, 30, 16)
    assert (a0 + a1) / 2 == pytest.approx(W - (x0 + x1) / 2)
    assert (b0, b1) == pytest.approx((y0, y1))


@pytest.mark.parametrize("group", ["", "translate(30 10)", "rotate(-20 50 50) scale(1.5 0.8)"])
def test_data_mirror_no_keeps_an_element_exactly_as_drawn(group):
    inner = f'<g transform="{group}"><path id="mark" d="M0 0h9v3z" data-mirror="no"/></g>'
    before, after = _placed(inner, "mark")
    assert _close(after, before)


def test_other_art_follows_the_page_flip():
    before, after = _placed('<g transform="rotate(15)"><rect id="bar" width="9" height="2"/></g>',
                            "bar")
    assert _close(after, FLIP.transform(before))


def test_the_root_can_keep_all_its_art():
    root = _tree('<rect id="bar" width="9" height="2"/>')
    root.set("data-mirror", "no")
    mirror(root, W)
    assert _close(to_root(root)[0][_by_id(root, "bar")], Transform())


def test_nested_svg_images_and_clones_of_images_move_whole():
    inner = (
        '<g id="nest" data-image="" transform="translate(20 0)">'
        '<svg x="5" y="5" width="40" height="20" viewBox="0 0 4 2"><path d="M0 0h4l-4 2z"/></svg>'
        "</g>"
        '<defs><image id="src" x="0" y="0" width="10" height="10"/></defs>'
        '<use id="clone" href="#src" x="150" y="50"/>'
    )
    before, after = _placed(inner, "nest")
    assert _close(Transform(*after[:4], 0, 0), Transform(*before[:4], 0, 0))
    a0, _, a1, _ = box_in(after, 5, 5, 40, 20)
    assert (a0 + a1) / 2 == pytest.approx(W - (25 + 65) / 2)
    before, after = _placed(inner, "clone")
    assert after[0] > 0, "a clone of an image is not flipped"
    a0, _, a1, _ = box_in(after.translate(150, 50), 0, 0, 10, 10)
    assert (a0 + a1) / 2 == pytest.approx(W - 155)


# --- an Arabic build with an asymmetric logo ----------------------------------------------------

GREEN = (0, 176, 80)  # the raster "L" logo
MAGENTA = (224, 0, 224)  # the SVG arrow
CYAN = (0, 255, 255)  # a decorative mark kept in place with data-mirror="no"
ARROW = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 30">'
    '<path d="M0 10h40v-10l20 15-20 15v-10h-40z" fill="#E000E0"/></svg>'
)


def _logo_png() -> bytes:
    """An "L": a tall bar on the left and a foot to the right. Mirrored, it reads backwards."""
    image = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 29, 99), fill=(*GREEN, 255))
    draw.rectangle((0, 70, 99, 99), fill=(*GREEN, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def arabic_story(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("mirror")
    book = tmp / "brandbook"
    shutil.copytree(BRANDBOOK, book)
    shutil.copytree(FONTS, tmp / "fonts")
    shutil.copy(REPO / "tests" / "data" / "translations" / "ar.yaml", book / "locales" / "ar.yaml")
    (book / "assets").mkdir(exist_ok=True)
    (book / "assets" / "partner.png").write_bytes(_logo_png())
    (book / "assets" / "arrow.svg").write_text(ARROW)
    story = book / "templates" / "story.svg"
    art = (
        '<g transform="translate(300 40) rotate(12) scale(1.4)">'
        '<image href="../assets/partner.png" x="20" y="10" width="100" height="100"/></g>\n'
        '<image href="../assets/arrow.svg" x="820" y="1700" width="180" height="90"/>\n'
        '<rect x="30" y="1800" width="60" height="40" fill="#00FFFF" data-mirror="no"/>\n'
        '  <g id="slots">'
    )
    story.write_text(story.read_text().replace('  <g id="slots">', art, 1))
    out = tmp / "output"
    build(
        book, out, Selection(locales=("en", "ar"), formats=("story",), messages=("not-propaganda",))
    )
    return out


def _mask(path: Path, colour) -> np.ndarray:
    pixels = np.asarray(Image.open(path).convert("RGB"), dtype=int)
    return (np.abs(pixels - np.array(colour)).max(axis=2) < 40)


def _box(mask: np.ndarray) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(mask)
    assert len(xs) > 200, "the mark is not drawn"
    return xs.min(), ys.min(), xs.max() + 1, ys.max() + 1


def _raster_logo_centre() -> float:
    """The x centre of the raster logo's box, worked out here by hand: translate(300 40)
    rotate(12) scale(1.4) applied to the corners of x 20–120, y 10–110."""
    a = np.radians(12)
    corners = np.array([(20, 10), (120, 10), (20, 110), (120, 110)]) * 1.4
    xs = 300 + corners[:, 0] * np.cos(a) - corners[:, 1] * np.sin(a)
    return (xs.min() + xs.max()) / 2


@pytest.mark.parametrize(
    "colour,centre",
    [(GREEN, _raster_logo_centre()), (MAGENTA, 910.0)],
    ids=["raster-logo", "svg-logo"],
)
@pytest.mark.slow  # over 2.5 s: a build of its own
def test_an_arabic_story_shows_logos_unmirrored_at_the_mirrored_place(
    arabic_story, colour, centre
):
    """Each logo's box moves to the mirrored place (its centre from x to 1080 − x), and what
    is drawn inside it moves along, unflipped: the same pixels, shifted."""
    en = _mask(arabic_story / "en" / "story" / "not-propaganda.png", colour)
    ar = _mask(arabic_story / "ar" / "story" / "not-propaganda.png", colour)
    shift = en.shape[1] - 2 * centre
    ex0, ey0, ex1, ey1 = _box(en)
    ax0, ay0, ax1, ay1 = _box(ar)
    assert abs(ax0 - (ex0 + shift)) <= 1 and abs(ax1 - (ex1 + shift)) <= 1, (ax0, ex0, shift)
    assert (ay0, ay1) == (ey0, ey1)
    left, right = en[ey0:ey1, ex0:ex1], ar[ay0:ay1, ax0:ax1]
    assert left.shape == right.shape
    same = (left == right).mean()
    flipped = (left == right[:, ::-1]).mean()
    assert same > 0.97 and same > flipped + 0.1, (same, flipped)


def test_an_arabic_story_keeps_data_mirror_no_where_it_was_drawn(arabic_story):
    en = _mask(arabic_story / "en" / "story" / "not-propaganda.png", CYAN)
    ar = _mask(arabic_story / "ar" / "story" / "not-propaganda.png", CYAN)
    assert _box(ar) == _box(en) == (30, 1800, 90, 1840)


def test_an_arabic_story_mirrors_the_rest_of_the_layout(arabic_story):
    """The decorative stripes (top right in English) are top left in Arabic."""
    en = Image.open(arabic_story / "en" / "story" / "not-propaganda.png").convert("RGB")
    ar = Image.open(arabic_story / "ar" / "story" / "not-propaganda.png").convert("RGB")
    top_en = np.asarray(en, dtype=int)[:200]
    top_ar = np.asarray(ar, dtype=int)[:200]
    coral = np.array((255, 107, 90))
    right = lambda a: (np.abs(a - coral).max(axis=2) < 30)[:, 540:].sum()  # noqa: E731
    left = lambda a: (np.abs(a - coral).max(axis=2) < 30)[:, :540].sum()  # noqa: E731
    assert right(top_en) > 1000 and left(top_en) < 100
    assert left(top_ar) > 1000 and right(top_ar) < 100

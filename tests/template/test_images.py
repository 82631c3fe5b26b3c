"""template/images.py: a template's <image>s inlined at load. A raster becomes a clean PNG data URI
with its pixel size written out; an SVG image is cleaned like a template, its ids prefixed and its
styles confined, and nested in the <image>'s box; problems are reported at the <image> (or in the
asset file), and nesting is bounded. logo_fragment prepares a logo file the same way."""

from __future__ import annotations

import base64
import io
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import pytest
from PIL import Image

from pressroom.errors import Problems
from pressroom.template.geometry import box_in, to_root
from pressroom.template.images import MAX_IMAGE_NESTING, NESTED, inline_images, logo_fragment
from pressroom.template.xml import SVG, XLINK, local, parse

HEAD = f'<svg xmlns="{SVG}" xmlns:xlink="{XLINK}" viewBox="0 0 400 300">\n'  # body: line 2 on
LOGO = (
    f'<svg xmlns="{SVG}" viewBox="0 0 20 10">\n'
    '<defs><linearGradient id="g"><stop offset="0" stop-color="#f00"/></linearGradient></defs>\n'
    '<rect id="r" class="a" width="20" height="10" fill="url(#g)" data-slot="cta"/>\n'
    '<use href="#r" style="fill:url(#g)"/>\n'
    "<style>.a { opacity: 0.5 }</style>\n"
    "</svg>\n"
)


def png_bytes(width=3, height=2) -> bytes:
    image = Image.new("RGB", (width, height))
    for x in range(width):
        for y in range(height):
            image.putpixel((x, y), (60 * x, 100 * y, 9))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def book(tmp_path) -> Path:
    root = tmp_path / "book"
    (root / "templates").mkdir(parents=True)
    (root / "assets").mkdir()
    (root / "assets" / "dot.png").write_bytes(png_bytes())
    (root / "assets" / "logo.svg").write_text(LOGO)
    return root


def inlined(book: Path, body: str):
    problems = Problems(book)
    doc = parse((HEAD + body + "\n</svg>").encode(), book / "templates" / "t.svg", problems)
    assert doc is not None, problems.items
    inline_images(doc, book, problems)
    return doc, problems


def errors(problems: Problems) -> list[str]:
    return [str(p) for p in problems.errors]


def by_id(root, el_id: str):
    return next(el for el in root.iter() if el.get("id") == el_id)


def decoded(uri: str) -> Image.Image:
    assert uri.startswith("data:image/png;base64,")
    image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    image.load()
    return image


# --- rasters -------------------------------------------------------------------------------------


def test_a_linked_raster_becomes_a_png_data_uri_with_its_pixel_size(book):
    doc, problems = inlined(book, '<image id="i" x="5" y="6" href="../assets/dot.png"/>')
    assert problems.items == []
    image = by_id(doc.root, "i")
    assert "href" not in image.attrib  # the plain href is gone; xlink:href carries the data
    picture = decoded(image.get(f"{{{XLINK}}}href"))
    assert picture.size == (3, 2)
    assert [picture.getpixel((x, 1)) for x in range(3)] == [(0, 100, 9), (60, 100, 9),
                                                            (120, 100, 9)]
    assert (image.get("x"), image.get("y"), image.get("width"), image.get("height")) == (
        "5", "6", "3", "2"
    )


def test_a_size_written_on_the_image_is_kept(book):
    doc, _ = inlined(book, '<image id="i" width="30" xlink:href="../assets/dot.png"/>')
    image = by_id(doc.root, "i")
    assert (image.get("width"), image.get("height")) == ("30", "2")


def test_an_embedded_raster_is_re_encoded_too(book):
    jpeg = io.BytesIO()
    Image.new("RGB", (8, 4), (200, 10, 10)).save(jpeg, "JPEG")
    uri = "data:image/jpeg;base64," + base64.b64encode(jpeg.getvalue()).decode()
    doc, problems = inlined(book, f'<image id="i" href="{uri}"/>')
    assert problems.items == []
    picture = decoded(by_id(doc.root, "i").get(f"{{{XLINK}}}href"))
    assert picture.format == "PNG" and picture.size == (8, 4)


def test_an_image_without_a_link_is_removed(book):
    doc, problems = inlined(book, '<g id="g"><image href="  " width="3" height="3"/></g>')
    assert problems.items == []
    assert [local(el.tag) for el in doc.root.iter()] == ["svg", "g"]


@pytest.mark.parametrize(
    "ref,problem",
    [
        ("https://example.org/a.png", "refers to 'https://example.org/a.png' outside the brand"
                                      " book"),
        ("../../elsewhere.png", "'../../elsewhere.png' leads outside the brand book"),
        ("../assets/none.png", "the image file '../assets/none.png' does not exist"),
    ],
)
def test_a_link_that_cannot_be_used_is_refused_at_the_line_of_the_link(book, ref, problem):
    doc, problems = inlined(book, f'<rect width="1" height="1"/>\n<image x="1"\n href="{ref}"/>')
    (only,) = errors(problems)
    assert only.startswith(f"book/templates/t.svg:4: image: {problem}"), only
    assert local(list(doc.root)[1].tag) == "image"  # left as it was; the load fails


def test_a_damaged_embedded_raster_is_named_as_the_embedded_image(book):
    uri = "data:image/png;base64," + base64.b64encode(png_bytes()[:40]).decode()
    _, problems = inlined(book, f'<image href="{uri}"/>')
    (only,) = errors(problems)
    assert only.startswith("book/templates/t.svg:2: image: the embedded image is damaged")


# --- SVG images ----------------------------------------------------------------------------------


def test_an_svg_image_is_nested_in_the_images_box_with_its_ids_prefixed(book):
    doc, problems = inlined(
        book,
        '<image id="pic" x="10" y="20" width="80" height="40" opacity="0.5"'
        ' href="../assets/logo.svg"/>',
    )
    assert problems.items == []
    (group,) = list(doc.root)
    assert local(group.tag) == "g" and group.get(NESTED) == ""
    assert (group.get("id"), group.get("opacity")) == ("pic", "0.5")
    assert not any(k in group.attrib for k in ("x", "y", "width", "height", "href"))
    (nested,) = list(group)
    assert local(nested.tag) == "svg" and nested.get("id") == "asset1-root"
    assert {k: nested.get(k) for k in ("x", "y", "width", "height", "viewBox")} == {
        "x": "10", "y": "20", "width": "80", "height": "40", "viewBox": "0 0 20 10"
    }
    rect, use = by_id(doc.root, "asset1-r"), next(e for e in doc.root.iter()
                                                  if local(e.tag) == "use")
    assert rect.get("fill") == "url(#asset1-g)" and "data-slot" not in rect.attrib
    assert use.get("href") == "#asset1-r" and "#asset1-g" in use.get("style")
    style = next(e for e in doc.root.iter() if local(e.tag) == "style")
    assert "#asset1-root" in style.text and "opacity" in style.text
    # the 20×10 drawing fills the 80×40 box at (10, 20): four times larger
    assert box_in(to_root(doc.root)[0][rect], 0, 0, 20, 10) == pytest.approx((10, 20, 90, 60))


def test_an_svg_image_without_a_size_takes_its_viewbox_size(book):
    doc, _ = inlined(book, '<image href="../assets/logo.svg"/>')
    nested = next(e for e in doc.root.iter() if e.get("id") == "asset1-root")
    assert (nested.get("x"), nested.get("width"), nested.get("height")) == (None, "20", "10")


def test_an_svg_image_without_viewbox_gets_one_from_its_width_and_height(book):
    (book / "assets" / "sized.svg").write_text(
        f'<svg xmlns="{SVG}" width="30" height="15"><rect width="30" height="15"/></svg>'
    )
    doc, problems = inlined(book, '<image width="60" height="30" href="../assets/sized.svg"/>')
    assert problems.items == []
    nested = next(e for e in doc.root.iter() if e.get("id") == "asset1-root")
    assert nested.get("viewBox") == "0 0 30 15"
    assert (nested.get("width"), nested.get("height")) == ("60", "30")


def test_each_svg_image_gets_a_prefix_no_template_id_uses(book):
    doc, problems = inlined(
        book,
        '<rect id="asset1-mine" width="1" height="1"/>'
        '<image href="../assets/logo.svg"/><image href="../assets/logo.svg"/>',
    )
    assert problems.items == []
    roots = [e.get("id") for e in doc.root.iter() if local(e.tag) == "svg" and e is not doc.root]
    assert roots == ["asset2-root", "asset3-root"]
    every = [e.get("id") for e in doc.root.iter() if e.get("id")]
    assert len(every) == len(set(every))  # no id twice
    assert {"asset2-r", "asset3-r", "asset2-g", "asset3-g"} <= set(every)


def test_an_embedded_svg_is_nested_like_a_file(book):
    uri = "data:image/svg+xml," + quote(LOGO)
    doc, problems = inlined(book, f'<image width="40" height="20" href="{uri}"/>')
    assert problems.items == []
    assert by_id(doc.root, "asset1-r").get("fill") == "url(#asset1-g)"


def test_an_embedded_svgs_problems_are_reported_at_the_image(book):
    bad = f'<svg xmlns="{SVG}" viewBox="0 0 9 9"><text>Hi</text></svg>'
    uri = "data:image/svg+xml," + quote(bad)
    _, problems = inlined(book, f'<rect width="1" height="1"/>\n<image href="{uri}"/>')
    (only,) = errors(problems)
    assert only.startswith(
        "book/templates/t.svg:3: image: the embedded SVG: templates cannot contain <text>"
    )


def test_an_svg_files_problems_are_reported_in_that_file_at_their_line(book):
    (book / "assets" / "bad.svg").write_text(
        f'<svg xmlns="{SVG}" viewBox="0 0 9 9">\n<rect width="9" height="9"/>\n'
        "<script>alert(1)</script>\n</svg>"
    )
    doc, problems = inlined(book, '<image id="i" href="../assets/bad.svg"/>')
    (only,) = errors(problems)
    assert only.startswith("book/assets/bad.svg:3: script: templates cannot contain <script>")
    assert local(by_id(doc.root, "i").tag) == "image"  # not nested


def test_an_svg_image_may_not_reach_the_templates_ids(book):
    (book / "assets" / "reach.svg").write_text(
        f'<svg xmlns="{SVG}" viewBox="0 0 9 9">\n<use href="#bg"/>\n</svg>'
    )
    _, problems = inlined(book, '<rect id="bg" width="1" height="1"/>'
                          '<image href="../assets/reach.svg"/>')
    (only,) = errors(problems)
    assert only.startswith("book/assets/reach.svg:2: use: refers to #bg, which is not in this")


@pytest.mark.parametrize(
    "text,problem",
    [
        (f'<g xmlns="{SVG}"/>', "book/assets/x.svg:1: the root element is not <svg>"),
        (f'<svg xmlns="{SVG}"><rect width="1" height="1"/></svg>',
         "book/assets/x.svg:1: viewBox: the SVG image has no viewBox or size"),
        (f'<svg xmlns="{SVG}" width="1000" height="1"/>',
         "book/assets/x.svg:1: viewBox: the size (width, height) '0 0 1000.0 1.0' is more than"
         " 100 times longer"),
        ("<svg", "book/assets/x.svg:1: not well-formed SVG"),
    ],
)
def test_an_svg_image_that_cannot_be_placed_is_refused_in_its_file(book, text, problem):
    (book / "assets" / "x.svg").write_text(text)
    _, problems = inlined(book, '<image href="../assets/x.svg"/>')
    (only,) = errors(problems)
    assert only.startswith(problem), only


# --- nesting -------------------------------------------------------------------------------------


def chain(book: Path, svgs: int) -> None:
    """a1.svg shows a2.svg … a{svgs}.svg, which shows dot.png."""
    for n in range(1, svgs + 1):
        ref = f"a{n + 1}.svg" if n < svgs else "dot.png"
        (book / "assets" / f"a{n}.svg").write_text(
            f'<svg xmlns="{SVG}" viewBox="0 0 10 10">\n<image width="5" height="5" href="{ref}"/>'
            "\n</svg>"
        )


def test_svg_images_may_nest_to_the_limit(book):
    chain(book, MAX_IMAGE_NESTING - 1)
    doc, problems = inlined(book, '<image href="../assets/a1.svg"/>')
    assert problems.items == []
    # each level is an <svg> inside the one above, the outermost in a <g data-image>
    svgs = [e for e in doc.root.iter() if local(e.tag) == "svg" and e is not doc.root]
    assert len(svgs) == MAX_IMAGE_NESTING - 1
    assert all(svgs[n + 1] in list(svgs[n].iter()) for n in range(len(svgs) - 1))
    assert list(doc.root)[0].get(NESTED) == ""
    (raster,) = [e for e in doc.root.iter() if local(e.tag) == "image"]
    assert decoded(raster.get(f"{{{XLINK}}}href")).size == (3, 2)
    # every level got its own prefix
    roots = [e.get("id") for e in doc.root.iter() if (e.get("id") or "").endswith("-root")]
    assert len(set(roots)) == MAX_IMAGE_NESTING - 1


def test_images_nested_deeper_than_the_limit_are_refused(book):
    chain(book, MAX_IMAGE_NESTING)
    _, problems = inlined(book, '<image href="../assets/a1.svg"/>')
    (only,) = errors(problems)
    assert only == (
        f"book/assets/a{MAX_IMAGE_NESTING}.svg:2: image: images are nested more than"
        f" {MAX_IMAGE_NESTING} levels deep — embed the innermost images as PNG"
    )


def test_an_svg_image_that_shows_itself_ends(book):
    (book / "assets" / "self.svg").write_text(
        f'<svg xmlns="{SVG}" viewBox="0 0 10 10">\n<image href="self.svg"/>\n</svg>'
    )
    _, problems = inlined(book, '<image href="../assets/self.svg"/>')
    assert [p.problem for p in problems.errors] == [
        f"images are nested more than {MAX_IMAGE_NESTING} levels deep"
    ]


# --- logos ---------------------------------------------------------------------------------------


def test_a_logo_fragment_is_the_cleaned_svg_without_a_place_and_its_size(book):
    text = (
        f'<svg xmlns="{SVG}" x="3" y="4" width="80" height="40" viewBox="10 5 40 20"'
        ' preserveAspectRatio="none">\n<rect id="r" x="10" y="5" width="40" height="20"'
        ' data-on="paper" onclick="alert(1)"/>\n</svg>'
    )
    problems = Problems(book)
    made = logo_fragment(text.encode(), book / "assets" / "p.svg", book, problems, "logo-p-")
    assert problems.items == []
    svg, w, h = made
    assert (w, h) == (40, 20)
    root = ET.fromstring(svg)
    assert root.get("viewBox") == "10 5 40 20" and root.get("id") == "logo-p-root"
    for gone in ("x", "y", "width", "height", "preserveAspectRatio"):
        assert root.get(gone) is None
    (rect,) = list(root)
    assert rect.attrib == {"id": "logo-p-r", "x": "10", "y": "5", "width": "40", "height": "20"}


def test_a_logo_without_viewbox_is_measured_by_its_width_and_height(book):
    text = f'<svg xmlns="{SVG}" width="2in" height="48pt"><rect width="1" height="1"/></svg>'
    svg, w, h = logo_fragment(text.encode(), book / "p.svg", book, Problems(book), "l-")
    assert (w, h) == (192, 64)  # 2 × 96 px, 48 × 96/72 px
    assert ET.fromstring(svg).get("viewBox") == "0 0 192 64"


def test_a_logo_whose_viewbox_has_no_area_is_refused(book):
    text = f'<svg xmlns="{SVG}" viewBox="0 0 wide tall"><rect width="1" height="1"/></svg>'
    problems = Problems(book)
    assert logo_fragment(text.encode(), book / "p.svg", book, problems, "l-") is None
    assert errors(problems) == [
        "book/p.svg:1: viewBox: the logo's viewBox has no area — save it with a viewBox of its"
        " drawing's size"
    ]


def test_a_logo_with_a_refused_element_is_refused(book):
    text = f'<svg xmlns="{SVG}" viewBox="0 0 9 9">\n<foreignObject/>\n</svg>'
    problems = Problems(book)
    assert logo_fragment(text.encode(), book / "p.svg", book, problems, "l-") is None
    assert [(p.line, p.key) for p in problems.errors] == [(2, "foreignObject")]

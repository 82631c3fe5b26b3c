"""template/css.py: style sheets and style attributes are parsed with tinycss2, scoped, renamed and
written back from the parsed tokens; anything that could load something is refused at its line,
whatever markup is interleaved."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import tinycss2
from PIL import Image

from pressroom.brandbook import load
from pressroom.draw.render import render_png
from pressroom.errors import Problems
from pressroom.template import css
from pressroom.template.clean import check_safety
from pressroom.template.xml import parse
from tests.conftest import edit, line_of
from tests.test_security import copy_book, refused

HEAD = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">\n'


def checked(body: str, asset: bool = False):
    problems = Problems()
    doc = parse((HEAD + body + "\n</svg>").encode(), Path("t.svg"), problems)
    check_safety(doc, problems, asset=asset)
    return doc, [str(p) for p in problems.errors]


@pytest.fixture
def mini(tmp_path) -> Path:
    return copy_book(tmp_path)


# --- a selector list is scoped whole, whatever its quotes and brackets hold --------------------


@pytest.mark.parametrize(
    "prelude,expected",
    [
        ("path, rect", "#s path, #s rect"),
        ('path, rect, x[y=";"]', '#s path, #s rect, #s x[y=";"]'),
        ("a[title='{,}'] , b", '#s a[title="{,}"], #s b'),
        (":is(path, rect) > g", "#s :is(path, rect) > g"),
        ("#bg.cls-1:not(.cls-2)", "#s #p-bg.p-cls-1:not(.p-cls-2)"),
        ("*", "#s *"),
    ],
)
def test_every_complex_selector_of_a_list_is_scoped_and_renamed(prelude, expected):
    names = css.Names({"bg": "p-bg"}, {"cls-1": "p-cls-1", "cls-2": "p-cls-2"}, scope="s")
    out, found = css.sheet(f"{prelude} {{ fill: red }}", names)
    assert found == []
    assert out == f"{expected}{{fill:red}}"


def test_written_css_is_the_css_that_was_checked():
    """The output is serialized from the parsed tokens: parsing it again gives the same rules,
    and comments (which could hide anything) are gone."""
    text = "/* Alice */ .a , #b>path{fill:url(#g);stroke : #000 !important}/**/rect{opacity:.5}"
    names = css.Names({"b": "x-b", "g": "x-g"}, {"a": "x-a"}, scope="x-root")
    out, found = css.sheet(text, names)
    assert found == [] and "Alice" not in out and "/*" not in out
    again, more = css.sheet(out)
    assert more == [] and again == out
    rules = tinycss2.parse_stylesheet(out, skip_comments=True, skip_whitespace=True)
    assert [tinycss2.serialize(r.prelude).strip() for r in rules] == [
        "#x-root .x-a, #x-root #x-b>path", "#x-root rect"
    ]


@pytest.mark.parametrize(
    "text,needle",
    [
        ("@import url(http://example.org/x.css);", "@import is not allowed"),
        ("@media print { rect { fill: red } }", "@media is not allowed"),
        ("@font-face { src: url(x.woff) }", "@font-face is not allowed"),
        ('rect { fill: image-set("http://example.org/x.png" 1x) }', "image-set() is not allowed"),
        ("rect { fill: -webkit-image-set(url(a.png) 1x) }", "image-set() is not allowed"),
        ('rect { fill: src("http://example.org/x") }', "src() is not allowed"),
        ("rect { fill: url(http://example.org/p) }", "'http://example.org/p' outside"),
        ("rect { fill: url( 'data:image/png;base64,AAAA' ) }", "outside the file"),
        ("rect { fill: red; g { fill: blue } }", "nested CSS rules are not allowed"),
        ("rect { fill: u\\72l(x) }", "CSS escapes"),
        ("rect { fill: red; @import 'x.css'; }", "@import is not allowed"),
    ],
)
def test_anything_that_could_load_is_refused(text, needle):
    _, found = css.sheet(text)
    assert any(needle in p.problem for p in found), found


def test_style_attributes_are_parsed_the_same_way():
    out, found = css.declarations("fill:url(#a);;stroke:none; ", css.Names({"a": "z-a"}))
    assert (out, found) == ("fill:url(#z-a);stroke:none", [])
    _, found = css.declarations("fill:image-set('http://x/y.png' 1x)")
    assert [p.problem for p in found] == ["image-set() is not allowed in styles"]


# --- in files: at their lines, whatever markup is interleaved -----------------------------------


@pytest.mark.parametrize(
    "style,needle",
    [
        ("<style>@im<g/>port url(http://example.org/x.css);</style>", "@import is not allowed"),
        ("<style>rect { fill: url(http<!-- -->://example.org/p) }</style>", "example.org/p"),
        ("<style><![CDATA[@import 'x.css';]]></style>", "@import is not allowed"),
        ('<style>rect { fill: image-set("http://example.org/x.png" 1x) }</style>', "image-set()"),
    ],
)
def test_style_text_split_around_elements_is_read_whole(style, needle):
    doc, found = checked(f"<rect width='10' height='10'/>\n{style}")
    assert any(p.startswith("t.svg:3: style: ") and needle in p for p in found), found


def test_a_checked_style_element_holds_only_the_written_css():
    doc, found = checked("<style>rect{fill:red}<g/>/* Alice */</style>")
    assert found == []
    style = next(el for el in doc.root.iter() if el.tag.endswith("style"))
    assert len(style) == 0 and style.text == "rect{fill:red}"


def test_attribute_selectors_on_ids_cannot_escape_renaming(mini, tmp_path):
    (mini / "assets").mkdir()
    (mini / "assets" / "logo.svg").write_text(
        HEAD + '<style>[id^="b"] { fill: red }</style>\n<rect id="bg" width="9" height="9"/></svg>'
    )
    edit(mini / "templates" / "card.svg", "</svg>",
         '<image x="300" y="20" width="40" height="40" href="../assets/logo.svg"/>\n</svg>')
    refused(mini, tmp_path, "logo.svg:2: style:", "the selector [id…] is not allowed")


def test_a_logos_selector_list_restyles_only_the_logo(mini):
    """The issue's case, drawn: an SVG image's `path, rect, x[y=";"] {fill:red}` paints its own
    rect red and leaves the template's white background white."""
    (mini / "assets").mkdir()
    (mini / "assets" / "logo.svg").write_text(
        HEAD + '<style>path, rect, x[y=";"] { fill: #FF0000 }</style>\n'
        '<rect width="10" height="10" fill="#0000FF"/></svg>'
    )
    edit(mini / "templates" / "card.svg", "</svg>",
         '<image x="300" y="20" width="40" height="40" href="../assets/logo.svg"/>\n</svg>')
    book, problems = load(mini)
    assert not problems.errors, problems.errors
    static = book.templates["card"].parts["slogan"].static
    image = Image.open(io.BytesIO(render_png(static, 400, 300))).convert("RGB")
    assert image.getpixel((320, 40)) == (255, 0, 0)  # the logo, restyled by its own sheet
    assert image.getpixel((100, 280)) == (255, 255, 255)  # the template's paper, untouched
    assert image.getpixel((5, 5)) == (255, 255, 255)


def test_an_import_split_by_markup_is_refused_in_check_and_build(mini, tmp_path):
    path = mini / "templates" / "card.svg"
    edit(path, "</svg>", "<style>@im<g/>port url(http://example.org/x.css);</style>\n</svg>")
    refused(mini, tmp_path, f"card.svg:{line_of(path, '@im<g/>')}: style:", "@import")

"""template/allow.py: every SVG drawn or published is rebuilt from one allow-list. What is dropped
draws nothing (the pixels stay the same), what would draw is refused at its line, and published
files (a partner's logo.svg, the logo pack, favicon.svg) are inert: in Chromium, clicking them
runs nothing and opening them fetches nothing."""

from __future__ import annotations

import http.server
import io
import threading
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pressroom.draw.render import render_png
from pressroom.errors import Problems
from pressroom.site.page import logo_document
from pressroom.template.allow import ELEMENTS, publish, rebuild
from pressroom.template.clean import check_safety, clean
from pressroom.template.images import logo_fragment
from pressroom.template.xml import parse, svg_text
from tests.test_security import copy_book, run

NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
HEAD = f'<svg {NS} viewBox="0 0 40 40" width="40" height="40">\n'
PIXEL = (  # a 1×1 PNG
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def checked(body: str, asset: bool = False):
    problems = Problems()
    doc = parse((HEAD + body + "\n</svg>").encode(), Path("t.svg"), problems)
    clean(doc.root)
    check_safety(doc, problems, asset=asset)
    return doc, problems


def text_of(doc) -> str:
    return svg_text(doc.root)


# --- what is dropped, unwrapped, refused ----------------------------------------------------


@pytest.mark.parametrize(
    "body,gone",
    [
        ("<title>Alice</title><desc>/home/alice</desc><rect width='9' height='9'/>", "Alice"),
        ('<rect width="9" height="9" aria-label="Alice" aria-description="x" role="img"/>',
         "aria"),
        ('<rect width="9" height="9" xlink:title="Alice" tabindex="0" lang="kk"/>', "title"),
        ('<rect width="9" height="9" onclick="alert(1)" onload="alert(2)"/>', "alert"),
        ('<rect width="9" height="9" cursor="url(http://example.org/c.cur), auto"/>', "cursor"),
        ('<rect width="9" height="9" xml:space="preserve" version="1.1"/>', "space"),
    ],
)
def test_attributes_and_elements_that_draw_nothing_are_dropped(body, gone):
    doc, problems = checked(body)
    assert problems.items == []
    assert gone not in text_of(doc)


@pytest.mark.parametrize("tag", ["set", "animate", "animateTransform", "animateMotion"])
def test_animation_is_dropped_with_a_warning_at_its_line(tag):
    doc, problems = checked(f'<rect width="9" height="9">\n<{tag} attributeName="x" to="5"/>'
                            "</rect>")
    assert not problems.errors
    assert [str(p) for p in problems.warnings] == [
        f"t.svg:3: {tag}: warning: <{tag}> animation is dropped — the kit draws still pictures;"
        " remove the animation"
    ]
    assert tag not in text_of(doc)


def test_a_link_becomes_the_group_it_is():
    doc, problems = checked('<a href="#x" target="_top" fill="red"><set attributeName="href" '
                            'to="javascript:alert(1)"/><rect id="x" width="9" height="9"/></a>')
    assert not problems.errors
    text = text_of(doc)
    assert '<g fill="red"><rect id="x"' in text and "javascript" not in text and "<a" not in text


@pytest.mark.parametrize(
    "body,needle",
    [
        ('<switch><rect width="9" height="9"/></switch>', "<switch> is not an element the kit"),
        ('<font-face font-family="x"/>', "<font-face> is not an element the kit draws"),
        ("<text>hi</text>", "templates cannot contain <text>"),
        ("<script>alert(1)</script>", "templates cannot contain <script>"),
        ('<iframe src="http://example.org"/>', "<iframe> is not an element the kit draws"),
    ],
)
def test_elements_off_the_list_are_refused_at_their_line(body, needle):
    _, problems = checked(f"<g>\n{body}\n</g>")
    assert [p.line for p in problems.errors] == [3], problems.items
    assert needle in problems.errors[0].problem


def test_templates_keep_pressroom_attributes_and_ids():
    doc, problems = checked('<rect id="slot-headline" data-slot="headline" data-font="text" '
                            'class="a" width="9" height="9"/>')
    assert not problems.items
    assert 'id="slot-headline" data-slot="headline" data-font="text" class="a"' in text_of(doc)


def test_published_files_rename_ids_and_classes_and_keep_no_data():
    svg = (
        f"{HEAD}<style>.layer-alice {{ fill: url(#alice-grad) }} #alice-bg {{ opacity: .5 }}"
        "</style><defs><linearGradient id='alice-grad'><stop offset='0' stop-color='red'/>"
        "</linearGradient></defs><rect id='alice-bg' class='layer-alice' data-note='Alice' "
        "width='9' height='9' style='stroke:url(#alice-grad)'/><use href='#alice-bg'/></svg>"
    )
    out = publish(svg)
    assert "alice" not in out.lower() and "data-" not in out
    assert "<style>.c1{fill:url(#i1)}#i2{opacity:.5}</style>" in out
    assert '<rect id="i2" class="c1" width="9" height="9" style="stroke:url(#i1)"' in out
    assert '<use href="#i2"' in out


# --- what is kept draws the same ------------------------------------------------------------


CORPUS = f"""
<title>Alice</title><metadata>x</metadata>
<defs>
  <linearGradient id="g" x1="0" x2="1" gradientUnits="objectBoundingBox">
    <stop offset="0" stop-color="#5B2A86"/><stop offset="1" stop-color="#FFC53D"/></linearGradient>
  <radialGradient id="r" href="#g" cx="0.5" cy="0.5" r="0.5"/>
  <clipPath id="c"><circle cx="20" cy="20" r="15"/></clipPath>
  <mask id="m"><rect width="40" height="40" fill="#FFFFFF"/><circle cx="30" cy="30" r="6"/></mask>
  <pattern id="p" width="4" height="4" patternUnits="userSpaceOnUse">
    <rect width="2" height="2" fill="#FF6B5A"/></pattern>
  <symbol id="s" viewBox="0 0 10 10"><path d="M0 0H10V10Z"/></symbol>
</defs>
<style>.k {{ stroke: #111111; stroke-width: 2 }}</style>
<rect width="40" height="40" fill="url(#g)" aria-label="x" role="img"/>
<a href="#c"><g clip-path="url(#c)" mask="url(#m)" onclick="alert(1)">
  <rect x="5" y="5" width="30" height="30" fill="url(#p)" class="k">
    <set attributeName="fill" to="red"/></rect></g></a>
<use href="#s" x="2" y="2" width="10" height="10" fill="#8FD3FF"/>
<ellipse cx="30" cy="8" rx="6" ry="3" style="fill:url(#r)"/>
<polyline points="2,38 10,30 18,38" fill="none" stroke="#111" stroke-dasharray="2 1"/>
<image x="30" y="30" width="8" height="8" href="data:image/png;base64,{PIXEL}"/>
"""


def pixels(svg: str) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(render_png(svg, 80, 80))).convert("RGBA"))


@pytest.mark.parametrize("public", [False, True])
def test_the_rebuilt_file_draws_exactly_the_same(public):
    original = HEAD + CORPUS + "</svg>"
    problems = Problems()
    doc = parse(original.encode(), Path("t.svg"), problems)
    rebuild(doc, problems, public=public)
    assert not problems.errors, problems.errors
    rebuilt = svg_text(doc.root)  # as pressroom writes it
    assert "Alice" not in rebuilt and "onclick" not in rebuilt and "<a " not in rebuilt
    assert (pixels(rebuilt) == pixels(original)).all()
    assert pixels(original)[:, :, 3].any()  # it does draw


def test_the_table_names_only_svg_elements_cairosvg_or_browsers_draw():
    assert {"a", "set", "animate", "script", "foreignObject", "text"}.isdisjoint(ELEMENTS)


# --- published logos in Chromium ------------------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 (the standard library's name)
        self.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """A local HTTP server that records every request it gets."""
    _Recorder.hits = []
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv.server_address[1], _Recorder.hits
    srv.shutdown()
    srv.server_close()


def hostile_logo(port: int) -> str:
    return (
        f'<svg {NS} viewBox="0 0 100 40" width="100" height="40">\n'
        '<a><set attributeName="href" to="javascript:alert(1)"/>'
        '<rect width="100" height="40" fill="#5B2A86"/></a>\n'
        '<image width="10" height="10"><set attributeName="href" '
        f'to="http://127.0.0.1:{port}/x.png"/></image>\n</svg>\n'
    )


def click_in_chromium(browser, path: Path) -> list[str]:
    """Open `path` (file://), click the middle of the drawing; the dialogs that opened."""
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    box = page.locator("svg").first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)
    page.close()
    return dialogs


@pytest.mark.slow  # a build and a browser: about 8 s
def test_published_logos_are_inert_in_chromium(browser, server, tmp_path):
    port, hits = server
    attack = tmp_path / "attack.svg"
    attack.write_text(hostile_logo(port))
    assert click_in_chromium(browser, attack) == ["1"] and hits == ["/x.png"]  # the attack works
    hits.clear()
    book = copy_book(tmp_path)
    (book / "assets").mkdir()
    (book / "assets" / "kin.svg").write_text(hostile_logo(port))
    brand = book / "brand.yaml"
    brand.write_text(brand.read_text() + "partners:\n  - id: kin\n    name: Kin\n"
                     "    logo: {light: assets/kin.svg, dark: assets/kin.svg}\n")
    out = tmp_path / "out"
    result = run("build", "--brandbook", book, "--out", out, "--jobs", 1, "--kit", "kin",
                 "--format", "card", "--locale", "en")
    assert result.exit_code == 0, result.output
    assert "<set> animation is dropped" in result.output
    published = [out / "partners" / "kin" / "logo.svg", out / "favicon.svg"]
    with zipfile.ZipFile(out / "downloads" / "logos.zip") as zf:
        for name in [n for n in zf.namelist() if n.endswith(".svg")]:
            published.append(tmp_path / name)
            published[-1].write_bytes(zf.read(name))
    assert len(published) > 2
    for path in published:
        text = path.read_text()
        assert "<set" not in text and "<a" not in text and "javascript" not in text, path
        assert click_in_chromium(browser, path) == [], path
    assert hits == []


def test_a_partner_logo_is_published_on_the_public_list(tmp_path):
    logo = tmp_path / "logo.svg"
    logo.write_text(hostile_logo(9).replace("<a>", '<a><title>Alice</title>'))
    problems = Problems()
    made = logo_fragment(logo.read_bytes(), logo, tmp_path, problems, "logo-kin-light-")
    assert made is not None and not problems.errors
    document = logo_document(*made)
    assert "Alice" not in document and "logo-kin" not in document and "set" not in document
    root = ET.fromstring(document)
    assert {el.tag.split("}")[1] for el in root.iter()} == {"svg", "g", "rect"}  # no href: no
    # image (a template's empty <image> is removed too)


def test_a_drop_shadow_is_refused_at_its_line_not_drawn_wrong():
    doc, problems = checked(
        '<filter id="shadow0"><feDropShadow dx="4" dy="4" stdDeviation="6"/></filter>\n'
        '<rect width="9" height="9" filter="url(#shadow0)"/>'
    )
    (only,) = [str(p) for p in problems.errors]
    assert only.startswith("t.svg:2: filter: a filter (drop shadow, blur) would not be drawn "
                           "as a browser draws it — flatten the effect into an image")
    assert "<filter" not in text_of(doc)

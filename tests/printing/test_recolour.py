"""Recolouring cairo's PDF: every construct a template can make leaves no RGB behind."""

from __future__ import annotations

import base64
import io

import pikepdf
import pytest
from PIL import Image

from pressroom.draw.render import render_pdf
from pressroom.errors import PrintError
from pressroom.model import Format, Printing
from pressroom.printing.cmyk import inks
from pressroom.printing.recolour import Recolour, _rewrite_rg, rgb_left
from tests.printing.test_pdfx import rgb_anywhere

SHEET = Format("sheet", "", 94, 94, "mm", (0, 0, 0, 0), "sheet.svg", bleed=3, dpi=300,
               preview_dpi=96)
INKS = inks(Printing(), {})


def data_uri(image: Image.Image, kind: str) -> str:
    buffer = io.BytesIO()
    image.save(buffer, kind)
    return f"data:image/{kind.lower()};base64,{base64.b64encode(buffer.getvalue()).decode()}"


def everything_svg() -> str:
    """Multi-stop and radial gradients, a translucent gradient stop (a soft mask), group
    opacity (a transparency group), a tiling pattern, a stroke, fill opacity, and flat,
    translucent and photo-like images (templates hold images as cleaned PNGs)."""
    red = data_uri(Image.new("RGB", (4, 4), (200, 30, 30)), "PNG")
    green = data_uri(Image.new("RGBA", (40, 40), (30, 200, 30, 128)), "PNG")
    photo = Image.radial_gradient("L").convert("RGB").resize((64, 64))  # a photo's many colours
    blue = data_uri(Image.merge("RGB", (photo.getchannel(0), photo.getchannel(0).point(
        lambda v: 255 - v), Image.new("L", (64, 64), 200))), "PNG")
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="100mm" height="100mm"
 viewBox="0 0 100 100">
<defs>
 <linearGradient id="g"><stop offset="0" stop-color="#ff0000"/><stop offset="0.5"
  stop-color="#00ff00"/><stop offset="1" stop-color="#0000ff" stop-opacity="0.5"/></linearGradient>
 <radialGradient id="r"><stop offset="0" stop-color="#ffff00"/><stop offset="1"
  stop-color="#00ffff"/></radialGradient>
 <pattern id="p" width="10" height="10" patternUnits="userSpaceOnUse"><rect width="5"
  height="5" fill="#ff00ff"/></pattern>
</defs>
<rect width="100" height="30" fill="url(#g)"/>
<circle cx="50" cy="50" r="10" fill="url(#r)" stroke="#123456" stroke-width="2"/>
<g opacity="0.5"><rect x="0" y="60" width="30" height="30" fill="#888888"/>
 <rect x="10" y="70" width="30" height="30" fill="#008888"/></g>
<rect x="60" y="60" width="30" height="30" fill="url(#p)"/>
<image x="70" y="0" width="10" height="10" href="{red}"/>
<image x="80" y="0" width="10" height="10" href="{green}"/>
<image x="70" y="80" width="20" height="20" href="{blue}"/>
<rect x="40" y="40" width="10" height="10" fill="#ff0000" fill-opacity="0.3"/>
</svg>"""


def test_every_construct_is_converted():
    data = render_pdf(everything_svg(), SHEET)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert rgb_anywhere(pdf) == []
        assert rgb_left(pdf) == []
        images = [o for o in pdf.objects if isinstance(o, pikepdf.Stream)
                  and o.get("/Subtype") == "/Image"]
        spaces = sorted(str(i.ColorSpace) for i in images)
        assert spaces.count("/DeviceCMYK") == 3  # red, green, blue; the alpha stays gray
        assert "/DeviceGray" in spaces
        red = next(i for i in images if int(i.Width) == 4)
        pixel = pikepdf.PdfImage(red).as_pil_image().getpixel((0, 0))
        assert pixel == INKS.image(Image.new("RGB", (1, 1), (200, 30, 30))).getpixel((0, 0))
        masks = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary)
                 and "/SMask" in o and isinstance(o.SMask, pikepdf.Dictionary)]
        assert masks and all(m.SMask.G.Group.CS == "/DeviceGray" for m in masks)


def test_gradients_run_between_the_builds_of_their_stops():
    data = render_pdf(everything_svg(), SHEET)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        shadings = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary)
                    and "/ShadingType" in o and o.ColorSpace == "/DeviceCMYK"]
        functions = []
        for shading in shadings:
            f = shading.Function
            functions += list(f.Functions) if int(f.FunctionType) == 3 else [f]
        ends = {tuple(float(v) for v in f.C0) for f in functions}
        assert INKS.colour("#FF0000") in ends and INKS.colour("#FFFF00") in ends


def test_fast_path_equals_the_full_parse():
    """The operator rewrite used on plain streams gives what the full parse gives."""
    svg = everything_svg().replace("url(#p)", "#00ff00")  # a stream with no `cs`
    raw = render_pdf(svg, SHEET)  # warm caches
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        assert pdf.pages[0]
    from cairosvg.parser import Tree
    from cairosvg.surface import PDFSurface

    out = io.BytesIO()
    PDFSurface(Tree(bytestring=svg.encode()), out, 96).finish()
    with pikepdf.open(io.BytesIO(out.getvalue())) as pdf:
        stream = pdf.pages[0].obj.Contents
        data = stream.read_bytes()
        recolour = Recolour(pdf, INKS)
        fast = _rewrite_rg(data, lambda rgb, op: recolour._operator(rgb, op, "cmyk"))
        full = recolour._content(pikepdf.parse_content_stream(stream), pikepdf.Dictionary(), "cmyk")
    assert fast is not None and b" rg" in data
    assert _tokens(fast) == _tokens(full)


def _tokens(data: bytes) -> list:
    out, pdf = [], pikepdf.new()
    for item in pikepdf.parse_content_stream(pikepdf.Stream(pdf, data)):
        operands = [v if isinstance(v, pikepdf.Object) else round(float(v), 4)
                    for v in item.operands]
        out.append((str(item.operator), [str(v) for v in operands]))
    return out


def test_unconvertible_gradient_functions_are_errors():
    recolour = Recolour(pikepdf.new(), INKS)
    with pytest.raises(PrintError, match="type 4"):
        recolour._function(pikepdf.Dictionary(FunctionType=4), "cmyk")



def test_colour_space_operators_and_inline_images_are_converted():
    """What cairo does not write today but a PDF may hold: `cs`/`sc` in DeviceRGB, and an RGB
    inline image (which becomes a converted image XObject)."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    content = (
        b"q /DeviceRGB cs 1 0 0 sc 0 0 10 10 re f /DeviceRGB CS 0 1 0 SC 0 0 m 10 10 l S Q\n"
        b"q 10 0 0 10 20 20 cm BI /W 2 /H 1 /CS /RGB /BPC 8 ID \xff\x00\x00\x00\x00\xff\nEI Q\n"
    )
    page.obj.Contents = pikepdf.Stream(pdf, content)
    assert rgb_anywhere(pdf)  # the test sees what is there before
    Recolour(pdf, INKS).page(page)
    assert rgb_anywhere(pdf) == [] and rgb_left(pdf) == []
    ops = [(str(i.operator), [float(v) for v in i.operands if not isinstance(v, pikepdf.Object)])
           for i in pikepdf.parse_content_stream(page)]
    assert ("sc", list(INKS.colour("#FF0000"))) in ops
    assert ("SC", list(INKS.colour("#00FF00"))) in ops
    (image,) = page.Resources.XObject.values()
    assert image.ColorSpace == "/DeviceCMYK" and int(image.Width) == 2

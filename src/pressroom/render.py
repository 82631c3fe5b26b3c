"""Render one SVG document: PNG for screens, vector PDF (+ PNG preview) for print.

CairoSVG does the drawing; it is never allowed to fetch anything. PNGs are re-encoded without
metadata chunks; PDFs get TrimBox/BleedBox and fixed, anonymous metadata.
"""

from __future__ import annotations

import io

import pikepdf
from cairosvg.parser import Tree
from cairosvg.surface import PDFSurface, PNGSurface
from PIL import Image

from pressroom.errors import PressroomError
from pressroom.model import Format

MM = 72 / 25.4  # PDF points per millimetre
PDF_PRODUCER = "pressroom"  # the fixed, documented Producer/Creator of every PDF


class FetchRefused(PressroomError):
    """A template tried to load something; nothing is ever fetched."""


def _refuse(url, *args, **kwargs):
    raise FetchRefused(f"refused to fetch {url!r}: templates cannot load anything")


def rasterize(svg: str, width: int, height: int) -> Image.Image:
    """Draw `svg` at width×height px straight from cairo's memory (no PNG round trip)."""
    tree = Tree(bytestring=svg.encode(), url_fetcher=_refuse, unsafe=False)
    surface = PNGSurface(tree, None, 96, output_width=width, output_height=height)
    image = surface.cairo
    image.flush()
    out = Image.frombuffer(
        "RGBA",
        (image.get_width(), image.get_height()),
        bytes(image.get_data()),
        "raw",
        "BGRA",
        image.get_stride(),
        1,
    )
    surface.finish()
    return out


def render_png(svg: str, width: int, height: int) -> bytes:
    """Rasterize `svg` at width×height px; return a metadata-free PNG."""
    return encode_png(rasterize(svg, width, height))


def encode_png(image: Image.Image) -> bytes:
    """Opaque RGB PNG with no text, time or EXIF chunks; a palette PNG when ≤256 colours."""
    rgb = image.convert("RGB")
    colours = rgb.getcolors(256)
    out = io.BytesIO()
    if colours is not None:
        rgb.quantize(len(colours), method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
            out, "PNG", optimize=True
        )
    else:
        rgb.save(out, "PNG", compress_level=9)
    return out.getvalue()


def render_pdf(svg: str, fmt: Format) -> bytes:
    """Vector PDF of the page (trim + bleed) with TrimBox, BleedBox and fixed metadata."""
    raw = PDFSurface.convert(bytestring=svg.encode(), url_fetcher=_refuse, unsafe=False)
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        page = pdf.pages[0]
        w, h = (v * MM for v in fmt.page_size)
        b = fmt.bleed * MM
        page.mediabox = pikepdf.Array([0, 0, w, h])
        page.obj["/BleedBox"] = pikepdf.Array([0, 0, w, h])
        page.obj["/TrimBox"] = pikepdf.Array([b, b, w - b, h - b])
        if "/Metadata" in pdf.Root:
            del pdf.Root["/Metadata"]
        info = pikepdf.Dictionary(Producer=PDF_PRODUCER, Creator=PDF_PRODUCER)
        pdf.trailer["/Info"] = pdf.make_indirect(info)
        out = io.BytesIO()
        pdf.save(
            out,
            deterministic_id=True,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            fix_metadata_version=False,
        )
    return out.getvalue()


def render_job(svg: str, fmt: Format) -> tuple[bytes, ...]:
    """The bytes of every output of one job, in the order of Job.outputs."""
    w, h = fmt.pixel_size
    if fmt.is_print:
        return (render_pdf(svg, fmt), render_png(svg, w, h))
    return (render_png(svg, w, h),)

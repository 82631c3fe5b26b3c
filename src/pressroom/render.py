"""Render a filled document: PNG for screens, vector PDF (+ PNG preview) for print.

CairoSVG draws the template and is never allowed to fetch anything. When a template draws nothing
above its slots, its static art is rendered once per process and size, and text and QR codes are
drawn straight onto it with cairo (glyph outlines from HarfBuzz, cached per glyph); otherwise the
whole SVG goes through CairoSVG. PNGs are re-encoded without metadata chunks; PDFs get
TrimBox/BleedBox and fixed, anonymous metadata.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import cairocffi as cairo
import pikepdf
from cairosvg.parser import Tree
from cairosvg.surface import PDFSurface, PNGSurface
from fontTools.pens.basePen import BasePen
from PIL import Image

from pressroom.errors import PressroomError
from pressroom.fill import Document, GlyphLayer, QrLayer
from pressroom.fonts import load_face
from pressroom.model import Format
from pressroom.png import encode_png

MM = 72 / 25.4  # PDF points per millimetre
PDF_PRODUCER = "pressroom"  # the fixed, documented Producer/Creator of every PDF


class FetchRefused(PressroomError):
    """A template tried to load something; nothing is ever fetched."""


def _refuse(url, *args, **kwargs):
    raise FetchRefused(f"refused to fetch {url!r}: templates cannot load anything")


def _tree(svg: str) -> Tree:
    return Tree(bytestring=svg.encode(), url_fetcher=_refuse, unsafe=False)


# --- drawing content with cairo ------------------------------------------------------------------


class _CairoPathPen(BasePen):
    """Records a glyph outline as cairo path items (quadratic curves become cubic)."""

    def __init__(self):
        super().__init__(None)
        self.items: list[tuple] = []

    def _moveTo(self, p):
        self.items.append((cairo.PATH_MOVE_TO, p))

    def _lineTo(self, p):
        self.items.append((cairo.PATH_LINE_TO, p))

    def _curveToOne(self, p1, p2, p3):
        self.items.append((cairo.PATH_CURVE_TO, (*p1, *p2, *p3)))

    def _closePath(self):
        self.items.append((cairo.PATH_CLOSE_PATH, ()))


@lru_cache(maxsize=20_000)
def _glyph_items(font: str, gid: int) -> tuple:
    pen = _CairoPathPen()
    load_face(Path(font)).hb_font.draw_glyph_with_pen(gid, pen)
    return tuple(pen.items)


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    return tuple(int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))


def draw_layers(ctx: cairo.Context, layers) -> None:
    """Draw text and QR layers in template units onto `ctx`."""
    for layer in layers:
        ctx.save()
        if isinstance(layer, GlyphLayer):
            ctx.set_source_rgb(*_rgb(layer.colour))
            ctx.new_path()
            base = ctx.get_matrix()
            for font, gid, scale, x, y in layer.glyphs:
                ctx.set_matrix(base)
                ctx.translate(x, y)
                ctx.scale(scale, -scale)
                ctx.append_path(_glyph_items(font, gid))
            ctx.set_matrix(base)
            ctx.fill()
        elif isinstance(layer, QrLayer):
            x, y, side = layer.square
            ctx.set_source_rgb(*_rgb(layer.light))
            ctx.rectangle(x, y, side, side)
            ctx.fill()
            ctx.set_antialias(
                cairo.ANTIALIAS_NONE if _crisp(ctx, layer) else cairo.ANTIALIAS_DEFAULT
            )
            ctx.set_source_rgb(*_rgb(layer.dark))
            ox, oy = layer.origin
            u = layer.unit
            for mx, my, n in layer.runs:
                ctx.rectangle(ox + mx * u, oy + my * u, n * u, u)
            ctx.fill()
        ctx.restore()


def _crisp(ctx: cairo.Context, layer: QrLayer) -> bool:
    """Modules at least 2 device pixels wide are drawn without anti-aliasing (sharp edges)."""
    dx, _ = ctx.user_to_device_distance(layer.unit, 0)
    return abs(dx) >= 2


# --- PNG -----------------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _background(static: str, width: int, height: int):
    """The template's static art at this size, and the matrix from template units to pixels."""
    surface = PNGSurface(_tree(static), None, 96, output_width=width, output_height=height)
    surface.cairo.flush()
    return surface.cairo, surface.context.get_matrix()


def rasterize(doc: Document | str, width: int, height: int) -> Image.Image:
    """The document as an RGB image of width×height px."""
    if isinstance(doc, Document) and doc.static is not None:
        background, matrix = _background(doc.static, width, height)
        target = cairo.ImageSurface(cairo.FORMAT_RGB24, width, height)
        ctx = cairo.Context(target)
        ctx.set_source_surface(background)
        ctx.paint()
        ctx.set_matrix(matrix)
        draw_layers(ctx, doc.layers)
    else:
        svg = doc.svg if isinstance(doc, Document) else doc
        surface = PNGSurface(_tree(svg), None, 96, output_width=width, output_height=height)
        target = surface.cairo
    target.flush()
    return Image.frombuffer(
        "RGB",
        (target.get_width(), target.get_height()),
        bytes(target.get_data()),
        "raw",
        "BGRX",
        target.get_stride(),
        1,
    )


def render_png(doc: Document | str, width: int, height: int) -> bytes:
    return encode_png(rasterize(doc, width, height))


# --- PDF -----------------------------------------------------------------------------------------


def render_pdf(doc: Document | str, fmt: Format) -> bytes:
    """Vector PDF of the page (trim + bleed) with TrimBox, BleedBox and fixed metadata."""
    raw = io.BytesIO()
    if isinstance(doc, Document) and doc.static is not None:
        surface = PDFSurface(_tree(doc.static), raw, 96)
        draw_layers(surface.context, doc.layers)
    else:
        svg = doc.svg if isinstance(doc, Document) else doc
        surface = PDFSurface(_tree(svg), raw, 96)
    surface.finish()
    return _finish_pdf(raw.getvalue(), fmt)


def _finish_pdf(raw: bytes, fmt: Format) -> bytes:
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


def render_job(doc: Document, fmt: Format) -> tuple[bytes, ...]:
    """The bytes of every output of one job, in the order of Job.outputs."""
    w, h = fmt.pixel_size
    if fmt.is_print:
        return (render_pdf(doc, fmt), render_png(doc, w, h))
    return (render_png(doc, w, h),)

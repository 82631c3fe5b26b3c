"""Render a filled document: PNG for screens, vector PDF (+ PNG preview) for print.

CairoSVG draws the template and is never allowed to fetch anything. When a template draws nothing
above its slots, its static art is rendered once per process and size (a small cache, least recently
used out), and text and QR codes are drawn straight onto a copy with cairo (glyph outlines from
HarfBuzz, encoded as cairo paths once per glyph); otherwise the whole SVG goes through CairoSVG. The
art's PNG encoding is kept too, so a PNG only pays for the pixels its content changed
(png/encode.py). PNGs carry no metadata chunks. PDFs are finished as PDF/X-4 by pdfx.py (CMYK
builds, output intent, boxes, fixed anonymous metadata).
"""

from __future__ import annotations

import io
import re
from collections import OrderedDict

import numpy as np
from PIL import Image

from pressroom.draw import colourfont
from pressroom.draw.cairolib import PDFSurface, PNGSurface, Tree, cairo, cairo_lib, ffi
from pressroom.draw.fill import COLOUR_GLYPH, Document, GlyphLayer, QrLayer
from pressroom.draw.outline import glyph_path
from pressroom.model import Brand, Format, Printing
from pressroom.png.encode import Base, encode_packed, make_base
from pressroom.printing.cmyk import inks
from pressroom.template.imagefile import inline_fetcher


class _Painting:
    """CairoSVG's surfaces, painting the document's colour glyphs where the filled SVG has
    their stand-ins (fill.COLOUR_GLYPH): only the glyphs the document's own layers set, so a
    template cannot name a file to be read as a font."""

    def __init__(self, *args, glyphs: frozenset = frozenset(), **kwargs):
        self.colour_glyphs = glyphs
        super().__init__(*args, **kwargs)

    def draw(self, node):
        stand_in = node.get(COLOUR_GLYPH) if node.tag == "g" else None
        font, gid, colour = ((stand_in or "").rsplit("|", 2) + ["", ""])[:3]
        if not gid.isdigit() or (font, int(gid)) not in self.colour_glyphs:
            return super().draw(node)
        numbers = [float(v) for v in _MATRIX.fullmatch(node.get("transform", "")).groups()]
        self.context.save()
        self.context.transform(cairo.Matrix(*numbers))
        colourfont.paint(self.context, font, int(gid), colour)
        self.context.restore()
        return None


_NUMBER = r"(-?[0-9.e+-]+)"
_MATRIX = re.compile(rf"matrix\({' '.join([_NUMBER] * 6)}\)")


class _PNG(_Painting, PNGSurface):
    pass


class _PDF(_Painting, PDFSurface):
    pass


def _colour_glyphs(doc: Document | str) -> frozenset:
    """The (font, glyph) pairs of the document's colour glyphs."""
    if not isinstance(doc, Document):
        return frozenset()
    return frozenset(
        (font, gid)
        for layer in doc.layers
        if isinstance(layer, GlyphLayer)
        for font, gid, *_ in layer.glyphs
        if colourfont.is_colour(font, gid)
    )


def _tree(svg: str) -> Tree:
    """Parse a filled SVG; the fetcher only decodes the cleaned images templates inline."""
    return Tree(bytestring=svg.encode(), url_fetcher=inline_fetcher, unsafe=False)


def _raster_tree(svg: str) -> Tree:
    """The SVG for a raster of a given size, stretched to fill it exactly. A print page's pixel
    size is rounded (A4 + bleed at 96 dpi: 816.4 × 1145.2 px → 816 × 1145); fitted with its
    aspect ratio kept, the page left a fraction of a pixel blank at the top and bottom, which
    showed as a darker edge row. The stretch (under 0.05%) is invisible."""
    tree = _tree(svg)
    tree["preserveAspectRatio"] = "none"
    return tree


# --- drawing content with cairo ------------------------------------------------------------------


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    return tuple(int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))


def draw_layers(ctx: cairo.Context, layers) -> None:
    """Draw text and QR layers in template units onto `ctx`."""
    for layer in layers:
        ctx.save()
        if isinstance(layer, GlyphLayer):
            plain = [g for g in layer.glyphs if not colourfont.is_colour(g[0], g[1])]
            ctx.set_source_rgb(*_rgb(layer.colour))
            ctx.new_path()
            base = ctx.get_matrix()
            _append_glyphs(ctx, base.as_tuple(), plain)
            ctx.set_matrix(base)
            ctx.fill()
            if len(plain) < len(layer.glyphs):
                _paint_colour_glyphs(ctx, layer)
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


def _append_glyphs(ctx: cairo.Context, base: tuple, glyphs) -> None:
    """Append each glyph's outline, placed at (x, y) and scaled by (s, -s) in template units.

    One matrix per glyph, computed here (base · translate · scale), and the glyph's path encoded
    once per process: cairocffi's own append_path would encode the path again for every glyph.
    """
    xx, yx, xy, yy, x0, y0 = base
    matrix = ffi.new("cairo_matrix_t *")
    pointer = ctx._pointer  # cairocffi's documented handle for calling cairo directly
    for font, gid, s, x, y in glyphs:
        matrix.xx, matrix.yx, matrix.xy, matrix.yy = xx * s, yx * s, -xy * s, -yy * s
        matrix.x0, matrix.y0 = xx * x + xy * y + x0, yx * x + yy * y + y0
        cairo_lib.cairo_set_matrix(pointer, matrix)
        cairo_lib.cairo_append_path(pointer, glyph_path(font, gid)[0])


def _paint_colour_glyphs(ctx: cairo.Context, layer: GlyphLayer) -> None:
    """Paint the layer's colour glyphs (emoji), each under its own matrix, after its plain
    glyphs: glyphs of one line never overlap, so the order between them does not show."""
    for font, gid, s, x, y in layer.glyphs:
        if colourfont.is_colour(font, gid):
            ctx.save()
            ctx.translate(x, y)
            ctx.scale(s, -s)
            colourfont.paint(ctx, font, gid, layer.colour)
            ctx.restore()


def _crisp(ctx: cairo.Context, layer: QrLayer) -> bool:
    """Modules at least 2 device pixels wide are drawn without anti-aliasing (sharp edges)."""
    dx, _ = ctx.user_to_device_distance(layer.unit, 0)
    return abs(dx) >= 2


# --- PNG -----------------------------------------------------------------------------------------

ART_CACHE_BYTES = 64_000_000  # static art kept per process: the templates of the jobs at hand


class _Art:
    """A template's static art at one size: its pixels, template-to-pixel matrix, and its PNG
    base (palette, indices, compressed rows), made on first use. Until the base is made the art
    is the cairo surface CairoSVG drew; then the base's pixels alone (the surface is let go:
    keeping both doubled the memory each art holds, so fewer arts fitted in the cache, and a
    preview rebuilding one message in every kit drew each kit's art again every time)."""

    def __init__(self, static: str, width: int, height: int):
        surface = PNGSurface(
            _raster_tree(static), None, 96, output_width=width, output_height=height
        )
        surface.cairo.flush()
        self._surface: cairo.ImageSurface | None = surface.cairo
        self.matrix = surface.context.get_matrix()
        self._base: Base | None = None

    @property
    def base(self) -> Base:
        if self._base is None:
            self._base = make_base(_packed(self._surface))
            self._surface = None  # its pixels are the base's now
        return self._base

    @property
    def surface(self) -> cairo.ImageSurface:
        """The art as a cairo surface (not to be drawn on)."""
        return self._surface if self._surface is not None else _surface_of(self._base.packed)

    def canvas(self) -> cairo.ImageSurface:
        """A new surface holding the art's pixels, to draw the content on."""
        if self._surface is None:
            return _surface_of(self._base.packed)
        target = cairo.ImageSurface(
            cairo.FORMAT_RGB24, self._surface.get_width(), self._surface.get_height()
        )
        ctx = cairo.Context(target)
        ctx.set_operator(cairo.OPERATOR_SOURCE)
        ctx.set_source_surface(self._surface)
        ctx.paint()
        return target

    @property
    def nbytes(self) -> int:
        held = self._surface.get_stride() * self._surface.get_height() if self._surface else 0
        return held + (self._base.nbytes if self._base is not None else 0)


_ARTS: OrderedDict[tuple[str, int, int], _Art] = OrderedDict()


def _art(static: str, width: int, height: int) -> _Art:
    """The art for (static, size), from a small per-process cache (least recently used first
    out), so jobs of one template share it and memory stays bounded."""
    key = (static, width, height)
    art = _ARTS.get(key)
    if art is not None:
        _ARTS.move_to_end(key)
        return art
    art = _ARTS[key] = _Art(static, width, height)
    while len(_ARTS) > 1 and sum(a.nbytes for a in _ARTS.values()) > ART_CACHE_BYTES:
        _ARTS.popitem(last=False)
    return art


def art_surface(static: str, width: int, height: int) -> tuple[cairo.ImageSurface, cairo.Matrix]:
    """A template's static art at width×height px (from the per-process cache, not to be
    drawn on) and the matrix from template units to its pixels."""
    art = _art(static, width, height)
    return art.surface, art.matrix


def _packed(surface: cairo.ImageSurface) -> np.ndarray:
    """The pixels of an RGB24/ARGB32 surface as h×w uint32 0xRRGGBB (a copy)."""
    w, h, stride = surface.get_width(), surface.get_height(), surface.get_stride()
    data = np.frombuffer(surface.get_data(), dtype=np.uint32).reshape(h, stride // 4)
    return data[:, :w] & 0xFFFFFF


def _surface_of(packed: np.ndarray) -> cairo.ImageSurface:
    """A new RGB24 surface holding h×w uint32 0xRRGGBB pixels."""
    h, w = packed.shape
    surface = cairo.ImageSurface(cairo.FORMAT_RGB24, w, h)
    surface.flush()
    rows = np.frombuffer(surface.get_data(), dtype=np.uint32).reshape(h, -1)
    rows[:, :w] = packed
    surface.mark_dirty()
    return surface


def _composite(doc: Document, width: int, height: int) -> tuple[_Art, cairo.ImageSurface]:
    """The document's layers drawn over its cached static art."""
    art = _art(doc.static, width, height)
    target = art.canvas()
    ctx = cairo.Context(target)
    ctx.set_matrix(art.matrix)
    draw_layers(ctx, doc.layers)
    target.flush()
    return art, target


def _full(doc: Document | str, width: int, height: int) -> cairo.ImageSurface:
    svg = doc.svg if isinstance(doc, Document) else doc
    surface = _PNG(
        _raster_tree(svg), None, 96, output_width=width, output_height=height,
        glyphs=_colour_glyphs(doc),
    )
    surface.cairo.flush()
    return surface.cairo


def rasterize(doc: Document | str, width: int, height: int) -> Image.Image:
    """The document as an RGB image of width×height px."""
    if isinstance(doc, Document) and doc.static is not None:
        _, target = _composite(doc, width, height)
    else:
        target = _full(doc, width, height)
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
    """PNG of the document; over cached static art, only what the content changes is encoded."""
    if isinstance(doc, Document) and doc.static is not None:
        art, target = _composite(doc, width, height)
        return encode_packed(_packed(target), art.base)
    target = _full(doc, width, height)
    return encode_packed(_packed(target))


# --- PDF -----------------------------------------------------------------------------------------


def render_pdf(
    doc: Document | str,
    fmt: Format,
    brand: Brand | None = None,
    name: str = "",
    anonymous: bool = False,
) -> bytes:
    """Vector PDF/X-4 of the page (trim + bleed, TrimBox, BleedBox, CMYK, fixed metadata).

    `brand` gives the palette's print builds and the printing condition (default: FOGRA39 and
    automatic builds); `name` (the job's key) goes into the PDF's title, after the brand's name
    unless `anonymous` (the plain kit's PDFs never name the campaign, nor the tool that made
    them)."""
    raw = io.BytesIO()
    if isinstance(doc, Document) and doc.static is not None:
        surface = PDFSurface(_tree(doc.static), raw, 96)
        draw_layers(surface.context, doc.layers)
    else:
        svg = doc.svg if isinstance(doc, Document) else doc
        surface = _PDF(_tree(svg), raw, 96, glyphs=_colour_glyphs(doc))
    surface.finish()
    printing = brand.printing if brand is not None else Printing()
    palette = brand.palette if brand is not None else {}
    named = brand is not None and not anonymous
    title = f"{brand.name}: {name or fmt.name}" if named else (name or fmt.name)
    from pressroom.printing import pdfx  # pikepdf: for print formats only

    return pdfx.finish(raw.getvalue(), fmt, inks(printing, palette), printing, title, anonymous)


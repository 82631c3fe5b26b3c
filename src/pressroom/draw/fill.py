"""Fill a template: laid-out text becomes glyph outlines, the QR slot a vector code, the logo
slot a partner's logo.

The result is a `Document`: the complete SVG (the reference, and what golden tests compare),
plus the same content as drawing layers over the template's static art, which the renderer
composites without parsing glyph outlines as SVG when the template allows it. A logo is art: it
is part of the static layer (one per template, kit and direction), never a drawing layer.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from pressroom.draw.colourfont import is_colour
from pressroom.draw.qr import QUIET, QrCode, qr_svg
from pressroom.model import Parts, Template
from pressroom.text.fit import TextBlock
from pressroom.text.fonts import Face


@dataclass(frozen=True)
class TextFill:
    block: TextBlock
    chain: tuple[Face, ...]
    colour: str


@dataclass(frozen=True)
class QrFill:
    code: QrCode
    box: tuple[float, float, float, float]
    dark: str
    light: str


@dataclass(frozen=True)
class LogoFill:
    """An image placed in its slot: SVG text (a nested <svg> or an <image>) in page units."""

    svg: str


@dataclass(frozen=True)
class GlyphLayer:
    """Glyphs of one colour: (font file, glyph id, scale, x, y) each, in template units.

    `slot` and `text` say what they set; `chars` (each glyph's character index in `text`) and
    `lines` (each glyph's line number) let motion formats bring a slot in line by line."""

    colour: str
    glyphs: tuple[tuple[str, int, float, float, float], ...]
    slot: str = ""
    text: str = ""
    chars: tuple[int, ...] = ()
    lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class QrLayer:
    """A light square with dark module runs (x, y, length) on a grid of `unit` from `origin`."""

    light: str
    dark: str
    square: tuple[float, float, float]  # x, y, side
    origin: tuple[float, float]
    unit: float
    runs: tuple[tuple[int, int, int], ...]


@dataclass(frozen=True)
class Document:
    svg: str
    static: str | None  # the template without content, when content can be drawn on top
    layers: tuple[GlyphLayer | QrLayer, ...]
    mirrored: bool = False  # laid out right to left, the art flipped


Content = TextFill | QrFill | LogoFill


def fill(template: Template, kind: str, contents: dict[str, Content],
         mirrored: bool = False, plain: bool = False) -> str:
    """One SVG document: the template's parts joined with each slot's drawing."""
    return document(template, kind, contents, mirrored, plain).svg


def document(template: Template, kind: str, contents: dict[str, Content],
             mirrored: bool = False, plain: bool = False, svg: bool = True) -> Document:
    """The filled SVG and its drawing layers. `mirrored` takes the template's right-to-left
    cut (its art flipped, images and data-mirror="no" elements kept unflipped); contents,
    already laid out in mirrored slots, are drawn as they are (see template/mirror.py). `plain`
    takes the serialization without campaign marks. Without `svg`, a document whose static art
    and layers draw it comes without the filled SVG (the renderer does not need it)."""
    parts = template.parts_for(kind, mirrored, plain)
    art = tuple((n, c.svg) for n, c in sorted(contents.items()) if isinstance(c, LogoFill))
    static = static_art(parts, art) if parts.slots_on_top else None
    layers = []
    for name in parts.slots:
        content = contents.get(name)
        if isinstance(content, TextFill):
            layers.append(_glyph_layer(name, content))
        elif isinstance(content, QrFill):
            layers.append(_qr_layer(content))
    if static is not None and not svg:
        return Document("", static, tuple(layers), mirrored)
    defs: dict[str, str] = {}
    out = [parts.pieces[0]]
    for name, piece in zip(parts.slots, parts.pieces[1:], strict=True):
        content = contents.get(name)
        if isinstance(content, TextFill):
            out.append(_text(content, defs))
        elif isinstance(content, QrFill):
            out.append(qr_svg(content.code, *content.box, content.dark, content.light))
        elif isinstance(content, LogoFill):
            out.append(content.svg)
        out.append(piece)
    text = "".join(out)
    if defs:
        glyphs = "".join(f'<path id="{k}" d="{d}"/>' for k, d in sorted(defs.items()))
        cut = text.rindex("</svg>")
        text = f"{text[:cut]}<defs>{glyphs}</defs>{text[cut:]}"
    return Document(text, static, tuple(layers), mirrored)


@lru_cache(maxsize=64)
def static_art(parts: Parts, art: tuple[tuple[str, str], ...] = ()) -> str:
    """The layer under the content: the template with its text and QR slots empty and its art
    slots (`art`: slot name → SVG, a partner's logo) filled. One string per template, kit and
    direction, shared by the documents of its jobs (and the renderer's art cache key)."""
    if not art:
        return parts.static
    filled = dict(art)
    out = [parts.pieces[0]]
    for name, piece in zip(parts.slots, parts.pieces[1:], strict=True):
        out.append(filled.get(name, ""))
        out.append(piece)
    return "".join(out)


COLOUR_GLYPH = "data-pressroom-colour-glyph"  # a colour glyph's stand-in: FONT|GID|COLOUR


def _text(content: TextFill, defs: dict[str, str]) -> str:
    """The block's glyphs as <use> of outlines in <defs>; a colour glyph (an emoji) as an
    empty group the renderer paints (draw/render.py), since SVG has no paint for COLR."""
    block = content.block
    uses = []
    for g in block.glyphs:
        face = content.chain[g.face]
        s = block.size / face.upem
        matrix = f'transform="matrix({s:.6g} 0 0 {-s:.6g} {g.x:.3f} {g.y:.3f})"'
        if is_colour(face.ref, g.gid):
            ref = escape(f"{face.ref}|{g.gid}|{content.colour}", {'"': "&quot;"})
            uses.append(f'<g {COLOUR_GLYPH}="{ref}" {matrix}/>')
            continue
        key = f"g{face.key}-{g.gid}".replace(" ", "_")
        if key not in defs:
            defs[key] = face.glyph_path(g.gid)
        uses.append(f'<use href="#{key}" {matrix}/>')
    return f'<g fill="{content.colour}">{"".join(uses)}</g>'


def _glyph_layer(slot: str, content: TextFill) -> GlyphLayer:
    block = content.block
    glyphs = []
    for g in block.glyphs:
        face = content.chain[g.face]
        glyphs.append((face.ref, g.gid, block.size / face.upem, g.x, g.y))
    chars = tuple(g.char for g in block.glyphs)
    starts = [line.start for line in block.lines]
    lines = tuple(max(0, bisect_right(starts, c) - 1) for c in chars)
    return GlyphLayer(content.colour, tuple(glyphs), slot, block.text, chars, lines)


def _qr_layer(content: QrFill) -> QrLayer:
    x, y, w, h = content.box
    code = content.code
    side = min(w, h)
    unit = side / (code.modules + 2 * QUIET)
    ox, oy = x + (w - side) / 2, y + (h - side) / 2
    return QrLayer(
        content.light,
        content.dark,
        (ox, oy, side),
        (ox + QUIET * unit, oy + QUIET * unit),
        unit,
        code.runs,
    )

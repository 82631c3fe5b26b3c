"""Fill a template: laid-out text becomes glyph outlines, the QR slot a vector code."""

from __future__ import annotations

from dataclasses import dataclass

from pressroom.fonts import Face
from pressroom.layout import TextBlock
from pressroom.model import Template
from pressroom.qr import QrCode, qr_svg


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


def fill(template: Template, kind: str, contents: dict[str, TextFill | QrFill]) -> str:
    """One SVG document: the template's parts joined with each slot's drawing."""
    variant = template.variants[kind]
    defs: dict[str, str] = {}
    out = [variant.parts[0]]
    for name, part in zip(variant.slots, variant.parts[1:], strict=True):
        content = contents.get(name)
        if isinstance(content, TextFill):
            out.append(_text(content, defs))
        elif isinstance(content, QrFill):
            out.append(qr_svg(content.code, *content.box, content.dark, content.light))
        out.append(part)
    svg = "".join(out)
    if defs:
        glyphs = "".join(f'<path id="{k}" d="{d}"/>' for k, d in sorted(defs.items()))
        cut = svg.rindex("</svg>")
        svg = f"{svg[:cut]}<defs>{glyphs}</defs>{svg[cut:]}"
    return svg


def _text(content: TextFill, defs: dict[str, str]) -> str:
    block = content.block
    uses = []
    for g in block.glyphs:
        face = content.chain[g.face]
        key = f"g{face.path.stem}-{g.gid}".replace(" ", "_")
        if key not in defs:
            defs[key] = face.glyph_path(g.gid)
        s = block.size / face.upem
        uses.append(
            f'<use href="#{key}" transform="matrix({s:.6g} 0 0 {-s:.6g} {g.x:.3f} {g.y:.3f})"/>'
        )
    return f'<g fill="{content.colour}">{"".join(uses)}</g>'

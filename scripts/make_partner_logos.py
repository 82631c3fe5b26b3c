"""Draw the example partners' logos: a simple mark and the name as glyph outlines (Inter Bold).

The partners are invented (see brand.yaml's `partners:`). Each gets two SVG files in
brandbook/assets/partners/: `<id>-on-light.svg` (dark ink, for light backgrounds) and
`<id>-on-dark.svg` (light ink, for dark backgrounds). Run from the repository root:

    python scripts/make_partner_logos.py [FONT_DIR] [OUT_DIR]
"""

import sys
from pathlib import Path

import uharfbuzz as hb
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen

ROOT = Path(__file__).resolve().parent.parent
FONT = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "fonts") / "Inter-Bold.otf"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else ROOT / "brandbook" / "assets" / "partners")

PARTNERS = {  # id: (name, second line, mark)
    "steppe-rights": ("Steppe Rights", "Network", "mountain"),
    "aurora-health": ("Aurora Health", "Collective", "sun"),
    "open-doors": ("Open Doors", "Alliance", "door"),
}
# (background, ink, accent): dark ink on light grounds, white on dark ones.
VERSIONS = (("light", "#1B1B1F", "#E4572E"), ("dark", "#FFFFFF", "#FFB000"))

_face = hb.Face(hb.Blob.from_file_path(str(FONT)))
_font = hb.Font(_face)


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def text_path(text: str, size: float, x: float, y: float) -> tuple[str, float]:
    """The text's outlines as SVG path data with its baseline at (x, y), and its width."""
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(_font, buf, {})
    s = size / _face.upem
    pen_x, out = 0, []
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        pen = SVGPathPen(None, ntos=_number)
        place = (s, 0, 0, -s, x + (pen_x + pos.x_offset) * s, y - pos.y_offset * s)
        _font.draw_glyph_with_pen(info.codepoint, TransformPen(pen, place))
        out.append(pen.getCommands())
        pen_x += pos.x_advance
    return "".join(out), pen_x * s


def mark(kind: str, ink: str, accent: str) -> str:
    if kind == "mountain":
        return (
            f'<path d="M4 76 L34 22 L50 48 L60 34 L86 76 Z" fill="{ink}"/>'
            f'<circle cx="68" cy="18" r="9" fill="{accent}"/>'
        )
    if kind == "sun":
        return (
            f'<circle cx="45" cy="50" r="22" fill="{accent}"/>'
            f'<path d="M8 76 H82" stroke="{ink}" stroke-width="8" stroke-linecap="round"/>'
            f'<path d="M45 10 V20 M16 22 L23 29 M74 22 L67 29" stroke="{ink}" stroke-width="6"'
            ' stroke-linecap="round"/>'
        )
    return (
        f'<rect x="14" y="8" width="56" height="72" rx="4" fill="{ink}"/>'
        f'<path d="M14 8 L52 18 V88 L14 80 Z" fill="{accent}"/>'
        f'<circle cx="44" cy="52" r="4" fill="{ink}"/>'
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for pid, (name, second, kind) in PARTNERS.items():
        for background, ink, accent in VERSIONS:
            first, w1 = text_path(name, 40, 104, 44)
            rest, w2 = text_path(second, 28, 104, 80)
            width = 104 + max(w1, w2) + 8
            svg = (
                f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} 92" '
                f'width="{width:.0f}" height="92">{mark(kind, ink, accent)}'
                f'<path d="{first}{rest}" fill="{ink}"/></svg>\n'
            )
            (OUT / f"{pid}-on-{background}.svg").write_text(svg)
    print(f"wrote {2 * len(PARTNERS)} logos to {OUT}")


if __name__ == "__main__":
    main()

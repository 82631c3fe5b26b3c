"""The logo pack (`downloads/logos.zip`) and the page's favicon, drawn from the wordmark.

Each locale's wordmark is shaped and laid out by the same code as the assets' (layout.fit over
the chain of `strong`, the role the templates set it in), and written as glyph outlines: an
SVG with paths and no <text>, so it looks the same in every program, and a transparent PNG
rendered from that SVG. One file for light backgrounds and one for dark, each named with the
locale code (`wordmark-kk-Latn-on-dark.svg`), and a usage note in every language. Every SVG
written is rebuilt on the public allow-list (template/allow.py: no title, aria or data- attributes).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from markupsafe import escape
from PIL import Image

from pressroom.brandbook.press import font_chain
from pressroom.kit.writer import LOGOS
from pressroom.kit.zips import stored_zip
from pressroom.model import Brandbook, Chains, Locale
from pressroom.png.encode import rgba_png
from pressroom.slotstyle import SlotStyle
from pressroom.template.allow import publish
from pressroom.template.colour import page_colours
from pressroom.text.fit import Box, fit
from pressroom.text.fonts import load_face

FAVICON_SVG = "favicon.svg"
FAVICON_PNG = "favicon.png"
NOTE = "README.txt"
SIZE = 100.0  # font size of the wordmark, in SVG units
CLEAR = 0.3  # clear space around the ink, in font sizes
PNG_HEIGHT = 240  # pixels
FAVICON_SIZE = 64  # pixels (favicon.png)


@dataclass(frozen=True)
class Mark:
    """A drawing in SVG units: its size and its glyph paths (transform, path data)."""

    width: float
    height: float
    paths: tuple[tuple[str, str], ...]


def wordmark(fonts: Chains, text: str, lang: str = "", rtl: bool = False,
             role: str = "strong") -> Mark:
    """`text` as outlines in a chain of `fonts` (the wordmark's role on the assets, `strong`),
    with clear space around its ink."""
    chain = tuple(load_face(f) for f in font_chain(fonts, role))
    style = SlotStyle(role, SIZE, SIZE, 1.0, 1, "start", "top", None, None, None)
    box = Box(0, 0, 1e6, SIZE * 2, style)
    block = fit(text, chain, box, lang, rtl)
    x0, y0, x1, y1 = block.ink
    pad = CLEAR * SIZE
    dx, dy = pad - x0, pad - y0
    paths = []
    for g in block.glyphs:
        face = chain[g.face]
        d = face.glyph_path(g.gid)
        if not d:
            continue  # a space
        s = block.size / face.upem
        paths.append((f"matrix({s:.6g} 0 0 {-s:.6g} {g.x + dx:.3f} {g.y + dy:.3f})", d))
    return Mark(x1 - x0 + 2 * pad, y1 - y0 + 2 * pad, tuple(paths))


def svg(mark: Mark, colour: str, background: str | None = None, radius: float = 0) -> str:
    """The mark as a published SVG file: its paths in `colour`, on an optional rounded
    background."""
    w, h = mark.width, mark.height
    back = (
        f'<rect width="{w:.2f}" height="{h:.2f}" rx="{radius:.2f}" fill="{background}"/>'
        if background else ""
    )
    glyphs = "".join(f'<path transform="{t}" d="{d}"/>' for t, d in mark.paths)
    return publish(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.2f} {h:.2f}" '
        f'width="{w:.2f}" height="{h:.2f}">{back}'
        f'<g fill="{escape(colour)}">{glyphs}</g></svg>'
    )


def png(svg_text: str, width: int, height: int) -> bytes:
    """A transparent PNG of the SVG, with no metadata chunks."""
    from pressroom.draw.cairolib import PNGSurface, Tree

    tree = Tree(bytestring=svg_text.encode(), unsafe=False)
    surface = PNGSurface(tree, None, 96, output_width=width, output_height=height).cairo
    surface.flush()
    size, stride = (surface.get_width(), surface.get_height()), surface.get_stride()
    image = Image.frombuffer("RGBA", size, bytes(surface.get_data()), "raw", "BGRa", stride, 1)
    return rgba_png(np.asarray(image))  # cairo's premultiplied ARGB, unpremultiplied


def colours(book: Brandbook) -> dict[str, str]:
    """The wordmark's colour on light and on dark backgrounds, and the dark background."""

    c = page_colours(book.brand.palette)
    return {"light": c["accent"], "dark": c["mark"], "dark_ground": c["accent"]}


def files(book: Brandbook, locale: Locale) -> dict[str, bytes]:
    """The four files of one locale: SVG and PNG, on light and on dark."""
    mark = wordmark(locale.fonts, locale.wordmark, locale.lang, locale.direction == "rtl")
    c = colours(book)
    out = {}
    for ground in ("light", "dark"):
        name = f"wordmark-{locale.code}-on-{ground}"
        text = svg(mark, c[ground])
        out[f"{name}.svg"] = text.encode()
        width = round(mark.width / mark.height * PNG_HEIGHT)
        out[f"{name}.png"] = png(text, width, PNG_HEIGHT)
    return out


def note(book: Brandbook, locales: list[Locale]) -> str:
    """The usage note: each language's text, the reference language first."""
    ordered = sorted(locales, key=lambda x: (x.code != book.brand.reference_locale, x.code))
    parts = [f"{book.brand.name}: wordmarks\n"]
    for x in ordered:
        parts.append(f"\n[{x.code}] {x.name}\n{x.press['logos_note']}\n")
    c = colours(book)
    parts.append(
        f"\nColours: on-light {c['light']}, on-dark {c['dark']} "
        f"(made for a {c['dark_ground']} background). Backgrounds are transparent.\n"
    )
    return "".join(parts)


def logo_pack(book: Brandbook, locales: list[Locale], epoch: int) -> tuple[str, bytes]:
    """`downloads/logos.zip`: sorted entries, fixed timestamps, stored like the other zips."""
    entries = {NOTE: note(book, locales).encode()}
    for locale in locales:
        entries.update(files(book, locale))
    return LOGOS, stored_zip(entries, entries.__getitem__, epoch)


def favicons(book: Brandbook) -> list[tuple[str, bytes]]:
    """favicon.svg and favicon.png: the campaign name's first letter on the accent colour."""
    text = book.brand.name.strip()[:1]
    mark = wordmark(book.brand.fonts, text, "", False, role="display")
    side = max(mark.width, mark.height)
    square = Mark(side, side, tuple(
        (_shift(t, (side - mark.width) / 2, (side - mark.height) / 2), d) for t, d in mark.paths
    ))
    c = colours(book)
    icon = svg(square, c["dark"], background=c["dark_ground"], radius=side / 5)
    return [(FAVICON_SVG, icon.encode()), (FAVICON_PNG, png(icon, FAVICON_SIZE, FAVICON_SIZE))]


def _shift(transform: str, dx: float, dy: float) -> str:
    head, _, tail = transform.rpartition(" ")
    head, _, x = head.rpartition(" ")
    return f"{head} {float(x) + dx:.3f} {float(tail.rstrip(')')) + dy:.3f})"

"""Emoji in the fact sheet. WeasyPrint (through Pango and cairo 1.16) draws no COLR glyph: an
emoji set as text would vanish from the PDF without a word. So each emoji is an image instead:
its glyphs painted by draw/colourfont onto cairo's SVG surface (vector: paths and gradients,
no pixels), sized and placed like the text around it, with the emoji itself as its alt text."""

from __future__ import annotations

import base64
import io
from functools import lru_cache

from markupsafe import Markup, escape

from pressroom.draw.cairolib import cairo
from pressroom.draw.colourfont import paint
from pressroom.text.emoji import is_emoji
from pressroom.text.fonts import Face
from pressroom.text.linebreak import grapheme_clusters
from pressroom.text.shaping import shape, shape_line

UNITS = 100  # SVG units per em


def with_pictures(text: str, face: Face | None, plain: tuple[Face, ...] = ()) -> Markup:
    """`text`, escaped, with each cluster the colour `face` draws as an inline SVG image: an
    emoji it covers, or a symbol no face of `plain` has (as the assets choose, text/shaping)."""
    if face is None or max(text, default=" ") < "\u2000":
        return escape(text)
    out = []
    for start, end in grapheme_clusters(text):
        cluster = text[start:end]
        drawn = is_emoji(cluster) or not any(f.covers(cluster) for f in plain)
        if drawn and face.covers(cluster) and not cluster.isspace():
            out.append(Markup(picture(cluster, face)))
        else:
            out.append(escape(cluster))
    return Markup("").join(out)


@lru_cache(maxsize=256)
def picture(cluster: str, face: Face) -> str:
    """An <img> of the emoji: a data: URL of its SVG, 1 em per UNITS, its box the face's
    ascender to descender, set on the baseline (vertical-align: the descender)."""
    shaped = shape(cluster, (face,))
    glyphs = shape_line(shaped, (face,), 0, len(cluster))
    ascender, descender = face.metrics.ascender, face.metrics.descender
    width = sum(g.advance for g in glyphs)
    out = io.BytesIO()
    surface = cairo.SVGSurface(out, width * UNITS, (ascender - descender) * UNITS)
    ctx = cairo.Context(surface)
    x = 0.0
    for g in glyphs:
        ctx.save()
        ctx.translate((x + g.dx) * UNITS, (ascender - g.dy) * UNITS)
        ctx.scale(UNITS / face.upem, -UNITS / face.upem)
        paint(ctx, face.ref, g.gid, "#000000")
        ctx.restore()
        x += g.advance
    surface.finish()
    data = base64.b64encode(out.getvalue()).decode("ascii")
    style = (
        f"width:{width:.4f}em;height:{ascender - descender:.4f}em;"
        f"vertical-align:{descender:.4f}em"
    )
    return (
        f'<img class="emoji" alt="{escape(cluster)}" style="{style}" '
        f'src="data:image/svg+xml;base64,{data}">'
    )


def data_urls(html: str) -> dict[str, bytes]:
    """The SVG images `picture` put in `html`, by their data: URL (the fact sheet's fetcher
    serves these and fonts, nothing else)."""
    out = {}
    marker = 'src="data:image/svg+xml;base64,'
    at = html.find(marker)
    while at >= 0:
        start = at + len('src="')
        end = html.index('"', start)
        url = html[start:end]
        out[url] = base64.b64decode(url.partition(",")[2])
        at = html.find(marker, end)
    return out

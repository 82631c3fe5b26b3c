"""Will a screen format's QR code scan? Judged once per format, URL and slot, at the format's
own pixel size: at least MIN_PX_PER_MODULE pixels per module, and the code, drawn as the
renderer draws it and then halved (a phone's camera from further away, a re-encoded repost),
must still decode (zxing-cpp) to its URL. Print formats have their own rule (`qr_min`, mm)."""

from __future__ import annotations

import math
from functools import lru_cache

from PIL import Image, ImageDraw

from pressroom.fill import QrFill, _qr_layer
from pressroom.model import Format
from pressroom.qr import QUIET

MIN_PX_PER_MODULE = 5.0
_MARGIN = 8  # px of light colour drawn around the code's own quiet zone


def screen_qr_problems(
    fmt: Format, fill: QrFill, scale: float = 1.0
) -> tuple[tuple[str, str], ...]:
    """(problem, fix) pairs for this QR code in this format; none for print formats. `scale`
    is the template's (format px per template unit), to say how large the slot must be drawn."""
    if fmt.is_print:
        return ()
    return _judge(fmt.name, fmt.template, fill, scale)


@lru_cache(maxsize=512)
def _judge(name: str, template: str, fill: QrFill, scale: float) -> tuple[tuple[str, str], ...]:
    code = fill.code
    side = min(fill.box[2], fill.box[3])
    cells = code.modules + 2 * QUIET
    per_module = side / cells
    need = math.ceil(cells * MIN_PX_PER_MODULE)
    if abs(scale - 1) > 1e-9:
        drawn = f"{math.ceil(need / scale)} wide ({need} px in {name})"
    else:
        drawn = f"{need} px wide"
    fix = (
        f"make the qr slot of {template} at least {drawn}, "
        f"or add `omit: [qr, url]` to {name} in formats.yaml"
    )
    if per_module < MIN_PX_PER_MODULE:
        return ((
            f"in {name} the QR code of {code.url} has {per_module:.1f} px per module, "
            f"under {MIN_PX_PER_MODULE:g}: phones cannot read it reliably",
            fix,
        ),)
    if _decodes_at_half_size(fill) != code.url:
        return ((f"in {name} the QR code of {code.url} does not decode at half size", fix),)
    return ()


def _decodes_at_half_size(fill: QrFill) -> str | None:
    """The text zxing-cpp reads from the code drawn at its place and halved (None: nothing)."""
    import zxingcpp  # loaded only when a screen format has a QR code to judge

    image = _draw(fill)
    half = image.resize((image.width // 2, image.height // 2), Image.Resampling.LANCZOS)
    found = [r.text for r in zxingcpp.read_barcodes(half)]
    return found[0] if len(found) == 1 else None


def _draw(fill: QrFill) -> Image.Image:
    """The code as the renderer draws it at a screen format's size (grey levels): modules of
    at least 2 px are drawn without anti-aliasing (render.draw_layers), so a pixel is dark when
    its centre lies in a dark module. The crop starts at even pixels, so halving it samples the
    code with the same phase as halving the whole asset."""
    layer = _qr_layer(fill)
    ox, oy, side = layer.square
    x0 = (math.floor(ox) - _MARGIN) // 2 * 2
    y0 = (math.floor(oy) - _MARGIN) // 2 * 2
    w = (math.ceil(ox + side) + _MARGIN - x0 + 1) // 2 * 2
    h = (math.ceil(oy + side) + _MARGIN - y0 + 1) // 2 * 2
    image = Image.new("L", (w, h), _grey(fill.light))
    draw = ImageDraw.Draw(image)
    gx, gy = layer.origin
    u = layer.unit
    for mx, my, n in layer.runs:
        left = math.ceil(gx + mx * u - 0.5) - x0
        right = math.ceil(gx + (mx + n) * u - 0.5) - 1 - x0
        top = math.ceil(gy + my * u - 0.5) - y0
        bottom = math.ceil(gy + (my + 1) * u - 0.5) - 1 - y0
        if right >= left and bottom >= top:
            draw.rectangle((left, top, right, bottom), fill=_grey(fill.dark))
    return image


def _grey(colour: str) -> int:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return round(0.299 * r + 0.587 * g + 0.114 * b)

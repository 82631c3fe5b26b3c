"""Will a QR code scan where people meet it? Size, error correction and place of a code in its slot.

A format says how large a module must be (`qr.module_size`): pixels on a screen, millimetres for
a poster read from a distance. The code gets the strongest error correction that fits its slot
at that module size. On a screen its modules are a whole number of pixels, placed on the pixel
grid, so every module is drawn crisp and the same size; drawn that way and then halved (a phone
from further away, a re-encoded repost), it must still decode (zxing-cpp) to its URL. Judged
once per format, URL and slot.
"""

from __future__ import annotations

import math
from functools import lru_cache

from PIL import Image, ImageDraw

from pressroom.draw.fill import QrFill, _qr_layer
from pressroom.draw.qr import MM_PER_METRE, QrCode, fit_qr, make_qr
from pressroom.model import Format

Box = tuple[float, float, float, float]
_MARGIN = 8  # px of light colour drawn around the code's own quiet zone
_EPS = 1e-6


def module_size(fmt: Format) -> float:
    """The smallest module `fmt` allows, in its unit: px on screens, mm in print."""
    return fmt.qr_distance_m * MM_PER_METRE if fmt.is_print else fmt.qr_module_px


def place_qr(
    fmt: Format, slot: Box, url: str, scale: float = 1.0
) -> tuple[tuple[QrCode, Box] | None, tuple[tuple[str, str], ...]]:
    """The code of `url` and the square it fills in `slot` (format units), or None and the
    (problem, fix) pairs that say why. `scale` is the template's (format units per template
    unit), to say how large the slot must be drawn in the template."""
    return _place(fmt, slot, url, scale)


@lru_cache(maxsize=1024)
def _place(fmt: Format, slot: Box, url: str, scale: float):
    x, y, w, h = slot
    side = min(w, h)
    module = module_size(fmt)
    code = fit_qr(url, side, module)
    if code is None:
        return None, (_too_small(fmt, url, side, module, scale),)
    if fmt.is_print:
        return (code, (x + (w - side) / 2, y + (h - side) / 2, side, side)), ()
    unit = math.floor(side / code.cells + _EPS)  # whole pixels per module
    side = unit * code.cells
    box = (round(x + (w - side) / 2), round(y + (h - side) / 2), side, side)
    fill = QrFill(code, box, "#000000", "#FFFFFF")
    if _decodes_at_half_size(fill) != url:
        problem = f"in {fmt.name} the QR code of {url} does not decode at half size"
        return None, ((problem, _fix(fmt, code.cells * module, scale)),)
    return (code, box), ()


def _too_small(fmt: Format, url: str, side: float, module: float, scale: float):
    unit = fmt.unit
    least, best = make_qr(url, "L"), make_qr(url, "H")
    need = least.cells * module
    if fmt.is_print:
        why = f"to scan from {fmt.qr_distance_m:g} m"
    else:
        why = "to scan on a phone and after a messenger recompresses it"
    problem = (
        f"in {fmt.name} the QR code of {url} needs at least {need:.4g} {unit} {why} "
        f"({least.cells} modules of {module:.3g} {unit}, quiet zone included; "
        f"{best.cells * module:.4g} {unit} keeps error correction H), "
        f"the slot is {side:.4g} {unit}"
    )
    return problem, _fix(fmt, best.cells * module, scale)


def _fix(fmt: Format, need: float, scale: float) -> str:
    if abs(scale - 1) > 1e-9:
        drawn = f"{math.ceil(need / scale)} wide ({math.ceil(need)} {fmt.unit} in {fmt.name})"
    else:
        drawn = f"{math.ceil(need)} {fmt.unit} wide"
    return (
        f"make the qr slot of {fmt.template} at least {drawn}, shorten the URL in brand.yaml, "
        f"or add `omit: [qr, url]` to {fmt.name} in formats.yaml"
    )


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

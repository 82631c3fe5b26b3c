"""Will a screen format's QR code scan? Judged once per format, URL and slot, at the format's
own pixel size: at least MIN_PX_PER_MODULE pixels per module, and the code, drawn as the
renderer draws it and then halved (a phone's camera from further away, a re-encoded repost),
must still decode (zxing-cpp) to its URL. Print formats have their own rule (`qr_min`, mm)."""

from __future__ import annotations

import math
from functools import lru_cache

import cairocffi as cairo
import numpy as np
from PIL import Image

from pressroom.fill import QrFill, _qr_layer
from pressroom.model import Format
from pressroom.qr import QUIET

MIN_PX_PER_MODULE = 5.0
_MARGIN = 8  # px of light colour drawn around the code's own quiet zone


def screen_qr_problems(fmt: Format, fill: QrFill) -> tuple[tuple[str, str], ...]:
    """(problem, fix) pairs for this QR code in this format; none for print formats."""
    if fmt.is_print:
        return ()
    return _judge(fmt.name, fmt.template, fill)


@lru_cache(maxsize=512)
def _judge(name: str, template: str, fill: QrFill) -> tuple[tuple[str, str], ...]:
    code = fill.code
    side = min(fill.box[2], fill.box[3])
    cells = code.modules + 2 * QUIET
    per_module = side / cells
    need = math.ceil(cells * MIN_PX_PER_MODULE)
    fix = (
        f"make the qr slot of {template} at least {need} px wide at {name}'s size, "
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
    import zxingcpp

    from pressroom.render import draw_layers  # the renderer's own QR drawing

    layer = _qr_layer(fill)
    ox, oy, side = layer.square
    # An even origin keeps the halving's pixel phase the same as the whole asset's.
    x0 = (math.floor(ox) - _MARGIN) // 2 * 2
    y0 = (math.floor(oy) - _MARGIN) // 2 * 2
    w = (math.ceil(ox + side) + _MARGIN - x0 + 1) // 2 * 2
    h = (math.ceil(oy + side) + _MARGIN - y0 + 1) // 2 * 2
    surface = cairo.ImageSurface(cairo.FORMAT_RGB24, w, h)
    ctx = cairo.Context(surface)
    ctx.set_source_rgb(*(int(fill.light[i : i + 2], 16) / 255 for i in (1, 3, 5)))
    ctx.paint()
    ctx.translate(-x0, -y0)
    draw_layers(ctx, [layer])
    surface.flush()
    stride = surface.get_stride()
    data = np.frombuffer(surface.get_data(), dtype=np.uint8).reshape(h, stride)[:, : w * 4]
    rgb = data.reshape(h, w, 4)[:, :, 2::-1]  # BGRx → RGB
    image = Image.fromarray(np.ascontiguousarray(rgb)).convert("L")
    half = image.resize((w // 2, h // 2), Image.Resampling.LANCZOS)
    found = [r.text for r in zxingcpp.read_barcodes(half)]
    return found[0] if len(found) == 1 else None

"""QR codes as vector paths: error correction H, 4-module quiet zone, ASCII payload."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_H

QUIET = 4


@dataclass(frozen=True)
class QrCode:
    url: str
    modules: int  # modules per side, without the quiet zone
    runs: tuple[tuple[int, int, int], ...]  # dark modules as (x, y, length) runs along rows

    @property
    def path(self) -> str:
        """SVG path of the dark modules, 1 unit each, origin at the first module."""
        return "".join(f"M{x} {y}h{n}v1h-{n}z" for x, y, n in self.runs)


@lru_cache(maxsize=256)
def make_qr(url: str) -> QrCode:
    """Encode `url` (ASCII only) as a path of unit squares, merged along rows."""
    if not url.isascii():
        raise ValueError(f"QR payload must be ASCII: {url!r}")
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_H, border=0, box_size=1)
    code.add_data(url.encode("ascii"))
    code.make(fit=True)
    matrix = code.get_matrix()
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append((start, y, x - start))
            else:
                x += 1
    return QrCode(url, len(matrix), tuple(runs))


def qr_svg(
    code: QrCode, x: float, y: float, width: float, height: float, dark: str, light: str
) -> str:
    """The code centred in the box, on a light square that includes the quiet zone."""
    side = min(width, height)
    unit = side / (code.modules + 2 * QUIET)
    ox, oy = x + (width - side) / 2, y + (height - side) / 2
    return (
        f'<rect x="{ox:.3f}" y="{oy:.3f}" width="{side:.3f}" height="{side:.3f}" '
        f'fill="{light}"/>'
        f'<path transform="translate({ox + QUIET * unit:.3f} {oy + QUIET * unit:.3f}) '
        f'scale({unit:.5f})" fill="{dark}" shape-rendering="crispEdges" d="{code.path}"/>'
    )

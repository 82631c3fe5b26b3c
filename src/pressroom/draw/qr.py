"""QR codes as vector paths: a 4-module quiet zone, an ASCII payload, and the strongest error
correction that fits the code's slot at the module size its format needs.

How large a module must be is data (formats.yaml): a screen format keeps at least `qr_module_px`
pixels per module (default 6: after a messenger scales a feed post to 720 px and recompresses it
as JPEG, 4 px remain, which zxing-cpp and OpenCV read); a print format is read from
`qr_distance_m` metres, and a phone camera sees about 72 dpi at 1 m, where a module needs about
7.8 camera pixels: 2.75 mm per metre. Both were measured with bench/qr_scan.py: at 6 camera
pixels zxing-cpp reads every photo, but OpenCV places the code's corners only to about 0.3-0.45
of a module and then loses 1 to 3 codes in 100 it has found; at 7.8 pixels its corners are right
to 0.2-0.3 of a module and it loses about 1 in 1000. Level H (30% of
the code can be damaged) is kept where it fits; a longer URL steps down to Q, M, then L.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q

QUIET = 4
LEVELS = {"H": ERROR_CORRECT_H, "Q": ERROR_CORRECT_Q, "M": ERROR_CORRECT_M, "L": ERROR_CORRECT_L}
MM_PER_METRE = 2.75  # module size (mm) per metre of scanning distance: 7.8 camera px at 72 dpi
_EPS = 1e-6


@dataclass(frozen=True)
class QrCode:
    url: str
    modules: int  # modules per side, without the quiet zone
    runs: tuple[tuple[int, int, int], ...]  # dark modules as (x, y, length) runs along rows
    level: str = "H"  # error correction: H, Q, M or L

    @property
    def cells(self) -> int:
        """Modules per side with the quiet zone on both sides."""
        return self.modules + 2 * QUIET

    @property
    def path(self) -> str:
        """SVG path of the dark modules, 1 unit each, origin at the first module."""
        return "".join(f"M{x} {y}h{n}v1h-{n}z" for x, y, n in self.runs)


@lru_cache(maxsize=256)
def make_qr(url: str, level: str = "H") -> QrCode:
    """Encode `url` (ASCII only) at error correction `level` as unit squares merged along rows."""
    if not url.isascii():
        raise ValueError(f"QR payload must be ASCII: {url!r}")
    code = qrcode.QRCode(error_correction=LEVELS[level], border=0, box_size=1)
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
    return QrCode(url, len(matrix), tuple(runs), level)


def fit_qr(url: str, side: float, module: float) -> QrCode | None:
    """The code of `url` with the strongest error correction whose modules, quiet zone
    included, are at least `module` wide in a square of `side`; None when none is."""
    for level in LEVELS:
        code = make_qr(url, level)
        if code.cells * module <= side + _EPS:
            return code
    return None


def qr_svg(
    code: QrCode, x: float, y: float, width: float, height: float, dark: str, light: str
) -> str:
    """The code centred in the box, on a light square that includes the quiet zone."""
    side = min(width, height)
    unit = side / code.cells
    ox, oy = x + (width - side) / 2, y + (height - side) / 2
    return (
        f'<rect x="{ox:.3f}" y="{oy:.3f}" width="{side:.3f}" height="{side:.3f}" '
        f'fill="{light}"/>'
        f'<path transform="translate({ox + QUIET * unit:.3f} {oy + QUIET * unit:.3f}) '
        f'scale({unit:.5f})" fill="{dark}" shape-rendering="crispEdges" d="{code.path}"/>'
    )

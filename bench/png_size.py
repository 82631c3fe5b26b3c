"""PNG bytes against `oxipng -o4` of the same files, and encode time before and after issue 11.

usage: python -m bench.png_size [--no-oxipng] [--screen] [--effort NAME] [--locale CODE]...
                                [BRANDBOOK]    (default: all of the repository's brandbook/)

Renders every job of the kit in this one process, in build order (locale × message × format), and
times `png.encode_packed` on each asset as the build calls it: static art shared with earlier
assets, caches warm as in a one-process build. The same pixels are also encoded with the encoder
this project had before issue 11 (`_Before`: the same quantizer, palette in found order, zlib
level 6 run-length in independent 32-row bands, bands of the static art kept), timed alike, one
after the other. Then oxipng (pyoxipng, `-o4`, all metadata stripped) optimizes every file; its
sizes are cached by the digest of the file's pixels in bench/_work/oxipng/, so only new pixels cost
its seconds.
Each asset's numbers go to bench/_work/png_assets.json.

Screen formats and poster previews are reported apart. Prints a table and one line
`BENCH {json}`; `measure()` returns the same dict to bench/run.py. Times are CPU seconds of this
process (time.process_time), which a loaded machine still inflates: compare the two encoders
within one run, not across runs.
"""

from __future__ import annotations

import hashlib
import json
import struct
import sys
import time
import zlib
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / "bench" / "_work" / "oxipng"
TARGET = 1.05  # screen PNG bytes ÷ oxipng -o4 bytes


def measure(
    book_dir: Path = REPO / "brandbook",
    oxipng: bool = True,
    locales: tuple[str, ...] = (),
    formats: tuple[str, ...] = (),
) -> dict:
    """Render the kit (`locales` and `formats` only, if given), encode each PNG both ways, and
    compare with oxipng -o4 (unless told not to: then the ratios are to the encoder before)."""
    import pressroom.draw.render as render
    from pressroom.build import prepare
    from pressroom.kit.plan import Selection, plan
    from pressroom.png import encode as png
    from pressroom.workers import render_job

    book, documents, _ = prepare(book_dir, Selection(locales=locales, formats=formats), jobs=1)
    jobs = plan(book, Selection(locales=locales, formats=formats))
    before = _Before(png)
    assets: list[dict] = []
    encode = render.encode_packed

    def timed(packed, base=None):
        started = time.process_time()
        data = encode(packed, base)
        after = time.process_time() - started
        started = time.process_time()
        old = before.encode(packed, base)
        assets.append(
            {
                "bytes": len(data),
                "seconds": after,
                "before_bytes": len(old),
                "before_seconds": time.process_time() - started,
                "sha256": hashlib.sha256(data).hexdigest(),
                "data": data,
            }
        )
        return data

    make_base = render.make_base
    bases: list[float] = []

    def timed_base(packed):
        started = time.process_time()
        base = make_base(packed)
        bases.append(time.process_time() - started)
        return base

    render.encode_packed, render.make_base = timed, timed_base
    try:
        for job, doc in zip(jobs, documents, strict=True):
            render_job(doc, job.format)
            assets[-1]["kind"] = "poster preview" if job.format.is_print else "screen"
            assets[-1]["format"] = job.format.name
            assets[-1]["path"] = job.outputs[-1].as_posix()
    finally:
        render.encode_packed, render.make_base = encode, make_base
    for asset in assets:
        data = asset.pop("data")
        asset["oxipng_bytes"] = (
            _oxipng_size(data, asset["sha256"]) if oxipng else asset["before_bytes"]
        )
    (REPO / "bench" / "_work").mkdir(parents=True, exist_ok=True)
    (REPO / "bench" / "_work" / "png_assets.json").write_text(json.dumps(assets) + "\n")
    result = _summary(assets)
    result["bases"] = {"count": len(bases), "ms_each": 1000 * sum(bases) / max(1, len(bases))}
    result["bases"]["ms_per_asset"] = 1000 * sum(bases) / len(assets)
    return result


def _summary(assets: list[dict]) -> dict:
    out: dict = {"target": TARGET, "kinds": {}, "formats": {}}
    for group, key in (("kinds", "kind"), ("formats", "format")):
        for name in sorted({a[key] for a in assets}):
            some = [a for a in assets if a[key] == name]
            ours = sum(a["bytes"] for a in some)
            oxi = sum(a["oxipng_bytes"] for a in some)
            old = sum(a["before_bytes"] for a in some)
            out[group][name] = {
                "files": len(some),
                "bytes": ours,
                "oxipng_bytes": oxi,
                "before_bytes": old,
                "ratio": ours / oxi,
                "before_ratio": old / oxi,
                "worst_ratio": max(a["bytes"] / a["oxipng_bytes"] for a in some),
                "ms_per_asset": 1000 * sum(a["seconds"] for a in some) / len(some),
                "before_ms_per_asset": 1000 * sum(a["before_seconds"] for a in some) / len(some),
            }
    screen = out["kinds"].get("screen")
    out["met"] = screen is not None and screen["ratio"] <= TARGET
    return out


def table(result: dict) -> str:
    """Markdown rows: one per kind, then one per format."""
    lines = [
        "| PNGs | files | bytes ÷ oxipng -o4 (worst file) | before ÷ oxipng | "
        "encode ms per asset (before) |",
        "|---|---|---|---|---|",
    ]
    for group in ("kinds", "formats"):
        for name, x in result[group].items():
            lines.append(
                f"| {name} | {x['files']} | {x['ratio']:.3f} ({x['worst_ratio']:.3f}) | "
                f"{x['before_ratio']:.3f} | "
                f"{x['ms_per_asset']:.1f} ({x['before_ms_per_asset']:.1f}) |"
            )
    b = result["bases"]
    lines.append(
        f"\nStatic art quantized and analysed {b['count']} times (the art cache may drop and "
        f"redo one), {b['ms_each']:.0f} ms each: {b['ms_per_asset']:.1f} ms per asset, not in "
        "the columns above."
    )
    return "\n".join(lines) + "\n"


def _oxipng_size(data: bytes, sha256: str) -> int:
    """Bytes of `oxipng -o4 --strip all` on `data`, cached by the digest of its pixels (what
    oxipng starts from): an encoder change that keeps the pixels costs no new oxipng run."""
    CACHE.mkdir(parents=True, exist_ok=True)
    cached = CACHE / f"pixels-{pixel_digest(data)}.json"
    if cached.exists():
        return json.loads(cached.read_text())["bytes"]
    import oxipng

    size = len(oxipng.optimize_from_memory(data, level=4, strip=oxipng.StripChunks.all()))
    cached.write_text(json.dumps({"bytes": size}) + "\n")
    return size


def pixel_digest(data: bytes) -> str:
    """SHA-256 of a PNG's size and pixels, as RGB or RGBA (whatever its palette order)."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        mode = "RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB"
        pixels = image.convert(mode)
        head = f"{image.width}x{image.height}{mode}".encode()
        return hashlib.sha256(head + pixels.tobytes()).hexdigest()


class _Before:
    """The PNG encoder before issue 11, for timing and bytes: palette in the order colours were
    found, filter None, zlib level 6 run-length in independent 32-row bands; bands untouched by
    the content come from the art's."""

    BAND = 32

    def __init__(self, png):
        self.png = png
        self.bands: dict[int, tuple] = {}

    def encode(self, packed: np.ndarray, base=None) -> bytes:
        png = self.png
        h, w = packed.shape
        if base is not None and base.index is not None and base.packed.shape == packed.shape:
            rows, bands, known = self._art(base)
            pixels = packed.ravel()
            changed = np.flatnonzero(pixels != base.packed.ravel())
            quantized = png._quantize(
                pixels[changed], png._flat_at(packed, changed), base.palette, known=known
            )
            if quantized is None:
                return png._rgb_png(packed)
            palette, indices = quantized
            rows = rows.copy()
            rows.ravel()[changed + changed // w + 1] = indices
            touched = np.zeros(len(bands), dtype=bool)
            touched[changed // (w * self.BAND)] = True
            return self._file(palette, rows, bands, touched)
        quantized = png._quantize(packed.ravel(), png._flat(packed).ravel(), png._EMPTY)
        if quantized is None:
            return png._rgb_png(packed)
        palette, indices = quantized
        rows = np.zeros((h, w + 1), dtype=np.uint8)
        rows[:, 1:] = indices.reshape(h, w)
        return self._file(palette, rows)

    def _art(self, base) -> tuple[np.ndarray, list[bytes], object]:
        """The art's scanlines, compressed bands and its own memory of nearest colours (so
        neither encoder warms the other's)."""
        kept = self.bands.get(id(base))
        if kept is None or kept[0] is not base:
            h, w = base.index.shape
            rows = np.zeros((h, w + 1), dtype=np.uint8)
            rows[:, 1:] = base.index
            bands = [self._deflate(rows[r : r + self.BAND]) for r in range(0, h, self.BAND)]
            kept = self.bands[id(base)] = (base, rows, bands, self.png._Known(base.palette))
        return kept[1], kept[2], kept[3]

    def _file(self, palette, rows, cached=None, touched=None) -> bytes:
        h, w = rows.shape[0], rows.shape[1] - 1
        bands = []
        for n, r in enumerate(range(0, h, self.BAND)):
            if cached is not None and not touched[n]:
                bands.append(cached[n])
            else:
                bands.append(self._deflate(rows[r : r + self.BAND]))
        stream = b"\x78\x9c" + b"".join(bands) + b"\x03\x00"
        stream += struct.pack(">I", zlib.adler32(rows.data))
        chunk = self.png._chunk
        return b"".join(
            (
                self.png.SIGNATURE,
                chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 3, 0, 0, 0)),
                chunk(b"PLTE", palette.astype(np.uint8).tobytes()),
                chunk(b"IDAT", stream),
                chunk(b"IEND", b""),
            )
        )

    @staticmethod
    def _deflate(rows: np.ndarray) -> bytes:
        c = zlib.compressobj(6, zlib.DEFLATED, -15, 9, zlib.Z_RLE)
        return c.compress(rows.tobytes()) + c.flush(zlib.Z_SYNC_FLUSH)


def main(argv: list[str]) -> int:
    from pressroom.png import stream as pngstream

    valued = ("--locale", "--effort")
    locales = tuple(argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--locale")
    for i, a in enumerate(argv[:-1]):
        if a == "--effort":
            pngstream.EFFORT = argv[i + 1]
    args = [
        a
        for i, a in enumerate(argv)
        if not a.startswith("--") and (i == 0 or argv[i - 1] not in valued)
    ]
    book = Path(args[0]) if args else REPO / "brandbook"
    formats = ()
    if "--screen" in argv:
        from pressroom.brandbook import load

        formats = tuple(f.name for f in load(book)[0].formats if not f.is_print)
    result = measure(book, "--no-oxipng" not in argv, locales, formats)
    result["locales"] = list(locales) or "all"
    result["effort"] = pngstream.EFFORT
    print(table(result))
    print("BENCH " + json.dumps(result), flush=True)
    return 0 if result["met"] else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

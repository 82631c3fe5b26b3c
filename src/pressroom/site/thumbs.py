"""Preview thumbnails for the download page: small WebP files made from the rendered PNGs.

The page shows every asset in a box of `BOX` CSS pixels, and, once a place is chosen (Instagram
story, print…), the formats that go there in a box of `LARGE` CSS pixels: large enough to judge
on a phone. A thumbnail is the asset scaled to fit its box at `SCALE` device pixels per CSS pixel
(sharp on phone screens), encoded as lossy WebP with no metadata. Its name is a hash of the
source PNG's sha256 and of these settings, so a thumbnail is made once per distinct image and a
changed asset gets a new name (no stale caches on a static host). Thumbnails the last build left
intact are kept as they are; any other is made again.

The PNG is decoded once and scaled to the large box; the small thumbnail is scaled from that
(a quarter of the pixels to filter), so both sizes cost about what the large one alone did.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from PIL import Image

from pressroom.kit.asset import Asset
from pressroom.kit.writer import THUMBS, Output

BOX = (156, 140)  # CSS px: the preview box of a card
LARGE = (340, 560)  # CSS px: a chosen place's preview box (a story 315×560: whole on a phone)
SCALE = 2  # device px per CSS px
QUALITY = 80
METHOD = 2  # libwebp effort: 2.5× faster than 4 for 3% more bytes
# Scaling: the PNG to the large box with Pillow's Hamming filter (a one-pixel support scaled to
# the reduction: half the time of Lanczos at a story's 1.7× reduction, alike to the eye at 2×
# on a phone), then any smaller box from that with Lanczos.
FIRST, THEN = Image.Resampling.HAMMING, Image.Resampling.LANCZOS


def spec(box: tuple[int, int]) -> str:
    """Every setting that decides a thumbnail's bytes (its name is a hash of these)."""
    via = "" if box == LARGE else f"-via{LARGE[0]}x{LARGE[1]}-lanczos"
    return f"webp-q{QUALITY}-m{METHOD}-box{box[0]}x{box[1]}-x{SCALE}-hamming{via}-v2"


@dataclass(frozen=True)
class Thumb:
    path: str  # relative to output/
    width: int  # CSS px, as shown on the page
    height: int

    @property
    def pixels(self) -> tuple[int, int]:
        return (self.width * SCALE, self.height * SCALE)


def plan_thumb(source_sha256: str, width: int, height: int, box=BOX) -> Thumb:
    """The thumbnail of a `width`×`height` PNG whose digest is `source_sha256`, to fit `box`."""
    scale = min(box[0] / width, box[1] / height, 1 / SCALE)
    css = (max(1, round(width * scale)), max(1, round(height * scale)))
    key = hashlib.sha256(f"{spec(box)}|{source_sha256}".encode()).hexdigest()[:20]
    return Thumb(f"{THUMBS}/{key}.webp", *css)


def make_thumbs(png: bytes, thumbs: list[Thumb]) -> list[bytes]:
    """The WebP files (no metadata) of `thumbs` of one PNG, planned with `plan_thumb` for the
    large box and smaller ones, decoding it once."""
    with Image.open(io.BytesIO(png)) as source:
        source.load()
        alpha = "A" in source.getbands() or "transparency" in source.info
        image = source.convert("RGBA" if alpha else "RGB")
    large = image.resize(plan_thumb("", *image.size, LARGE).pixels, FIRST)
    out = []
    for thumb in thumbs:
        scaled = large if thumb.pixels == large.size else large.resize(thumb.pixels, THEN)
        buf = io.BytesIO()
        scaled.save(buf, "WEBP", quality=QUALITY, method=METHOD)
        out.append(buf.getvalue())
    return out


def make_thumb(png: bytes, thumb: Thumb) -> bytes:
    """One thumbnail of a PNG (see `make_thumbs`)."""
    return make_thumbs(png, [thumb])[0]


def _both(asset: Asset) -> list[Thumb]:
    """An asset's two thumbnails: the large preview, then the small one."""
    return [plan_thumb(asset.sha256, asset.width, asset.height, box) for box in (LARGE, BOX)]


def _made(out: Output, thumb: Thumb) -> bool:
    """Whether this build made `thumb` already or the last one left it intact."""
    return out.current(thumb.path) or out.intact(thumb.path)


def write_thumb(out: Output, asset: Asset, png: bytes) -> None:
    """The thumbnails (both sizes) of a PNG asset just rendered, from its bytes at hand, unless
    this build or the last one made them already (a build makes them while its workers render
    the rest)."""
    todo = [thumb for thumb in _both(asset) if not _made(out, thumb)]
    if todo:
        for thumb, data in zip(todo, make_thumbs(png, todo), strict=True):
            out.write(thumb.path, data)


class Meanwhile:
    """The thumbnails of PNG assets as they are rendered in this process, made on `threads`
    threads while it renders the next (Pillow lets go of the GIL as it scales and encodes, so
    they take a core rendering leaves), and written by the thread that gave them. Used as a
    context: leaving it writes those made (all of them, unless it is left by an exception)."""

    def __init__(self, out: Output, threads: int):
        self.out, self.threads = out, threads
        self.pool: ThreadPoolExecutor | None = None
        self.asked: set[str] = set()
        self.pending: deque[tuple[list[Thumb], Future]] = deque()

    def add(self, asset: Asset, png: bytes) -> None:
        """Make `asset`'s thumbnails (unless made already) from its bytes `png`."""
        todo = [t for t in _both(asset) if t.path not in self.asked and not _made(self.out, t)]
        if todo:
            if self.pool is None:
                self.pool = ThreadPoolExecutor(self.threads, thread_name_prefix="thumbs")
            self.asked.update(thumb.path for thumb in todo)
            self.pending.append((todo, self.pool.submit(make_thumbs, png, todo)))
        while len(self.pending) > 2 * self.threads:  # (rendering ahead: hold few PNGs)
            self._write_next()

    def _write_next(self) -> None:
        thumbs, made = self.pending.popleft()
        for thumb, data in zip(thumbs, made.result(), strict=True):
            self.out.write(thumb.path, data)

    def __enter__(self) -> Meanwhile:
        return self

    def __exit__(self, kind, *exc) -> None:
        try:
            while self.pending and kind is None:
                self._write_next()
        finally:
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)


def write_thumbs(out: Output, sources: list[Asset], box=BOX) -> dict[str, Thumb]:
    """Write a thumbnail to fit `box` for each PNG asset in `sources` unless this build made it
    already or the last build left it intact; return them by asset path. (Thumbnails no longer
    used go with the build's stale files.)"""
    thumbs = {a.path: plan_thumb(a.sha256, a.width, a.height, box) for a in sources}
    todo: dict[str, tuple[str, Thumb]] = {}
    for path, thumb in sorted(thumbs.items()):
        if thumb.path not in todo and not _made(out, thumb):
            todo[thumb.path] = (path, thumb)

    def job(item: tuple[str, Thumb]) -> bytes:
        path, thumb = item
        data = out.read(path)
        if data is None:
            raise FileNotFoundError(out.path(path))
        return make_thumb(data, thumb)

    workers = max(1, min(os.cpu_count() or 1, len(todo)))
    with ThreadPoolExecutor(workers) as pool:  # Pillow releases the GIL while it works
        for rel, data in zip(todo, pool.map(job, todo.values()), strict=True):
            out.write(rel, data)
    return thumbs

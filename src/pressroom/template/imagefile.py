"""Images a template uses: found inside the brand book, checked, stripped of metadata, inlined.

A template's `<image>` may name a file by a path relative to the template (Inkscape writes
`../assets/logo.png`) that resolves inside the brand book folder, or carry a `data:` URI. Nothing
else: no http(s), no `file:`, no absolute path, no `..` or symbolic link leading out of the
folder. Rasters (PNG, JPEG) are decoded under a pixel limit, so a decompression bomb is refused,
and re-encoded as PNG from their pixels alone: EXIF (GPS included), XMP, ICC and text chunks are
gone. SVG assets are returned as bytes; template/load.py parses and cleans them like a template.

`inline_fetcher` is the only URL fetcher the renderer needs: it decodes the PNG data URIs that
templates end up with, without any I/O, and refuses everything else.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import io
import os
import re
import struct
import warnings
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from PIL import Image, ImageOps

from pressroom.errors import PressroomError
from pressroom.read.digest import sha256
from pressroom.read.files import InputError, read_input
from pressroom.template.bounds import MAX_ASPECT  # (a raster is judged like a viewBox)

MAX_FILE_BYTES = 20_000_000  # an image file or data URI payload
MAX_PIXELS = 40_000_000  # 8000×5000: larger than any poster needs at 300 dpi
MAX_SIDE = 20_000  # pixels on either side (an A2 poster at 300 dpi is 7,016 wide)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
RASTER_TYPES = {"image/png": "PNG", "image/jpeg": "JPEG", "image/jpg": "JPEG"}
SVG_TYPE = "image/svg+xml"
_DATA_URI = re.compile(r"data:([^,;]*)((?:;[^,;]*)*),(.*)", re.S | re.I)
_CLEAN_PNG_URI = "data:image/png;base64,"


class AssetError(PressroomError):
    """An image reference or image file that cannot be used; `fix` says what to do."""

    def __init__(self, problem: str, fix: str):
        super().__init__(problem)
        self.problem, self.fix = problem, fix


class FetchRefused(PressroomError):
    """The renderer was asked to fetch something other than an inlined image."""


def load_ref(ref: str, base_dir: Path, book_root: Path) -> tuple[str, bytes, Path | None]:
    """Resolve an `<image>` reference: ("raster" | "svg", bytes, the file or None for data:)."""
    ref = ref.strip()
    if ref[:5].lower() == "data:":
        mime, data = decode_data_uri(ref)
        return ("svg" if mime == SVG_TYPE else "raster"), data, None
    path = resolve(ref, base_dir, book_root)
    try:
        kind = f"image file {ref[:80]!r}"
        data = read_input(path, book_root, kind, MAX_FILE_BYTES, too_large="export it smaller")
    except InputError as exc:
        raise AssetError(exc.problem, exc.fix) from exc
    if path.suffix.lower() == ".svg" or _looks_like_svg(data):
        return "svg", data, path
    return "raster", data, path


@dataclass(frozen=True)
class Linked:
    """An image file a template links, as `load_ref(ref, base_dir, …)` found it: the file it
    named (symbolic links resolved), its kind and the sha256 of its bytes."""

    ref: str
    base_dir: Path
    kind: str
    file: Path
    sha256: str

    @classmethod
    def of(cls, ref: str, base_dir: Path, found: tuple[str, bytes, Path]) -> Linked:
        kind, data, file = found
        return cls(ref, base_dir, kind, file, sha256(data))

    def unchanged(self, book_root: Path) -> bool:
        """Whether the reference would find the same file with the same bytes now."""
        try:
            found = load_ref(self.ref, self.base_dir, book_root)
        except AssetError:
            return False
        return Linked.of(self.ref, self.base_dir, found) == self


def resolve(ref: str, base_dir: Path, book_root: Path) -> Path:
    """The file `ref` names relative to `base_dir`, if it lies inside `book_root`."""
    outside = "copy the image into brandbook/assets/ and link it from there (nothing is fetched)"
    if not ref:
        raise AssetError("the image has no file name", "link a file or delete the image")
    if "\\" in ref or "\x00" in ref:
        raise AssetError(f"{ref!r} is not a relative path", "write it with / separators")
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc:
        raise AssetError(f"refers to {ref[:80]!r} outside the brand book", outside)
    if parts.query or parts.fragment:
        raise AssetError(f"{ref[:80]!r} is not a plain file name", "link the image file itself")
    rel = unquote(parts.path)
    if rel.startswith("/") or "\x00" in rel:
        raise AssetError(f"refers to the absolute path {rel[:80]!r}", outside)
    root = book_root.resolve()
    lexical = Path(os.path.normpath(base_dir.resolve() / rel))
    if root not in lexical.parents:
        raise AssetError(f"{rel!r} leads outside the brand book", outside)
    try:
        real = lexical.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise AssetError(
            f"the image file {rel!r} does not exist", "fix the link or add the file"
        ) from exc
    if root not in real.parents:
        raise AssetError(f"{rel!r} leads outside the brand book through a symbolic link", outside)
    if not real.is_file():
        raise AssetError(f"{rel!r} is not a file", "link an image file")
    return real


def decode_data_uri(uri: str) -> tuple[str, bytes]:
    """(media type, bytes) of an image data URI; anything but PNG, JPEG or SVG is refused."""
    m = _DATA_URI.fullmatch(uri.strip())
    if m is None:
        raise AssetError("a malformed data: URI", "embed the image again (Inkscape: Embed)")
    mime = m.group(1).strip().lower()
    params = [p.strip().lower() for p in m.group(2).split(";") if p.strip()]
    payload = m.group(3)
    if mime not in RASTER_TYPES and mime != SVG_TYPE:
        raise AssetError(
            f"an embedded {mime or 'untyped'} file is not allowed",
            "embed a PNG, JPEG or SVG image",
        )
    if len(payload) > MAX_FILE_BYTES * 4 // 3 + 4:
        raise AssetError("the embedded image is too large", "embed a smaller image")
    if "base64" in params:
        try:
            data = base64.b64decode(re.sub(r"\s+", "", payload), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise AssetError("the embedded image is not valid base64", "embed it again") from exc
    else:
        data = unquote_to_bytes(payload)
    return mime, data


def clean_raster(data: bytes, name: str) -> bytes:
    """The image's pixels as a PNG with no metadata; damaged or oversized images are refused."""
    if not (data.startswith(PNG_SIGNATURE) or data.startswith(JPEG_SIGNATURE)):
        raise AssetError(
            f"{name} is not a PNG or JPEG image",
            "export it as PNG or JPEG (or as SVG for vector art)",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=["PNG", "JPEG"])
            _check_size(name, *image.size)
            _check_whole(data)
            image.load()
    except AssetError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise AssetError(
            f"{name} declares too many pixels ({exc})"[:200],
            "scale it down; a decompression bomb is refused before it is decoded",
        ) from exc
    except Exception as exc:  # Pillow raises many kinds on a damaged file
        raise AssetError(
            f"{name} is damaged or truncated ({type(exc).__name__}: {exc})"[:240],
            "export the image again",
        ) from exc
    with contextlib.suppress(Exception):  # a broken EXIF block: keep the pixels as stored
        image = ImageOps.exif_transpose(image)  # keep the orientation the EXIF data gave it
    alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    mode = "RGBA" if alpha else "RGB"
    pixels = image.convert(mode)
    clean = Image.frombytes(mode, pixels.size, pixels.tobytes())  # pixels only: no info at all
    out = io.BytesIO()
    clean.save(out, "PNG", compress_level=9)
    return out.getvalue()


def _check_whole(data: bytes) -> None:
    """Raise when the file ends early. Decoding cannot be trusted to say so: a library loaded
    in the same process (WeasyPrint) sets Pillow's LOAD_TRUNCATED_IMAGES for everyone, and a
    truncated image would then be drawn half grey without a word."""
    if data.startswith(PNG_SIGNATURE):
        Image.open(io.BytesIO(data), formats=["PNG"]).verify()  # every chunk, to IEND
        if _png_pixel_bytes(data) != _png_expected_bytes(data):
            raise OSError("the PNG's pixel data does not match its declared size")
    elif data.rfind(b"\xff\xd9") < data.find(b"\xff\xda"):  # no end of image after the scan
        raise OSError("the JPEG data ends before its end-of-image marker")


_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # by PNG colour type
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
          (0, 1, 1, 2))


def _png_chunks(data: bytes):
    pos = len(PNG_SIGNATURE)
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        yield kind, data[pos + 8 : pos + 8 + length]
        pos += 12 + length


def _png_expected_bytes(data: bytes) -> int:
    """The length of the decompressed pixel data the PNG's header promises (filter bytes
    included; interlaced images pass by pass)."""
    header = next(body for kind, body in _png_chunks(data) if kind == b"IHDR")
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header[:13])
    bits = _CHANNELS.get(colour, 4) * depth
    passes = _ADAM7 if interlace else ((0, 0, 1, 1),)
    total = 0
    for x0, y0, dx, dy in passes:
        w, h = -(-(width - x0) // dx), -(-(height - y0) // dy)
        if w > 0 and h > 0:
            total += h * (1 + -(-(w * bits) // 8))
    return total


def _png_pixel_bytes(data: bytes) -> int:
    """The length of the PNG's decompressed pixel data, read no further than one byte past
    what its header promises."""
    stream = zlib.decompressobj()
    limit, got = _png_expected_bytes(data) + 1, 0
    for kind, body in _png_chunks(data):
        if kind == b"IDAT" and got < limit:
            got += len(stream.decompress(body, limit - got))
    return got


def _check_size(name: str, width: int, height: int) -> None:
    """Refuse, before decoding, more pixels than MAX_PIXELS, a side over MAX_SIDE, or a shape
    over MAX_ASPECT:1 (the renderer would make a surface of it at the asset's scale)."""
    fix = "scale it down; a decompression bomb is refused before it is decoded"
    if width * height > MAX_PIXELS:
        raise AssetError(
            f"{name} is {width}×{height} pixels, over the limit of {MAX_PIXELS:,}", fix
        )
    if max(width, height) > MAX_SIDE:
        raise AssetError(
            f"{name} is {width}×{height} pixels, a side over the limit of {MAX_SIDE:,}", fix
        )
    if min(width, height) < 1 or max(width, height) > MAX_ASPECT * min(width, height):
        raise AssetError(
            f"{name} is {width}×{height} pixels, longer than {MAX_ASPECT}:1",
            "crop it to the part that is shown (at most 100 times longer than wide)",
        )


def png_data_uri(png: bytes) -> str:
    return _CLEAN_PNG_URI + base64.b64encode(png).decode("ascii")


def inline_fetcher(url: str, resource_type: str = "image/*") -> bytes:
    """CairoSVG url_fetcher: decodes an inlined PNG, fetches nothing, refuses everything else."""
    if isinstance(url, str) and url.startswith(_CLEAN_PNG_URI) and resource_type == "image/*":
        try:
            data = base64.b64decode(url[len(_CLEAN_PNG_URI) :], validate=True)
        except (binascii.Error, ValueError):
            data = b""
        if data.startswith(PNG_SIGNATURE):
            return data
    raise FetchRefused(f"refused to fetch {str(url)[:80]!r}: templates cannot load anything")


def _looks_like_svg(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in data[:65536].lower()

"""template/imagefile.py: an <image>'s reference resolves only inside the brand book or as a PNG,
JPEG or SVG data: URI; rasters are checked for size before decoding and re-encoded as a PNG of
their pixels alone (no metadata, EXIF orientation applied); the renderer's fetcher returns such
PNGs and refuses everything else."""

from __future__ import annotations

import base64
import io
import os
import struct
import zlib
from pathlib import Path
from urllib.parse import quote

import pytest
from PIL import Image, PngImagePlugin

from pressroom.template import imagefile
from pressroom.template.imagefile import (
    AssetError,
    FetchRefused,
    clean_raster,
    decode_data_uri,
    inline_fetcher,
    load_ref,
    png_data_uri,
    resolve,
)
from tests.conftest import png_chunks

SVG_BYTES = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"/>'


def png(width=3, height=2, mode="RGB", **save) -> bytes:
    """A PNG whose pixel (x, y) has the colour (40x, 80y, 7) (alpha 255 − 50x)."""
    image = Image.new(mode, (width, height))
    for x in range(width):
        for y in range(height):
            rgb = (40 * x % 256, 80 * y % 256, 7)
            image.putpixel((x, y), (*rgb, 255 - 50 * x % 256) if mode == "RGBA" else rgb)
    out = io.BytesIO()
    image.save(out, "PNG", **save)
    return out.getvalue()


def with_size(data: bytes, width: int, height: int) -> bytes:
    """`data` (a PNG) with the IHDR declaring another size, its checksum made right."""
    ihdr = data[12:16] + struct.pack(">II", width, height) + data[24:29]
    return data[:12] + ihdr + struct.pack(">I", zlib.crc32(ihdr)) + data[33:]


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def refused(call, *args) -> AssetError:
    with pytest.raises(AssetError) as info:
        call(*args)
    return info.value


@pytest.fixture
def book(tmp_path) -> Path:
    """A brand book with templates/ and assets/, and a file outside it."""
    root = tmp_path / "book"
    (root / "templates").mkdir(parents=True)
    (root / "assets").mkdir()
    (root / "assets" / "dot.png").write_bytes(png())
    (root / "assets" / "logo one.svg").write_bytes(SVG_BYTES)
    (tmp_path / "secret.png").write_bytes(png())
    return root


# --- data: URIs ----------------------------------------------------------------------------------


def test_a_base64_png_data_uri_decodes_to_its_bytes():
    data = png()
    b64 = base64.b64encode(data).decode()
    assert decode_data_uri(f"data:image/png;base64,{b64}") == ("image/png", data)
    # folded lines and upper case, as editors and hand-written files have them
    folded = "\n  ".join(b64[i : i + 20] for i in range(0, len(b64), 20))
    assert decode_data_uri(f" DATA:IMAGE/PNG;BASE64,{folded} ") == ("image/png", data)


def test_a_percent_encoded_svg_data_uri_decodes_to_its_bytes():
    uri = "data:image/svg+xml;charset=utf-8," + quote(SVG_BYTES.decode())
    assert decode_data_uri(uri) == ("image/svg+xml", SVG_BYTES)


def test_image_jpg_is_accepted_as_jpeg():
    assert decode_data_uri("data:image/jpg;base64,/9j/") == ("image/jpg", b"\xff\xd8\xff")


@pytest.mark.parametrize(
    "uri,problem",
    [
        ("data:text/html,<script>alert(1)</script>", "an embedded text/html file is not allowed"),
        ("data:,hello", "an embedded untyped file is not allowed"),
        ("data:image/gif;base64,R0lGODlh", "an embedded image/gif file is not allowed"),
        ("data:image/png;base64,!!!!", "the embedded image is not valid base64"),
        ("data:image/png;base64,AAA", "the embedded image is not valid base64"),
        ("data:image/png;base64", "a malformed data: URI"),
        ("image/png;base64,AAAA", "a malformed data: URI"),
    ],
)
def test_other_data_uris_are_refused(uri, problem):
    assert refused(decode_data_uri, uri).problem == problem


def test_a_data_uri_over_the_size_limit_is_refused_before_decoding(monkeypatch):
    monkeypatch.setattr(imagefile, "MAX_FILE_BYTES", 30)
    # 30 bytes take 40 base64 characters; the limit allows a few more
    assert decode_data_uri("data:image/png;base64," + "A" * 40)[1] == bytes(30)
    error = refused(decode_data_uri, "data:image/png;base64," + "A" * 48)
    assert (error.problem, error.fix) == ("the embedded image is too large",
                                         "embed a smaller image")


# --- references to files -------------------------------------------------------------------------


def test_a_relative_path_resolves_to_the_file_inside_the_book(book):
    templates = book / "templates"
    assert resolve("../assets/dot.png", templates, book) == (book / "assets" / "dot.png").resolve()
    assert resolve("../assets/logo%20one.svg", templates, book) == (
        book / "assets" / "logo one.svg"
    ).resolve()
    assert resolve("./../templates/../assets/dot.png", templates, book).name == "dot.png"


def test_a_symbolic_link_that_stays_inside_is_followed(book):
    os.symlink(book / "assets" / "dot.png", book / "templates" / "here.png")
    assert resolve("here.png", book / "templates", book) == (book / "assets" / "dot.png").resolve()


@pytest.mark.parametrize(
    "ref,problem",
    [
        ("https://example.org/a.png", "refers to 'https://example.org/a.png' outside the brand"),
        ("//example.org/a.png", "refers to '//example.org/a.png' outside the brand book"),
        ("file:///etc/passwd", "refers to 'file:///etc/passwd' outside the brand book"),
        ("C:/photos/a.png", "refers to 'C:/photos/a.png' outside the brand book"),
        ("/etc/passwd", "refers to the absolute path '/etc/passwd'"),
        ("%2Fetc%2Fpasswd", "refers to the absolute path '/etc/passwd'"),
        ("../../secret.png", "'../../secret.png' leads outside the brand book"),
        ("%2e%2e/%2e%2e/secret.png", "'../../secret.png' leads outside the brand book"),
        ("../assets/dot.png?v=2", "'../assets/dot.png?v=2' is not a plain file name"),
        ("../assets/dot.png#x", "'../assets/dot.png#x' is not a plain file name"),
        ("..\\assets\\dot.png", "'..\\\\assets\\\\dot.png' is not a relative path"),
        ("", "the image has no file name"),
        ("../assets/none.png", "the image file '../assets/none.png' does not exist"),
        ("../assets", "'../assets' is not a file"),
    ],
)
def test_references_that_leave_the_book_or_name_no_file_are_refused(book, ref, problem):
    error = refused(resolve, ref, book / "templates", book)
    assert error.problem.startswith(problem), error.problem
    assert error.fix


def test_a_symbolic_link_out_of_the_book_is_refused(book):
    os.symlink(book.parent / "secret.png", book / "assets" / "away.png")
    error = refused(resolve, "../assets/away.png", book / "templates", book)
    assert error.problem == "'../assets/away.png' leads outside the brand book through a" \
        " symbolic link"
    assert "copy the image into brandbook/assets/" in error.fix


def test_load_ref_tells_rasters_from_svg_and_data_from_files(book):
    templates = book / "templates"
    kind, data, file = load_ref("../assets/dot.png", templates, book)
    assert (kind, data, file) == ("raster", png(), (book / "assets" / "dot.png").resolve())
    kind, data, file = load_ref(" ../assets/logo%20one.svg ", templates, book)
    assert (kind, data, file.name) == ("svg", SVG_BYTES, "logo one.svg")
    uri = "data:image/svg+xml," + quote(SVG_BYTES.decode())
    assert load_ref(uri, templates, book) == ("svg", SVG_BYTES, None)
    uri = png_data_uri(png())
    assert load_ref(uri, templates, book) == ("raster", png(), None)


def test_an_svg_saved_under_another_name_is_read_as_svg(book):
    (book / "assets" / "art.png").write_bytes(b'<?xml version="1.0"?>\n' + SVG_BYTES)
    assert load_ref("../assets/art.png", book / "templates", book)[0] == "svg"


def test_an_image_file_over_the_limit_is_refused_with_its_size(book, monkeypatch):
    monkeypatch.setattr(imagefile, "MAX_FILE_BYTES", 20)
    size = len(png())
    error = refused(load_ref, "../assets/dot.png", book / "templates", book)
    assert error.problem == (
        f"the image file '../assets/dot.png' is over the 20 byte limit ({size:,} bytes)"
    )
    assert error.fix == "export it smaller"


# --- rasters -------------------------------------------------------------------------------------


def test_a_png_keeps_its_size_and_pixels_and_loses_its_text_chunks():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Alice Private")
    info.add_itxt("Comment", "GPS 59.4, 24.7")
    source = png(5, 4, pnginfo=info, dpi=(300, 300))
    assert b"Alice" in source and b"pHYs" in png_chunks(source)
    out = clean_raster(source, "dot.png")
    assert out.startswith(b"\x89PNG\r\n\x1a\n") and b"Alice" not in out and b"GPS" not in out
    assert set(png_chunks(out)) == {b"IHDR", b"IDAT", b"IEND"}
    image = opened(out)
    assert image.size == (5, 4) and image.mode == "RGB"
    for x in range(5):
        for y in range(4):
            assert image.getpixel((x, y)) == (40 * x, 80 * y, 7)


def test_transparency_is_kept_as_rgba():
    out = opened(clean_raster(png(4, 2, "RGBA"), "a.png"))
    assert out.mode == "RGBA"
    assert [out.getpixel((x, 0))[3] for x in range(4)] == [255, 205, 155, 105]
    palette = Image.new("P", (2, 1))
    palette.putpalette([255, 0, 0, 0, 0, 255])
    palette.putpixel((1, 0), 1)
    buf = io.BytesIO()
    palette.save(buf, "PNG", transparency=0)
    out = opened(clean_raster(buf.getvalue(), "p.png"))
    assert out.mode == "RGBA" and out.getpixel((0, 0))[3] == 0
    assert out.getpixel((1, 0)) == (0, 0, 255, 255)


def test_a_grey_png_becomes_rgb_of_the_same_greys():
    grey = Image.new("L", (2, 2), 77)
    buf = io.BytesIO()
    grey.save(buf, "PNG")
    out = opened(clean_raster(buf.getvalue(), "g.png"))
    assert out.mode == "RGB" and out.getpixel((1, 1)) == (77, 77, 77)


def test_a_jpeg_is_turned_upright_by_its_exif_orientation_and_loses_the_exif():
    image = Image.new("RGB", (32, 16), (255, 0, 0))
    image.paste((0, 0, 255), (16, 0, 32, 16))  # left half red, right half blue
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: shown turned 90° clockwise
    exif[0x010F] = "Alice's camera"  # make
    buf = io.BytesIO()
    image.save(buf, "JPEG", exif=exif.tobytes(), quality=95)
    assert b"Alice" in buf.getvalue()
    out = clean_raster(buf.getvalue(), "photo.jpg")
    assert b"Alice" not in out and b"eXIf" not in png_chunks(out)
    upright = opened(out)
    assert upright.size == (16, 32)
    # turned clockwise, the left (red) half is on top
    r, g, b = upright.getpixel((8, 6))
    assert r > 200 and b < 60
    r, g, b = upright.getpixel((8, 26))
    assert b > 200 and r < 60


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "WEBP"])
def test_other_raster_formats_are_refused_by_their_bytes(fmt):
    buf = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buf, fmt)
    error = refused(clean_raster, buf.getvalue(), "art.png")
    assert error.problem == "art.png is not a PNG or JPEG image"
    assert "export it as PNG or JPEG" in error.fix


def test_a_truncated_or_corrupt_png_is_refused_as_damaged():
    data = png(40, 40)
    error = refused(clean_raster, data[: len(data) // 2], "half.png")
    assert error.problem.startswith("half.png is damaged or truncated (")
    assert error.fix == "export the image again"
    corrupt = bytearray(data)
    corrupt[30] ^= 0xFF  # inside the IHDR: its checksum no longer matches
    assert refused(clean_raster, bytes(corrupt), "bad.png").problem.startswith(
        "bad.png is damaged or truncated"
    )


def test_a_truncated_jpeg_is_refused_as_damaged():
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), (9, 9, 9)).save(buf, "JPEG")
    error = refused(clean_raster, buf.getvalue()[:200], "cut.jpg")
    assert error.problem.startswith("cut.jpg is damaged or truncated")


@pytest.mark.parametrize(
    "size,problem",
    [
        ((7000, 7000), "bomb.png is 7000×7000 pixels, over the limit of 40,000,000"),
        ((20_001, 300), "bomb.png is 20001×300 pixels, a side over the limit of 20,000"),
        ((1001, 10), "bomb.png is 1001×10 pixels, longer than 100:1"),
        ((10, 1001), "bomb.png is 10×1001 pixels, longer than 100:1"),
    ],
)
def test_sizes_over_the_limits_are_refused_from_the_header_before_decoding(size, problem):
    # The header lies: the pixel data is of a 3×2 image, so decoding would fail differently.
    error = refused(clean_raster, with_size(png(), *size), "bomb.png")
    assert error.problem == problem


def test_the_size_limits_allow_their_edges():
    # 100:1 and 20,000 pixels wide are allowed: the header passes and decoding is what fails
    for size in ((1000, 10), (20_000, 200)):
        error = refused(clean_raster, with_size(png(), *size), "edge.png")
        assert "damaged or truncated" in error.problem


# --- the renderer's fetcher ----------------------------------------------------------------------


def test_png_data_uri_and_inline_fetcher_round_trip():
    data = clean_raster(png(), "dot.png")
    uri = png_data_uri(data)
    assert uri.startswith("data:image/png;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]) == data
    assert inline_fetcher(uri) == data
    assert inline_fetcher(uri, "image/*") == data


@pytest.mark.parametrize(
    "url,resource_type",
    [
        ("https://example.org/a.png", "image/*"),
        ("file:///etc/passwd", "image/*"),
        ("data:image/svg+xml;base64," + base64.b64encode(SVG_BYTES).decode(), "image/*"),
        ("data:image/png;base64," + base64.b64encode(b"GIF89a....").decode(), "image/*"),
        ("data:image/png;base64,not base64!", "image/*"),
        ("data:image/jpeg;base64,/9j/4AAQ", "image/*"),
        (png_data_uri(png()), "text/css"),
        (png_data_uri(png()), "font/*"),
    ],
)
def test_inline_fetcher_refuses_everything_else(url, resource_type):
    with pytest.raises(FetchRefused) as info:
        inline_fetcher(url, resource_type)
    assert str(info.value) == (
        f"refused to fetch {url[:80]!r}: templates cannot load anything"
    )


def test_a_truncated_image_is_refused_even_where_pillow_is_told_to_load_it(monkeypatch):
    """WeasyPrint's import sets ImageFile.LOAD_TRUNCATED_IMAGES for the whole process (the
    fact sheet, `serve`): a damaged image must still be refused, never drawn half grey."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    data = png(40, 40)
    assert refused(clean_raster, data[: len(data) // 2], "half.png").problem.startswith(
        "half.png is damaged or truncated"
    )
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), (9, 9, 9)).save(buf, "JPEG")
    jpeg = buf.getvalue()
    assert refused(clean_raster, jpeg[:-300], "cut.jpg").problem.startswith(
        "cut.jpg is damaged or truncated"
    )
    assert clean_raster(jpeg, "whole.jpg").startswith(b"\x89PNG")


def _interlaced_png(width: int, height: int, colour) -> bytes:
    """An Adam7-interlaced RGB PNG of one colour, written by hand (Pillow writes none)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body)
        )

    raw = b""
    for x0, y0, dx, dy in ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4),
                           (1, 0, 2, 2), (0, 1, 1, 2)):
        w, h = -(-(width - x0) // dx), -(-(height - y0) // dy)
        if w > 0 and h > 0:
            raw += (b"\0" + bytes(colour) * w) * h
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 1)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def test_an_interlaced_png_is_read_whole_and_a_short_one_refused(monkeypatch):
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # as WeasyPrint leaves it
    data = _interlaced_png(13, 9, (10, 200, 30))
    out = Image.open(io.BytesIO(clean_raster(data, "adam7.png")))
    assert out.size == (13, 9) and out.convert("RGB").getpixel((12, 8)) == (10, 200, 30)
    short = _interlaced_png(13, 9, (10, 200, 30)).replace(
        b"\x00\x00\x00\x0d\x00\x00\x00\x09", b"\x00\x00\x00\x0d\x00\x00\x00\x0a"
    )  # the header says one more row than the data holds (CRC mended below)
    import struct
    import zlib

    body = short[16:29]
    short = short[:29] + struct.pack(">I", zlib.crc32(b"IHDR" + body)) + short[33:]
    assert refused(clean_raster, short, "short.png").problem.startswith(
        "short.png is damaged or truncated"
    )

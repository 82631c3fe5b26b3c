"""Whole builds under attack: the network is blocked, and every output is audited.

The hostile brand book (tests/data/hostile over tests/data/mini) has Inkscape-laden templates, an
SVG logo full of editor data, a JPEG with EXIF GPS, XMP and a comment, and an embedded PNG with
text, time and EXIF chunks. Its build must make no network call, and no byte of any output may
carry any of it.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import urllib.request
import zipfile
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image
from pypdf import PdfReader

from pressroom.build import build
from pressroom.kit.plan import Selection
from pressroom.printing.pdfx import xmp_packet
from tests.conftest import BRANDBOOK
from tests.test_security import (
    SECRET,
    SECRET_PATH,
    NetworkAttempt,
    copy_book,
    network_blocked,
    no_crash,
    png_chunks,
    run,
)

PNG_CHUNKS = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND", b"pHYs", b"sRGB", b"gAMA"}
WEBP_CHUNKS = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}
# The Info dictionary of a PDF/X-4 poster: fixed, documented values, and a title naming the asset.
PDF_INFO = {
    "/Producer": "pressroom",
    "/Creator": "pressroom",
    "/CreationDate": "D:19800101000000Z",
    "/ModDate": "D:19800101000000Z",
    "/Trapped": "/False",
    "/GTS_PDFXVersion": "PDF/X-4",
}
PLAIN_LEFT_OUT = {"/Producer", "/Creator"}  # the plain kit's posters name no tool
XMP_NEEDLES = (b"<x:xmpmeta", b"xpacket")  # PDF/X-4 requires one XMP packet: the documented one
# A cross-reference stream's own keys besides the document's /Root, /Info, /ID and /Size.
PDF_TRAILER = {"/Root", "/Info", "/ID", "/Size", "/Type", "/W", "/Index", "/Filter"}
PDF_TRAILER |= {"/DecodeParms", "/Length", "/Prev"}


def test_the_network_guard_catches_a_request():
    """The guard the builds below run under does stop a real request (this test can fail)."""
    with network_blocked() as attempts, pytest.raises(NetworkAttempt):
        urllib.request.urlopen("http://example.org/", timeout=5)
    assert attempts


def test_a_mini_build_makes_no_network_call(tmp_path):
    book = copy_book(tmp_path)
    with network_blocked() as attempts:
        result = run("build", "--brandbook", book, "--out", tmp_path / "out", "--jobs", 1)
    no_crash(result)
    assert result.exit_code == 0, result.output
    assert attempts == []
    assert (tmp_path / "out" / "SHA256SUMS").is_file()


@pytest.mark.slow  # over 3 s: a check or build of the whole brand book
def test_a_default_brand_book_build_makes_no_network_call(tmp_path):
    out = tmp_path / "out"
    with network_blocked() as attempts:
        chosen = Selection(formats=("story",), messages=("not-propaganda",))
        result = build(BRANDBOOK, out, chosen, jobs=1, force=True)
    assert attempts == []
    assert result.built >= 3
    assert sorted(p.name for p in out.glob("*/story/not-propaganda.png"))


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory) -> tuple[Path, Path, list]:
    """The hostile brand book built once, in-process (jobs=1) with the network blocked."""
    root = tmp_path_factory.mktemp("hostile")
    book = copy_book(root, hostile=True)
    out = root / "out"
    with network_blocked() as attempts:
        result = run("build", "--brandbook", book, "--out", out, "--jobs", 1)
    no_crash(result)
    assert result.exit_code == 0, result.output
    return book, out, attempts


def test_a_hostile_build_makes_no_network_call(hostile_build):
    _, out, attempts = hostile_build
    assert attempts == []
    assert len(json.loads((out / "manifest.json").read_text())["assets"]) == 24  # main, plain


def _needles(book: Path) -> list[bytes]:
    words = [SECRET, SECRET_PATH, str(book), str(book.parent), "inkscape:", "sodipodi:"]
    words += ["PhoneMaker", "Exif\x00\x00", "<x:xmpmeta", "xpacket", "/home/"]
    return [w.encode() for w in words] + [w.encode("utf-16-be") for w in (SECRET, SECRET_PATH)]


def _hits(data: bytes, needles: list[bytes]) -> list[bytes]:
    lowered = data.lower()
    return [n for n in needles if n.lower() in lowered]


def _pdf_problems(data: bytes, needles: list[bytes]) -> list[str]:
    """Info holds only the documented fixed values and the title; the one XMP packet is the
    documented packet for that title, byte for byte; no other object carries metadata."""
    found = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        info = {str(k): str(v) for k, v in pdf.docinfo.items()}
        title = info.pop("/Title", "")
        # The title names the asset, after the brand's name (never in the plain kit, whose
        # posters do not name the tool either: no Producer, Creator or CreatorTool)
        named = r"Mini: [\w-]+/[\w-]+/[\w-]+|plain/[\w-]+/[\w-]+/\d+"
        plain = title.startswith("plain/")
        fixed = {k: v for k, v in PDF_INFO.items() if not plain or k not in PLAIN_LEFT_OUT}
        if info != fixed or not re.fullmatch(named, title):
            found.append(f"Info is {info}, title {title!r}")
        if set(map(str, pdf.trailer.keys())) - PDF_TRAILER:
            found.append(f"trailer has {set(map(str, pdf.trailer.keys())) - PDF_TRAILER}")
        packet = pdf.Root.Metadata
        xmp = packet.read_bytes().decode()
        document_id = re.search(r"<xmpMM:DocumentID>(uuid:[0-9a-f-]{36})<", xmp)
        if document_id is None or xmp != xmp_packet(title, document_id.group(1), plain):
            found.append("the XMP packet is not the documented one")
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                keys = set(map(str, obj.keys()))
                if "/Metadata" in keys and obj.objgen != pdf.Root.objgen:
                    found.append("an object other than the catalog has /Metadata")
                for bad in ("/PieceInfo", "/LastModified", "/URI", "/JS", "/AA"):
                    if bad in keys:
                        found.append(f"an object has {bad}")
                if str(obj.get("/Type", "")) == "/Metadata" and obj.objgen != packet.objgen:
                    found.append("a second XMP metadata stream")
            if isinstance(obj, pikepdf.Stream):
                with contextlib.suppress(pikepdf.PdfError):  # a filter pikepdf cannot decode
                    stream = obj.read_bytes()
                    if obj.objgen == packet.objgen:
                        stream = stream.replace(xmp.encode(), b"")
                    found += [f"stream: {n!r}" for n in _hits(stream, needles)]
    reader = PdfReader(io.BytesIO(data))
    meta = reader.metadata or {}
    if set(meta) - set(PDF_INFO) - {"/Title"}:
        found.append(f"pypdf sees metadata {dict(meta)}")
    return found


def _sheet_allows(book: Path, rel: str) -> tuple[str, set]:
    """What a fact sheet may carry besides the fixed Producer and Creator: its title, and links
    to the addresses the brand book gives (sources, the kit's page, the licence, the e-mail)."""
    from pressroom.brandbook import load
    from pressroom.brandbook.press import page_url

    loaded, _ = load(book)
    locale = loaded.locale(rel.split("/")[-1].removesuffix("-factsheet.pdf"))
    uris = {s.url for m in locale.messages for s in m.sources}
    uris |= {page_url(loaded, locale) or locale.url, loaded.brand.press.licence_url,
             f"mailto:{loaded.brand.press.email}"}
    return f"{locale.wordmark} — {locale.press['factsheet_title']}", uris


def _factsheet_problems(data: bytes, needles: list[bytes], title: str, uris: set) -> list[str]:
    """A fact sheet (not PDF/X): Info is Producer, Creator and its title; no XMP; links only to
    the brand book's own addresses."""
    found = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        info = {str(k): str(v) for k, v in pdf.docinfo.items()}
        if info != {"/Producer": "pressroom", "/Creator": "pressroom", "/Title": title}:
            found.append(f"Info is {info}")
        if set(map(str, pdf.trailer.keys())) - PDF_TRAILER:
            found.append(f"trailer has {set(map(str, pdf.trailer.keys())) - PDF_TRAILER}")
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                keys = set(map(str, obj.keys()))
                for bad in ("/Metadata", "/PieceInfo", "/LastModified", "/URI", "/JS", "/AA"):
                    if bad in keys and not (bad == "/URI" and str(obj.URI) in uris):
                        found.append(f"an object has {bad}")
            if isinstance(obj, pikepdf.Stream):
                with contextlib.suppress(pikepdf.PdfError):
                    found += [f"stream: {n!r}" for n in _hits(obj.read_bytes(), needles)]
    return found


def _without_xmp(data: bytes) -> bytes:
    """A PDF's (or a zip of PDFs') bytes without its documented XMP packets, which are audited
    by _pdf_problems: every other byte is still searched for the needles."""
    return re.sub(rb"<\?xpacket begin=.*?<\?xpacket end=\"r\"\?>", b"", data, flags=re.S)


def _webp_problems(data: bytes) -> list[str]:
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    found, i = [], 12
    while i + 8 <= len(data):
        tag, size = data[i : i + 4], int.from_bytes(data[i + 4 : i + 8], "little")
        if tag not in WEBP_CHUNKS:
            found.append(f"WebP chunk {tag!r}")
        if tag == b"VP8X" and data[i + 8] & 0b00101100:  # ICC, EXIF, XMP flags
            found.append("VP8X announces ICC/EXIF/XMP")
        i += 8 + size + (size & 1)
    return found


def _zip_problems(data: bytes, needles: list[bytes]) -> list[str]:
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        if zf.comment:
            found.append("zip comment")
        for info in zf.infolist():
            if info.filename.endswith(".pdf"):
                found += [f"{info.filename}: {p}" for p in _pdf_problems(zf.read(info), needles)]
            if info.extra or info.comment:
                found.append(f"{info.filename}: extra fields or comment")
            if info.filename.startswith("/") or ".." in info.filename.split("/"):
                found.append(f"{info.filename}: path leaves the folder")
            if info.create_system != 3 or info.external_attr != 0o644 << 16:
                found.append(f"{info.filename}: owner data")
    return found


def test_every_output_passes_the_metadata_audit(hostile_build):
    book, out, _ = hostile_build
    needles = _needles(book)
    problems: dict[str, list[str]] = {}
    files = sorted(p for p in out.rglob("*") if p.is_file())
    kinds = set()
    for path in files:
        rel = path.relative_to(out).as_posix()
        data = path.read_bytes()
        suffix = path.suffix.lower()
        scanned = _without_xmp(data) if suffix in (".pdf", ".zip") else data
        found = [f"contains {n!r}" for n in _hits(scanned, needles)]
        kinds.add(suffix)
        if suffix == ".png":
            found += [f"PNG chunk {c!r}" for c in set(png_chunks(data)) - PNG_CHUNKS]
            image = Image.open(io.BytesIO(data))
            if image.info.keys() - {"dpi", "gamma", "srgb", "transparency"}:
                found.append(f"PNG info {sorted(image.info)}")
        elif rel.endswith("-factsheet.pdf"):
            found += _factsheet_problems(data, needles, *_sheet_allows(book, rel))
        elif suffix == ".pdf":
            found += _pdf_problems(data, needles)
        elif suffix == ".webp":
            found += _webp_problems(data)
        elif suffix == ".zip":
            found += _zip_problems(data, needles)
        elif suffix in (".jpg", ".jpeg"):
            found += ["JPEG with EXIF/XMP"] if b"\xff\xe1" in data[:65536] else []
        if found:
            problems[rel] = found
    assert {".png", ".pdf", ".zip", ".json", ".html"} <= kinds, kinds
    assert problems == {}


def test_outputs_show_the_images_the_templates_link(hostile_build):
    """The audit is not passing because images were dropped: the photo and logo are drawn."""
    _, out, _ = hostile_build
    image = Image.open(out / "en" / "card" / "equal.png").convert("RGB")
    # The card's photo box (280, 30, 110×73) holds the photo's colours, not the white paper.
    crop = np.asarray(image.crop((285, 35, 385, 98))).reshape(-1, 3)
    assert len(np.unique(crop, axis=0)) > 50
    # The logo's triangle is the accent colour #5B2A86 set by the logo's own style sheet.
    logo = np.asarray(image.crop((300, 110, 340, 150)), dtype=int).reshape(-1, 3)
    assert (np.abs(logo - [0x5B, 0x2A, 0x86]).sum(axis=1) < 30).any()

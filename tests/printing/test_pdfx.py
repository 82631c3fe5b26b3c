"""Posters are PDF/X-4: read back with pikepdf, separated into plates with Ghostscript.

Nothing here is skipped: without Ghostscript the separation tests fail and say how to install it
(`bash scripts/test` does).
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image, ImageCms

from pressroom.brandbook import load
from pressroom.build import build
from pressroom.draw.compose import compose
from pressroom.draw.fill import Document, GlyphLayer, QrLayer, document
from pressroom.draw.render import render_pdf
from pressroom.errors import Problems
from pressroom.kit.plan import Selection, plan
from pressroom.printing.cmyk import MAX_INK, bundled_profile
from tests.conftest import BRANDBOOK, SAMPLE_MESSAGES

BOOK, _ = load(BRANDBOOK)
POSTERS = [f for f in BOOK.formats if f.is_print]
BODY_SLOTS = ("body", "claim", "source")  # the running text of slogans and facts
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
}


def poster_pdfs(out: Path) -> list[Path]:
    pdfs = sorted(out.glob("*/poster-*/*.pdf"))
    assert len(pdfs) == len(BOOK.locales) * len(POSTERS) * len(SAMPLE_MESSAGES)
    return pdfs


# --- structure -----------------------------------------------------------------------------------


def test_every_poster_declares_pdfx4_with_the_embedded_profile(sample_build):
    profile = bundled_profile()
    for path in poster_pdfs(sample_build):
        with pikepdf.open(path) as pdf:
            assert pdf.pdf_version == "1.6", path
            (intent,) = pdf.Root.OutputIntents
            assert intent.S == "/GTS_PDFX" and intent.Type == "/OutputIntent"
            assert str(intent.OutputConditionIdentifier) == "FOGRA39"
            assert str(intent.RegistryName) == "http://www.color.org"
            icc = intent.DestOutputProfile
            assert int(icc.N) == 4 and icc.read_bytes() == profile
            info = pdf.docinfo
            assert str(info.GTS_PDFXVersion) == "PDF/X-4"
            assert info.Trapped == "/False"
            assert str(info.CreationDate) == str(info.ModDate) == "D:19800101000000Z"
            assert str(info.Producer) == str(info.Creator) == "pressroom"
            assert str(info.Title).startswith(BOOK.brand.name + ": ")
            xmp = xmp_values(pdf)
            assert xmp["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
            assert xmp["pdf:Trapped"] == "False"
            assert xmp["dc:title"] == str(info.Title)
            assert xmp["pdf:Producer"] == "pressroom"
            for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
                assert xmp[key] == "1980-01-01T00:00:00Z"
            assert re.fullmatch(r"uuid:[0-9a-f-]{36}", xmp["xmpMM:DocumentID"])
            assert xmp["xmpMM:VersionID"] and xmp["xmpMM:RenditionClass"]
            assert "/Filter" not in pdf.Root.Metadata  # XMP stays readable as it is
            page = pdf.pages[0]
            assert "/TrimBox" in page.obj and "/BleedBox" in page.obj


def test_the_profile_is_a_cmyk_output_profile():
    profile = ImageCms.ImageCmsProfile(io.BytesIO(bundled_profile())).profile
    assert profile.xcolor_space.strip() == "CMYK"
    assert profile.device_class == "prtr"
    assert len(bundled_profile()) < 300_000


def xmp_values(pdf: pikepdf.Pdf) -> dict[str, str]:
    root = ET.fromstring(pdf.Root.Metadata.read_bytes())
    values = {}
    for prefix, uri in NS.items():
        for element in root.iter():
            if element.tag.startswith("{" + uri + "}"):
                text = "".join(element.itertext()).strip()
                values[f"{prefix}:{element.tag.split('}')[1]}"] = text
    return values


def test_no_rgb_is_left_anywhere(sample_build):
    """Every content stream (page, forms, patterns) parsed in full, and every colour space of
    every object: resources, groups, shadings, images."""
    for path in poster_pdfs(sample_build):
        with pikepdf.open(path) as pdf:
            assert rgb_anywhere(pdf) == [], path


def rgb_anywhere(pdf: pikepdf.Pdf) -> list[str]:
    found = []

    def rgb(space) -> bool:
        if isinstance(space, pikepdf.Name):
            return str(space) in ("/DeviceRGB", "/CalRGB", "/RGB")
        if isinstance(space, pikepdf.Array) and len(space):
            if str(space[0]) == "/ICCBased":
                return int(space[1].N) == 3
            return any(rgb(s) for s in space if isinstance(s, pikepdf.Name | pikepdf.Array))
        return False

    def walk(obj, where):
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            for key, value in obj.items():
                if key in ("/ColorSpace", "/CS") and rgb(value):
                    found.append(f"{where} {key}")
                if key == "/ColorSpace" and isinstance(value, pikepdf.Dictionary):
                    found.extend(f"{where} {n}" for n, s in value.items() if rgb(s))
                if isinstance(value, pikepdf.Object) and not value.is_indirect:
                    walk(value, f"{where}{key}")
        elif isinstance(obj, pikepdf.Array):
            for value in obj:
                if isinstance(value, pikepdf.Object) and not value.is_indirect:
                    walk(value, where)

    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Object):
            continue
        walk(obj, str(obj.objgen))
        if isinstance(obj, pikepdf.Stream) and (
            obj.get("/Subtype") == "/Form" or "/PatternType" in obj
        ):
            found += content_rgb(obj)
    for page in pdf.pages:
        walk(page.obj, "page")
        found += content_rgb(page)
    return found


def content_rgb(stream) -> list[str]:
    found = []
    for item in pikepdf.parse_content_stream(stream):
        if isinstance(item, pikepdf.ContentStreamInlineImage):
            if item.iimage.mode == "RGB":
                found.append("inline RGB image")
            continue
        op = str(item.operator)
        if op in ("rg", "RG"):
            found.append(f"{op} operator")
        if op in ("cs", "CS") and str(item.operands[0]) in ("/DeviceRGB", "/CalRGB"):
            found.append(f"{op} {item.operands[0]}")
    return found


# --- separations ---------------------------------------------------------------------------------

DPI = 100


def separations(pdf: bytes | Path, tmp: Path, name: str) -> np.ndarray:
    """The page's C, M, Y and K plates from Ghostscript's tiffsep, as ink in percent (h×w×4)."""
    gs = shutil.which("gs")
    if gs is None:
        pytest.fail("Ghostscript (gs) is missing: run `bash scripts/test`, which installs it")
    src = tmp / f"{name}.pdf"
    if isinstance(pdf, Path):
        shutil.copyfile(pdf, src)
    else:
        src.write_bytes(pdf)
    out = tmp / f"{name}.tif"
    subprocess.run(
        [gs, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=tiffsep", f"-r{DPI}",
         f"-sOutputFile={out}", str(src)],
        check=True,
    )
    plates = []
    for colour in ("Cyan", "Magenta", "Yellow", "Black"):
        with Image.open(tmp / f"{name}({colour}).tif") as plate:
            plates.append(255 - np.asarray(plate.convert("L")).astype(int))
    return np.stack(plates, axis=-1) * 100 / 255


def jobs_of(fmt_name: str):
    for job in plan(BOOK, Selection(formats=(fmt_name,), messages=SAMPLE_MESSAGES, kits=("main",))):
        if job.locale.code in ("en", "ru", "kk"):
            yield job


def layers_by_slot(job) -> tuple[Document, dict[str, GlyphLayer | QrLayer]]:
    composed = compose(BOOK, job, Problems())
    template = BOOK.templates[job.format.name]
    doc = document(template, job.message.kind, composed.contents, composed.mirrored)
    names = [n for n in template.parts[job.message.kind].slots if n in composed.contents]
    return doc, dict(zip(names, doc.layers, strict=True))


def mask_of(layers, fmt, tmp: Path, name: str) -> np.ndarray:
    """Where `layers` draw on the page, rendered alone in black through the same PDF path."""
    w, h = fmt.page_size
    blank = f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}mm" height="{h}mm" ' \
        f'viewBox="0 0 {w} {h}"/>'
    black = []
    for layer in layers:
        if isinstance(layer, GlyphLayer):
            black.append(GlyphLayer("#000000", layer.glyphs))
        else:
            black.append(QrLayer("#FFFFFF", "#000000", layer.square, layer.origin, layer.unit,
                                 layer.runs))
    plates = separations(render_pdf(Document(blank, blank, tuple(black)), fmt), tmp, name)
    return plates[..., 3] > 50


@pytest.mark.parametrize("fmt", POSTERS, ids=lambda f: f.name)
def test_text_and_qr_print_on_the_black_plate_only(sample_build, tmp_path, fmt):
    """At every pixel of the QR code's dark modules and of the body text (body, claim, source),
    the C, M and Y plates are empty; the QR modules are 100% K; no pixel carries over 300%."""
    seen = set()
    for job in jobs_of(fmt.name):
        _, layers = layers_by_slot(job)
        path = sample_build / job.locale.code / fmt.name / f"{job.message.id}.pdf"
        plates = separations(path, tmp_path, "poster")
        assert plates.sum(axis=2).max() <= MAX_INK + 1, job.key  # 1%: 8-bit plates
        qr = mask_of([layers["qr"]], fmt, tmp_path, "qr")
        assert qr.sum() > 1000, job.key
        assert plates[qr][:, :3].max() == 0, job.key
        assert plates[qr][:, 3].min() > 99, job.key
        body = [layers[n] for n in BODY_SLOTS if n in layers]
        assert body, job.key
        text = mask_of(body, fmt, tmp_path, "text")
        assert text.sum() > 1000, job.key
        assert plates[text][:, :3].max() == 0, job.key
        seen.add(job.message.kind)
    assert seen == {"slogan", "fact"}


def test_dark_text_prints_solid_black(sample_build, tmp_path):
    """A fact's claim (ink on paper) is 100% K; the slogan's gradient stays a vector shading
    between the palette's builds, within the ink limit."""
    fmt = next(f for f in POSTERS if f.name == "poster-a4")
    job = next(j for j in jobs_of(fmt.name) if j.message.kind == "fact")
    _, layers = layers_by_slot(job)
    plates = separations(sample_build / "en" / fmt.name / f"{job.message.id}.pdf", tmp_path, "p")
    claim = mask_of([layers["claim"]], fmt, tmp_path, "claim")
    assert plates[claim][:, 3].min() > 99
    slogan = sample_build / "en" / fmt.name / f"{SAMPLE_MESSAGES[0]}.pdf"
    with pikepdf.open(slogan) as pdf:
        shadings = [s for s in pdf.objects if isinstance(s, pikepdf.Dictionary)
                    and "/ShadingType" in s]
        assert shadings and all(s.ColorSpace == "/DeviceCMYK" for s in shadings)
        assert not [o for o in pdf.objects if isinstance(o, pikepdf.Stream)
                    and o.get("/Subtype") == "/Image"]


def test_previews_keep_the_designers_screen_colours(sample_build):
    """The PNG preview is the sRGB design, not the print builds: paper stays warm off-white
    (it prints as no ink at all) and violet stays violet."""
    palette = BOOK.brand.palette
    for locale in ("en", "ru", "kk"):
        for fmt in POSTERS:
            fact = sample_build / locale / fmt.name / f"{SAMPLE_MESSAGES[1]}.png"
            with Image.open(fact) as image:
                px = np.asarray(image.convert("RGB")).astype(int)
            h, w, _ = px.shape
            assert_close(px[h // 3, w - 5], palette["paper"])  # the fact's background
            assert_close(px[h - 5, w // 2], palette["violet"])  # its bottom band


def assert_close(pixel, hex_colour: str, tolerance: int = 2) -> None:
    want = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    assert np.abs(np.asarray(pixel) - want).max() <= tolerance, (pixel.tolist(), hex_colour)


def test_crop_marks_sit_outside_the_bleed_on_a_larger_page(book_copy, tmp_path):
    formats = book_copy / "formats.yaml"
    text = formats.read_text()
    marked = text.replace("  qr_distance_m: 1.0", "  crop_marks: true\n  qr_distance_m: 1.0", 1)
    formats.write_text(marked)
    out = tmp_path / "out"
    build(
        book_copy,
        out,
        Selection(locales=("en",), formats=("poster-a4",), messages=SAMPLE_MESSAGES[:1]),
    )
    pdf_path = out / "en" / "poster-a4" / f"{SAMPLE_MESSAGES[0]}.pdf"
    mm = 72 / 25.4
    with pikepdf.open(pdf_path) as pdf:
        page = pdf.pages[0]
        media = [float(v) / mm for v in page.MediaBox]
        bleed = [float(v) / mm for v in page.BleedBox]
        trim = [float(v) / mm for v in page.TrimBox]
    assert media == pytest.approx([0, 0, 236, 323], abs=0.01)  # 216 × 303 + 10 mm each side
    assert bleed == pytest.approx([10, 10, 226, 313], abs=0.01)
    assert trim == pytest.approx([13, 13, 223, 310], abs=0.01)
    entry = next(a for a in json.loads((out / "manifest.json").read_text())["assets"]
                 if a["path"].endswith(".pdf"))
    assert (entry["width_mm"], entry["height_mm"]) == (236, 323)
    plates = separations(pdf_path, tmp_path, "marks")
    px = DPI / 25.4  # pixels per mm
    ink = plates.sum(axis=2) > 0
    margin = np.ones(ink.shape, bool)
    margin[round(10 * px) : round(313 * px), round(10 * px) : round(226 * px)] = False
    assert ink[margin].any()  # the marks
    assert plates[margin][:, :3].max() == 0  # in black only
    # the marks are on the lines of the trim (x = 13 and 223 mm, y = 13 and 310 mm)
    lines = np.zeros(ink.shape, bool)
    for at in (13, 223):
        lines[:, round(at * px) - 2 : round(at * px) + 3] = True
    for at in (13, 310):
        lines[round(at * px) - 2 : round(at * px) + 3, :] = True
    assert not (ink & margin & ~lines).any()
    inside = ink[round(10 * px) + 2 : round(313 * px) - 2, round(10 * px) + 2 : round(226 * px) - 2]
    assert inside.mean() > 0.5  # the poster itself, moved into the bleed box

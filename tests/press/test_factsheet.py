"""The fact sheet, read like a journalist reads it: text extracted by real PDF readers
(pdfminer.six and poppler's pdftotext), link annotations, fonts, structure tree and language."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
import zxingcpp
from pdfminer.high_level import extract_text
from PIL import Image
from pypdf import PdfReader

from pressroom.brandbook import load
from pressroom.brandbook.press import font_chain, page_url
from pressroom.build import build
from pressroom.kit.plan import Selection
from pressroom.kit.writer import Output
from pressroom.press import factsheet
from pressroom.text.fonts import load_face
from tests.conftest import BRANDBOOK, FONTS, arabic_mini

BOOK, _ = load(BRANDBOOK)
LOCALES = [x.code for x in BOOK.locales]


def sheet(site: Path, code: str) -> Path:
    return site / "downloads" / f"{code}-factsheet.pdf"


def squeeze(text: str) -> str:
    """Text without white space or hyphens: lines a reader wrapped, or joined at a hyphen as
    pdftotext does, compare equal."""
    return re.sub(r"[\s\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069-]+", "", text)


def squeeze_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def expected_texts(code: str) -> list[str]:
    locale = BOOK.locale(code)
    p = locale.press
    contact = BOOK.brand.press
    out = [locale.wordmark, p["factsheet_title"], p["summary"], p["licence_text"],
           p["contact_text"], contact.email, contact.licence, page_url(BOOK, locale)]
    for m in locale.messages:
        if m.kind == "fact":
            out += [m.texts["figure"], m.texts["claim"]]
            out += [s.title for s in m.sources] + [s.url for s in m.sources]
        else:
            out.append(m.texts["headline"])
    return out


@pytest.mark.parametrize("reader", ["pdfminer", "pdftotext"])
@pytest.mark.parametrize("code", LOCALES)
def test_every_fact_slogan_and_contact_can_be_copied_as_text(sample_build, code, reader):
    path = sheet(sample_build, code)
    raw = extract_text(str(path)) if reader == "pdfminer" else pdftotext(path)
    text = squeeze(raw)
    missing = [t for t in expected_texts(code) if squeeze(t) not in text]
    assert missing == [], f"{path.name}: not found as text by {reader}"
    # addresses are copied whole, hyphens included: they never break at a hyphen
    for url in {s.url for m in BOOK.locale(code).messages for s in m.sources}:
        assert url in squeeze_space(raw), url


@pytest.mark.parametrize("code", LOCALES)
def test_every_source_is_a_link(sample_build, code):
    reader = PdfReader(sheet(sample_build, code))
    uris = set()
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/Subtype") == "/Link" and "/A" in a:
                uris.add(a["/A"].get("/URI"))
    locale = BOOK.locale(code)
    wanted = {s.url for m in locale.messages for s in m.sources}
    wanted |= {page_url(BOOK, locale), BOOK.brand.press.licence_url,
               f"mailto:{BOOK.brand.press.email}"}
    assert wanted <= uris, wanted - uris


@pytest.mark.parametrize("code", LOCALES)
def test_one_link_area_per_address_and_line(sample_build, code):
    """A keyboard or screen-reader user meets each address once per line it is set on: no area
    of no width, no two areas of one address on one line (there were up to 60 per address), and
    every area still in the structure tree (the tagged PDF's links)."""
    areas: dict[tuple, int] = {}
    with pikepdf.open(sheet(sample_build, code)) as pdf:
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        parents = {int(nums[i]) for i in range(0, len(nums), 2)}
        for n, page in enumerate(pdf.pages):
            for annot in page.get("/Annots", []):
                x0, x1 = sorted(float(v) for v in annot.Rect[::2])
                y0, y1 = sorted(float(v) for v in annot.Rect[1::2])
                assert x1 - x0 > 1 and y1 - y0 > 1, annot.A.URI
                line = (str(annot.A.URI), n, round((y0 + y1) / 2))
                areas[line] = areas.get(line, 0) + 1
                assert int(annot.StructParent) in parents
    assert max(areas.values()) == 1, [k for k, v in areas.items() if v > 1]


@pytest.mark.parametrize("code", LOCALES)
def test_text_extraction_reads_each_fact_in_order(sample_build, code):
    """pdftotext's default order: each fact's figure, claim and sources, fact after fact (a
    figure of two lines once sent a Kazakh fact's sources after the next fact)."""
    text = squeeze(pdftotext(sheet(sample_build, code)))
    at = 0
    for m in BOOK.locale(code).messages:
        if m.kind != "fact":
            continue
        for piece in [m.texts["figure"], m.texts["claim"][:30], *(s.title[:30] for s in m.sources)]:
            found = text.find(squeeze(piece), at)
            assert found >= 0, (m.id, piece, "not found after the text before it")
            at = found


@pytest.mark.parametrize("code", LOCALES)
def test_no_line_starts_with_a_dash(sample_build, code):
    """As in the stills and on the page: a dash between words ends a line, never starts one
    (Pango, like a browser, may break before it)."""
    lines = pdftotext(sheet(sample_build, code)).splitlines()
    assert [x for x in lines if x.lstrip().startswith(("— ", "– "))] == []


@pytest.mark.parametrize("code", LOCALES)
def test_is_a4_in_one_or_two_pages_with_subset_fonts_tags_and_language(sample_build, code):
    with pikepdf.open(sheet(sample_build, code)) as pdf:
        assert 1 <= len(pdf.pages) <= 2
        for page in pdf.pages:
            w, h = (float(v) for v in page.mediabox[2:])
            assert (round(w / 72 * 25.4), round(h / 72 * 25.4)) == (210, 297)
        fonts = {}
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                fonts[str(font.BaseFont)] = font
        assert fonts
        for name, font in fonts.items():
            assert re.fullmatch(r"/[A-Z]{6}\+.+", name), name
            descriptor = (font.DescendantFonts[0] if "/DescendantFonts" in font else font)
            descriptor = descriptor.FontDescriptor
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, name
        assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked
        assert str(pdf.Root.Lang) == code
        assert pdf.Root.ViewerPreferences.DisplayDocTitle


@pytest.mark.parametrize("code", LOCALES)
def test_metadata_is_fixed_and_private(sample_build, code):
    with pikepdf.open(sheet(sample_build, code)) as pdf:
        info = {str(k): str(v) for k, v in pdf.docinfo.items()}
        assert "/Metadata" not in pdf.Root
    locale = BOOK.locale(code)
    title = f"{locale.wordmark} — {locale.press['factsheet_title']}"
    assert info == {"/Producer": "pressroom", "/Creator": "pressroom", "/Title": title}


def test_same_inputs_give_the_same_bytes(sample_build):
    for code in ("en", "kk"):
        again = factsheet.render(BOOK, BOOK.locale(code))
        assert again == sheet(sample_build, code).read_bytes()
        assert factsheet.render(BOOK, BOOK.locale(code)) == again


def test_a_sheet_whose_inputs_did_not_change_is_not_rendered_again(monkeypatch):
    locale = [BOOK.locale("en")]
    ((rel, data),) = factsheet.factsheets(BOOK, locale, {})
    assert rel == "downloads/en-factsheet.pdf" and data.startswith(b"%PDF")
    known = {rel: factsheet.identifier(data)}

    def fail(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(factsheet, "render", fail)
    assert factsheet.factsheets(BOOK, locale, known) == [(rel, None)]  # current: kept
    damaged = {rel: factsheet.identifier(data[:-200])}
    assert damaged[rel] is None
    with pytest.raises(AssertionError, match="rendered again"):
        factsheet.factsheets(BOOK, locale, damaged)


def test_a_kept_sheet_stays_and_a_gone_languages_sheet_goes(tmp_path):
    """The writer's one stale rule: a sheet kept unchanged is this build's; the sheet of a
    language no longer built is removed."""
    out = Output(tmp_path / "out")
    for rel, data in factsheet.factsheets(BOOK, [BOOK.locale("en"), BOOK.locale("kk")], {}):
        out.write(rel, data)
    out.finish("pressroom test", [])
    out = Output(tmp_path / "out")
    en = [BOOK.locale("en")]
    known = {factsheet.path_of(en[0]): factsheet.identifier(out.read(factsheet.path_of(en[0])))}
    ((rel, data),) = factsheet.factsheets(BOOK, en, known)
    assert data is None  # en unchanged
    out.keep(rel)
    out.finish("pressroom test", [])
    left = sorted(p.name for p in (tmp_path / "out" / "downloads").iterdir())
    assert left == ["en-factsheet.pdf"]


@pytest.mark.parametrize("code", ["ru", "kk-Latn"])
def test_qr_code_opens_the_kit_page(sample_build, code, tmp_path):
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", str(sheet(sample_build, code)), str(tmp_path / "p")],
        check=True,
    )
    found = set()
    for png in sorted(tmp_path.glob("p-*.png")):
        found |= {r.text for r in zxingcpp.read_barcodes(Image.open(png))}
    assert found == {page_url(BOOK, BOOK.locale(code))}


def test_right_to_left_sheet_has_arabic_text_and_language(tmp_path):
    book = arabic_mini(tmp_path / "mini")
    out = tmp_path / "out"
    build(book, out, Selection(locales=("ar",), formats=("card",)))
    path = out / "downloads" / "ar-factsheet.pdf"
    loaded, _ = load(book)
    ar = loaded.locale("ar")
    text = squeeze(pdftotext(path))  # logical order, bidi marks dropped by squeeze
    # Texts without the lam-alef ligature: pdftotext puts a ligature's two letters in the wrong
    # order in right-to-left text, and moves neutral marks next to embedded Latin text
    for wanted in (ar.wordmark, ar.press["factsheet_title"], ar.press["contact"],
                   ar.message("equal").texts["headline"]):
        assert squeeze(wanted) in text, wanted
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "ar"
        names = {str(f.BaseFont) for p in pdf.pages for f in p.Resources.Font.values()}
    arabic = [i for i, f in enumerate(font_chain(ar.fonts, "text")) if "Arabic" in f.name]
    assert any(n.endswith(f"+pr-text-{arabic[0]}") for n in names), names  # faces are named
    # pr-<role>-<place in the chain>


def test_the_sheet_loads_only_font_files(tmp_path):
    """WeasyPrint may read the brand book's fonts and nothing else: not the network, not a file
    a text points at."""
    fetch = factsheet._Fonts({}, {})
    for url in ("https://example.org/x.png", "file:///etc/passwd", "data:text/plain,x"):
        with pytest.raises(ValueError, match="may not load"):
            fetch(url)
    html = factsheet.html(BOOK, BOOK.locale("en"))
    assert not re.search(r'(src|href)="(?!https://|mailto:)', html.split("</style>")[1])
    fonts = {f.path.resolve().as_uri() for chain in BOOK.brand.fonts.values() for f in chain}
    assert set(re.findall(r'url\("([^"]+)"\)', html)) <= fonts


@pytest.mark.slow  # over 3 s: a check or build of the whole brand book
def test_text_that_no_font_has_is_an_error(book_copy):
    from click.testing import CliRunner

    from pressroom.cli import main

    en = book_copy / "locales" / "en.yaml"
    text = en.read_text()
    en.write_text(text.replace("facts: The facts", "facts: The facts \U00013000"))
    result = CliRunner().invoke(main, ["check", "--brandbook", str(book_copy)])
    line = next(i for i, s in enumerate(en.read_text().splitlines(), 1) if "facts:" in s)
    assert result.exit_code == 1
    assert f"en.yaml:{line}: press.facts: '\U00013000' (U+13000) is in no font of the 'strong'" \
        in result.output


def test_pdf_reader_sees_the_summary_as_one_paragraph(sample_build):
    """The summary is copied as one run of text, in reading order."""
    text = pdftotext(sheet(sample_build, "en"))
    summary = BOOK.locale("en").press["summary"]
    assert " ".join(summary.split()[:8]) in " ".join(text.split())


def test_a_machine_without_pango_is_told_what_to_install_before_anything_is_written(
    tmp_path, monkeypatch
):
    import ctypes.util

    from click.testing import CliRunner

    from pressroom.cli import main

    real = ctypes.util.find_library
    monkeypatch.setattr(ctypes.util, "find_library",
                        lambda name: None if name.startswith("pango") else real(name))
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", "--brandbook", str(BRANDBOOK), "--out", str(out), "--locale", "en",
               "--format", "story", "--message", "not-propaganda"]
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "libpango-1.0, libpangoft2-1.0" in result.output
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in result.output
    assert not out.exists() or not any(p.is_file() for p in out.rglob("*"))


@pytest.mark.slow
def test_the_sheet_is_the_same_wherever_the_checkout_lives(tmp_path):
    """Its bytes (the /ID included) come from the inputs, not from the folders they sit in."""
    sheets = []
    for where in ("a", "b/deeper"):
        root = tmp_path / where
        shutil.copytree(BRANDBOOK, root / "brandbook")
        shutil.copytree(FONTS, root / "fonts")
        out = root / "out"
        build(
            root / "brandbook",
            out,
            Selection(
                locales=("en",),
                formats=("story",),
                messages=("not-propaganda",),
                kits=("main",),
            ),
            jobs=1,
        )
        sheets.append((out / "downloads" / "en-factsheet.pdf").read_bytes())
    assert sheets[0] == sheets[1]


def test_emoji_become_vector_pictures_and_the_rest_stays_text():
    from pressroom.press.pictures import data_urls, with_pictures

    emoji = load_face(FONTS / "NotoColorEmoji-COLRv1.ttf")
    text = load_face(FONTS / "Inter-Bold.otf")
    marked = str(with_pictures("Love <3 🏳️‍🌈 ❤ ✊🏽", emoji, (text,)))
    assert marked.startswith("Love &lt;3 ") and " ❤ " in marked  # ❤ alone is text
    assert marked.count('<img class="emoji"') == 2 and 'alt="🏳️‍🌈"' in marked
    images = data_urls(marked)
    assert len(images) == 2
    for svg in images.values():
        assert svg.startswith(b"<?xml") and b"<svg" in svg and b"<image" not in svg  # vector
    assert str(with_pictures("Love", None)) == "Love"


def test_the_sheet_serves_its_own_pictures_and_no_other_data_url():
    fetch = factsheet._Fonts({}, {"data:image/svg+xml;base64,PHN2Zy8+": b"<svg/>"})
    assert fetch("data:image/svg+xml;base64,PHN2Zy8+").read() == b"<svg/>"
    with pytest.raises(ValueError, match="may not load"):
        fetch("data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9Ii8+")

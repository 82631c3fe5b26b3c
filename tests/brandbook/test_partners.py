"""brandbook/partners.py, called directly: brand.yaml's `partners:` read into `Partner`s, ids unique
and not a kit's name, logos inside the brand book cleaned as SVG fragments or pixel-only PNGs,
`url` judged as a QR payload, `qr: own` only with a url; each problem at the line it is about."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pressroom.brandbook.partners import read_partners
from pressroom.errors import Problems
from pressroom.read.yamlfile import YamlDoc, read_yaml
from tests.conftest import line_of

LIGHT_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40" width="240" height="80">'
    '<rect id="box" width="120" height="40" fill="#111"/></svg>'
)
DARK_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="10 5 60 20">'
    '<circle id="dot" cx="40" cy="15" r="10" fill="#fff"/></svg>'
)
LOGOS = "    logo: {light: assets/light.svg, dark: assets/dark.svg}\n"


def entry(pid: str = "kin", name: str = "Kin", extra: str = "", logo: str = LOGOS) -> str:
    return f"  - id: {pid}\n    name: {name}\n{logo}{extra}"


@pytest.fixture
def book(tmp_path) -> Path:
    root = tmp_path / "bb"
    (root / "assets").mkdir(parents=True)
    (root / "assets" / "light.svg").write_text(LIGHT_SVG)
    (root / "assets" / "dark.svg").write_text(DARK_SVG)
    return root


def read(book: Path, *entries: str):
    """(partners, problem lines) of a brand.yaml whose `partners:` are `entries`."""
    path = book / "brand.yaml"
    path.write_text("# brand\nname: Mini\npartners:\n" + "".join(entries))
    doc, errors = read_yaml(path)
    assert doc is not None, errors
    problems = Problems(book)
    found = read_partners(doc.data["partners"], doc, book, problems)
    return found, [str(p) for p in problems.items]


def at(book: Path, needle: str, last: bool = False) -> str:
    lines = (book / "brand.yaml").read_text().splitlines()
    if last:
        n = max(i for i, line in enumerate(lines, 1) if needle in line)
    else:
        n = line_of(book / "brand.yaml", needle)
    return f"bb/brand.yaml:{n}:"


def test_a_partner_is_read_with_both_logos_as_cleaned_svg_fragments(book):
    (partner,), said = read(book, entry(name='"  Kin Folk  "'))
    assert said == []
    assert (partner.id, partner.name, partner.url, partner.qr) == ("kin", "Kin Folk", None,
                                                                  "campaign")
    light, dark = partner.light, partner.dark
    assert (light.width, light.height) == (120, 40)  # the viewBox, not width and height
    assert (dark.width, dark.height) == (60, 20)
    assert light.path == (book / "assets" / "light.svg").resolve()
    assert light.svg.startswith("<svg ") and 'viewBox="0 0 120 40"' in light.svg
    assert 'viewBox="10 5 60 20"' in dark.svg
    for svg in (light.svg, dark.svg):  # placed by its slot: no size or position of its own
        assert not re.search(r'<svg[^>]* (width|height|x|y)="', svg)
    # ids prefixed by partner and version, so two logos on one page never clash
    assert 'id="logo-kin-light-box"' in light.svg and 'id="logo-kin-dark-dot"' in dark.svg


def test_a_partner_with_its_own_qr_keeps_its_url(book):
    (partner,), said = read(book, entry(extra="    url: https://kin.example.org/\n    qr: own\n"))
    assert said == []
    assert (partner.url, partner.qr) == ("https://kin.example.org/", "own")


def test_partners_keep_their_order(book):
    found, said = read(book, entry("b-one"), entry("a-two"), entry("c-three"))
    assert said == [] and [p.id for p in found] == ["b-one", "a-two", "c-three"]


def test_a_png_logo_becomes_an_inlined_png_of_its_pixels_alone(book):
    rgba = np.zeros((30, 50, 4), dtype=np.uint8)
    rgba[5:25, 10:40] = (200, 30, 60, 255)
    rgba[:, :5] = (0, 0, 255, 128)
    buf = io.BytesIO()
    info = Image.Exif()
    info[0x013B] = "Somebody Private"  # Artist
    Image.fromarray(rgba, "RGBA").save(buf, "PNG", exif=info)
    (book / "assets" / "light.png").write_bytes(buf.getvalue())
    logo = "    logo: {light: assets/light.png, dark: assets/dark.svg}\n"
    (partner,), said = read(book, entry(logo=logo))
    assert said == []
    light = partner.light
    assert (light.width, light.height) == (50, 30)
    assert light.svg.startswith("<image ") and 'preserveAspectRatio="none"' in light.svg
    payload = re.search(r'href="data:image/png;base64,([^"]+)"', light.svg).group(1)
    png = base64.b64decode(payload)
    with Image.open(io.BytesIO(png)) as image:
        assert image.mode == "RGBA"
        assert np.array_equal(np.asarray(image), rgba)
        assert not image.getexif()
    assert b"Somebody" not in png


def test_a_reserved_id_is_refused_at_its_line(book):
    found, said = read(book, entry("main"), entry("plain"))
    assert found == ()
    assert said == [
        f"{at(book, 'id: main')} partners.main.id: 'main' names a kit of its own (main, plain) — "
        "give the partner another id",
        f"{at(book, 'id: plain')} partners.plain.id: 'plain' names a kit of its own (main, plain) "
        "— give the partner another id",
    ]


def test_a_second_partner_with_one_id_is_refused_naming_the_first_line(book):
    found, said = read(book, entry("kin", "First"), entry("other"), entry("kin", "Second"))
    assert [(p.id, p.name) for p in found] == [("kin", "First"), ("other", "Kin")]
    first = line_of(book / "brand.yaml", "id: kin")
    assert said == [
        f"{at(book, 'id: kin', last=True)} partners.kin.id: a second partner with the id 'kin' "
        f"(also on line {first}) — give each partner its own id"
    ]


def test_own_qr_without_a_url_is_refused_at_the_qr_line(book):
    found, said = read(book, entry(extra="    qr: own\n"))
    assert found == ()
    assert said == [
        f"{at(book, 'qr: own')} partners.kin.qr: qr: own points the QR codes to the partner's "
        "url, and it has none — add url: https://… to the partner, or write qr: campaign"
    ]


def test_a_url_that_is_no_address_leaves_the_partner_out(book):
    found, said = read(book, entry(extra="    url: ftp://kin.example.org/\n"))
    assert found == ()
    assert said == [
        f"{at(book, 'url:')} partners.kin.url: 'ftp://kin.example.org/' is not an http(s) "
        "address — write the full https://… address"
    ]


def test_a_tracking_url_is_a_warning_and_the_partner_stays(book):
    found, said = read(book, entry(extra="    url: https://kin.example.org/?fbclid=x\n"))
    assert [p.url for p in found] == ["https://kin.example.org/?fbclid=x"]
    assert said == [
        f"{at(book, 'url:')} partners.kin.url: warning: tracking parameters fbclid in "
        "'https://kin.example.org/?fbclid=x' — remove them: they identify where a scan came from"
    ]


@pytest.mark.parametrize(
    "ref, problem",
    [
        ("assets/none.svg", "the image file 'assets/none.svg' does not exist — fix the link or "
         "add the file"),
        ("../outside.svg", "'../outside.svg' leads outside the brand book — copy the image into "
         "brandbook/assets/ and link it from there (nothing is fetched)"),
        ("https://example.org/logo.svg", "refers to 'https://example.org/logo.svg' outside the "
         "brand book"),
        ("assets", "'assets' is not a file — link an image file"),
    ],
    ids=["missing", "outside", "remote", "folder"],
)
def test_a_logo_that_cannot_be_used_is_said_at_its_version_line(book, ref, problem):
    (book.parent / "outside.svg").write_text(LIGHT_SVG)
    logo = f"    logo:\n      light: {ref}\n      dark: assets/dark.svg\n"
    found, said = read(book, entry(logo=logo))
    assert found == ()
    assert len(said) == 1
    assert said[0].startswith(f"{at(book, 'light:')} partners.kin.logo.light: {problem}")


def test_a_problem_inside_a_logo_names_the_file_and_its_line_at_the_line_that_names_it(book):
    (book / "assets" / "bad.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">\n'
        '<rect width="10" height="10"/>\n'
        "<script>alert(1)</script>\n"
        "</svg>\n"
    )
    logo = "    logo:\n      light: assets/light.svg\n      dark: assets/bad.svg\n"
    found, said = read(book, entry(logo=logo))
    assert found == ()
    assert len(said) == 1
    assert said[0].startswith(
        f"{at(book, 'bad.svg')} partners.kin.logo.dark: assets/bad.svg, line 3: "
    )
    assert "<script>" in said[0]


def test_a_raster_that_is_not_an_image_is_refused(book):
    (book / "assets" / "fake.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    logo = "    logo: {light: assets/fake.png, dark: assets/dark.svg}\n"
    found, said = read(book, entry(logo=logo))
    assert found == ()
    assert len(said) == 1
    assert said[0].startswith(f"{at(book, 'fake.png')} partners.kin.logo.light: assets/fake.png "
                              "is damaged or truncated")
    assert said[0].endswith("— export the image again")


def test_entries_the_schema_refuses_are_skipped_without_a_second_word(book):
    found, said = read(
        book,
        "  - just a name\n",
        "  - id: 7\n    name: Seven\n" + LOGOS,
        entry("halfway", logo="    logo: {light: assets/light.svg}\n"),
        entry("unnamed", name="[a, b]"),
        entry("odd-qr", extra="    qr: sometimes\n"),
        entry("kept"),
    )
    assert said == []
    assert [p.id for p in found] == ["kept"]


@pytest.mark.parametrize("raw", [None, {}, "kin", 3])
def test_partners_that_are_not_a_list_are_none(book, raw):
    doc = YamlDoc(book / "brand.yaml", {"partners": raw})
    problems = Problems(book)
    assert read_partners(raw, doc, book, problems) == ()
    assert problems.items == []

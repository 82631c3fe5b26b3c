"""brandbook/partners.py: brand.yaml's partners, their logos, and every problem at its line."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from pressroom.brandbook import load
from tests.conftest import BRANDBOOK, line_of

BRAND_FILE = "brand.yaml"


def partners_block(*entries: str) -> str:
    return "partners:\n" + "".join(entries)


def with_partners(book, block: str) -> None:
    """Replace brand.yaml's partners section with `block`."""
    brand = book / BRAND_FILE
    text = brand.read_text()
    start = text.index("partners:\n")
    end = text.index("# Font roles")
    brand.write_text(text[:start] + block + text[end:])


ENTRY = (
    "  - id: {id}\n"
    "    name: {name}\n"
    "    logo: {{light: {light}, dark: {dark}}}\n"
)
LIGHT = "assets/partners/steppe-rights-on-light.svg"
DARK = "assets/partners/steppe-rights-on-dark.svg"


def entry(pid="kin", name="Kin", light=LIGHT, dark=DARK, extra="") -> str:
    return ENTRY.format(id=pid, name=name, light=light, dark=dark) + extra


def problems_of(book) -> list[str]:
    _, problems = load(book)
    return [str(p) for p in problems.items]


def test_the_shipped_partners_are_marked_as_examples():
    book, problems = load(BRANDBOOK)
    assert not problems.errors
    partners = book.brand.partners
    assert [p.id for p in partners] == ["steppe-rights", "aurora-health", "open-doors"]
    assert all("(example partner)" in p.name for p in partners)
    assert "EXAMPLES" in (BRANDBOOK / BRAND_FILE).read_text()
    own = [p for p in partners if p.qr == "own"]
    assert own and all(p.url for p in own)
    for p in partners:  # cleaned SVG fragments, sized by their viewBox
        for logo in (p.light, p.dark):
            assert logo.svg.startswith("<svg ") and logo.width > logo.height > 0
            assert f'id="logo-{p.id}' in logo.svg or "id=" not in logo.svg


@pytest.mark.parametrize(
    ("block", "needle", "expected"),
    [
        (entry(light="assets/partners/nothing.svg"), "light: assets/partners/nothing.svg",
         "partners.kin.logo.light: the image file 'assets/partners/nothing.svg' does not exist"
         " — fix the link or add the file"),
        (entry(pid="Kin Folk"), "id: Kin Folk",
         "partners.id: 'Kin Folk' is not a slug of lower-case letters, digits and hyphens"),
        (entry() + entry(), "id: kin", "partners.kin.id: a second partner with the id 'kin'"),
        (entry(pid="plain"), "id: plain", "partners.plain.id: 'plain' names a kit of its own"),
        (entry(extra="    qr: own\n"), "qr: own",
         "partners.kin.qr: qr: own points the QR codes to the partner's url, and it has none"
         " — add url: https://… to the partner, or write qr: campaign"),
        (entry(extra="    url: ftp://example.org/\n"), "url: ftp",
         "partners.kin.url: 'ftp://example.org/' is not an http(s) address"),
        (entry(extra="    url: https://example.org/?utm_source=x\n"), "url: https",
         "partners.kin.url: warning: tracking parameters utm_source"),
        (entry(light="../fonts/OFL.txt"), "light: ../fonts",
         "partners.kin.logo.light: '../fonts/OFL.txt' leads outside the brand book"),
        (entry(extra="    qr: theirs\n"), "qr: theirs",
         "partners.qr: is 'theirs' — write qr: campaign"),
    ],
    ids=["missing", "bad-id", "duplicate", "reserved", "own-without-url", "url", "tracking",
         "outside", "qr-value"],
)
def test_partner_problems_name_their_line(book_copy, block, needle, expected):
    with_partners(book_copy, partners_block(block))
    found = problems_of(book_copy)
    line = max(i for i, text in enumerate(
        (book_copy / BRAND_FILE).read_text().splitlines(), 1) if needle in text)
    where = f"brandbook/{BRAND_FILE}:{line}: "
    assert any(p.startswith(where) and expected in p for p in found), (where, found)


def test_an_unsafe_logo_is_refused_at_the_line_that_names_it(book_copy):
    bad = book_copy / "assets" / "partners" / "bad.svg"
    bad.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        '<script>alert(1)</script><rect width="10" height="10"/></svg>'
    )
    with_partners(book_copy, partners_block(entry(light="assets/partners/bad.svg")))
    line = line_of(book_copy / BRAND_FILE, "bad.svg")
    found = problems_of(book_copy)
    assert any(
        p.startswith(f"brandbook/{BRAND_FILE}:{line}: partners.kin.logo.light: "
                     "assets/partners/bad.svg") and "script" in p
        for p in found
    ), found


def test_a_png_logo_is_cleaned_of_its_metadata(book_copy):
    image = Image.new("RGBA", (120, 40), (20, 20, 20, 255))
    buf = io.BytesIO()
    exif = Image.Exif()
    exif[0x013B] = "Someone Who Made It"  # Artist
    image.save(buf, "PNG", exif=exif)
    (book_copy / "assets" / "partners" / "kin.png").write_bytes(buf.getvalue())
    with_partners(book_copy, partners_block(entry(light="assets/partners/kin.png")))
    book, problems = load(book_copy)
    assert not problems.errors, [str(p) for p in problems.items]
    logo = book.brand.partner("kin").light
    assert (logo.width, logo.height) == (120, 40)
    assert logo.svg.startswith("<image ") and "data:image/png;base64," in logo.svg
    assert b"Someone" not in buf.getvalue() or "Someone" not in logo.svg


def test_the_old_variants_key_says_to_rename_it(book_copy):
    formats = book_copy / "formats.yaml"
    text = formats.read_text()
    formats.write_text(text.replace("  template: story.svg\n",
                                    "  template: story.svg\n  variants: [main]\n", 1))
    line = line_of(formats, "variants: [main]")
    found = problems_of(book_copy)
    assert f"brandbook/formats.yaml:{line}: story.variants: unknown key 'variants' — " \
        "rename `variants:` to `kits:`" in found, found


def test_a_format_limited_to_an_unknown_kit_is_a_problem(book_copy):
    formats = book_copy / "formats.yaml"
    text = formats.read_text()
    formats.write_text(text.replace("  template: story.svg\n",
                                    "  template: story.svg\n  kits: [main, partnerz]\n", 1))
    line = line_of(formats, "kits: [main, partnerz]")
    found = problems_of(book_copy)
    assert any(
        p.startswith(f"brandbook/formats.yaml:{line}: story.kits: there is no kit 'partnerz'")
        for p in found
    ), found

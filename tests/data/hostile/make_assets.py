"""Makes the hostile test assets: images and templates full of what must never reach an output.

Run from the repository root: `python tests/data/hostile/make_assets.py`. The files it writes are
committed; the security tests copy them over a copy of tests/data/mini and build that.

- assets/photo-gps.jpg: a JPEG with EXIF (GPS position, camera, artist, orientation 3), an XMP
  packet and a JPEG comment;
- assets/sticker.png: a PNG with tEXt, iTXt, zTXt, tIME and eXIf chunks;
- assets/logo.svg: an SVG logo saved by "Inkscape": metadata, editor attributes, comments, a
  title, a style sheet with a class and ids that clash with the template's;
- templates/card.svg and sheet.svg: the mini templates plus all of the above, linked as Inkscape
  writes it (relative paths) and embedded (a data: URI of the sticker).
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

from PIL import Image, PngImagePlugin

HERE = Path(__file__).resolve().parent
MINI = HERE.parent / "mini"
SECRET = "Alice Activist"  # the tests search every output for this and for SECRET_PATH
SECRET_PATH = "/home/alice/campaign"
XMP = (
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    'syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>'
    f"{SECRET}</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
    '<?xpacket end="w"?>'
)


def _gradient(size, alpha=False):
    w, h = size
    image = Image.new("RGBA" if alpha else "RGB", size)
    image.putdata(
        [
            (40 + 200 * x // w, 80 + 150 * y // h, 160, 255 if not alpha else 128 + x % 128)
            if alpha
            else (40 + 200 * x // w, 80 + 150 * y // h, 160)
            for y in range(h)
            for x in range(w)
        ]
    )
    return image


def exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif[0x013B] = SECRET  # Artist
    exif[0x0131] = SECRET_PATH  # Software
    exif[0x0112] = 3  # Orientation: rotated 180°
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (43.0, 14.0, 18.0)  # Republic Square, Almaty
    gps[3] = "E"
    gps[4] = (76.0, 56.0, 44.0)
    return exif


def photo() -> bytes:
    out = io.BytesIO()
    _gradient((120, 80)).save(
        out,
        "JPEG",
        quality=85,
        exif=exif_with_gps(),
        xmp=XMP.encode(),
        comment=f"{SECRET} {SECRET_PATH}".encode(),
    )
    return out.getvalue()


def sticker() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", SECRET)
    info.add_itxt("Description", f"made at {SECRET_PATH}", lang="en")
    info.add_text("Comment", SECRET * 20, zip=True)
    info.add(b"tIME", bytes([7, 233, 11, 22, 12, 0, 0]))
    out = io.BytesIO()
    _gradient((64, 64), alpha=True).save(out, "PNG", pnginfo=info, exif=exif_with_gps())
    return out.getvalue()


LOGO = f"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape by {SECRET} in {SECRET_PATH} -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:dc="http://purl.org/dc/elements/1.1/"
   width="100mm" height="100mm" viewBox="0 0 100 100"
   sodipodi:docname="{SECRET_PATH}/logo.svg" inkscape:export-filename="{SECRET_PATH}/logo.png">
  <title>Logo by {SECRET}</title>
  <desc>{SECRET_PATH}</desc>
  <metadata><rdf:RDF><dc:creator>{SECRET}</dc:creator></rdf:RDF></metadata>
  <sodipodi:namedview id="namedview1" inkscape:current-layer="layer1"/>
  <style>.cls-1 {{ fill: #5B2A86; }} #bg {{ fill: url(#grad); }}</style>
  <defs>
    <linearGradient id="grad"><stop offset="0" stop-color="#F2C14E"/>
      <stop offset="1" stop-color="#E4572E"/></linearGradient>
    <circle id="dot" cx="0" cy="0" r="8"/>
  </defs>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1">
    <rect id="bg" width="100" height="100" rx="12"/>
    <path class="cls-1" d="M20 80 L50 20 L80 80 Z" data-fill="ink"/>
    <use href="#dot" x="50" y="62" fill="#FFFFFF"/>
  </g>
</svg>
"""


def slots(template: str) -> str:
    """The slot rects of a mini template, so the hostile one lays text out the same way."""
    text = (MINI / "templates" / template).read_text()
    return "\n".join(re.findall(r"^\s*<rect id=\"slot-.*$", text, re.M))


def card(sticker_uri: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) by {SECRET} -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:cc="http://creativecommons.org/ns#"
   xmlns:dc="http://purl.org/dc/elements/1.1/"
   width="400px" height="300px" viewBox="0 0 400 300" version="1.1" id="svg1"
   inkscape:version="1.3.2 (091e20e, 2023-11-25)"
   sodipodi:docname="card.svg" sodipodi:absref="{SECRET_PATH}/card.svg"
   inkscape:export-filename="{SECRET_PATH}/exports/card.png"
   inkscape:export-xdpi="96" inkscape:export-ydpi="96">
  <title id="title1">Card by {SECRET}</title>
  <desc>{SECRET_PATH}</desc>
  <sodipodi:namedview id="namedview1" pagecolor="#ffffff" inkscape:zoom="2.1"
     inkscape:current-layer="layer1" inkscape:window-width="1920"/>
  <metadata id="metadata1"><rdf:RDF><cc:Work rdf:about="">
    <dc:creator><cc:Agent><dc:title>{SECRET}</dc:title></cc:Agent></dc:creator>
    <dc:source>file://{SECRET_PATH}/card.svg</dc:source>
  </cc:Work></rdf:RDF></metadata>
  <!-- draft notes: {SECRET} at {SECRET_PATH} -->
  <g inkscape:label="Background" inkscape:groupmode="layer" id="layer1" data-note="{SECRET}">
    <rect id="bg" width="400" height="300" fill="#000000" data-fill="paper"/>
    <rect width="400" height="20" fill="#000000" data-fill="accent" data-kind="fact"/>
    <image id="photo" x="280" y="30" width="110" height="73" preserveAspectRatio="none"
       xlink:href="../assets/photo-gps.jpg" sodipodi:absref="{SECRET_PATH}/photo-gps.jpg"/>
    <image id="logo" x="300" y="110" width="40" height="40" href="../assets/logo.svg"
       inkscape:label="{SECRET}'s logo"/>
    <image id="sticker" x="345" y="110" width="40" height="40" xlink:href="{sticker_uri}"/>
  </g>
{slots("card.svg")}
</svg>
"""


def sheet() -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- {SECRET} -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   width="106mm" height="76mm" viewBox="0 0 106 76"
   sodipodi:docname="{SECRET_PATH}/sheet.svg" inkscape:export-filename="{SECRET_PATH}/sheet.pdf">
  <metadata>{SECRET}</metadata>
  <rect width="106" height="76" fill="#5B2A86" data-fill="accent"/>
  <image x="72" y="9" width="28" height="19" preserveAspectRatio="none"
     xlink:href="../assets/photo-gps.jpg"/>
  <image x="72" y="29" width="8" height="8" xlink:href="../assets/logo.svg"/>
{slots("sheet.svg")}
</svg>
"""


def main() -> None:
    (HERE / "assets").mkdir(exist_ok=True)
    (HERE / "templates").mkdir(exist_ok=True)
    (HERE / "assets" / "photo-gps.jpg").write_bytes(photo())
    png = sticker()
    (HERE / "assets" / "sticker.png").write_bytes(png)
    (HERE / "assets" / "logo.svg").write_text(LOGO)
    uri = "data:image/png;base64," + base64.b64encode(png).decode()
    (HERE / "templates" / "card.svg").write_text(card(uri))
    (HERE / "templates" / "sheet.svg").write_text(sheet())


if __name__ == "__main__":
    main()

"""The fact sheet: `downloads/<locale>-factsheet.pdf`, an A4 page or two a journalist can quote.

A Jinja2 template (templates/factsheet.html.j2) becomes a PDF through WeasyPrint, which shapes
with HarfBuzz through Pango: real text in the campaign's fonts (subsets embedded), tagged, with
the document's language set and a link for every source. Steps: gather the texts ▸ fill the
template ▸ render with WeasyPrint, which may read only the brand book's font files ▸ fix the
metadata and identifier with pikepdf, so the same inputs give the same bytes.

Fonts: each face of the brand's chains is its own CSS family, listed in chain order, so Pango
falls back per character exactly as the assets do; `pressroom check` has made sure that every
character is in one of them (press.check), so no system font is ever picked.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import re
from collections.abc import Mapping
from pathlib import Path
from types import SimpleNamespace

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from pressroom.brandbook.press import ROLES as PRESS_ROLES
from pressroom.brandbook.press import font_chain, page_files, page_url
from pressroom.draw.qr import make_qr, qr_svg
from pressroom.draw.syslibs import PANGO_FIX
from pressroom.errors import Problems, SetupError
from pressroom.kit.writer import DOWNLOADS
from pressroom.model import Brandbook, FontFile, Locale
from pressroom.press.pictures import data_urls, with_pictures
from pressroom.printing.pdfbytes import pdf_bytes
from pressroom.printing.pdfx import PRODUCER as PDF_PRODUCER
from pressroom.read.digest import file_sha256
from pressroom.template.colour import page_colours
from pressroom.text.fonts import load_face

ROLES = tuple(PRESS_ROLES)  # display, strong, text
MAX_PAGES = 2  # one A4 sheet, printed on both sides
URL_CHUNK, URL_PIECE = 20, 60  # characters an address keeps together at least, and at most
QR_DARK = "#000000"  # a QR code prints and scans best in black on white
_ENV = Environment(
    loader=PackageLoader("pressroom.press", "templates"),
    autoescape=lambda name: bool(name) and name.endswith(".html.j2"),
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=StrictUndefined,
)



def path_of(locale: Locale) -> str:
    """Where a locale's fact sheet goes."""
    return f"{DOWNLOADS}/{locale.code}-factsheet.pdf"

def _url_parts(url: str) -> Markup:
    """An address that may break after a slash and nowhere else: a reader that joins a line
    ending in a hyphen (pdftotext does) would otherwise copy a wrong address. A part too long
    for a line may break anywhere (no hyphen is drawn), and short parts go together: each
    break is work for WeasyPrint, and a slash every few characters once took it minutes."""
    chunks: list[str] = []
    for part in re.split(r"(?<=/)", url):
        pieces = [part[i : i + URL_PIECE] for i in range(0, len(part), URL_PIECE)]
        for piece in pieces:
            if chunks and len(chunks[-1]) < URL_CHUNK:
                chunks[-1] += piece
            else:
                chunks.append(piece)
    return Markup("<wbr>").join(Markup('<span class="nb">{}</span>').format(c) for c in chunks)


_ENV.filters["url_parts"] = _url_parts


def factsheets(
    book: Brandbook, locales: list[Locale], known: Mapping[str, bytes | None],
    folder: str | None = "",
) -> list[tuple[str, bytes | None]]:
    """Each locale's fact sheet as (path, PDF bytes), or (path, None) where it need not be made
    again: `known` gives, by path, the `identifier` of the sheet the output folder holds, and
    the first half of a sheet's /ID is the digest of its inputs (the HTML, the font files, the
    versions of the tools). `folder` is the site whose pages the sheets link to (room.site_of);
    None when the build writes no page. Raise ContentError when a sheet is over MAX_PAGES
    (`check` says so first: check_pages)."""
    files, problems = [], Problems(book.root)
    pages = page_files(book, [x.code for x in locales])
    for locale in locales:
        rel = path_of(locale)
        document = html(book, locale, pages, folder)
        digest = _digest(locale, document)
        data = None
        if known.get(rel) != digest:
            data = render(book, locale, document, digest)
            too_long(locale, _page_count(data), problems)
        files.append((rel, data))
    problems.raise_if_errors()
    return files


def check_pages(book: Brandbook, locales: list[Locale], problems: Problems) -> None:
    """Lay out the fact sheet of each locale (no PDF made) and say which are over MAX_PAGES.
    About a third of a second a sheet; inputs are bounded (texts.py, the locale schema) so that
    no sheet takes more than a few seconds."""
    files = page_files(book, [x.code for x in locales])
    for locale in locales:
        document = html(book, locale, files)
        pages = len(_html(book, locale, document).render().pages)
        too_long(locale, pages, problems)


def too_long(locale: Locale, pages: int, problems: Problems) -> None:
    """A problem, at the locale's `press:`, when its sheet has more than MAX_PAGES."""
    if pages > MAX_PAGES:
        problems.add(
            locale.path, locale.lines.get(("press",), 0), "press",
            f"its fact sheet ({path_of(locale)}) would be {pages} pages, over {MAX_PAGES}",
            "shorten press.summary, the facts' claims and sources (each source is printed in "
            "full) or the slogans; or keep fewer facts",
        )


def html(
    book: Brandbook, locale: Locale, pages: dict[str, str] | None = None,
    folder: str | None = "",
) -> str:
    """The fact sheet as HTML: the template filled with the locale's texts. Its link and QR
    code lead to the locale's page (`pages`: the build's page_files()) in `folder` (the
    campaign's pages, or a partner's when the build has only partners' kits), or to the
    campaign page (brand.yaml `urls`) when the build writes no page."""

    faces, families = [], {}
    for role in ROLES:
        names = []
        for i, font in enumerate(_text_fonts(locale, role)):
            name = f"pr-{role}-{i}"
            faces.append(SimpleNamespace(family=name, url=_font_url(font)))
            names.append(f'"{name}"')
        families[role] = ", ".join(names)
    p = SimpleNamespace(**locale.press)
    footer = f"{locale.wordmark} · {p.factsheet_title}"
    css = _ENV.get_template("factsheet.css.j2").render(
        faces=faces,
        fonts=SimpleNamespace(**families),
        c=page_colours(book.brand.palette),
        footer=Markup(_css_string(footer)),
    )
    kit_url = None if folder is None else page_url(book, locale, folder, pages)
    kit_url = kit_url or locale.url
    code = make_qr(kit_url)
    qr = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" role="img">'
        f"<title>{Markup.escape(p.qr_alt)}</title>"
        f'{qr_svg(code, 0, 0, 100, 100, QR_DARK, "#FFFFFF")}</svg>'
    )
    return _ENV.get_template("factsheet.html.j2").render(
        locale=locale,
        p=p,
        css=Markup(css),
        facts=[m for m in locale.messages if m.kind == "fact"],
        slogans=[m for m in locale.messages if m.kind == "slogan"],
        kit_url=kit_url,
        contact=book.brand.press,
        qr=Markup(qr),
        pictures=functools.partial(
            with_pictures, face=_colour_face(locale), plain=_plain_faces(locale)
        ),
    )


def _text_fonts(locale: Locale, role: str) -> list[FontFile]:
    """The role's chain for WeasyPrint: its colour fonts left out, since emoji are images."""
    return [f for f in font_chain(locale.fonts, role) if not load_face(f).colour]


def _plain_faces(locale: Locale) -> tuple:
    return tuple(load_face(f) for role in ROLES for f in _text_fonts(locale, role))


def _colour_face(locale: Locale):
    """The locale's first colour font (its emoji), if it has one."""
    fonts = [f for role in ROLES for f in font_chain(locale.fonts, role)]
    return next((load_face(f) for f in fonts if load_face(f).colour), None)


def render(book: Brandbook, locale: Locale, document: str | None = None,
           digest: bytes | None = None) -> bytes:
    """The fact sheet's PDF bytes: tagged, language set, fixed metadata, deterministic id."""
    document = document if document is not None else html(book, locale)
    digest = digest if digest is not None else _digest(locale, document)
    raw = _html(book, locale, document).write_pdf(
        pdf_tags=True, pdf_identifier=False, uncompressed_pdf=False
    )
    return _finish(raw, digest)


def _html(book: Brandbook, locale: Locale, document: str):
    """WeasyPrint's document of the sheet, which may load the locale's fonts and nothing else."""
    weasyprint = _weasyprint()
    allowed = {_font_url(font): font for role in ROLES for font in _text_fonts(locale, role)}
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return weasyprint.HTML(
        string=document, base_url=book.root.resolve().as_uri() + "/",
        url_fetcher=_Fonts(allowed, data_urls(document)),
    )


def _page_count(data: bytes) -> int:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


@functools.cache
def _weasyprint():
    """WeasyPrint, imported once per process. Its import registers XMP namespaces with
    ElementTree (among them '' for no namespace); template/xml.py serializes SVG whatever is
    registered, so nothing here needs undoing."""
    try:
        import weasyprint
    except OSError as exc:  # a system library WeasyPrint loads is missing
        raise SetupError(f"WeasyPrint cannot start ({exc}) — {PANGO_FIX}") from exc
    return weasyprint


def _font_url(font: FontFile) -> str:
    """The address the template gives a font: its file's, and for a face of a collection
    (.ttc) a name of its own, which _Fonts serves as that face alone."""
    uri = font.path.resolve().as_uri()
    return f"{uri}.face-{load_face(font).index}.otf" if font.face else uri


def _font_bytes(font: FontFile) -> bytes:
    """The font file, or the one face of a collection that `font` names, as a font of its own
    (fontTools; timestamps kept, so the bytes are the same every time)."""
    data = font.path.read_bytes()
    if not font.face:
        return data
    from fontTools.ttLib import TTFont

    tt = TTFont(io.BytesIO(data), fontNumber=load_face(font).index, recalcTimestamp=False)
    out = io.BytesIO()
    tt.save(out)
    return out.getvalue()


class _Fonts:
    """WeasyPrint's only way out: the brand book's fonts and the sheet's own emoji pictures,
    and nothing else (no network, no other file), whatever the template or the texts contain."""

    _fail_on_errors = True

    def __init__(self, allowed: dict[str, FontFile], images: dict[str, bytes]):
        self.allowed = allowed
        self.images = images  # the emoji pictures of press/pictures.py, by their data: URL

    def __call__(self, url: str):
        from weasyprint.urls import URLFetcherResponse

        if url in self.images:
            return URLFetcherResponse(url, self.images[url], {"Content-Type": "image/svg+xml"})
        font = self.allowed.get(url)
        if font is None:
            raise ValueError(f"the fact sheet may not load {url[:80]!r}")
        return URLFetcherResponse(url, _font_bytes(font), {"Content-Type": "font/sfnt"})


def _digest(locale: Locale, document: str) -> bytes:
    """16 bytes that change whenever the fact sheet's bytes could: its HTML, its fonts, this
    module and the tools that turn HTML into PDF."""
    fonts = [font for role in ROLES for font in font_chain(locale.fonts, role)]
    for n, font in enumerate(fonts):  # where the checkout lives is not an input: the bytes are
        document = document.replace(_font_url(font), f"font-{n}")
    h = hashlib.sha256(document.encode())
    for font in fonts:
        h.update(bytes.fromhex(file_sha256(font.path)))
    h.update(_tools())
    return h.digest()[:16]


@functools.cache
def _tools() -> bytes:
    """The versions of the tools that turn HTML into PDF, and this module: fixed for a
    process."""
    import pikepdf
    import pydyf

    weasyprint = _weasyprint()
    from weasyprint.text.ffi import pango

    versions = (weasyprint.__version__, pydyf.__version__, pikepdf.__version__,
                str(pango.pango_version()), _harfbuzz_version(), PDF_PRODUCER)
    return "\0".join(versions).encode() + Path(__file__).read_bytes()


def _harfbuzz_version() -> str:
    """The system HarfBuzz's version (WeasyPrint shapes and subsets with it)."""
    import ctypes
    import ctypes.util

    try:
        lib = ctypes.CDLL(ctypes.util.find_library("harfbuzz") or "libharfbuzz.so.0")
        lib.hb_version_string.restype = ctypes.c_char_p
        return lib.hb_version_string().decode()
    except (OSError, AttributeError):
        return ""


def identifier(data: bytes | None) -> bytes | None:
    """The first half of a PDF's /ID (a fact sheet's: the digest of its inputs), or None."""
    import pikepdf

    if not data:
        return None
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return bytes(pdf.trailer.ID[0])
    except Exception:  # a damaged or foreign file: render it again
        return None


def _finish(raw: bytes, digest: bytes) -> bytes:
    """Fixed Producer and Creator, no dates, no XMP; the title shown by viewers; an identifier
    whose first half is the digest of the inputs and second half derived from the content."""
    import pikepdf

    with pikepdf.open(io.BytesIO(raw)) as pdf:
        pdf.trailer.ID = pikepdf.Array([pikepdf.String(digest), pikepdf.String(digest)])
        title = pdf.docinfo.get("/Title")
        if "/Metadata" in pdf.Root:
            del pdf.Root["/Metadata"]
        info = pikepdf.Dictionary(Producer=PDF_PRODUCER, Creator=PDF_PRODUCER)
        if title is not None:
            info["/Title"] = title
        pdf.trailer["/Info"] = pdf.make_indirect(info)
        pdf.Root["/ViewerPreferences"] = pikepdf.Dictionary(DisplayDocTitle=True)
        _one_link_per_line(pdf)
        return pdf_bytes(pdf)


def _one_link_per_line(pdf) -> None:
    """One link area per address and line. WeasyPrint makes an area for every inline box of a
    link, and an address is cut into boxes where it may break (_url_parts): 9 addresses made
    169 areas, 88 of no width, which a keyboard or screen-reader user meets as that many stops.
    Areas of one address whose heights overlap by half (one line) become their union; areas of
    no width go. The structure tree loses its references to the areas that went, so the tagged
    PDF stays whole."""
    import pikepdf

    tree = pdf.Root.get("/StructTreeRoot")
    parents = tree.get("/ParentTree") if tree is not None else None
    if parents is None or "/Nums" not in parents:
        return  # a structure this does not know: areas are left as WeasyPrint made them
    nums = parents.Nums
    owner = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    gone: set[int] = set()
    for page in pdf.pages:
        kept, lines = [], {}
        for annot in page.get("/Annots", []):
            uri = annot.get("/A", {}).get("/URI") if annot.get("/Subtype") == "/Link" else None
            if uri is None:
                kept.append(annot)
                continue
            x0, y0, x1, y1 = _rect(annot)
            if x1 - x0 < 0.01:
                gone.add(int(annot.get("/StructParent", -1)))
                _unlink(owner.get(int(annot.get("/StructParent", -1))), annot)
                continue
            same = next((a for a in lines.get(str(uri), ()) if _one_line(_rect(a), (y0, y1))),
                        None)
            if same is None:
                lines.setdefault(str(uri), []).append(annot)
                kept.append(annot)
                continue
            sx0, sy0, sx1, sy1 = _rect(same)
            same.Rect = pikepdf.Array([min(sx0, x0), min(sy0, y0), max(sx1, x1), max(sy1, y1)])
            gone.add(int(annot.get("/StructParent", -1)))
            _unlink(owner.get(int(annot.get("/StructParent", -1))), annot)
        if "/Annots" in page:
            page.Annots = pikepdf.Array(kept)
    parents.Nums = pikepdf.Array(
        [v for i in range(0, len(nums), 2) if int(nums[i]) not in gone for v in nums[i : i + 2]]
    )


def _rect(annot) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in annot.Rect)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _one_line(rect, span: tuple[float, float]) -> bool:
    """Whether `rect` and the vertical `span` share at least half the lower height."""
    _, y0, _, y1 = rect
    shared = min(y1, span[1]) - max(y0, span[0])
    return shared > 0.5 * min(y1 - y0, span[1] - span[0])


def _unlink(element, annot) -> None:
    """Take the reference to `annot` (an OBJR) out of its structure element; an element left
    with nothing is taken out of its parent."""
    import pikepdf

    if element is None:
        return
    kids = element.get("/K")
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    left = [k for k in items if not (isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"
                                     and k.get("/Obj") is not None
                                     and k.Obj.objgen == annot.objgen)]
    if left:
        element.K = pikepdf.Array(left) if len(left) > 1 else left[0]
        return
    del element["/K"]
    parent = element.get("/P")
    siblings = parent.get("/K") if parent is not None else None
    if isinstance(siblings, pikepdf.Array):
        parent.K = pikepdf.Array(
            [k for k in siblings
             if not (isinstance(k, pikepdf.Dictionary) and k.objgen == element.objgen)]
        )


def _css_string(text: str) -> str:
    """`text` as the inside of a double-quoted CSS string."""
    return "".join(c if c.isalnum() or c in " ·—-.,:;!?()" else f"\\{ord(c):x} " for c in text)


"""The brand book page, its thumbnails and the per-language zips, made from the manifest.

One HTML file per language: `index.html` in the primary language (`brand.yaml`,
`primary_locale`), `<code>.html` for every other one. Each file is small, opens in its own
language with the right `lang` and `dir`, carries Open Graph tags for its own link card, and its
language switcher is plain links, so it works with JavaScript off, from `file://` and from any
static host. The page loads nothing from another origin: CSS and the copy-button script are inline
and pinned by a Content-Security-Policy that lists their hashes; previews are local thumbnails.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import time
import zipfile
from dataclasses import dataclass
from types import SimpleNamespace

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from pressroom import presspage
from pressroom.asset import Asset
from pressroom.colour import contrast
from pressroom.model import Brandbook, Format, Locale
from pressroom.thumbs import Thumb, write_thumbs
from pressroom.writer import DOWNLOADS, SUMS, Output

_ENV = Environment(
    loader=PackageLoader("pressroom", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=StrictUndefined,
)
INDEX = "index.html"

# The file a card offers first; a PNG beside it is its preview (a poster's, or a video's cover).
MAIN_FILES = ("application/pdf", "video/mp4")
# Open Graph wants language_TERRITORY; a locale code without a territory gets its usual one.
OG_TERRITORY = {"en": "en_US", "ru": "ru_RU", "kk": "kk_KZ", "uk": "uk_UA", "ky": "ky_KG"}


def build_epoch() -> int:
    """Timestamp for zip entries: SOURCE_DATE_EPOCH if set, else a fixed date (reproducible)."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return max(int(value), 315532800) if value.isdigit() else 315532800  # 1980-01-01


def write_zips(out: Output, book: Brandbook, assets: list[Asset]) -> list[str]:
    """`downloads/<locale>.zip` per language: sorted entries, fixed timestamps, stored."""
    stamp = time.gmtime(build_epoch())[:6]
    written = []
    for locale in book.locales:
        mine = sorted((a for a in assets if a.locale == locale.code), key=lambda a: a.path)
        if not mine:
            continue
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
            for a in mine:
                info = zipfile.ZipInfo(a.path, date_time=stamp)
                info.external_attr = 0o644 << 16
                info.create_system = 3
                zf.writestr(info, out.read(a.path))
        name = _zip_path(locale)
        out.write(name, buf.getvalue())
        written.append(name)
    return written


def _zip_path(locale: Locale) -> str:
    return f"{DOWNLOADS}/{locale.code}.zip"


# ---------------------------------------------------------------------------------------------
# The page


@dataclass(frozen=True)
class Page:
    locale: Locale
    file: str  # index.html or <code>.html


def write_page(out: Output, book: Brandbook, assets: list[Asset]) -> list[str]:
    """Write one HTML file per language (and the thumbnails they show); return the file names.

    Steps: choose the pages ▸ make the thumbnails ▸ pick colours that keep contrast ▸ render
    each language. (Pages of languages that are gone are removed with the build's other stale
    files.)
    """
    pages = _pages(book, assets)
    thumbs = write_thumbs(out, [a for a in assets if a.is_png])
    css = _ENV.get_template("page.css.j2").render(c=page_colours(book.brand.palette))
    js = _ENV.loader.get_source(_ENV, "page.js")[0]
    csp = (
        # connect-src 'self': the page's pinned script fetches nothing, but Lighthouse fetches
        # robots.txt from inside the page and would call it missing (README: Lighthouse)
        "default-src 'none'; connect-src 'self'; img-src 'self'; media-src 'self'; "
        f"style-src '{_csp_hash(css)}'; script-src '{_csp_hash(js)}'; "
        "base-uri 'none'; form-action 'none'"
    )
    for page in pages:
        context = _page_context(book, page, pages, assets, thumbs, out)
        html = _ENV.get_template("index.html.j2").render(
            **context, css=Markup(css), js=Markup(js), csp=Markup(csp)
        )
        out.write(page.file, html.encode())
    return sorted(p.file for p in pages)


def _pages(book: Brandbook, assets: list[Asset]) -> list[Page]:
    """The primary language first (as index.html), then every other language that has assets."""
    present = {a.locale for a in assets}
    with_assets = [x for x in book.locales if x.code in present]
    primary = next((x for x in with_assets if x.code == book.brand.primary_locale), None)
    if primary is None:  # a partial build without the primary language, or nothing built yet
        primary = with_assets[0] if with_assets else _primary(book)
    rest = [x for x in with_assets if x is not primary]
    return [Page(primary, INDEX)] + [Page(x, f"{x.code}.html") for x in rest]


def _primary(book: Brandbook) -> Locale:
    codes = [x.code for x in book.locales]
    code = book.brand.primary_locale
    return book.locale(code) if code in codes else book.locales[0]


def _page_context(book, page, pages, assets, thumbs, out) -> dict:
    locale = page.locale
    t = strings(locale)
    mine = [a for a in assets if a.locale == locale.code]
    formats = {f.name: f for f in book.formats}
    order = {f.name: i for i, f in enumerate(book.formats)}
    messages = []
    for message in locale.messages:
        groups: dict[str, list[Asset]] = {}
        for a in mine:
            if a.message == message.id:
                groups.setdefault(a.format, []).append(a)
        if not groups:
            continue
        names = sorted(groups, key=lambda n: (order.get(n, len(order)), n))
        cards = [_card(locale, t, n, formats.get(n), groups[n], thumbs) for n in names]
        first = groups[names[0]][0]
        messages.append(
            {
                "id": message.id,
                "kind": message.kind,
                "texts": message.texts,
                "alt": first.alt,
                "caption": first.caption,
                "cards": cards,
            }
        )
    zip_rel = _zip_path(locale)
    zip_file = out.path(zip_rel)
    zip_size = zip_file.stat().st_size if mine and zip_file.is_file() else None
    return {
        "locale": locale,
        "t": SimpleNamespace(**t),
        "languages": [
            {"code": p.locale.code, "name": p.locale.name, "href": p.file, "current": p is page}
            for p in pages
        ],
        "zip": {"href": zip_rel, "size": _size(zip_size, t)} if zip_size else None,
        "messages": messages,
        "has_posters": any(c["print"] for m in messages for c in m["cards"]),
        "og": _open_graph(book, page, pages, mine),
        "press": presspage.section(book, locale, out, lambda n: _size(n, t)),
        "sums": SUMS,
        "verify": _verify_text(t["verify_howto"]),
    }


def strings(locale: Locale) -> dict[str, str]:
    """The page strings of a locale (the schema makes every key required)."""
    return dict(locale.page)


def _card(locale, t, name: str, fmt: Format | None, files: list[Asset], thumbs) -> dict:
    """One format of one message: preview, size, and its files (PDF or MP4 first, then PNG)."""
    files = sorted(files, key=lambda a: (a.media_type not in MAIN_FILES, a.path))
    png = next((a for a in files if a.is_png), None)
    video = next((a for a in files if a.is_video), None)
    is_print = any(a.is_pdf for a in files)
    thumb: Thumb | None = thumbs.get(png.path) if png else None
    if is_print and fmt is not None:  # the paper's name (A4) is in the format's name
        meta = [f"{fmt.width:g}\u202f×\u202f{fmt.height:g}\u00a0{t['mm']}"]
        if fmt.bleed:
            meta.append(f"{t['bleed']}: {fmt.bleed:g}\u00a0{t['mm']}")
    elif is_print:
        pdf = files[0]
        meta = [f"{pdf.width:g}\u202f×\u202f{pdf.height:g}\u00a0{t['mm']}"]
    else:
        a = files[0]
        meta = [f"{a.width}\u202f×\u202f{a.height}\u00a0{t['px']}"]
        if video is not None:
            seconds = round(video.duration or 0)
            meta[0] += f" · {seconds // 60}:{seconds % 60:02d}"
    links = []
    for a in files:
        ext = a.suffix.lstrip(".")
        preview = (is_print or video is not None) and a.is_png
        links.append(
            {
                "href": a.path,
                "download": f"{locale.code}-{name}-{a.message}.{ext}",
                "label": t["preview"] if preview else t["download"],
                "what": f"{ext.upper()} · {_size(a.bytes, t)}",
                "primary": not preview,
            }
        )
    return {
        "name": name,
        "title": presspage.format_name(locale, name),
        "id": f"{files[0].message}-{name}",
        "meta": meta,
        "thumb": thumb,
        "video": video.path if video else None,
        "alt": png.alt if png else "",
        "links": links,
        "print": is_print,
    }


def _size(n: int, t: dict) -> str:
    if n >= 1000 * 1024:
        return f"{max(1, round(n / (1024 * 1024)))}\u00a0{t['mb']}"
    return f"{max(1, round(n / 1024))}\u00a0{t['kb']}"


def _open_graph(book: Brandbook, page: Page, pages: list[Page], mine: list[Asset]) -> dict:
    """Open Graph and Twitter card data: the first link card of the page's language."""
    order = [m.id for m in page.locale.messages]
    cards = sorted(
        (a for a in mine if a.format == "link-card" and a.is_png),
        key=lambda a: order.index(a.message) if a.message in order else len(order),
    )
    card = cards[0] if cards else None
    return {
        "image": card,
        "links": presspage.head(book, page.locale, pages, card),
        "locale": _og_locale(page.locale.code),
        "alternates": [_og_locale(p.locale.code) for p in pages if p is not page],
    }


def _og_locale(code: str) -> str:
    parts = code.split("-")
    region = next((p for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    if region:
        return f"{parts[0]}_{region.upper()}"
    return OG_TERRITORY.get(parts[0], parts[0])


def _verify_text(text: str) -> Markup:
    """The verify line, with the command in it set as code."""
    html = str(escape(text))
    html = re.sub(r"(sha256sum(?: --?[a-z-]+)* SHA256SUMS)", r"<code>\1</code>", html, count=1)
    return Markup(html)


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode()).digest()
    return "sha256-" + base64.b64encode(digest).decode()


# ---------------------------------------------------------------------------------------------
# Colours: the campaign palette, checked for contrast


DEFAULT_COLOURS = {"ink": "#17112B", "paper": "#FFF8EC", "accent": "#5B2A86", "sun": "#FFC53D"}
# Each page colour is the first palette colour of these names that the brand book has.
ROLE_NAMES = {
    "ink": ("ink", "black"),
    "paper": ("paper", "white"),
    "accent": ("violet", "accent", "primary"),
    "sun": ("sun", "highlight", "yellow"),
}


def page_colours(palette: dict[str, str]) -> dict[str, str]:
    """The page's colours from the palette; a colour that would make text hard to read falls
    back to the default, so the page keeps a contrast of at least 4.5:1 everywhere."""
    c = {
        role: next((palette[n] for n in names if n in palette), DEFAULT_COLOURS[role])
        for role, names in ROLE_NAMES.items()
    }
    if contrast(c["ink"], c["paper"]) < 7:
        c["ink"], c["paper"] = DEFAULT_COLOURS["ink"], DEFAULT_COLOURS["paper"]
    c["surface"] = mix(c["paper"], "#FFFFFF", 0.6)
    c["tint"] = mix(c["accent"], c["paper"], 0.07)
    c["well"] = mix(c["accent"], "#FFFFFF", 0.09)  # behind the previews (no text on it)
    c["line"] = mix(c["accent"], c["paper"], 0.22)
    if min(contrast(c["accent"], c[bg]) for bg in ("paper", "surface", "tint")) < 4.5:
        c["accent"] = c["ink"]
    if contrast(c["ink"], c["sun"]) < 4.5:
        c["sun"] = DEFAULT_COLOURS["sun"]
    c["on_accent"] = c["paper"]
    c["mark"] = c["sun"] if contrast(c["sun"], c["accent"]) >= 4.5 else c["paper"]
    # focus rings: ink on light ground, the mark colour on the accent ground
    c["muted"] = mix(c["ink"], c["paper"], 0.78)
    if min(contrast(c["muted"], c[bg]) for bg in ("paper", "surface", "tint")) < 4.5:
        c["muted"] = c["ink"]
    return c


def mix(a: str, b: str, weight: float) -> str:
    """`weight` of colour `a` over colour `b` (#RRGGBB)."""
    channels = (
        round(int(a[i : i + 2], 16) * weight + int(b[i : i + 2], 16) * (1 - weight))
        for i in (1, 3, 5)
    )
    return "#" + "".join(f"{x:02X}" for x in channels)

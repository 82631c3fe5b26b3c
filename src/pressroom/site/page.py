"""The brand book page, its thumbnails and the per-language zips, made from the manifest.

One HTML file per language: `index.html` in the primary language (`brand.yaml`,
`primary_locale`), `<code>.html` for every other one. Each partner gets the same pages in its
own folder (`partners/<id>/`), showing its co-branded kit with its name and logo; every link on
them is relative, so a partner's folder works beside the rest (thumbnails and SHA256SUMS are the
top folder's). Beside each asset, every page offers the plain kit's copy (no campaign marks).
Zips are per kit and language: `downloads/<code>.zip`, `partners/<id>/downloads/<code>.zip` and
`plain/downloads/<code>-images.zip`. Each file is small, opens in its own language with the right
`lang` and `dir`, carries Open Graph tags for its own link card, and its language switcher and
its places (where people post: site/places.py) are plain links, so it works with JavaScript
off, from `file://` and from any static host. The page loads nothing from another origin: CSS
and the copy-button script are inline and pinned by a Content-Security-Policy that lists their
hashes; previews are local thumbnails.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from types import SimpleNamespace

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from pressroom.brandbook.press import INDEX, page_files
from pressroom.kit.asset import Asset
from pressroom.kit.plan import MAIN, PLAIN, kit_folder
from pressroom.kit.writer import DOWNLOADS, SUMS, Output
from pressroom.kit.zips import stored_zip
from pressroom.model import Brandbook, Format, Locale, Partner
from pressroom.site import places, press
from pressroom.site.thumbs import LARGE, Thumb, write_thumbs
from pressroom.template.allow import publish
from pressroom.template.colour import luminance, page_colours

_ENV = Environment(
    loader=PackageLoader("pressroom.site", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=StrictUndefined,
)

# The file a card offers first; a PNG beside it is its preview (a poster's, or a video's cover).
MAIN_FILES = ("application/pdf", "video/mp4")
# Open Graph wants language_TERRITORY; a locale code without a territory gets its usual one.
OG_TERRITORY = {"en": "en_US", "ru": "ru_RU", "kk": "kk_KZ", "uk": "uk_UA", "ky": "ky_KG"}


def build_epoch() -> int:
    """Timestamp for zip entries: SOURCE_DATE_EPOCH if set, else a fixed date (reproducible)."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return max(int(value), 315532800) if value.isdigit() else 315532800  # 1980-01-01


def write_zips(out: Output, book: Brandbook, assets: list[Asset]) -> list[str]:
    """A zip per kit and language (`zip_path`): sorted entries named by their paths in the
    output folder (so SHA256SUMS checks them), fixed timestamps, stored."""
    groups: dict[tuple[str, str], list[Asset]] = {}
    drafts = {x.code for x in book.locales if x.draft}  # previews: never in a zip
    for a in assets:
        if a.locale not in drafts:
            groups.setdefault((a.kit, a.locale), []).append(a)
    written, epoch = [], build_epoch()
    for (kit, code), mine in sorted(groups.items()):
        data = stored_zip((a.path for a in mine), out.read, epoch)
        name = zip_path(kit, code)
        out.write(name, data)
        written.append(name)
    return written


PLAIN_ZIP = "{code}-images.zip"  # the plain kit's: a name apart from the campaign's <code>.zip


def zip_path(kit: str, code: str) -> str:
    """Where the zip of one kit's language goes: `[partners/<id>/]downloads/<code>.zip`, or
    `plain/downloads/<code>-images.zip`: a plain zip saved beside the campaign's keeps its own
    name, and says nothing of what it holds."""
    folder = kit_folder(kit)
    name = PLAIN_ZIP.format(code=code) if kit == PLAIN else f"{code}.zip"
    return str(folder / DOWNLOADS / name)


# ---------------------------------------------------------------------------------------------
# The page


@dataclass(frozen=True)
class Page:
    locale: Locale
    file: str  # index.html or <code>.html

    @property
    def draft(self) -> bool:
        """A draft's preview page: linked from no other page, not indexed, no zips."""
        return self.locale.draft


@dataclass(frozen=True)
class Site:
    """The pages of one kit: the campaign's own (`main`, at the top) or a partner's."""

    kit: str
    partner: Partner | None = None

    @property
    def folder(self) -> str:
        """The pages' folder with a final `/` ("" at the top)."""
        folder = str(kit_folder(self.kit))
        return "" if folder == "." else f"{folder}/"

    def href(self, path: str) -> str:
        """A link from this site's pages to `path` (relative to the output folder)."""
        if path.startswith(self.folder):
            return path[len(self.folder):]
        return "../" * self.folder.count("/") + path


LOGO_FILE = "logo.svg"  # a partner's logo, as its pages show it


PAGE_TEMPLATES = ("index.html.j2", "press.html.j2", "page.css.j2")


def compile_templates() -> None:
    """Compile the page's templates now (the environment keeps them): a build does it while
    its workers render, rather than after them."""
    for name in PAGE_TEMPLATES:
        _ENV.get_template(name)


def write_page(out: Output, book: Brandbook, assets: list[Asset]) -> list[str]:
    """Write one HTML file per language and site (the campaign's, each partner's), and the
    thumbnails they show; return the file names.

    Steps: choose the sites and pages ▸ make the thumbnails ▸ pick colours that keep contrast ▸
    render each language. (Pages of languages that are gone are removed with the build's other
    stale files.)
    """
    shown = [a for a in assets if a.kit != PLAIN]  # the plain kit is offered beside these
    pngs = [a for a in shown if a.is_png]
    thumbs = write_thumbs(out, pngs)
    large = write_thumbs(out, pngs, LARGE)  # a chosen place's previews
    colours = page_colours(book.brand.palette)
    css = _ENV.get_template("page.css.j2").render(c=colours, places=Markup(places.css(book)))
    js = _ENV.loader.get_source(_ENV, "page.js")[0]
    csp = (
        # connect-src 'self': the page's pinned script fetches nothing, but Lighthouse fetches
        # robots.txt from inside the page and would call it missing (docs/output.md: Lighthouse)
        "default-src 'none'; connect-src 'self'; img-src 'self'; media-src 'self'; "
        f"style-src '{_csp_hash(css)}'; script-src '{_csp_hash(js)}'; "
        "base-uri 'none'; form-action 'none'"
    )
    plain = {(a.locale, a.format, a.message, a.suffix): a for a in assets if a.kit == PLAIN}
    sites = [Site(MAIN)] + [Site(p.id, p) for p in book.brand.partners]
    written = []
    for site in sites:
        mine = [a for a in assets if a.kit == site.kit]
        if not mine:
            continue
        if site.partner is not None:
            logo = site.partner.logo_on(luminance(colours["accent"]))  # the header's colour
            out.write(f"{site.folder}{LOGO_FILE}", logo_document(logo.svg, logo.width,
                                                                  logo.height).encode())
        pages = _pages(book, mine)
        for page in pages:
            context = _page_context(book, site, page, pages, mine, (thumbs, large), plain, out)
            html = _ENV.get_template("index.html.j2").render(
                **context, css=Markup(css), js=Markup(js), csp=Markup(csp)
            )
            out.write(f"{site.folder}{page.file}", html.encode())
            written.append(f"{site.folder}{page.file}")
    return sorted(written)


def logo_document(fragment: str, width: float, height: float) -> str:
    """A logo as an SVG file of its own size (the page shows it with <img>), rebuilt on the
    public allow-list: nothing in it runs, loads or names its designer (template/allow.py)."""
    tag = fragment[1 : fragment.index(" ")]
    box = f'x="0" y="0" width="{width:g}" height="{height:g}"'
    inner = f"<{tag} {box}{fragment[len(tag) + 1:]}"
    return publish(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" '
        f'width="{width:g}" height="{height:g}">{inner}</svg>', LOGO_FILE
    )


def _pages(book: Brandbook, assets: list[Asset]) -> list[Page]:
    """A page for every language that has assets, index.html first (brandbook.press.page_files:
    the primary language, or the first one a partial build has); with none, the primary's."""
    codes = {a.locale for a in assets}
    files = page_files(book, codes)
    drafts = [Page(x, f"{x.code}.html") for x in book.locales if x.draft and x.code in codes]
    if not files and not drafts:  # nothing built yet
        return [Page(_primary(book), INDEX)]
    pages = [Page(book.locale(code), file) for code, file in files.items()]
    return sorted(pages, key=lambda p: p.file != INDEX) + drafts


def _primary(book: Brandbook) -> Locale:
    codes = [x.code for x in book.locales if not x.draft]
    code = book.brand.primary_locale
    return book.locale(code) if code in codes else book.locales[0]


def _page_context(book, site: Site, page, pages, assets, thumbs, plain, out) -> dict:
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
        cards = [
            _card(locale, t, n, formats.get(n), groups[n], thumbs, plain, site) for n in names
        ]
        first = groups[names[0]][0]
        where = {p for n in names if n in formats for p in formats[n].places}
        messages.append(
            {
                "id": message.id,
                "places": places.classes(sorted(where)),
                "kind": message.kind,
                "texts": message.texts,
                "alt": first.alt,
                "caption": first.caption,
                "cards": cards,
            }
        )
    partner = site.partner
    return {
        "locale": locale,
        "t": SimpleNamespace(**t),
        "languages": [
            {"code": p.locale.code, "name": p.locale.name, "href": p.file, "current": p is page}
            for p in pages
            if p is page or not p.draft  # a draft's preview is linked from no other page
        ],
        "draft": page.draft,
        "zip": None if page.draft else _zip_link(out, site, site.kit, locale, t, bool(mine)),
        "plain_zip": None if page.draft else _zip_link(out, site, PLAIN, locale, t, bool(mine)),
        "messages": messages,
        "places": places.offered(book, locale, {a.format for a in mine}),
        "share_label": t.get("share"),  # optional: without it, no Share button (check warns)
        "has_posters": any(c["print"] for m in messages for c in m["cards"]),
        "og": _open_graph(book, site, page, [p for p in pages if not p.draft], mine),
        "press": press.section(book, locale, out, lambda n: _size(n, t), site.href),
        "sums": site.href(SUMS),
        "favicon": site.href("favicon"),  # .svg and .png, at the top of the output folder
        "verify": _verify_text(t["verify_howto"]),
        "partner": {"name": partner.name, "logo": LOGO_FILE} if partner else None,
    }


def _zip_link(out: Output, site: Site, kit: str, locale: Locale, t, any_assets: bool):
    """The link to a kit's zip of `locale`, when it was written."""
    rel = zip_path(kit, locale.code)
    size = out.size(rel)  # as this build leaves it
    if not any_assets or size is None:
        return None
    return {"href": site.href(rel), "size": _size(size, t)}


def strings(locale: Locale) -> dict[str, str]:
    """The page strings of a locale (the schema makes every key required)."""
    return dict(locale.page)


def _card(
    locale, t, name: str, fmt: Format | None, files: list[Asset], thumbs, plain, site: Site
) -> dict:
    """One format of one message: its previews (`thumbs`: the small and the large ones, by
    asset path), size, its files (PDF or MP4 first, then PNG), the same without campaign marks
    (the plain kit's, when it was built), and the places it goes to."""
    files = sorted(files, key=lambda a: (a.media_type not in MAIN_FILES, a.path))
    png = next((a for a in files if a.is_png), None)
    video = next((a for a in files if a.is_video), None)
    is_print = any(a.is_pdf for a in files)
    small, large = (_thumb(box, png, site) for box in thumbs)
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
                "href": site.href(a.path),
                "download": f"{locale.code}-{name}-{a.message}.{ext}",
                "label": t["preview"] if preview else t["download"],
                "what": f"{ext.upper()} · {_size(a.bytes, t)}",
                "primary": not preview,
                "plain": False,
            }
        )
    twin = plain.get((files[0].locale, files[0].format, files[0].message, files[0].suffix))
    if twin is not None:  # the first file (the PDF of a poster): the one to post or print
        ext = twin.suffix.lstrip(".")
        links.append(
            {
                "href": site.href(twin.path),
                # its file's own neutral name (en-story-01.png): no message id, no kit
                "download": f"{locale.code}-{name}-{PurePosixPath(twin.path).name}",
                "label": t["plain"],
                "what": f"{ext.upper()} · {_size(twin.bytes, t)}",
                "primary": False,
                "plain": True,
            }
        )
    main = files[0]  # what a phone's share sheet gets: the still or the clip, not a print PDF
    share = None if is_print else {"href": site.href(main.path), "type": main.media_type,
                                   "name": links[0]["download"]}
    return {
        "name": name,
        "title": press.format_name(locale, name),
        "id": f"{files[0].message}-{name}",
        "share": share,
        "meta": meta,
        "thumb": small,
        "large": large,
        "places": places.classes(fmt.places if fmt else ()),
        "video": site.href(video.path) if video else None,
        "alt": png.alt if png else "",
        "links": links,
        "print": is_print,
    }


def _thumb(thumbs: dict[str, Thumb], png: Asset | None, site: Site) -> Thumb | None:
    """The preview of `png` among `thumbs`, linked from the site's pages."""
    thumb = thumbs.get(png.path) if png else None
    return dataclasses.replace(thumb, path=site.href(thumb.path)) if thumb else None


def _size(n: int, t: dict) -> str:
    if n >= 1000 * 1024:
        return f"{max(1, round(n / (1024 * 1024)))}\u00a0{t['mb']}"
    return f"{max(1, round(n / 1024))}\u00a0{t['kb']}"


def _open_graph(
    book: Brandbook, site: Site, page: Page, pages: list[Page], mine: list[Asset]
) -> dict:
    """Open Graph and Twitter card data: the first link card of the page's language."""
    order = [m.id for m in page.locale.messages]
    cards = sorted(
        (a for a in mine if a.format == "link-card" and a.is_png),
        key=lambda a: order.index(a.message) if a.message in order else len(order),
    )
    card = cards[0] if cards else None
    if page.draft:  # a preview: no address to share it by
        return {"image": None, "links": {"canonical": None, "alternates": [], "image": None},
                "locale": _og_locale(page.locale.code), "alternates": []}
    return {
        "image": dataclasses.replace(card, path=site.href(card.path)) if card else None,
        "links": press.head(book, page.locale, pages, card, site.folder),
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

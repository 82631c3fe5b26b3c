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
from types import SimpleNamespace

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from pressroom import GENERATOR
from pressroom.brandbook.press import INDEX, page_files
from pressroom.kit.asset import Asset
from pressroom.kit.plan import MAIN, PLAIN, kit_folder
from pressroom.kit.writer import DOWNLOADS, SUMS, Output
from pressroom.kit.zips import laid_out, stored_zip
from pressroom.model import Brandbook, Locale, Partner
from pressroom.site import cards, places, press
from pressroom.site.thumbs import LARGE, write_thumbs
from pressroom.template.allow import publish
from pressroom.template.colour import luminance, page_colours
from pressroom.text.linebreak import DASHES

_ENV = Environment(
    loader=PackageLoader("pressroom.site", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=StrictUndefined,
)

# Open Graph wants language_TERRITORY; a locale code without a territory gets its usual one.
OG_TERRITORY = {"en": "en_US", "ru": "ru_RU", "kk": "kk_KZ", "uk": "uk_UA", "ky": "ky_KG"}


def build_epoch() -> int:
    """Timestamp for zip entries: SOURCE_DATE_EPOCH if set, else a fixed date (reproducible)."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return max(int(value), 315532800) if value.isdigit() else 315532800  # 1980-01-01


def write_zips(out: Output, book: Brandbook, assets: list[Asset]) -> list[str]:
    """A zip per kit and language (`zip_path`): sorted entries named by their paths in the
    output folder (so SHA256SUMS checks them), fixed timestamps, stored. A zip the last build
    made of the same files (by their manifest entries) and left intact is kept."""
    groups: dict[tuple[str, str], list[Asset]] = {}
    drafts = {x.code for x in book.locales if x.draft}  # previews: never in a zip
    for a in assets:
        if a.locale not in drafts:
            groups.setdefault((a.kit, a.locale), []).append(a)
    before: dict[tuple[str, str], set[tuple[str, str]]] = {}
    if out.previous.generator == GENERATOR:  # (another version may lay zips out otherwise)
        for a in out.previous.assets.values():
            before.setdefault((a.kit, a.locale), set()).add((a.path, a.sha256))
    written, epoch = [], build_epoch()
    for (kit, code), mine in sorted(groups.items()):
        name = zip_path(kit, code)
        names = [a.path for a in mine]
        if (
            before.get((kit, code)) == {(a.path, a.sha256) for a in mine}
            and out.intact(name)
            and laid_out(out.path(name), names, epoch)
        ):
            out.keep(name)
        else:
            out.write(name, stored_zip(names, out.read, epoch))
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
    css = _ENV.get_template("page.css.j2").render(
        c=colours, places=Markup(places.css(book)), large=Markup(cards.large_css(large))
    )
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
            html = _shown_text_held(_ENV.get_template("index.html.j2").render(
                **context, css=Markup(css), js=Markup(js), csp=Markup(csp)
            ))
            out.write(f"{site.folder}{page.file}", html.encode())
            written.append(f"{site.folder}{page.file}")
    return sorted(written)


_TAG_OR_SCRIPT = re.compile(r"(<script\b.*?</script>|<[^>]*>)", re.S)
_WORD_AND_DASH = re.compile(rf"(\S+ [{DASHES}])")


def _shown_text_held(html: str) -> str:
    """The page with each dash in its body's text kept on the line of the word before it, as
    the assets' line breaking keeps it (a browser may start a line with it, UAX #14): the two
    in a `nb` span that does not wrap, so a copy of the text is the text as written. Only the
    text between tags, never an attribute or the script; exact, as every text in the page is
    escaped (no < or > in it)."""
    head, body, rest = html.partition("<body>")
    parts = _TAG_OR_SCRIPT.split(rest)
    for i in range(0, len(parts), 2):
        parts[i] = _WORD_AND_DASH.sub(r'<span class="nb">\1</span>', parts[i])
    return head + body + "".join(parts)


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
        shown = [
            cards.card(locale, t, n, formats.get(n), groups[n], thumbs, plain, site.href)
            for n in names
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
                "cards": shown,
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
        "press": press.section(book, locale, out, lambda n: cards.size(n, t), site.href),
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
    return {"href": site.href(rel), "size": cards.size(size, t)}


def strings(locale: Locale) -> dict[str, str]:
    """The page strings of a locale (the schema makes every key required)."""
    return dict(locale.page)


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

"""One card of the download page: a format of a message, with its preview, size and links.

A card is kept small in the page (a whole kit's page has some 150 of them, and a phone lays out
every element): one `<img>` for both previews. It shows the small one; once a place is chosen
its CSS box is the large preview's (`large_css`: a rule per size) and the page's script points
it at the large file (`data-large`). Without JavaScript the small file is shown enlarged, as a
browser without scripts loads every image, lazy or hidden. The Share button is not in the
page: the script adds one beside each link marked `data-share` where the browser can share
files (site/templates/page.js).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import PurePosixPath

from pressroom.kit.asset import Asset
from pressroom.model import Format, Locale
from pressroom.site import places, press
from pressroom.site.thumbs import Thumb
from pressroom.text.linebreak import with_soft_hyphens

DOT = "\u00a0· "  # between a card's facts: a line may end after the dot, never start with it

# The file a card offers first; a PNG beside it is its preview (a poster's, or a video's cover).
MAIN_FILES = ("application/pdf", "video/mp4")


def card(
    locale: Locale, t: dict, name: str, fmt: Format | None, files: list[Asset], thumbs,
    plain: dict, href: Callable[[str], str],
) -> dict:
    """One format of one message: its previews (`thumbs`: the small and the large ones, by
    asset path), size, its files (PDF or MP4 first, then PNG), the same without campaign marks
    (the plain kit's, when it was built), and the places it goes to. `href` links a path of
    the output folder from the page."""
    files = sorted(files, key=lambda a: (a.media_type not in MAIN_FILES, a.path))
    png = next((a for a in files if a.is_png), None)
    video = next((a for a in files if a.is_video), None)
    is_print = any(a.is_pdf for a in files)
    small, large = (_thumb(box, png, href) for box in thumbs)
    links = []
    for a in files:
        ext = a.suffix.lstrip(".")
        preview = (is_print or video is not None) and a.is_png
        links.append({
            "href": href(a.path),
            "download": f"{locale.code}-{name}-{a.message}.{ext}",
            "label": t["preview"] if preview else t["download"],
            "what": f"{ext.upper()}{DOT}{size(a.bytes, t)}",
            "primary": not preview,
            "plain": False,
        })
    twin = plain.get((files[0].locale, files[0].format, files[0].message, files[0].suffix))
    if twin is not None:  # the first file (the PDF of a poster): the one to post or print
        ext = twin.suffix.lstrip(".")
        links.append({
            "href": href(twin.path),
            # its file's own neutral name (en-story-01.png): no message id, no kit
            "download": f"{locale.code}-{name}-{PurePosixPath(twin.path).name}",
            "label": t["plain"],
            "what": f"{ext.upper()}{DOT}{size(twin.bytes, t)}",
            "primary": False,
            "plain": True,
        })
    # what a phone's share sheet gets: the still or the clip, not a print PDF
    share = None if is_print else files[0].media_type
    return {
        "name": name,
        "title": with_soft_hyphens(press.format_name(locale, name), locale.code, places.LONG_WORD),
        "share": share,
        "meta": _meta(t, fmt, files, is_print, video),
        "thumb": small,
        "large": large,
        "large_class": size_class(large) if large else "",
        "places": places.classes(fmt.places if fmt else ()),
        "video": href(video.path) if video else None,
        "alt": png.alt if png else "",
        "links": links,
        "print": is_print,
    }


def _meta(t: dict, fmt: Format | None, files: list[Asset], is_print: bool, video) -> list[str]:
    """The card's size lines: a print format's paper size and bleed, else its pixels (and a
    clip's length)."""
    if is_print and fmt is not None:  # the paper's name (A4) is in the format's name
        meta = [f"{fmt.width:g}\u202f×\u202f{fmt.height:g}\u00a0{t['mm']}"]
        if fmt.bleed:
            meta.append(f"{t['bleed']}: {fmt.bleed:g}\u00a0{t['mm']}")
        return meta
    if is_print:
        pdf = files[0]
        return [f"{pdf.width:g}\u202f×\u202f{pdf.height:g}\u00a0{t['mm']}"]
    a = files[0]
    meta = [f"{a.width}\u202f×\u202f{a.height}\u00a0{t['px']}"]
    if video is not None:
        seconds = round(video.duration or 0)
        meta[0] += f"{DOT}{seconds // 60}:{seconds % 60:02d}"
    return meta


def _thumb(thumbs: dict[str, Thumb], png: Asset | None, href) -> Thumb | None:
    """The preview of `png` among `thumbs`, linked from the page."""
    thumb = thumbs.get(png.path) if png else None
    return dataclasses.replace(thumb, path=href(thumb.path)) if thumb else None


def size_class(large: Thumb) -> str:
    """The class that gives a preview its large box once a place is chosen."""
    return f"lg-{large.width}x{large.height}"


def large_css(large: dict[str, Thumb]) -> str:
    """A rule per large preview size: with a place chosen, a preview takes that size (its
    width at most the card's, its height from the exact ratio), whichever file it shows."""
    sizes = sorted({(t.width, t.height) for t in large.values()})
    return "".join(
        f".chosen:target~.messages .lg-{w}x{h}{{width:min(100%,{w}px);aspect-ratio:{w}/{h}}}"
        for w, h in sizes
    )


def size(n: int, t: dict) -> str:
    """A file size in the page's language (KB, MB)."""
    if n >= 1000 * 1024:
        return f"{max(1, round(n / (1024 * 1024)))}\u00a0{t['mb']}"
    return f"{max(1, round(n / 1024))}\u00a0{t['kb']}"

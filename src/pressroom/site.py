"""The brand book page and the per-language zips, made from the manifest."""

from __future__ import annotations

import io
import os
import time
import zipfile

from jinja2 import Environment, PackageLoader, select_autoescape

from pressroom.model import Brandbook
from pressroom.writer import Output

_ENV = Environment(
    loader=PackageLoader("pressroom", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    keep_trailing_newline=True,
)


def build_epoch() -> int:
    """Timestamp for zip entries: SOURCE_DATE_EPOCH if set, else a fixed date (reproducible)."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return max(int(value), 315532800) if value.isdigit() else 315532800  # 1980-01-01


def write_zips(out: Output, book: Brandbook, assets: list[dict]) -> list[str]:
    stamp = time.gmtime(build_epoch())[:6]
    written = []
    for locale in book.locales:
        mine = sorted((a for a in assets if a["locale"] == locale.code), key=lambda a: a["path"])
        if not mine:
            continue
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
            for a in mine:
                info = zipfile.ZipInfo(a["path"], date_time=stamp)
                info.external_attr = 0o644 << 16
                info.create_system = 3
                zf.writestr(info, out.read(a["path"]))
        name = f"downloads/{locale.code}.zip"
        out.write(name, buf.getvalue())
        written.append(name)
    return written


def write_page(out: Output, book: Brandbook, assets: list[dict]) -> None:
    groups = {}
    for locale in book.locales:
        items = []
        for message in locale.messages:
            mine = [a for a in assets if a["locale"] == locale.code and a["message"] == message.id]
            if not mine:
                continue
            title = message.texts.get("headline") or (
                f"{message.texts.get('figure', '')} — {message.texts.get('claim', '')}"
            )
            items.append(
                {
                    "title": title,
                    "alt": message.alt,
                    "caption": message.caption,
                    "assets": [_row(a) for a in sorted(mine, key=lambda a: a["path"])],
                }
            )
        groups[locale.code] = items
    codes = [x.code for x in book.locales]
    primary = (
        book.locale(book.brand.primary_locale)
        if book.brand.primary_locale in codes
        else book.locales[0]
    )
    ordered = [primary] + [x for x in book.locales if x is not primary]
    html = _ENV.get_template("index.html.j2").render(
        primary=primary, locales=ordered, groups=groups
    )
    out.write("index.html", html.encode())


def _row(a: dict) -> dict:
    if a["media_type"] == "application/pdf":
        size, kind = f"{a['width_mm']:g}×{a['height_mm']:g} mm", "PDF"
    else:
        size, kind = f"{a['width']}×{a['height']} px", "PNG"
    return {
        "format": a["format"],
        "size": size,
        "kb": max(1, round(a["bytes"] / 1024)),
        "path": a["path"],
        "kind": kind,
    }

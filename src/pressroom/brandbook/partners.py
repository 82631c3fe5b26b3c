"""brand.yaml's `partners:`: the coalition partners, each with a co-branded kit.

The schema (brand.schema.json) judges keys and types; this adds what a schema cannot: ids that are
unique and are not a kit's own name (`main`, `plain`), logo files that lie inside the brand book and
load as clean SVG or PNG (as a template's images do: template/images.py), a `url` judged like a
campaign URL, and `qr: own` only with a `url`.
"""

from __future__ import annotations

from pathlib import Path

from pressroom.brandbook.urls import url_problems
from pressroom.errors import Problems
from pressroom.model import Logo, Partner
from pressroom.read.yamlfile import YamlDoc
from pressroom.template import imagefile
from pressroom.template.images import logo_fragment

RESERVED = frozenset({"main", "plain"})  # the kits that are not a partner's
VERSIONS = ("light", "dark")


def read_partners(raw, doc: YamlDoc, root: Path, problems: Problems) -> tuple[Partner, ...]:
    """The partners brand.yaml lists (those without problems); every problem goes to
    `problems` at its line."""
    if not isinstance(raw, list):
        return ()
    path = doc.path
    found: list[Partner] = []
    seen: dict[str, int] = {}
    for n, entry in enumerate(raw):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue  # the schema has said so
        pid = entry["id"]
        key = f"partners.{pid}"
        line = doc.line("partners", n, "id")
        before = len(problems.errors)
        if pid in RESERVED:
            problems.add(
                path, line, f"{key}.id", f"{pid!r} names a kit of its own (main, plain)",
                "give the partner another id",
            )
        if pid in seen:
            problems.add(
                path, line, f"{key}.id", f"a second partner with the id {pid!r} (also on line "
                f"{seen[pid]})", "give each partner its own id",
            )
        seen.setdefault(pid, line)
        url = entry.get("url") if isinstance(entry.get("url"), str) else None
        if url is not None:
            for problem, fix, severity in url_problems(url):
                problems.add(path, doc.line("partners", n, "url"), f"{key}.url", problem, fix,
                             severity)
        qr = entry.get("qr", "campaign")
        if qr == "own" and url is None:
            problems.add(
                path, doc.line("partners", n, "qr"), f"{key}.qr",
                "qr: own points the QR codes to the partner's url, and it has none",
                "add url: https://… to the partner, or write qr: campaign",
            )
        logos = {}
        raw_logo = entry.get("logo") if isinstance(entry.get("logo"), dict) else {}
        for version in VERSIONS:
            ref = raw_logo.get(version)
            if not isinstance(ref, str):
                continue
            at = doc.line("partners", n, "logo", version)
            logo = _logo(ref, f"logo-{pid}-{version}-", root, path, at, problems,
                         f"{key}.logo.{version}")
            if logo is not None:
                logos[version] = logo
        if len(problems.errors) > before or len(logos) != len(VERSIONS):
            continue
        name = entry.get("name")
        if not isinstance(name, str) or qr not in ("campaign", "own"):
            continue
        found.append(Partner(pid, name.strip(), logos["light"], logos["dark"], url, qr))
    return tuple(found)


def _logo(
    ref: str, prefix: str, root: Path, path: Path, line: int, problems: Problems, key: str
) -> Logo | None:
    """The logo file `ref` (relative to the brand book folder), cleaned as a template's images
    are; None with a problem at `line` when it cannot be used."""
    try:
        file = imagefile.resolve(ref, root, root)
        kind, data, _ = imagefile.load_ref(ref, root, root)
        if kind == "raster":
            png = imagefile.clean_raster(data, ref)
            width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
            svg = (
                f'<image xmlns:xlink="http://www.w3.org/1999/xlink" '
                f'xlink:href="{imagefile.png_data_uri(png)}" preserveAspectRatio="none"/>'
            )
            return Logo(svg, float(width), float(height), file)
    except imagefile.AssetError as exc:
        problems.add(path, line, key, exc.problem, exc.fix)
        return None
    found = Problems(problems.root)
    made = logo_fragment(data, file, root, found, prefix)
    for p in found.items:  # problems inside the file, said at the line that names it
        where = f"{ref}, line {p.line}: " if p.line else f"{ref}: "
        problems.add(path, line, key, f"{where}{p.problem}", p.fix, p.severity)
    if made is None:
        return None
    svg, width, height = made
    return Logo(svg, width, height, file)

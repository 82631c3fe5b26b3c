"""Images a template shows, inlined when it loads: a raster becomes a cleaned PNG data URI (with
its size written out), an SVG asset is cleaned like a template, its ids prefixed and its styles
confined to it, and nested as <g data-image><svg …/></g> in the <image>'s box."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from pressroom import assets
from pressroom.errors import Problems
from pressroom.svg.clean import check_safety, clean
from pressroom.svg.geometry import length
from pressroom.svg.xml import SVG, XLINK, Doc, href, ids, local, parents, parse

MAX_IMAGE_NESTING = 4  # an SVG asset may show images too, this many levels deep
NESTED = "data-image"  # marks the group that holds a nested SVG image (mirror.py moves it whole)


def inline_images(doc: Doc, book: Path, problems: Problems) -> None:
    """Replace every <image>'s link by a cleaned data URI, or by the cleaned SVG it names."""
    _inline(doc, doc.path.parent, book, problems, ids(doc.root), 0)


def _inline(doc: Doc, base_dir: Path, book: Path, problems: Problems, taken, depth) -> None:
    path, up = doc.path, parents(doc.root)
    for el in [e for e in doc.root.iter() if local(e.tag) == "image"]:
        ref = href(el)
        line = (doc.ref_line(ref) if ref else 0) or doc.line(el)
        name = "the embedded image" if ref.startswith("data:") else ref[:80]
        if not ref.strip():
            if el in up:
                up[el].remove(el)
            continue
        try:
            if depth >= MAX_IMAGE_NESTING:
                raise assets.AssetError(
                    f"images are nested more than {MAX_IMAGE_NESTING} levels deep",
                    "embed the innermost images as PNG",
                )
            kind, data, file = assets.load_ref(ref, base_dir, book)
            if kind == "raster":
                png = assets.clean_raster(data, name)
                el.attrib.pop("href", None)
                el.set(f"{{{XLINK}}}href", assets.png_data_uri(png))
                # Written out, as the renderer would take them, so the box is known (mirror.py).
                size = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
                for attr, pixels in zip(("width", "height"), size, strict=True):
                    if not length(el.get(attr)):
                        el.set(attr, str(pixels))
                continue
        except assets.AssetError as exc:
            problems.add(path, line, "image", exc.problem, exc.fix)
            continue
        if file is None:  # an embedded SVG: its problems are reported at the <image>
            found = Problems(problems.root)
            nested = _svg_asset(data, path, book, found, taken, depth)
            for p in found.items:
                problems.add(path, line, "image", f"the embedded SVG: {p.problem}", p.fix)
            if nested is None:
                continue
            replacement = _nest(el, nested, path, problems)
        else:
            nested = _svg_asset(data, file, book, problems, taken, depth)
            if nested is None:
                continue
            replacement = _nest(el, nested, file, problems)
        if replacement is not None and el in up:
            parent = up[el]
            parent.insert(list(parent).index(el), replacement)
            parent.remove(el)


def _svg_asset(data, file, book, problems, taken, depth):
    """An SVG image file parsed and cleaned like a template, its ids made unique."""
    before = len(problems.errors)
    doc = parse(data, file, problems)
    if doc is None:
        return None
    sub = doc.root
    if local(sub.tag) != "svg":
        problems.add(file, 1, "", "the root element is not <svg>", "save the file as SVG")
        return None
    clean(sub)
    check_safety(doc, problems)
    _inline(doc, file.parent, book, problems, taken, depth + 1)
    if len(problems.errors) > before:
        return None
    n = 1
    while any(i.startswith(f"asset{n}-") for i in taken):
        n += 1
    prefix = f"asset{n}-"
    renamed = {i: prefix + i for i in ids(sub)}
    taken.update(renamed.values())
    scope = prefix + "root"
    taken.add(scope)

    def rename(text: str) -> str:
        return re.sub(
            r"url\(\s*(['\"]?)#([^'\")\s]+)",
            lambda m: f"url({m.group(1)}#{renamed.get(m.group(2), m.group(2))}",
            text,
        )

    for el in sub.iter():
        for name in [a for a in el.attrib if a.startswith("data-")]:
            del el.attrib[name]
        for name, value in list(el.attrib.items()):
            if name == "id":
                el.set(name, renamed.get(value, value))
            elif local(name) == "href" and value.startswith("#"):
                el.set(name, "#" + renamed.get(value[1:], value[1:]))
            elif "url(" in value:
                el.set(name, rename(value))
        if local(el.tag) == "style" and el.text:
            el.text = scope_css(rename(el.text), scope, renamed)
    sub.set("id", scope)
    return sub


def scope_css(css: str, scope: str, renamed: dict[str, str]) -> str:
    """Confine an SVG asset's style sheet to the asset: each selector gets `#scope ` in front,
    and #id selectors follow the renamed ids."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    chunks = re.split(r"([{};])", css)
    out = []
    for i, chunk in enumerate(chunks):
        follows = chunks[i + 1] if i + 1 < len(chunks) else ""
        if follows == "{" and chunk.strip() and not chunk.strip().startswith("@"):
            selectors = []
            for sel in chunk.split(","):
                sel = re.sub(
                    r"#([A-Za-z_][\w-]*)",
                    lambda m: "#" + renamed.get(m.group(1), m.group(1)),
                    sel,
                )
                selectors.append(f"#{scope} {sel.strip()}")
            chunk = ", ".join(selectors)
        out.append(chunk)
    return "".join(out)


def _nest(image, sub, file, problems):
    """A <g> with the <image>'s attributes, holding the asset as a nested <svg> in its box."""
    box = (sub.get("viewBox") or "").replace(",", " ").split()
    if len(box) != 4:
        w, h = length(sub.get("width")), length(sub.get("height"))
        if not w or not h:
            problems.add(
                file,
                1,
                "viewBox",
                "the SVG image has no viewBox or size",
                "save it with a viewBox (Inkscape: Document Properties ▸ Scale)",
            )
            return None
        sub.set("viewBox", f"0 0 {w:g} {h:g}")
        box = ["0", "0", f"{w:g}", f"{h:g}"]
    geometry = {"x", "y", "width", "height", "preserveAspectRatio"}
    for name in ("x", "y", "width", "height"):
        sub.attrib.pop(name, None)
    for name in ("x", "y"):
        if image.get(name) is not None:
            sub.set(name, image.get(name))
    for name, default in (("width", box[2]), ("height", box[3])):
        sub.set(name, image.get(name) or default)
    if image.get("preserveAspectRatio"):
        sub.set("preserveAspectRatio", image.get("preserveAspectRatio"))
    group = ET.Element(f"{{{SVG}}}g")
    for name, value in image.attrib.items():
        if name not in geometry and local(name) != "href":
            group.set(name, value)
    group.set(NESTED, "")
    group.append(sub)
    return group

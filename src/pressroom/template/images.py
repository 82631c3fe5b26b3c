"""Images a template shows, inlined when it loads: a raster becomes a cleaned PNG data URI (with
its size written out), an SVG asset is cleaned like a template, its ids prefixed and its styles
confined to it (css.py), and nested as <g data-image><svg …/></g> in the <image>'s box. Once
nested, the whole template's references are bounded again (bounds.py): a <use> of an image
draws all of it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from pressroom.errors import Problems
from pressroom.template import css, imagefile
from pressroom.template.allow import PRESENTATION
from pressroom.template.bounds import check_references, viewbox_problem
from pressroom.template.clean import check_safety, clean
from pressroom.template.geometry import length
from pressroom.template.xml import SVG, XLINK, Doc, href, ids, local, parents, parse, svg_text

MAX_IMAGE_NESTING = 4  # an SVG asset may show images too, this many levels deep
NESTED = "data-image"  # marks the group that holds a nested SVG image (mirror.py moves it whole)


def inline_images(doc: Doc, book: Path, problems: Problems) -> tuple[imagefile.Linked, ...]:
    """Replace every <image>'s link by a cleaned data URI, or by the cleaned SVG it names;
    return the files read (at any depth), which the template is made of as much as its own."""
    before, links = len(problems.errors), []
    _inline(doc, doc.path.parent, book, problems, ids(doc.root), 0, links)
    nested = any(el.get(NESTED) is not None for el in doc.root.iter())
    if nested and len(problems.errors) == before:
        check_references(doc, problems)
    return tuple(links)


def _inline(doc: Doc, base_dir: Path, book: Path, problems: Problems, taken, depth, links) -> None:
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
                raise imagefile.AssetError(
                    f"images are nested more than {MAX_IMAGE_NESTING} levels deep",
                    "embed the innermost images as PNG",
                )
            kind, data, file = read = imagefile.load_ref(ref, base_dir, book)
            if file is not None:
                links.append(imagefile.Linked.of(ref, base_dir, read))
            if kind == "raster":
                png = imagefile.clean_raster(data, name)
                el.attrib.pop("href", None)
                el.set(f"{{{XLINK}}}href", imagefile.png_data_uri(png))
                # Written out, as the renderer would take them, so the box is known (mirror.py).
                size = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
                for attr, pixels in zip(("width", "height"), size, strict=True):
                    if not length(el.get(attr)):
                        el.set(attr, str(pixels))
                continue
        except imagefile.AssetError as exc:
            problems.add(path, line, "image", exc.problem, exc.fix)
            continue
        if file is None:  # an embedded SVG: its problems are reported at the <image>
            found = Problems(problems.root)
            nested = _svg_asset(data, path, book, found, taken, depth, links)
            for p in found.items:
                problems.add(path, line, "image", f"the embedded SVG: {p.problem}", p.fix)
            if nested is None:
                continue
            replacement = _nest(el, nested, path, problems)
        else:
            nested = _svg_asset(data, file, book, problems, taken, depth, links)
            if nested is None:
                continue
            replacement = _nest(el, nested, file, problems)
        if replacement is not None and el in up:
            parent = up[el]
            parent.insert(list(parent).index(el), replacement)
            parent.remove(el)


def logo_fragment(data: bytes, file: Path, book: Path, problems: Problems, prefix: str):
    """A logo file (SVG) cleaned like a template's images, its ids prefixed with `prefix`:
    (the nested <svg> as text, without position or size, and its viewBox width and height), or
    None with its problems added. Filling a logo slot gives it x, y, width and height."""
    sub = _svg_asset(data, file, book, problems, set(), 0, [], prefix)
    if sub is None:
        return None
    box = _view_box(sub, file, problems)
    if box is None:
        return None
    for name in ("x", "y", "width", "height", "preserveAspectRatio"):
        sub.attrib.pop(name, None)
    # Its id stays: the logo's own style rules are confined to it (#logo-…-root path {…}).
    w, h = length(box[2]) or 0.0, length(box[3]) or 0.0
    if not (w > 0 and h > 0):
        problems.add(file, 1, "viewBox", "the logo's viewBox has no area",
                     "save it with a viewBox of its drawing's size")
        return None
    x, y = length(box[0]) or 0.0, length(box[1]) or 0.0
    sub.set("viewBox", f"{x:g} {y:g} {w:g} {h:g}")
    return svg_text(sub), w, h


def _svg_asset(data, file, book, problems, taken, depth, links, prefix: str | None = None):
    """An SVG image file parsed and cleaned like a template, its ids made unique (prefixed
    with `prefix`, or the first free `assetN-`)."""
    before = len(problems.errors)
    doc = parse(data, file, problems)
    if doc is None:
        return None
    sub = doc.root
    if local(sub.tag) != "svg":
        problems.add(file, 1, "", "the root element is not <svg>", "save the file as SVG")
        return None
    clean(sub)
    check_safety(doc, problems, asset=True)
    _inline(doc, file.parent, book, problems, taken, depth + 1, links)
    if len(problems.errors) > before:
        return None
    if prefix is None:
        n = 1
        while any(i.startswith(f"asset{n}-") for i in taken):
            n += 1
        prefix = f"asset{n}-"
    names = css.Names({i: prefix + i for i in ids(sub)}, scope=prefix + "root")
    taken.update(names.ids.values())
    taken.add(names.scope)
    for el in sub.iter():
        _confine(el, names, doc, problems)
    sub.set("id", names.scope)
    return None if len(problems.errors) > before else sub


def _confine(el, names: css.Names, doc: Doc, problems: Problems) -> None:
    """One element of an SVG image: no data- attributes (it cannot become a slot), ids and
    references renamed, its style sheet's rules confined to the image."""
    for name in list(el.attrib):
        value = el.attrib[name]
        if name.startswith("data-"):
            del el.attrib[name]
        elif name == "id":
            el.set(name, names.id(value))
        elif local(name) == "href" and value.startswith("#"):
            el.set(name, names.ref(value))
        elif name == "style":
            el.set(name, css.declarations(value, names)[0])
        elif name in PRESENTATION and "url(" in value:
            el.set(name, css.value(value, names)[0])
    if local(el.tag) == "style" and el.text:
        el.text, found = css.sheet(el.text, names)
        for p in found:
            problems.add(doc.path, doc.line(el) + p.line - 1, "style", p.problem, p.fix)


def _view_box(sub, file, problems) -> list[str] | None:
    """The SVG image's viewBox (made from its width and height when it has none)."""
    box = (sub.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        return box
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
    problem = viewbox_problem(f"0 0 {w!r} {h!r}")
    if problem:
        problems.add(file, 1, "viewBox", problem.replace("viewBox", "size (width, height)", 1),
                     "save it with a viewBox of its drawing's size")
        return None
    sub.set("viewBox", f"0 0 {w:g} {h:g}")
    return ["0", "0", f"{w:g}", f"{h:g}"]


def _nest(image, sub, file, problems):
    """A <g> with the <image>'s attributes, holding the asset as a nested <svg> in its box."""
    box = _view_box(sub, file, problems)
    if box is None:
        return None
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

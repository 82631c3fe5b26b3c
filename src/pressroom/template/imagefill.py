"""Image fills as plain images: the way Figma (and other editors) export a shape filled with a
picture, `<rect fill="url(#pattern0)">` → `<pattern patternContentUnits="objectBoundingBox"
width="1" height="1">` → `<use href="#image0" transform="…">` → `<image>`, which CairoSVG
draws cropped and over-scaled where a browser draws it right.

Each such shape becomes the image it shows: a group with the shape's own transform and
attributes, the image placed by the pattern's matrix on the shape's box (box · use transform),
clipped to the shape. A pattern in any other form is left as it is.
"""

from __future__ import annotations

import copy
import itertools
import re
import xml.etree.ElementTree as ET

from fontTools.misc.transform import Transform

from pressroom.template.geometry import length, parse_transform
from pressroom.template.xml import SVG, Doc, href, local, parents

_URL = re.compile(r"\s*url\(\s*#([^)\s]+)\s*\)\s*")
_MOVED = ("fill", "transform", "x", "y", "width", "height", "rx", "ry", "style")


def flatten_image_fills(doc: Doc) -> int:
    """Replace every shape filled with an image pattern by that image; the number replaced."""
    root = doc.root
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    up = parents(root)
    names = (f"pr-fill-clip{n}" for n in itertools.count())
    taken = set(by_id)
    done = 0
    for el in list(root.iter()):
        if local(el.tag) != "rect" or el not in up:
            continue
        image, matrix = _image_fill(el, by_id)
        if image is None:
            continue
        box = [length(el.get(a, "0")) for a in ("x", "y")]
        box += [length(el.get(a)) for a in ("width", "height")]
        if None in box or box[2] <= 0 or box[3] <= 0:
            continue
        x, y, w, h = box
        clip_id = next(n for n in names if n not in taken)
        taken.add(clip_id)
        clip = ET.Element(f"{{{SVG}}}clipPath", {"id": clip_id})
        outline = ET.SubElement(clip, f"{{{SVG}}}rect", {"x": _n(x), "y": _n(y), "width": _n(w),
                                                           "height": _n(h)})
        for a in ("rx", "ry"):
            if el.get(a) is not None:
                outline.set(a, el.get(a))
        group = ET.Element(f"{{{SVG}}}g", {k: v for k, v in el.attrib.items() if k not in _MOVED})
        if el.get("transform"):
            group.set("transform", el.get("transform"))
        rest = ";".join(i for i in (el.get("style") or "").split(";")
                        if i.strip() and i.partition(":")[0].strip() != "fill")
        if rest:
            group.set("style", rest)
        group.set("clip-path", f"url(#{clip_id})")
        picture = copy.deepcopy(image)
        picture.attrib.pop("id", None)
        placed = Transform(w, 0, 0, h, x, y).transform(matrix)
        picture.set("transform", "matrix({})".format(" ".join(_n(v) for v in placed)))
        group.append(picture)
        parent = up[el]
        index = list(parent).index(el)
        parent.remove(el)
        parent.insert(index, group)
        parent.insert(index, clip)
        if doc.lines.get(el):
            doc.lines[group] = doc.lines[el]
        done += 1
    return done


def _image_fill(el, by_id) -> tuple[ET.Element | None, Transform]:
    """The <image> and the matrix (in the shape's box, 0–1) of an image-pattern fill."""
    fill = el.get("fill") or _style(el, "fill") or ""
    found = _URL.fullmatch(fill)
    pattern = by_id.get(found.group(1)) if found else None
    if pattern is None or local(pattern.tag) != "pattern":
        return None, Transform()
    if (
        pattern.get("patternContentUnits") != "objectBoundingBox"
        or pattern.get("patternUnits", "objectBoundingBox") != "objectBoundingBox"
        or pattern.get("patternTransform")
        or length(pattern.get("width")) != 1
        or length(pattern.get("height")) != 1
        or any(length(pattern.get(a, "0")) != 0 for a in ("x", "y"))
        or pattern.get("viewBox")
    ):
        return None, Transform()
    children = [c for c in pattern if isinstance(c.tag, str)]
    if len(children) != 1 or local(children[0].tag) not in ("use", "image"):
        return None, Transform()
    use = children[0]
    matrix = parse_transform(use.get("transform"))
    if matrix is None:
        return None, Transform()
    if local(use.tag) == "image":
        return use, matrix
    target = by_id.get(href(use).lstrip("#")) if href(use).startswith("#") else None
    if target is None or local(target.tag) != "image":
        return None, Transform()
    dx, dy = length(use.get("x", "0")) or 0.0, length(use.get("y", "0")) or 0.0
    return target, matrix.translate(dx, dy)


def _style(el, name: str) -> str | None:
    for item in (el.get("style") or "").split(";"):
        key, _, value = item.partition(":")
        if key.strip() == name:
            return value.strip()
    return None


def _n(value: float) -> str:
    return f"{value:.6g}"

"""A shape's own opacity moved onto a group around it. SVG draws `opacity` on an element as
the element composited whole (its stroke over its fill, then faded); CairoSVG fades the fill
and the stroke of a shape apart (the stroke's inner half then shows the fill through it) and
ignores the opacity of a `<use>`. A group's opacity it draws as a browser does, so a shape with
`opacity` (attribute or `style=`) becomes `<g opacity="…">` holding the shape, which is the
same picture by definition. Opacity set in a `<style>` sheet cannot be moved, and is refused
(drawable.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from pressroom.template.slots import slot_name
from pressroom.template.xml import SVG, Doc, href, local, parents

SHAPES = frozenset({"path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "use"})
# What decides where and whether an element is drawn goes to the group with it.
_PLACING = ("data-kind", "data-with", "data-campaign", "data-mirror")
_STYLE_OPACITY = re.compile(r"(?:^|;)\s*opacity\s*:\s*([^;]*?)\s*(?:;|$)", re.I)


def group_opacity(doc: Doc) -> int:
    """Wrap every shape with an opacity of its own in a group that carries it; the number
    wrapped. Shapes of a clip path (where opacity means nothing) and slots are left alone."""
    root = doc.root
    up = parents(root)
    used = {href(el).lstrip("#") for el in root.iter() if local(el.tag) == "use"}
    done = 0
    for el in list(root.iter()):
        if local(el.tag) not in SHAPES or el not in up or slot_name(el) is not None:
            continue
        if any(local(a.tag) == "clipPath" for a in _ancestors(el, up)):
            continue
        value = _take_opacity(el)
        if value is None:
            continue
        group = ET.Element(f"{{{SVG}}}g", {"opacity": value})
        for name in _PLACING:
            if el.get(name) is not None:
                group.set(name, el.attrib.pop(name))
        if el.get("id") in used:  # a <use> of this shape draws it faded too
            group.set("id", el.attrib.pop("id"))
        parent = up[el]
        parent.insert(list(parent).index(el), group)
        parent.remove(el)
        group.append(el)
        up[el], up[group] = group, parent
        if doc.lines.get(el):
            doc.lines[group] = doc.lines[el]
        done += 1
    return done


def _take_opacity(el) -> str | None:
    """The element's own opacity, removed from it (a style= value wins over the attribute);
    None when it has none."""
    value = el.attrib.pop("opacity", None)
    style = el.get("style") or ""
    found = _STYLE_OPACITY.search(style)
    if found:
        value = found.group(1)
        rest = ";".join(
            i for i in style.split(";") if i.strip() and i.partition(":")[0].strip().lower()
            != "opacity"
        )
        if rest:
            el.set("style", rest)
        else:
            del el.attrib["style"]
    return value.strip() if value is not None and value.strip() else None


def _ancestors(el, up):
    while el in up:
        el = up[el]
        yield el

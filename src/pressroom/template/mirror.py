"""Right-to-left layouts: the art is flipped with the page, except what must not be.

The page flip F maps x to W − x. Decorative art follows it. Two kinds of element get a local
transform C, inserted as a group around them, that undoes part of it; with M the transform of
the element's parent to the root:

- `data-mirror="no"` (on any element, the root included): kept exactly as drawn, neither moved
  nor flipped: C = M⁻¹·F·M, so that F·M·C = M.
- images (`<image>`, a nested SVG image, a `<use>` that shows one): never drawn mirrored, but
  moved to the mirrored place: C = M⁻¹·R·M, where R flips about the vertical line through the
  centre cx of the image's box in root coordinates (x → 2·cx − x). F·M·C = F·R·M moves the image
  by W − 2·cx, unflipped.

Both stay right inside rotated or scaled groups, since M is carried through. Images inside a
pattern, mask or clip path cannot be moved on their own: the template check warns about them.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from fontTools.misc.transform import Transform

from pressroom.errors import Problems
from pressroom.template.geometry import (
    box_in,
    invertible,
    length,
    parse_transform,
    svg_matrix,
    to_root,
)
from pressroom.template.images import NESTED
from pressroom.template.slots import slot_name
from pressroom.template.xml import SVG, Doc, href, local, parents

MIRROR = "data-mirror"
# Containers whose content is not drawn where it stands (it is referenced from elsewhere).
_NOT_DRAWN = {"defs", "pattern", "mask", "clipPath", "marker", "symbol", "linearGradient",
              "radialGradient", "filter", "style"}


def check_mirroring(doc: Doc, problems: Problems) -> None:
    """`data-mirror` takes "no" only; images that could not be kept unmirrored are warned."""
    up = parents(doc.root)
    for el in doc.root.iter():
        value = el.get(MIRROR)
        if value is not None and value != "no":
            problems.add(
                doc.path,
                doc.line(el),
                MIRROR,
                f"is {value!r}",
                'write data-mirror="no" to keep this element as drawn in right-to-left '
                "layouts, or leave it out to let it follow the layout",
            )
        if local(el.tag) == "image" or el.get(NESTED) is not None:
            holder = _inside(el, up, {"pattern", "mask", "clipPath", "marker"})
            if holder:
                problems.warn(
                    doc.path,
                    doc.line(el) or doc.line(holder),
                    "image",
                    f"an image inside a <{local(holder.tag)}> is drawn mirrored in "
                    "right-to-left layouts",
                    "place the image in the drawing itself, or add data-mirror=\"no\" to the "
                    "element that uses the " + local(holder.tag),
                )


def _inside(el, up, tags):
    el = up.get(el)
    while el is not None:
        if local(el.tag) in tags:
            return el
        el = up.get(el)
    return None


def mirror(root, width: float) -> None:
    """Flip the art of `root` (a cut's own copy) for a right-to-left layout, in place."""
    if root.get(MIRROR) == "no":
        return
    flip = Transform(-1, 0, 0, 1, width, 0)
    ctm, _ = to_root(root)
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    wraps = []

    def visit(parent):
        m = ctm[parent]
        for child in list(parent):
            tag = local(child.tag)
            if tag in _NOT_DRAWN or slot_name(child) is not None:
                continue
            if not invertible(m):
                return
            inverse = m.inverse()
            if child.get(MIRROR) == "no":
                wraps.append((parent, child, inverse.transform(flip).transform(m)))
                continue
            box = _image_box(child, ctm, by_id)
            if box is not None:
                cx = (box[0] + box[2]) / 2
                about = Transform(-1, 0, 0, 1, 2 * cx, 0)
                wraps.append((parent, child, inverse.transform(about).transform(m)))
                continue
            visit(child)

    visit(root)
    for parent, child, c in wraps:
        group = ET.Element(f"{{{SVG}}}g", {"transform": svg_matrix(c)})
        parent.insert(list(parent).index(child), group)
        parent.remove(child)
        group.append(child)
    art = ET.Element(f"{{{SVG}}}g", {"transform": svg_matrix(flip)})
    art.extend(list(root))
    for child in list(root):
        root.remove(child)
    root.append(art)


def _image_box(el, ctm: dict, by_id: dict, depth: int = 0):
    """The root-coordinate box (x0, y0, x1, y1) of an image element, or None for other art."""
    tag = local(el.tag)
    if tag == "image":
        return box_in(ctm[el], *_rect(el))
    if el.get(NESTED) is not None and len(el) and local(el[0].tag) == "svg":
        return box_in(ctm[el], *_rect(el[0]))
    if tag == "use" and depth < 4:
        target = by_id.get(href(el)[1:]) if href(el).startswith("#") else None
        if target is None:
            return None
        # Where the target's images land when the <use> draws it: the use's transform, its
        # x/y offset, then the target's own transform and those inside it.
        parent_of_target = _parent_ctm(target, ctm)
        if parent_of_target is None or not invertible(parent_of_target):
            return None
        place = ctm[el].translate(length(el.get("x", "0")) or 0, length(el.get("y", "0")) or 0)
        boxes = []
        for inner in target.iter():
            if local(inner.tag) == "image" or inner.get(NESTED) is not None:
                rect = _rect(inner) if local(inner.tag) == "image" else _rect(inner[0])
                rel = parent_of_target.inverse().transform(ctm[inner])
                boxes.append(box_in(place.transform(rel), *rect))
        if boxes:
            return (min(b[0] for b in boxes), min(b[1] for b in boxes),
                    max(b[2] for b in boxes), max(b[3] for b in boxes))
    return None


def _parent_ctm(el, ctm: dict):
    """The transform to the root of `el`'s parent: its own, with its own transform undone."""
    own = parse_transform(el.get("transform"))
    if own is None or not invertible(own):
        return None
    return ctm[el].transform(own.inverse())


def _rect(el) -> tuple[float, float, float, float]:
    return tuple(length(el.get(a, "0")) or 0.0 for a in ("x", "y", "width", "height"))

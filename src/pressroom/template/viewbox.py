"""A template's viewBox against its format's size. The same size: used as it is. The same shape
(aspect ratio within 1%): the art is wrapped in one scale group and the template is used in the
format's own coordinates, so slots, font sizes, safe areas and QR sizes are all judged at the
format's size. Another shape: an error that names the templates that would fit."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

from fontTools.misc.transform import Transform

from pressroom.errors import Problems
from pressroom.model import Format
from pressroom.template.geometry import svg_matrix
from pressroom.template.xml import SVG, Doc

ASPECT_TOLERANCE = 0.01
_VIEWBOX = re.compile(rb"""<svg\b[^>]*?\sviewBox\s*=\s*["']([^"']*)["']""", re.S)


def read_viewbox(text: str | None) -> tuple[float, float, float, float] | None:
    box = (text or "").replace(",", " ").split()
    try:
        x, y, w, h = (float(v) for v in box)
    except ValueError:
        return None
    finite = all(math.isfinite(v) for v in (x, y, w, h))  # bounds.py says what else is wrong
    return (x, y, w, h) if finite and w > 0 and h > 0 else None


def same_shape(w: float, h: float, other_w: float, other_h: float) -> bool:
    return abs((w / h) / (other_w / other_h) - 1) <= ASPECT_TOLERANCE


def fit_to_format(doc: Doc, fmt: Format, problems: Problems) -> float | None:
    """Put the template in the format's coordinates; return the scale (format units per
    template unit, the smaller of the two), or None with a problem if it cannot be done."""
    root, path = doc.root, doc.path
    want_w, want_h = fmt.page_size
    size = f"{want_w:g}×{want_h:g} {fmt.unit}"
    box = read_viewbox(root.get("viewBox"))
    if box is None:
        problems.add(
            path,
            doc.line(root) or 1,
            "viewBox",
            "the <svg> has no valid viewBox",
            f'set viewBox="0 0 {want_w:g} {want_h:g}"',
        )
        return None
    x, y, w, h = box
    root.set("viewBox", f"0 0 {want_w:g} {want_h:g}")
    root.set("width", f"{want_w:g}{fmt.unit}")
    root.set("height", f"{want_h:g}{fmt.unit}")
    if (x, y) == (0, 0) and abs(w - want_w) < 1e-6 and abs(h - want_h) < 1e-6:
        return 1.0
    if not same_shape(w, h, want_w, want_h):
        fits = fitting_templates(doc, fmt)
        fix = (
            f"use {' or '.join(fits)} for {fmt.name} in formats.yaml, or draw a template with "
            if fits
            else "draw a template with "
        ) + f'viewBox="0 0 {want_w:g} {want_h:g}" (or any size of that shape)'
        problems.add(
            path,
            doc.line(root) or 1,
            "viewBox",
            f"the template is {w:g}×{h:g} ({w / h:.3f}:1), format {fmt.name} is {size} "
            f"({want_w / want_h:.3f}:1): a template is only scaled to a size of its own shape "
            f"(within {ASPECT_TOLERANCE:.0%})",
            fix,
        )
        return None
    scale = Transform(want_w / w, 0, 0, want_h / h, -x * want_w / w, -y * want_h / h)
    group = ET.Element(f"{{{SVG}}}g", {"transform": svg_matrix(scale)})
    group.extend(list(root))
    for child in list(root):
        root.remove(child)
    root.append(group)
    return min(want_w / w, want_h / h)


def fitting_templates(doc: Doc, fmt: Format) -> list[str]:
    """The templates beside this one whose viewBox has the format's shape."""
    want_w, want_h = fmt.page_size
    found = []
    for other in sorted(doc.path.parent.glob("*.svg")):
        if not other.is_file():  # a named pipe would hold the build (see read/files.py)
            continue
        try:
            with open(other, "rb") as fh:
                head = fh.read(65536)
        except OSError:
            continue
        m = _VIEWBOX.search(head)
        box = read_viewbox(m.group(1).decode("ascii", "replace")) if m else None
        if box and same_shape(box[2], box[3], want_w, want_h):
            found.append(other.name)
    return found

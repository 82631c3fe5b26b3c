"""Bounds on the work an SVG asks for, judged before anything draws it, in time linear in the
file. A `<use>` (or a `url(#id)` paint, clip, mask, marker or filter) draws its target again, so
a few kilobytes can ask for 10⁸ elements (ten uses of ten uses of …) or for an endless loop (a
use of its own group): the references are followed once each, remembering each element's size,
and refused when they loop, go deeper than `MAX_REFERENCE_DEPTH`, or would draw more than
`MAX_DRAWN` elements. A viewBox must be finite, of sane size and shape: cairo cannot invert the
matrix of a 1e-300 wide one. (Element nesting is bounded where the file is parsed: xml.py.)"""

from __future__ import annotations

import math

from pressroom.errors import Problems
from pressroom.template import css
from pressroom.template.xml import Doc, local

MAX_DRAWN = 20_000  # elements drawn once every reference is expanded (the kit's art: ~30)
MAX_REFERENCE_DEPTH = 16  # a use of a use of … this many levels
MAX_COORDINATE = 1_000_000.0  # any viewBox number (a poster in px at 300 dpi: ~7,000)
MIN_VIEWBOX = 1e-3  # the smallest viewBox side
MAX_ASPECT = 100  # the longer side of a viewBox (or raster) over the shorter one
_REFERRING = ("fill", "stroke", "clip-path", "mask", "filter", "marker-start", "marker-mid",
              "marker-end", "style")


def check_bounds(doc: Doc, problems: Problems, own_only: bool = False) -> None:
    """Refuse reference loops, deep or large expansions and unusable viewBoxes at their lines;
    `own_only`: a reference to an id the file lacks is refused too (an SVG image nested in a
    template must not reach the template's ids)."""
    check_viewboxes(doc, problems)
    check_references(doc, problems, own_only)


def check_viewboxes(doc: Doc, problems: Problems) -> None:
    for el in doc.root.iter():
        box = el.get("viewBox")
        if box is None:
            continue
        problem = viewbox_problem(box)
        if problem:
            problems.add(doc.path, doc.line(el), "viewBox", problem,
                         "save the drawing with a viewBox of its real size, e.g. 0 0 400 300")


def viewbox_problem(text: str) -> str | None:
    """What is wrong with a viewBox's numbers, or None (text that is not four numbers is left
    to the renderer, which ignores it)."""
    try:
        x, y, w, h = (float(v) for v in text.replace(",", " ").split())
    except ValueError:
        return None
    shown = " ".join(text.split())[:60]
    if not all(math.isfinite(v) and abs(v) <= MAX_COORDINATE for v in (x, y, w, h)):
        return f"the viewBox {shown!r} has a number beyond ±{MAX_COORDINATE:,.0f}"
    if w < MIN_VIEWBOX or h < MIN_VIEWBOX:
        return f"the viewBox {shown!r} has no area (each side must be at least {MIN_VIEWBOX:g})"
    if max(w / h, h / w) > MAX_ASPECT:
        return f"the viewBox {shown!r} is more than {MAX_ASPECT:g} times longer than it is wide"
    return None


def check_references(doc: Doc, problems: Problems, own_only: bool = False) -> None:
    """Follow every reference once (an iterative walk: no recursion to exhaust)."""
    root = doc.root
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    size: dict = {}  # element -> elements drawn for it, references expanded
    depth: dict = {}  # element -> levels of references below it
    open_ = set()
    biggest: tuple[int, object] = (0, None)  # the largest single expansion, for the message
    too_deep = False
    stack = [(root, iter(_edges(root, by_id, doc, problems, own_only)))]
    open_.add(root)
    while stack:
        el, edges = stack[-1]
        step = next(edges, None)
        if step is not None:
            target, is_ref = step
            if target in open_:
                if is_ref:
                    problems.add(doc.path, doc.line(el), local(el.tag),
                                 f"refers to #{target.get('id')}, which contains it: drawing it"
                                 " would never end", "refer to an element outside this one")
                continue
            if target not in size:
                open_.add(target)
                stack.append((target, iter(_edges(target, by_id, doc, problems, own_only))))
            continue
        stack.pop()
        open_.discard(el)
        total, deepest = 1, 0
        for target, is_ref in _edges(el, by_id, doc, None, own_only):
            if target not in size:  # a loop, reported once
                continue
            total += size[target]
            deepest = max(deepest, depth[target] + is_ref)
            if is_ref and size[target] > biggest[0]:
                biggest = (size[target], el)
        size[el], depth[el] = total, deepest
        if deepest > MAX_REFERENCE_DEPTH and not too_deep:
            too_deep = True
            problems.add(doc.path, doc.line(el), local(el.tag),
                         f"references nest more than {MAX_REFERENCE_DEPTH} levels deep",
                         "draw the shapes themselves rather than uses of uses")
    if size.get(root, 0) > MAX_DRAWN:
        where = biggest[1] if biggest[1] is not None else root
        problems.add(doc.path, doc.line(where) or doc.line(root), local(where.tag),
                     f"drawing the file takes {_count(size[root])} elements once every <use>"
                     f" is expanded, over the limit of {MAX_DRAWN:,}",
                     "use fewer copies, or export the art as a PNG image")


def _edges(el, by_id: dict, doc: Doc, problems: Problems | None, own_only: bool):
    """The element's children, then the elements it refers to: (element, is a reference)."""
    yield from ((child, False) for child in el if isinstance(child.tag, str))
    refs = [v[1:] for k, v in el.attrib.items() if local(k) == "href" and v.startswith("#")]
    for name in _REFERRING:
        value = el.get(name)
        if value and "url(" in value:
            refs += css.references(value)
    for ref in refs:
        target = by_id.get(ref)
        if target is not None:
            yield target, True
        elif own_only and problems is not None:
            problems.add(doc.path, doc.line(el), local(el.tag),
                         f"refers to #{ref[:60]}, which is not in this file",
                         "refer to an id of this file, or remove the reference")


def _count(n: int) -> str:
    return f"{n:,}" if n < 10**12 else f"about 10^{len(str(n)) - 1}"

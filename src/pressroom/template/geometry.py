"""Where things are: SVG lengths and transform lists, each element's transform to the root, and
boxes in root coordinates. Matrices are fontTools' `Transform` (a, b, c, d, e, f as in SVG's
matrix(); `m.transform(n)` is m·n, n applied first)."""

from __future__ import annotations

import math
import re

from fontTools.misc.transform import Identity, Transform

_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_LENGTH = re.compile(rf"\s*({_NUMBER})\s*(px|mm|cm|in|pt|pc)?\s*")
_UNITS = {None: 1.0, "px": 1.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0, "pt": 96 / 72,
          "pc": 16.0}
_FUNCTION = re.compile(r"\s*(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)\s*,?")
_ARITY = {"matrix": (6,), "translate": (1, 2), "scale": (1, 2), "rotate": (1, 3),
          "skewX": (1,), "skewY": (1,)}


def length(value: str | None) -> float | None:
    """A length in user units (px): a number, or one with an absolute unit; None otherwise."""
    if value is None:
        return None
    m = _LENGTH.fullmatch(value)
    if not m:
        return None
    number = float(m.group(1))
    return number * _UNITS[m.group(2)] if math.isfinite(number) else None


def parse_transform(text: str | None) -> Transform | None:
    """The matrix of an SVG transform list ("" is the identity); None if it is not valid."""
    if not text or not text.strip():
        return Identity
    out, pos = Identity, 0
    while pos < len(text):
        m = _FUNCTION.match(text, pos)
        if not m:
            return None if text[pos:].strip() else out
        name, args = m.group(1), re.findall(_NUMBER, m.group(2))
        if len(args) not in _ARITY[name] or re.sub(rf"{_NUMBER}|[\s,]", "", m.group(2)):
            return None
        v = [float(a) for a in args]
        if not all(math.isfinite(x) for x in v):
            return None
        if name == "matrix":
            step = Transform(*v)
        elif name == "translate":
            step = Transform().translate(v[0], v[1] if len(v) > 1 else 0)
        elif name == "scale":
            step = Transform().scale(v[0], v[1] if len(v) > 1 else v[0])
        elif name == "rotate":
            cx, cy = (v[1], v[2]) if len(v) == 3 else (0, 0)
            step = Transform().translate(cx, cy).rotate(math.radians(v[0])).translate(-cx, -cy)
        elif name == "skewX":
            step = Transform().skew(math.radians(v[0]), 0)
        else:
            step = Transform().skew(0, math.radians(v[0]))
        out, pos = out.transform(step), m.end()
    return out


def to_root(root) -> tuple[dict, list]:
    """Each element's transform to root coordinates, its own `transform` included (for a nested
    <svg>, its viewport), and the elements whose transform is not valid SVG (taken as the
    identity)."""
    out, bad = {root: Identity}, []

    def walk(parent, m):
        for child in parent:
            own = parse_transform(child.get("transform"))
            if own is None:
                bad.append(child)
                own = Identity
            if isinstance(child.tag, str) and child.tag.endswith("}svg"):
                own = own.transform(_viewport(child))
            out[child] = m.transform(own)
            walk(child, out[child])

    walk(root, Identity)
    return out, bad


def _viewport(el) -> Transform:
    """A nested <svg>'s own coordinates in its parent's: x, y, and its viewBox fitted to its
    width and height (preserveAspectRatio "none", or centred "meet" otherwise)."""
    x, y = length(el.get("x", "0")) or 0.0, length(el.get("y", "0")) or 0.0
    box = (el.get("viewBox") or "").replace(",", " ").split()
    w, h = length(el.get("width")), length(el.get("height"))
    try:
        vx, vy, vw, vh = (float(v) for v in box)
    except ValueError:
        return Transform().translate(x, y)
    if not (w and h and vw > 0 and vh > 0):
        return Transform().translate(x, y)
    sx, sy = w / vw, h / vh
    if (el.get("preserveAspectRatio") or "").strip() != "none":
        sx = sy = min(sx, sy)
        x, y = x + (w - vw * sx) / 2, y + (h - vh * sy) / 2
    return Transform(sx, 0, 0, sy, x - vx * sx, y - vy * sy)


def box_in(m: Transform, x: float, y: float, w: float, h: float) -> tuple[float, ...]:
    """The axis-aligned box (x0, y0, x1, y1) of a rectangle mapped by `m`."""
    pts = [m.transformPoint(p) for p in ((x, y), (x + w, y), (x, y + h), (x + w, y + h))]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


def axis_aligned(m: Transform, eps: float = 1e-9) -> bool:
    """True when `m` maps rectangles to upright rectangles (no rotation or skew)."""
    return abs(m.xy) < eps and abs(m.yx) < eps and abs(m.xx) > eps and abs(m.yy) > eps


def invertible(m: Transform) -> bool:
    return abs(m.xx * m.yy - m.xy * m.yx) > 1e-12


def svg_matrix(m: Transform) -> str:
    """`m` as an SVG transform, with stable, short numbers."""
    return "matrix({})".format(" ".join(_short(v) for v in m))


def _short(v: float) -> str:
    text = f"{v:.9g}"
    return "0" if text in ("-0", "0") else text

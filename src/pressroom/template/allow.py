"""What an SVG may hold, as one table: every SVG that is drawn or published is rebuilt from it,
never cleaned by a list of what to remove.

`ELEMENTS` maps each element kept to its own attributes; `PRESENTATION` and `CORE` apply to
every element. Nothing else survives: an attribute not on the list is dropped (none of them
changes what CairoSVG draws), elements that say something but draw nothing (`title`, `desc`,
`metadata`) are dropped, animation (`set`, `animate…`) is dropped with a warning (the kit draws
still pictures, and a browser would run it: `<set to="javascript:…">`), a link `<a>` becomes the
group it is, and any other element is refused at its line (it would draw, or hide, something).
A reference (`href`, `url()`) may only name an `#id` of the same file (clean.py refuses others).

Templates keep pressroom's own `data-*` attributes (slots, palette, kinds: every cut of a
template drops them) and their ids and classes. A published file (the logo pack, favicon.svg, a
partner's logo.svg: `publish`) keeps no `data-*`, and its ids and classes are renamed `i1`,
`c1`, … so a designer's layer names and ids never leave the brand book.
"""

from __future__ import annotations

from pathlib import Path

from pressroom.errors import Problems
from pressroom.template import css
from pressroom.template.xml import SVG, XLINK, Doc, local, parse, svg_text

_BOX = frozenset({"x", "y", "width", "height"})
_VIEW = frozenset({"viewBox", "preserveAspectRatio"})
_GRADIENT = frozenset({"gradientUnits", "gradientTransform", "spreadMethod", "href"})
_PRIMITIVE = _BOX | {"result", "in"}  # every filter primitive

ELEMENTS: dict[str, frozenset[str]] = {
    "svg": _BOX | _VIEW,
    "g": frozenset(),
    "defs": frozenset(),
    "symbol": _BOX | _VIEW,
    "use": _BOX | {"href"},
    "style": frozenset({"type"}),
    "path": frozenset({"d", "pathLength"}),
    "rect": _BOX | {"rx", "ry", "pathLength"},
    "circle": frozenset({"cx", "cy", "r", "pathLength"}),
    "ellipse": frozenset({"cx", "cy", "rx", "ry", "pathLength"}),
    "line": frozenset({"x1", "y1", "x2", "y2", "pathLength"}),
    "polyline": frozenset({"points", "pathLength"}),
    "polygon": frozenset({"points", "pathLength"}),
    "image": _BOX | {"href", "preserveAspectRatio"},
    "linearGradient": _GRADIENT | {"x1", "y1", "x2", "y2"},
    "radialGradient": _GRADIENT | {"cx", "cy", "r", "fx", "fy", "fr"},
    "stop": frozenset({"offset"}),
    "clipPath": frozenset({"clipPathUnits"}),
    "mask": _BOX | {"maskUnits", "maskContentUnits"},
    "pattern": _BOX | _VIEW | {"patternUnits", "patternContentUnits", "patternTransform", "href"},
    "marker": _VIEW | {"refX", "refY", "markerUnits", "markerWidth", "markerHeight", "orient"},
    # Filters are kept as they were (a designers' matter); each primitive with its own values.
    "filter": _BOX | {"filterUnits", "primitiveUnits"},
    "feBlend": _PRIMITIVE | {"in2", "mode"},
    "feColorMatrix": _PRIMITIVE | {"type", "values"},
    "feComponentTransfer": _PRIMITIVE,
    "feFuncR": frozenset({"type", "tableValues", "slope", "intercept", "amplitude", "exponent",
                          "offset"}),
    "feComposite": _PRIMITIVE | {"in2", "operator", "k1", "k2", "k3", "k4"},
    "feDropShadow": _PRIMITIVE | {"dx", "dy", "stdDeviation"},
    "feFlood": _PRIMITIVE,
    "feGaussianBlur": _PRIMITIVE | {"stdDeviation", "edgeMode"},
    "feImage": _PRIMITIVE | {"href", "preserveAspectRatio"},
    "feMerge": _PRIMITIVE,
    "feMergeNode": frozenset({"in"}),
    "feMorphology": _PRIMITIVE | {"operator", "radius"},
    "feOffset": _PRIMITIVE | {"dx", "dy"},
    "feTile": _PRIMITIVE,
    "feTurbulence": _PRIMITIVE | {"baseFrequency", "numOctaves", "seed", "stitchTiles", "type"},
    "feConvolveMatrix": _PRIMITIVE | {"order", "kernelMatrix", "divisor", "bias", "targetX",
                                      "targetY", "edgeMode", "preserveAlpha"},
    "feDisplacementMap": _PRIMITIVE | {"in2", "scale", "xChannelSelector", "yChannelSelector"},
    "feDiffuseLighting": _PRIMITIVE | {"surfaceScale", "diffuseConstant"},
    "feSpecularLighting": _PRIMITIVE | {"surfaceScale", "specularConstant",
                                        "specularExponent"},
    "feDistantLight": frozenset({"azimuth", "elevation"}),
    "fePointLight": frozenset({"x", "y", "z"}),
    "feSpotLight": frozenset({"x", "y", "z", "pointsAtX", "pointsAtY", "pointsAtZ",
                              "specularExponent", "limitingConeAngle"}),
}
for _f in ("feFuncG", "feFuncB", "feFuncA"):
    ELEMENTS[_f] = ELEMENTS["feFuncR"]

CORE = frozenset({"id", "class", "style", "transform"})
PRESENTATION = frozenset({
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
    "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray",
    "stroke-dashoffset", "opacity", "clip-path", "clip-rule", "mask", "filter", "color",
    "display", "visibility", "overflow", "stop-color", "stop-opacity", "flood-color",
    "flood-opacity", "lighting-color", "paint-order", "vector-effect", "shape-rendering",
    "image-rendering", "color-interpolation", "color-interpolation-filters", "marker-start",
    "marker-mid", "marker-end", "mix-blend-mode", "isolation", "transform-origin",
})
SILENT = frozenset({"title", "desc", "metadata"})  # say something, draw nothing: dropped
ANIMATION = frozenset({"set", "animate", "animateMotion", "animateTransform", "animateColor",
                       "discard", "mpath"})
UNWRAP = {"a": "g"}  # a link is the group it is
_TEXT = (
    "put text in a slot (a rect with data-slot=\"NAME\"), or convert it to a path"
    " (Inkscape: Path ▸ Object to Path)"
)
REFUSED = {  # drawn with system fonts, or not drawing at all but running or showing HTML
    "text": _TEXT, "tspan": _TEXT, "textPath": _TEXT, "flowRoot": _TEXT,
    "script": "remove it: nothing the kit publishes runs",
    "foreignObject": "remove it: draw the content as SVG shapes",
    # CairoSVG draws few filter primitives, and those unlike a browser: a drop shadow or a
    # blur would vanish or shift. Refused, never drawn wrong.
    "filter": "flatten the effect into an image in the editor (Figma: Flatten, or export the "
              "shadowed layer as a PNG and place it; Inkscape: Edit ▸ Make a Bitmap Copy), "
              "or remove it",
}


def rebuild(doc: Doc, problems: Problems, public: bool = False) -> None:
    """Keep only what the table allows, in place; refused elements go to `problems` at their
    line. `public`: the strict list of published files (no data-*, ids and classes renamed)."""
    names = _neutral(doc.root) if public else css.Names()
    stack = [doc.root]
    while stack:  # what a refused or dropped element holds is gone with it, unjudged
        parent = stack.pop()
        for child in list(parent):
            if _keep(child, doc, problems):
                stack.append(child)
            else:
                parent.remove(child)
    for el in doc.root.iter():
        _attributes(el, doc, problems, public, names)


def publish(svg: str, name: str = "published.svg") -> str:
    """An SVG the kit writes out (made by pressroom or already checked) rebuilt on the strict
    public list; a problem here is a bug, raised as ValueError."""
    problems = Problems()
    doc = parse(svg.encode(), Path(name), problems)
    if doc is not None:
        rebuild(doc, problems, public=True)
    if doc is None or problems.errors:
        raise ValueError("; ".join(str(p) for p in problems.errors) or f"{name} is not SVG")
    return svg_text(doc.root) + "\n"


def _keep(el, doc: Doc, problems: Problems) -> bool:
    tag = local(el.tag)
    if not isinstance(el.tag, str) or not el.tag.startswith("{" + SVG + "}") or tag in SILENT:
        return False
    if tag in UNWRAP:
        el.tag = f"{{{SVG}}}{UNWRAP[tag]}"
        return True
    if tag in ANIMATION:
        problems.warn(doc.path, doc.line(el), tag, f"<{tag}> animation is dropped",
                      "the kit draws still pictures; remove the animation")
        return False
    if tag in REFUSED:
        why = ("a filter (drop shadow, blur) would not be drawn as a browser draws it"
               if tag == "filter" else f"templates cannot contain <{tag}>")
        problems.add(doc.path, doc.line(el) or doc.find(f"<{tag}"), tag, why, REFUSED[tag])
        return False
    if tag not in ELEMENTS:
        problems.add(doc.path, doc.line(el), tag, f"<{tag}> is not an element the kit draws",
                     "remove it, or convert it to paths (Inkscape: Path ▸ Object to Path);"
                     " the elements allowed are listed in SECURITY.md")
        return False
    return True


def _attributes(el, doc: Doc, problems: Problems, public: bool, names: css.Names) -> None:
    tag = local(el.tag)
    own = ELEMENTS.get(tag, frozenset())
    for name in list(el.attrib):
        short = local(name)
        foreign = name.startswith("{") and name != f"{{{XLINK}}}href"
        kept = (short in own or short in CORE or short in PRESENTATION) and not foreign
        if not kept and not (short.startswith("data-") and not public and not foreign):
            del el.attrib[name]
            continue
        value = el.attrib[name]
        if short == "style":
            el.set(name, _css(css.declarations, value, el, doc, problems, names))
        elif short in PRESENTATION and "(" in value:
            el.set(name, _css(css.value, value, el, doc, problems, names))
        elif short == "href" and value.startswith("#"):
            el.set(name, names.ref(value))
        elif short == "href" and public and not value.startswith("data:image/png;base64,"):
            del el.attrib[name]  # only re-encoded rasters are published
        elif short == "id" and public:
            el.set(name, names.id(value))
        elif short == "class" and public:
            el.set(name, " ".join(names.cls(c) for c in value.split()))
    if tag == "style":
        text = "".join(el.itertext())  # text split around child elements is one style sheet
        for child in list(el):
            el.remove(child)
        el.text = _css(css.sheet, text, el, doc, problems, names) if text.strip() else None


def _css(read, text: str, el, doc: Doc, problems: Problems, names: css.Names) -> str:
    out, found = read(text, names)
    base = doc.line(el)
    for p in found:
        line = (doc.ref_line(p.ref) if p.ref else 0) or (base + p.line - 1 if base else 0)
        problems.add(doc.path, line, local(el.tag), p.problem, p.fix)
    return out


def _neutral(root) -> css.Names:
    """New names for every id and class: i1, i2 … and c1, c2 … in document order."""
    names = css.Names(fresh=True)
    for el in root.iter():
        if el.get("id"):
            names.id(el.get("id"))
        for c in (el.get("class") or "").split():
            names.cls(c)
    return names

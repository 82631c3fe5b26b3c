"""What CairoSVG would draw unlike a browser, refused at load at its line with the fix: a
template's art is drawn by CairoSVG and must look as it does in the editor and in a browser,
or not be drawn at all. Each refusal here was seen in the corpus of tests/data/svgcorpus/,
drawn by pressroom and by Chromium (tests/template/test_svgcorpus.py):

- a mask: CairoSVG masks by alpha, where a browser masks by luminance, and draws the mask at
  one pixel per unit (blurred on every larger render, print above all);
- a pattern fill, but for a picture filling a rectangle (imagefill.py makes that an image
  first): tiles drawn at one pixel per unit, and an objectBoundingBox tile not at the box;
- `paint-order` with the stroke first, `vector-effect`, `mix-blend-mode`, `pathLength` and a
  focal radius `fr`: ignored;
- a CSS `transform` property, and `opacity` in a `<style>` sheet (opacity.py moves an
  element's own opacity where CairoSVG draws it right; a sheet's it cannot);
- colours other than #rgb, #rrggbb, rgb(), rgba() and the names CairoSVG knows (hsl(), an
  alpha in #rrggbbaa, space-separated rgb(): drawn black, opaque, or failing the build), other
  CSS functions (var(), calc(): not computed), and an opacity in per cent (failing the build).

`<filter>` is refused with the other elements, in allow.py.
"""

from __future__ import annotations

import re

import tinycss2
from cairosvg.colors import COLORS  # the colour names CairoSVG draws

from pressroom.errors import Problems
from pressroom.template import css
from pressroom.template.allow import PRESENTATION
from pressroom.template.xml import Doc, local

_FLATTEN = "flatten it into an image in the editor (Figma: Flatten, or export the layer as a PNG " \
    "and place it; Inkscape: Edit ▸ Make a Bitmap Copy)"
_REFERENCED = {
    "mask": ("a mask would not be drawn as a browser draws it (CairoSVG masks by alpha, at one "
             "pixel per unit)",
             "clip instead (Figma: a frame with Clip content; Inkscape: Object ▸ Clip ▸ Set "
             f"Clip), or {_FLATTEN}"),
    "pattern": ("a pattern fill would not be drawn as a browser draws it (tiles blurred and "
                "shifted)",
                "fill a rectangle with a picture (drawn placed and cropped as in Figma), draw "
                "the tiles as shapes (Inkscape: Object ▸ Pattern ▸ Pattern to Objects), or "
                f"{_FLATTEN}"),
}
_COLOURS = frozenset({"fill", "stroke", "stop-color", "flood-color", "lighting-color", "color"})
_OPACITIES = frozenset({"opacity", "fill-opacity", "stroke-opacity", "stop-opacity",
                        "flood-opacity"})
_IGNORED = {  # property: (values drawn as a browser draws them, the fix)
    "paint-order": ({"normal", "fill", "fill stroke", "fill stroke markers"},
                    "expand the stroke into a shape under the fill (Inkscape: Path ▸ Stroke to "
                    "Path; Figma: Outline Stroke), or remove paint-order"),
    "vector-effect": ({"none"}, "remove vector-effect and give the stroke the width it should "
                      "have, or expand it into a shape (Inkscape: Path ▸ Stroke to Path)"),
    "mix-blend-mode": ({"normal"}, f"remove the blend mode, or {_FLATTEN}"),
}
_N = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?"
_RGB = re.compile(rf"rgb\(\s*{_N}\s*,\s*{_N}\s*,\s*{_N}\s*\)"
                  rf"|rgb\(\s*{_N}%\s*,\s*{_N}%\s*,\s*{_N}%\s*\)"
                  rf"|rgba\(\s*{_N}\s*,\s*{_N}\s*,\s*{_N}\s*,\s*{_N}\s*\)"
                  rf"|rgba\(\s*{_N}%\s*,\s*{_N}%\s*,\s*{_N}%\s*,\s*{_N}\s*\)")
_HEX = re.compile(r"#(?:[0-9a-f]{3}|[0-9a-f]{6})")
_URL = re.compile(r"url\(\s*['\"]?#[^)'\"\s]+['\"]?\s*\)")
_USED = re.compile(r"url\(\s*['\"]?#([^)'\"\s]+)")
_WORDS = frozenset({"none", "transparent", "currentcolor", "inherit"})


def refuse_undrawable(doc: Doc, problems: Problems) -> None:
    """Add a problem, at its line, for every construct CairoSVG would draw unlike a browser."""
    used = _used_ids(doc.root)
    for el in doc.root.iter():
        tag, line = local(el.tag), doc.line(el)
        if tag in _REFERENCED and el.get("id") in used:
            problems.add(doc.path, line, tag, *_REFERENCED[tag])
        if el.get("pathLength") is not None:
            problems.add(doc.path, line, "pathLength",
                         "a path length would be ignored (dashes drawn at the path's own "
                         "length)",
                         "remove pathLength and give stroke-dasharray in the path's units")
        if tag == "radialGradient" and (el.get("fr") or "0").strip() not in ("0", ""):
            problems.add(doc.path, line, "fr", "a focal radius would be ignored",
                         "remove fr and move the first stop out to offset fr/r instead")
        for name, value in el.attrib.items():
            if name not in PRESENTATION:
                continue
            found = _judge(name, value)
            if found:
                problems.add(doc.path, line, name, *found)
        if el.get("style"):
            _declarations(doc, el.get("style"), line, problems, sheet=False)
        if tag == "style" and el.text:
            for rule in tinycss2.parse_stylesheet(el.text, True, True):
                if rule.type == "qualified-rule":
                    _declarations(doc, rule.content, line + rule.source_line - 1, problems,
                                  sheet=True)


def _declarations(doc: Doc, css, line: int, problems: Problems, sheet: bool) -> None:
    for d in tinycss2.parse_blocks_contents(css, True, True):
        if d.type != "declaration":
            continue
        name = d.lower_name
        at = line + d.source_line - 1 if sheet else line
        value = tinycss2.serialize(d.value).strip()
        if name == "transform":
            problems.add(doc.path, at, name, "a CSS transform would be ignored",
                         f'write it as the attribute transform="…" (e.g. rotate(20), without '
                         f"deg), not in {'the style sheet' if sheet else 'style='}")
        elif name == "opacity" and sheet:
            problems.add(doc.path, at, name,
                         "opacity set in a style sheet would be drawn unlike a browser (on a "
                         "shape's fill and stroke apart)",
                         'set it on the element instead: opacity="…" (Illustrator: export '
                         "styling as Presentation Attributes)")
        else:
            found = _judge(name, value)
            if found:
                problems.add(doc.path, at, name, *found)


def _judge(name: str, value: str) -> tuple[str, str] | None:
    """(problem, fix) for a property's value CairoSVG would draw unlike a browser, or None."""
    text = value.strip()
    low = text.lower()
    if name in _COLOURS:
        if low in _WORDS or low in COLORS or _HEX.fullmatch(low) or _RGB.fullmatch(low) \
                or _URL.fullmatch(text):
            return None
        return (f"the colour {text[:40]!r} would be drawn unlike a browser (black, opaque, or "
                "not at all)",
                "write it as #RRGGBB or rgb(r, g, b), with fill-opacity, stroke-opacity or "
                "stop-opacity for transparency")
    if name in _OPACITIES:
        if re.fullmatch(_N, low) or low == "inherit":
            return None
        return f"opacity {text[:40]!r} cannot be drawn", "write a number from 0 to 1, e.g. 0.5"
    if name in _IGNORED:
        drawn, fix = _IGNORED[name]
        if " ".join(low.split()) in drawn:
            return None
        return f"{name}: {text[:40]} would be ignored", fix
    call = re.search(r"([a-z-]+)\(", low)
    if call and call.group(1) in css.FUNCTIONS:  # (css.py refuses the others)
        return (f"{call.group(1)}() would not be computed",
                "write the value out (a number, or #RRGGBB for a colour)")
    return None


def _used_ids(root) -> set[str]:
    """The ids that a url(#…) of an attribute, a style= or a style sheet names."""
    texts = [v for el in root.iter() for v in el.attrib.values()]
    texts += [el.text or "" for el in root.iter() if local(el.tag) == "style"]
    return {m for t in texts if "url(" in t for m in _USED.findall(t)}

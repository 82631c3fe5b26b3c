"""SVG templates: parsed safely, cleaned, coloured from the palette, split around named slots.

A slot is an element with id `slot-NAME` (a rect the designer draws in Inkscape); its data-
attributes say how text is set in it. Elements with `data-kind="fact"` (or "slogan") appear only
on assets of that kind. The result is a list of SVG text parts with slots between them, so
filling a template is joining strings.

Safety: DTDs and entities are refused before anything resolves them; <text>, <script> and
<foreignObject> are refused; editor data, metadata, comments and event attributes are dropped; a
reference (href, url(), @import) may only point inside the template (`#id`), except an <image>,
which may name a file inside the brand book or carry a data: URI. Such images are inlined at load
(assets.py): rasters re-encoded without metadata, SVG assets cleaned like a template and nested.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import escape

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from pressroom import assets
from pressroom.colour import MIN_LARGE, MIN_TEXT, contrast, luminance
from pressroom.errors import Problems
from pressroom.model import (
    BRAND_SLOTS,
    MESSAGE_TEXTS,
    QR_SLOT,
    Brand,
    Format,
    Slot,
    Template,
    Variant,
)

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)

KINDS = tuple(MESSAGE_TEXTS)
TEXT_SLOTS = frozenset(t for texts in MESSAGE_TEXTS.values() for t in texts) | set(BRAND_SLOTS)
OMITTABLE = frozenset({"body", "cta", "claim"})
_DROP_TAGS = {"metadata", "title", "desc", "namedview"}
_FORBIDDEN_TAGS = {"text", "tspan", "textPath", "flowRoot", "script", "foreignObject"}
_PAINT_ATTRS = {"data-fill": "fill", "data-stroke": "stroke", "data-stop-color": "stop-color"}
_URL = re.compile(r"url\(\s*['\"]?([^'\")\s]*)", re.I)
_IMPORT = re.compile(r"@import", re.I)
MAX_TEMPLATE_BYTES = 30_000_000
MAX_IMAGE_NESTING = 4  # an SVG asset may show images too, this many levels deep
_SLOT_MARK = "\x00slot:{}\x00"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _line_of(raw: str, needle: str) -> int:
    i = raw.find(needle)
    return raw.count("\n", 0, i) + 1 if i >= 0 else 0


def _ref_line(raw: str, ref: str) -> int:
    """The line of a reference, as written in the file (attribute values are XML-escaped)."""
    for needle in (ref[:40], escape(ref[:40]), escape(ref[:40], {'"': "&quot;"})):
        line = _line_of(raw, needle)
        if line:
            return line
    return 0


def _num(value: str | None) -> float | None:
    if value is None:
        return None
    m = re.fullmatch(r"\s*(-?[0-9.]+)\s*(px|mm)?\s*", value)
    return float(m.group(1)) if m else None


def load_template(
    path: Path, fmt: Format, brand: Brand, problems: Problems, book_root: Path | None = None
) -> Template | None:
    """Read, check and prepare one template; every problem goes to `problems`.

    `book_root` is the brand book folder (by default the folder above templates/): images the
    template links must lie inside it.
    """
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as exc:
        problems.add(
            path,
            0,
            "",
            f"cannot read the template ({exc.strerror})",
            f"create it or fix `template:` of format {fmt.name} in formats.yaml",
        )
        return None
    if len(data) > MAX_TEMPLATE_BYTES:
        problems.add(
            path,
            0,
            "",
            f"the template is over {MAX_TEMPLATE_BYTES:,} bytes",
            "link large images from brandbook/assets/ instead of embedding them",
        )
        return None
    raw = data.decode("utf-8", errors="replace")
    root = _parse(data, path, problems)
    if root is None:
        return None
    before = len(problems.errors)
    if _local(root.tag) != "svg":
        problems.add(path, 1, "", "the root element is not <svg>", "save the file as SVG")
        return None
    width, height = _check_size(root, path, fmt, problems)
    _clean(root)
    _check_safety(root, raw, path, problems)
    book = (book_root or path.parent.parent).resolve()
    _inline_images(root, raw, path, path.parent, book, problems, _ids(root), 0)
    _apply_palette(root, raw, path, brand, problems)
    slots = _find_slots(root, raw, path, fmt, brand, problems)
    if len(problems.errors) > before:
        return None
    omit = frozenset((root.get("data-omit") or "").split())
    for key in sorted(omit - OMITTABLE):
        problems.add(
            path,
            1,
            "data-omit",
            f"{key!r} cannot be left out",
            f"only {', '.join(sorted(OMITTABLE))} may be omitted (facts keep their source)",
        )
    if len(problems.errors) > before:
        return None
    variants = {kind: _variant(root, kind) for kind in KINDS}
    source = ET.tostring(root, encoding="unicode")
    digest = hashlib.sha256(source.encode()).hexdigest()
    return Template(path.name, path, width, height, tuple(slots), variants, digest, omit)


def _parse(data: bytes, path: Path, problems: Problems):
    """The XML root, with DTDs, entities and external references refused before any resolving."""
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        problems.add(
            path,
            0,
            "",
            f"the SVG declares a DTD or entities ({type(exc).__name__})",
            "remove the <!DOCTYPE …> and entity declarations",
        )
    except ET.ParseError as exc:
        problems.add(
            path,
            exc.position[0],
            "",
            f"not well-formed SVG ({exc.msg})",
            "open and re-save it in Inkscape, or fix the XML at that line",
        )
    except (ValueError, RecursionError) as exc:  # e.g. nesting too deep for the parser
        problems.add(
            path, 0, "", f"cannot be read as SVG ({type(exc).__name__})", "re-save it as SVG"
        )
    return None


def _check_size(root, path, fmt: Format, problems: Problems) -> tuple[float, float]:
    want_w, want_h = fmt.page_size
    box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        x, y, w, h = (float(v) for v in box)
    except ValueError:
        problems.add(
            path,
            1,
            "viewBox",
            "the <svg> has no valid viewBox",
            f'set viewBox="0 0 {want_w:g} {want_h:g}"',
        )
        return want_w, want_h
    if (x, y) != (0, 0) or abs(w - want_w) > 1e-6 or abs(h - want_h) > 1e-6:
        problems.add(
            path,
            1,
            "viewBox",
            f'viewBox is "{root.get("viewBox")}", format {fmt.name} '
            f"is {want_w:g}×{want_h:g} {fmt.unit}",
            f'set viewBox="0 0 {want_w:g} {want_h:g}" and size the artwork to it',
        )
    root.set("width", f"{want_w:g}{fmt.unit}")
    root.set("height", f"{want_h:g}{fmt.unit}")
    return want_w, want_h


def _clean(root) -> None:
    """Drop editor data, metadata and foreign attributes: they must never reach an output."""
    for parent in list(root.iter()):
        for child in list(parent):
            if (
                not isinstance(child.tag, str)
                or _local(child.tag) in _DROP_TAGS
                or (child.tag.startswith("{") and not child.tag.startswith("{" + SVG))
            ):
                parent.remove(child)
    for el in root.iter():
        for name in list(el.attrib):
            if (name.startswith("{") and not name.startswith("{" + XLINK)) or name.startswith("on"):
                del el.attrib[name]


def _check_safety(root, raw: str, path, problems: Problems) -> None:
    """Refuse text elements (cairo would use system fonts) and any outside reference.

    An <image>'s own link is checked when it is inlined; everything else (use, gradients,
    patterns, url() in attributes and styles) may only point inside the template.
    """
    outside = "embed it or draw it in the template; nothing is ever fetched"
    for el in root.iter():
        tag = _local(el.tag)
        if tag in _FORBIDDEN_TAGS:
            problems.add(
                path,
                _line_of(raw, f"<{tag}"),
                tag,
                f"templates cannot contain <{tag}>",
                "put text in a slot (a rect with id slot-NAME), or convert it to a path"
                " (Inkscape: Path ▸ Object to Path)",
            )
        refs = [v for k, v in el.attrib.items() if _local(k) == "href" and tag != "image"]
        styles = [el.get("style") or ""] + ([el.text or ""] if tag == "style" else [])
        for text in [v for k, v in el.attrib.items() if _local(k) != "href"] + styles[1:]:
            refs += _URL.findall(text)
        for text in styles:
            if "\\" in text:
                problems.add(
                    path,
                    _line_of(raw, "\\"),
                    tag,
                    "CSS escapes (\\) are not allowed in templates",
                    "write the plain characters",
                )
            if _IMPORT.search(text):
                problems.add(
                    path,
                    _line_of(raw, "@import"),
                    tag,
                    "@import is not allowed",
                    "put the styles in the template itself",
                )
        for ref in refs:
            if not ref.strip().startswith("#"):
                problems.add(
                    path,
                    _ref_line(raw, ref),
                    tag,
                    f"refers to {ref[:60]!r} outside the template",
                    outside,
                )


def _ids(root) -> set[str]:
    return {el.get("id") for el in root.iter() if el.get("id")}


def _href(el) -> str:
    return el.get(f"{{{XLINK}}}href", el.get("href")) or ""


def _inline_images(root, raw, path, base_dir, book, problems, taken, depth) -> None:
    """Replace every <image>'s link by a cleaned data URI, or by the cleaned SVG it names."""
    parents = {child: parent for parent in root.iter() for child in parent}
    for el in [e for e in root.iter() if _local(e.tag) == "image"]:
        ref = _href(el)
        line = (_ref_line(raw, ref) if ref else 0) or _line_of(raw, "<image")
        name = "the embedded image" if ref.startswith("data:") else ref[:80]
        if not ref.strip():
            if el in parents:
                parents[el].remove(el)
            continue
        try:
            if depth >= MAX_IMAGE_NESTING:
                raise assets.AssetError(
                    f"images are nested more than {MAX_IMAGE_NESTING} levels deep",
                    "embed the innermost images as PNG",
                )
            kind, data, file = assets.load_ref(ref, base_dir, book)
            if kind == "raster":
                uri = assets.png_data_uri(assets.clean_raster(data, name))
                el.attrib.pop("href", None)
                el.set(f"{{{XLINK}}}href", uri)
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
        if replacement is not None and el in parents:
            parent = parents[el]
            parent.insert(list(parent).index(el), replacement)
            parent.remove(el)


def _svg_asset(data, file, book, problems, taken, depth):
    """An SVG image file parsed and cleaned like a template, its ids made unique."""
    before = len(problems.errors)
    sub = _parse(data, file, problems)
    if sub is None:
        return None
    if _local(sub.tag) != "svg":
        problems.add(file, 1, "", "the root element is not <svg>", "save the file as SVG")
        return None
    raw = data.decode("utf-8", errors="replace")
    _clean(sub)
    _check_safety(sub, raw, file, problems)
    _inline_images(sub, raw, file, file.parent, book, problems, taken, depth + 1)
    if len(problems.errors) > before:
        return None
    n = 1
    while any(i.startswith(f"asset{n}-") for i in taken):
        n += 1
    prefix = f"asset{n}-"
    ids = {i: prefix + i for i in _ids(sub)}
    taken.update(ids.values())
    scope = prefix + "root"
    taken.add(scope)

    def rename(text: str) -> str:
        return re.sub(
            r"url\(\s*(['\"]?)#([^'\")\s]+)",
            lambda m: f"url({m.group(1)}#{ids.get(m.group(2), m.group(2))}",
            text,
        )

    for el in sub.iter():
        for name in [a for a in el.attrib if a.startswith("data-")]:
            del el.attrib[name]
        for name, value in list(el.attrib.items()):
            if name == "id":
                el.set(name, ids.get(value, value))
            elif _local(name) == "href" and value.startswith("#"):
                el.set(name, "#" + ids.get(value[1:], value[1:]))
            elif "url(" in value:
                el.set(name, rename(value))
        if _local(el.tag) == "style" and el.text:
            el.text = _scope_css(rename(el.text), scope, ids)
    sub.set("id", scope)
    return sub


def _scope_css(css: str, scope: str, ids: dict[str, str]) -> str:
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
                    r"#([A-Za-z_][\w-]*)", lambda m: "#" + ids.get(m.group(1), m.group(1)), sel
                )
                selectors.append(f"#{scope} {sel.strip()}")
            chunk = ", ".join(selectors)
        out.append(chunk)
    return "".join(out)


def _nest(image, sub, file, problems):
    """A <g> with the <image>'s attributes, holding the asset as a nested <svg> in its box."""
    box = (sub.get("viewBox") or "").replace(",", " ").split()
    if len(box) != 4:
        w, h = _num(sub.get("width")), _num(sub.get("height"))
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
        if name not in geometry and _local(name) != "href":
            group.set(name, value)
    group.append(sub)
    return group


def _apply_palette(root, raw, path, brand: Brand, problems: Problems) -> None:
    for el in root.iter():
        for data_attr, attr in _PAINT_ATTRS.items():
            name = el.get(data_attr)
            if name is None:
                continue
            colour = brand.palette.get(name)
            if colour is None:
                problems.add(
                    path,
                    _line_of(raw, f'{data_attr}="{name}"'),
                    data_attr,
                    f"colour {name!r} is not in the palette",
                    f"use one of {', '.join(sorted(brand.palette))} or add it to brand.yaml",
                )
                continue
            el.set(attr, colour)
            style = el.get("style")
            if style:
                kept = [d for d in style.split(";") if d.split(":")[0].strip() not in (attr,)]
                el.set("style", ";".join(kept))


def _find_slots(root, raw, path, fmt: Format, brand: Brand, problems: Problems) -> list[Slot]:
    slots, seen = [], set()
    parents = {child: parent for parent in root.iter() for child in parent}
    for el in root.iter():
        sid = el.get("id") or ""
        if not sid.startswith("slot-"):
            continue
        name = sid[5:]
        line = _line_of(raw, f'id="{sid}"')
        if name not in TEXT_SLOTS and name != QR_SLOT:
            problems.add(
                path,
                line,
                sid,
                f"unknown slot {name!r}",
                f"name it one of {', '.join(sorted(TEXT_SLOTS | {QR_SLOT}))}",
            )
            continue
        kind = el.get("data-kind")
        if kind is not None and kind not in KINDS:
            problems.add(
                path, line, sid, f"data-kind is {kind!r}", f"use one of {', '.join(KINDS)}"
            )
        key = (name, kind)
        if key in seen:
            problems.add(path, line, sid, "the slot appears twice", "keep one of them")
        seen.add(key)
        node = el
        while node is not None:
            if node.get("transform"):
                problems.add(
                    path,
                    line,
                    sid,
                    "the slot or a group around it has a transform",
                    "remove the transform (Inkscape: ungroup, or set Preferences ▸"
                    " Behavior ▸ Transforms ▸ Store transformation: Optimized)",
                )
                break
            node = parents.get(node)
        x, y = _num(el.get("x", "0")), _num(el.get("y", "0"))
        w, h = _num(el.get("width")), _num(el.get("height"))
        if _local(el.tag) != "rect" or None in (x, y, w, h) or w <= 0 or h <= 0:
            problems.add(
                path,
                line,
                sid,
                "a slot must be a <rect> with x, y, width and height",
                "draw the slot as a rectangle",
            )
            continue
        slot = Slot(name, x, y, w, h, dict(el.attrib), line)
        _check_slot(slot, path, fmt, brand, problems)
        slots.append(slot)
    return slots


def _check_slot(slot: Slot, path, fmt: Format, brand: Brand, problems: Problems) -> None:
    sid = f"slot-{slot.name}"
    # Text keeps to the safe area; a QR code (not text) only has to stay on the trimmed page.
    if slot.name == QR_SLOT:
        b = fmt.bleed
        sx0, sy0, sx1, sy1 = b, b, b + fmt.width, b + fmt.height
        area = "page"
    else:
        sx0, sy0, sx1, sy1 = fmt.safe_rect
        area = "safe area"
    if (
        slot.x < sx0 - 1e-6
        or slot.y < sy0 - 1e-6
        or slot.x + slot.width > sx1 + 1e-6
        or slot.y + slot.height > sy1 + 1e-6
    ):
        problems.add(
            path,
            slot.line,
            sid,
            f"the slot leaves the {area} of {fmt.name} (x {sx0:g}–{sx1:g}, y {sy0:g}–{sy1:g})",
            "move or shrink it inside",
        )
    for kx, ky, kw, kh in fmt.keep_clear:
        if (
            slot.x < kx + kw
            and kx < slot.x + slot.width
            and slot.y < ky + kh
            and ky < slot.y + slot.height
        ):
            problems.add(
                path,
                slot.line,
                sid,
                f"the slot overlaps the area {fmt.name} keeps clear "
                f"({kx:g}, {ky:g}, {kw:g}×{kh:g})",
                "move it out of that area",
            )
    a = slot.attrs
    for attr in ("data-color", "data-on"):
        if a.get(attr) and a[attr] not in brand.palette:
            problems.add(
                path,
                slot.line,
                attr,
                f"colour {a[attr]!r} is not in the palette",
                f"use one of {', '.join(sorted(brand.palette))}",
            )
    _check_contrast(slot, path, brand, problems)
    if slot.name == QR_SLOT:
        side = min(slot.width, slot.height)
        if fmt.qr_min and side < fmt.qr_min - 1e-6:
            problems.add(
                path,
                slot.line,
                sid,
                f"the QR code would be {side:g} mm wide, "
                f"{fmt.name} needs at least {fmt.qr_min:g} mm",
                "make the slot larger",
            )
        return
    font = a.get("data-font", "text")
    if font not in brand.fonts:
        problems.add(
            path,
            slot.line,
            "data-font",
            f"font role {font!r} is not in brand.yaml",
            f"use one of {', '.join(sorted(brand.fonts))}",
        )
    nums = {k: _num(a.get(k)) for k in ("data-max-size", "data-min-size")}
    if None in nums.values():
        problems.add(
            path,
            slot.line,
            sid,
            "data-max-size and data-min-size must be numbers",
            'add e.g. data-max-size="120" data-min-size="60"',
        )
    elif nums["data-min-size"] <= 0 or nums["data-min-size"] > nums["data-max-size"]:
        problems.add(
            path,
            slot.line,
            sid,
            "data-min-size must be above 0 and not above data-max-size",
            "swap or correct them",
        )
    if a.get("data-align", "start") not in ("start", "center", "end"):
        problems.add(
            path, slot.line, "data-align", f"is {a['data-align']!r}", "use start, center or end"
        )
    if a.get("data-valign", "top") not in ("top", "middle", "bottom"):
        problems.add(
            path, slot.line, "data-valign", f"is {a['data-valign']!r}", "use top, middle or bottom"
        )
    for k in ("data-line-height", "data-max-lines"):
        if a.get(k) is not None and (_num(a[k]) is None or _num(a[k]) <= 0):
            problems.add(path, slot.line, k, f"is {a[k]!r}", "use a positive number")


def _check_contrast(slot: Slot, path, brand: Brand, problems: Problems) -> None:
    """Text on its background, and a QR code's dark modules on its light ones."""
    a, sid = slot.attrs, f"slot-{slot.name}"
    qr = slot.name == QR_SLOT
    fg = brand.palette.get(a.get("data-color", ""), "#000000" if qr else None)
    bg = brand.palette.get(a.get("data-on", ""), "#FFFFFF" if qr else None)
    if fg is None or bg is None:
        if not qr:
            problems.add(
                path,
                slot.line,
                sid,
                "data-color and data-on are needed",
                'name the text colour and the colour behind it, e.g. data-color="ink" '
                'data-on="paper"',
            )
        return
    need = MIN_LARGE if a.get("data-font") == "display" else MIN_TEXT
    ratio = contrast(fg, bg)
    if ratio < need - 1e-9:
        problems.add(
            path,
            slot.line,
            sid,
            f"contrast of {fg} on {bg} is {ratio:.2f}:1, below {need:g}:1",
            "choose colours further apart in brand.yaml or here",
        )
    if qr and luminance(fg) >= luminance(bg):
        problems.add(
            path, slot.line, sid, "QR codes must be dark on light", "swap data-color and data-on"
        )


def _variant(root, kind: str) -> Variant:
    """Serialize the template for `kind`, with markers where slots go."""
    import copy

    tree = copy.deepcopy(root)
    parents = {child: parent for parent in tree.iter() for child in parent}
    for el in list(tree.iter()):
        if el is tree:
            continue
        k = el.get("data-kind")
        if k is not None and k != kind and el in parents:
            parents[el].remove(el)
    for el in list(tree.iter()):
        sid = el.get("id") or ""
        if sid.startswith("slot-") and el in parents:
            parent = parents[el]
            index = list(parent).index(el)
            marker = ET.Element(f"{{{SVG}}}g", {"id": sid})
            marker.text = _SLOT_MARK.format(sid[5:])
            parent.remove(el)
            parent.insert(index, marker)
    for el in tree.iter():
        for name in [n for n in el.attrib if n.startswith("data-")]:
            del el.attrib[name]
    text = ET.tostring(tree, encoding="unicode")
    pieces = re.split("\x00slot:([a-z-]+)\x00", text)
    after = "".join(pieces[2::2])
    on_top = re.sub(r"</?(g|svg)\b[^>]*>|\s+", "", after) == ""
    return Variant(tuple(pieces[0::2]), tuple(pieces[1::2]), on_top)

"""Slots: the rectangles content fills. A slot is any element with `data-slot="NAME"` (its id is
then free), or with `id="slot-NAME"` (a Figma layer named slot-NAME), or `id="slot-NAME-KIND"`
(slot-url-fact: the url slot of facts only, as data-kind="fact" says); a group (a Figma frame)
takes the box of its first element when that is a rectangle. Editors keep data- attributes and
give every copy a fresh id, so `data-slot` survives Inkscape; an id-named slot works while its
id is unique. Its attributes may come from a side table beside the template (sidestyle.py):
`styled` says which, so that their problems are said where they are written.

Every slot is read once: its box in the root's (the format's) coordinates, through any
translating or scaling groups around it, and its attributes through the one table of
`slotstyle`, with sizes scaled with the box. Then it is judged against the format: safe area,
areas kept clear, contrast, QR size. An element that carries slot attributes but names no slot,
and a name seen twice for the same kind of message, are errors with their lines.
"""

from __future__ import annotations

import re
from collections import Counter

from pressroom.errors import Problems
from pressroom.model import (
    BRAND_SLOTS,
    CAMPAIGN_KIT,
    LOGO_SLOT,
    MESSAGE_TEXTS,
    PLAIN_KIT,
    QR_SLOT,
    Brand,
    Format,
    Slot,
)
from pressroom.slotstyle import IMAGE, KINDS, QR, SLOT_ONLY, TEXT, read_style
from pressroom.template.colour import MIN_LARGE, MIN_TEXT, contrast, luminance
from pressroom.template.geometry import axis_aligned, box_in, length, to_root
from pressroom.template.sidetable import UNSTYLED, Styled
from pressroom.template.xml import Doc, local, parents

PREFIX = "slot-"
NAMES = frozenset(t for texts in MESSAGE_TEXTS.values() for t in texts) | {
    *BRAND_SLOTS, QR_SLOT, LOGO_SLOT
}
SLOT_KINDS = {QR_SLOT: QR, LOGO_SLOT: IMAGE}  # every other slot holds text


def slot_name(el) -> str | None:
    """The slot an element names (data-slot, else an id slot-NAME or slot-NAME-KIND), or None
    for art."""
    name = el.get("data-slot")
    if name is not None:
        return name.strip()
    sid = el.get("id") or ""
    return split_name(sid[len(PREFIX):])[0] if sid.startswith(PREFIX) else None


def split_name(name: str) -> tuple[str, str | None]:
    """A layer's name without slot-, as (slot, kind): url-fact is ("url", "fact"), url is
    ("url", None); any other name is itself, with no kind."""
    base, _, kind = name.rpartition("-")
    return (base, kind) if kind in KINDS and base in NAMES else (name, None)


def named_kind(el) -> str | None:
    """The kind an element's id names (slot-url-fact: fact), when data-slot does not name it."""
    sid = el.get("id") or ""
    if el.get("data-slot") is not None or not sid.startswith(PREFIX):
        return None
    return split_name(sid[len(PREFIX):])[1]


def slot_kind(el) -> str | None:
    """The kind of message a slot element is for: its data-kind, else the kind its id names."""
    kind = el.get("data-kind")
    return kind.strip() if kind is not None else named_kind(el)


def keeps_place(el, up: dict) -> bool:
    """True when the element or a group around it says data-mirror="no"."""
    while el is not None:
        if el.get("data-mirror") == "no":
            return True
        el = up.get(el)
    return False


def kit_of(el, up: dict) -> str | None:
    """The kits an element is drawn in, from it or a group around it: CAMPAIGN_KIT for
    data-campaign="only", PLAIN_KIT for data-plain="only", None for every kit."""
    while el is not None:
        if el.get("data-campaign") == "only":
            return CAMPAIGN_KIT
        if el.get("data-plain") == "only":
            return PLAIN_KIT
        el = up.get(el)
    return None


def find_slots(
    doc: Doc, fmt: Format, brand: Brand, problems: Problems, styled: Styled = UNSTYLED
) -> list[Slot]:
    """Every slot of `doc`, read and judged; `styled` says which attributes a side table set."""
    root, path = doc.root, doc.path
    _kinds_from_names(doc, problems)
    up = parents(root)
    ctm, bad = to_root(root)
    bad_ancestry = set()
    for el in bad:
        bad_ancestry.update(el.iter())
    ids = Counter(
        el.get("id") for el in root.iter() if el.get("data-slot") is None and el.get("id")
    )
    names = {"fonts": brand.fonts, "palette": brand.palette}
    slots: list[Slot] = []
    for el in root.iter():
        name, line = slot_name(el), doc.line(el)
        if name is None:
            _not_a_slot(doc, el, problems)
            continue
        key = f"{PREFIX}{name}"
        if name not in NAMES:
            copy = _NUMBERED.fullmatch(name)
            if copy and split_name(copy.group(1))[0] in NAMES:
                base = copy.group(1)
                problems.add(
                    path, line, key,
                    f"{name!r} looks like an editor's numbered copy of slot-{base} (Figma, "
                    "Illustrator and Inkscape number a duplicated layer's name)",
                    f"rename the layer slot-{base}, or delete the copy; for one {base} on "
                    'slogans and another on facts, give each data-kind="slogan" / "fact" '
                    "(in the template or its side table)",
                )
                continue
            problems.add(
                path, line, key, f"unknown slot {name!r}", f"use one of {', '.join(sorted(NAMES))}"
            )
            continue
        if el.get("data-slot") is None and ids[el.get("id")] > 1:
            problems.add(
                path,
                line,
                key,
                f"the id {el.get('id')!r} is used {ids[el.get('id')]} times; ids must be unique,"
                " and editors rename the copies",
                f'name each slot with data-slot="{name}" and give it its own id',
            )
            continue
        fonts = sorted(a for a in el.attrib if a == "font" or a.startswith("font-"))
        fonts += [f"style {p.split(':')[0].strip()}" for p in (el.get("style") or "").split(";")
                  if p.split(":")[0].strip().startswith("font")]
        if fonts and SLOT_KINDS.get(name, TEXT) == TEXT:
            problems.add(
                path, line, f"{key} {fonts[0]}",
                f"{', '.join(fonts)} on a slot would be ignored: the slot's font role decides "
                "the face, weight and size",
                f'remove it; choose the face with data-font="{"|".join(sorted(brand.fonts))}" '
                "(the chains in brand.yaml fonts:) and the size with data-max-size",
            )
        style, found = read_style(el.attrib, SLOT_KINDS.get(name, TEXT), names)
        for p in found:
            if p.problem == "is missing" and el in styled.broken:
                continue  # the side table's entry for it has a problem, said there
            where = styled.where(el, p.attribute)
            if where is not None:  # set in the side table: said there, at its line
                problems.add(where[0], where[1], f"{where[2]} {p.attribute}", p.problem, p.fix)
            else:
                fix = p.fix + (styled.also if p.problem == "is missing" else "")
                problems.add(path, line, f"{key} {p.attribute}", p.problem, fix)
        if style is None:
            continue
        kit = kit_of(el, up)
        clash = next(
            (s for s in slots if s.name == name and _same_kind(s.kind, style.kind)
             and _same_kind(s.kit, kit)),
            None,
        )
        if clash is not None:
            kinds = style.kind or clash.kind or "every"
            problems.add(
                path,
                line,
                key,
                f"slot {name!r} appears twice for {kinds} messages (also on line {clash.line})",
                'remove one, or give each its own data-kind="slogan" / "fact"; for the plain '
                'kit\'s own place, mark one data-plain="only" and the other data-campaign="only"',
            )
            continue
        shape = _frame_rect(el)  # a frame (Figma's <g>) takes its first rectangle's box
        geometry = [length(shape.get(a, "0")) for a in ("x", "y")]
        geometry += [length(shape.get(a)) for a in ("width", "height")]
        if local(shape.tag) != "rect" or None in geometry or geometry[2] <= 0 or geometry[3] <= 0:
            problems.add(
                path,
                line,
                key,
                "a slot must be a <rect> with x, y, width and height, or a group (a frame) "
                "whose first element is one",
                "draw the slot as a rectangle",
            )
            continue
        m = ctm[shape]
        if el in bad_ancestry:
            continue  # its transform is reported where it is written (template/load.py)
        if not axis_aligned(m):
            problems.add(
                path,
                line,
                key,
                "the slot or a group around it is rotated or skewed; text is set upright",
                "remove the rotation (Inkscape: Object ▸ Transform, or Object ▸ Remove"
                " Transform on the group)",
            )
            continue
        x0, y0, x1, y1 = (round(v, 6) for v in box_in(m, *geometry))
        scale = min(abs(m.xx), abs(m.yy))
        if abs(scale - 1) > 1e-9:
            style = style.scaled(scale)
        width, height = round(x1 - x0, 6), round(y1 - y0, 6)
        slot = Slot(name, x0, y0, width, height, style, line, not keeps_place(el, up), kit)
        colours = styled.where(el, "data-color") or styled.where(el, "data-on")
        also = None if el in styled.broken else styled.also  # None: a missing colour is said
        _check_slot(slot, path, fmt, brand, problems, colours, also)
        slots.append(slot)
    return slots


def _kinds_from_names(doc: Doc, problems: Problems) -> None:
    """A slot named slot-NAME-KIND gets data-kind="KIND", so that it is cut out of the other
    kind's assets as any data-kind element is; a data-kind that says otherwise is an error."""
    for el in doc.root.iter():
        kind = named_kind(el)
        if kind is None:
            continue
        said = el.get("data-kind")
        if said is None:
            el.set("data-kind", kind)
        elif said.strip() != kind:
            problems.add(
                doc.path, doc.line(el), f"{el.get('id')} data-kind",
                f"is {said.strip()!r}, but the layer's name says {kind}",
                "keep one: rename the layer, or remove data-kind",
            )


_NUMBERED = re.compile(r"(.+?)[ _-]\d+")  # url_2, url-2, "url 2": an editor's copy


def _frame_rect(el):
    """The element whose box a slot takes: the slot itself, or, for a group (a frame exported
    by Figma), its first child element when that is a rectangle."""
    if local(el.tag) != "g":
        return el
    first = next((c for c in el if isinstance(c.tag, str)), None)
    return first if first is not None and local(first.tag) == "rect" else el


def _not_a_slot(doc: Doc, el, problems: Problems) -> None:
    """Slot attributes on an element that is not a slot: most often a copy whose id an editor
    renamed (Inkscape turns a second id="slot-url" into id="rect35")."""
    carried = sorted(a for a in el.attrib if a in SLOT_ONLY)
    if not carried:
        return
    label = doc.labels.get(el)
    hint = f' (its Inkscape label is "{label}", but labels are not names)' if label else ""
    renamed = re.fullmatch(r"[a-z]+\d+", el.get("id") or "")
    why = " — an editor may have renamed a copy's id" if renamed else ""
    tag = local(el.tag)
    problems.add(
        doc.path,
        doc.line(el),
        el.get("id") or tag,
        f"this <{tag}> has slot attributes ({', '.join(carried)}) but is not a slot{hint}{why}",
        f'name the slot with data-slot="NAME" or id="slot-NAME" (in Figma, a layer named '
        f'slot-NAME; NAME: one of {", ".join(sorted(NAMES))}), or remove those attributes',
    )


def _same_kind(a: str | None, b: str | None) -> bool:
    """Two slots of one name meet on the same assets unless each is for a different kind (or
    kit)."""
    return a is None or b is None or a == b


def _check_slot(
    slot: Slot, path, fmt: Format, brand: Brand, problems: Problems, colours=None, also=""
) -> None:
    """The slot against the format and the palette. `colours` is (path, line, key) where a side
    table set its colours, where a contrast problem is said; `also` ends the fix of colours
    missing (where else they may be given), None when their absence is said elsewhere."""
    key = f"{PREFIX}{slot.name}"
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
            key,
            f"the slot ({_box(slot)}) leaves the {area} of {fmt.name} "
            f"(x {sx0:g}–{sx1:g}, y {sy0:g}–{sy1:g})",
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
                key,
                f"the slot overlaps the area {fmt.name} keeps clear "
                f"({kx:g}, {ky:g}, {kw:g}×{kh:g})",
                "move it out of that area",
            )
    if slot.name != LOGO_SLOT:  # a logo is drawn in the version that suits data-on
        _check_contrast(slot, path, brand, problems, colours, also)


def _box(slot: Slot) -> str:
    return f"x {slot.x:g}–{slot.x + slot.width:g}, y {slot.y:g}–{slot.y + slot.height:g}"


def _check_contrast(
    slot: Slot, path, brand: Brand, problems: Problems, colours=None, also=""
) -> None:
    """Text on its background, and a QR code's dark modules on its light ones."""
    style, key = slot.style, f"{PREFIX}{slot.name}"
    at = (colours[0], colours[1]) if colours else (path, slot.line)
    qr = slot.name == QR_SLOT
    fg = brand.palette.get(style.color or "", "#000000" if qr else None)
    bg = brand.palette.get(style.on or "", "#FFFFFF" if qr else None)
    if fg is None or bg is None:
        if not qr and also is not None:
            problems.add(
                path,
                slot.line,
                key,
                "data-color and data-on are needed",
                'name the text colour and the colour behind it, e.g. data-color="ink" '
                f'data-on="paper"{also}',
            )
        return
    need = MIN_LARGE if style.font == "display" else MIN_TEXT
    ratio = contrast(fg, bg)
    if ratio < need - 1e-9:
        problems.add(
            *at,
            key,
            f"contrast of {fg} on {bg} is {ratio:.2f}:1, below {need:g}:1",
            "choose colours further apart in brand.yaml or here",
        )
    if qr and luminance(fg) >= luminance(bg):
        problems.add(*at, key, "QR codes must be dark on light", "swap data-color and data-on")

"""Palette colours: `data-fill`, `data-stroke` and `data-stop-color` name a colour of brand.yaml,
which replaces the element's own (attribute or style property), so a palette change recolours
every asset."""

from __future__ import annotations

from pressroom.errors import Problems
from pressroom.model import Brand
from pressroom.template.xml import Doc

PAINT_ATTRS = {"data-fill": "fill", "data-stroke": "stroke", "data-stop-color": "stop-color"}


def apply_palette(doc: Doc, brand: Brand, problems: Problems) -> None:
    for el in doc.root.iter():
        for data_attr, attr in PAINT_ATTRS.items():
            name = el.get(data_attr)
            if name is None:
                continue
            colour = brand.palette.get(name)
            if colour is None:
                problems.add(
                    doc.path,
                    doc.line(el) or doc.find(f'{data_attr}="{name}"'),
                    data_attr,
                    f"colour {name!r} is not in the palette",
                    f"use one of {', '.join(sorted(brand.palette))} or add it to brand.yaml",
                )
                continue
            el.set(attr, colour)
            style = el.get("style")
            if style:
                kept = [d for d in style.split(";") if d.split(":")[0].strip() != attr]
                el.set("style", ";".join(kept))

"""formats.yaml: every output format as data. Its JSON Schema (formats.schema.json) judges every
key; a format with a problem is left out, the others are read.

A new setting is a property in the schema's `$defs/format`, a field of `model.Format` with a
default, and one line in `_format` below. A motion format's `motion:` map is made into a
`Motion` by brandbook/motion.py, which also judges what its schema cannot.
"""

from __future__ import annotations

from pathlib import Path

from pressroom.brandbook.motion import check_motion, motion_from
from pressroom.brandbook.schemas import FORMATS, read, validate
from pressroom.errors import Problems
from pressroom.model import Format

EMPTY_FIX = "list the output formats: name, then width, height, unit, safe and template"
PRINT_DEFAULTS = {"bleed": 0, "dpi": 300, "preview_dpi": 96}


def read_formats(
    path: Path, problems: Problems, kits: tuple[str, ...] | None = None
) -> list[Format]:
    """Every format of formats.yaml that has no problem, in file order. `kits` are the names
    `kits:` may use (main, plain, partners and the partners' ids; None: not judged)."""
    doc = read(path, problems)
    if doc is None:
        return []
    found = validate(doc, FORMATS, problems, EMPTY_FIX)
    if () in found or not isinstance(doc.data, dict):
        return []
    broken = {keys[0] for keys in found if keys}
    for name, spec in doc.data.items():
        for n, kit in enumerate(spec.get("kits", ()) if name not in broken else ()):
            if kits is not None and kit not in kits:
                problems.add(
                    path,
                    doc.line(name, "kits", n),
                    f"{name}.kits",
                    f"there is no kit {kit!r}",
                    f"use main, plain, partners (every partner) or a partner's id: "
                    f"{', '.join(kits)}",
                )
    for name, spec in doc.data.items():  # what a motion format's schema cannot say
        if name not in broken and "motion" in spec and not check_motion(name, spec, doc, problems):
            broken.add(name)
    return [_format(str(name), spec) for name, spec in doc.data.items() if name not in broken]


def _format(name: str, spec: dict) -> Format:
    """A valid entry as a Format; print settings only for print (mm) formats."""
    unit = spec.get("unit", "px")
    mm = unit == "mm"
    printed = {k: spec.get(k, default) if mm else 0 for k, default in PRINT_DEFAULTS.items()}
    return Format(
        name=name,
        use=str(spec.get("use", "")),
        width=spec["width"],
        height=spec["height"],
        unit=unit,
        safe=tuple(spec.get("safe", (0, 0, 0, 0))),
        template=spec["template"],
        keep_clear=tuple(tuple(r) for r in spec.get("keep_clear", ())),
        bleed=printed["bleed"],
        dpi=int(printed["dpi"]),
        preview_dpi=int(printed["preview_dpi"]),
        qr_module_px=spec.get("qr_module_px", 6.0),
        qr_distance_m=spec.get("qr_distance_m", 1.0),
        source=str(spec.get("source", "")),
        checked=str(spec.get("checked", "")),
        crop_marks=mm and spec.get("crop_marks", False),
        omit=tuple(spec.get("omit", ())),
        kits=tuple(spec["kits"]) if "kits" in spec else None,
        motion=motion_from(spec["motion"]) if "motion" in spec else None,
        places=tuple(spec.get("places", ())),
    )

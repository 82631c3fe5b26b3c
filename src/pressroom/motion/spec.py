"""A motion format's `motion:` settings in formats.yaml, read and checked into a `Motion`.

Every setting has one row in `SETTINGS` (its check and default) or `STEP_SETTINGS`; every problem
is reported with its file, line and key, all at once.
"""

from __future__ import annotations

from pressroom.errors import Problems
from pressroom.model import BRAND_SLOTS, MESSAGE_TEXTS, QR_SLOT, Format, Motion, Step, Template
from pressroom.motion.timeline import EASES, ORIGINS
from pressroom.yamlfile import YamlDoc

SLOT_NAMES = tuple(dict.fromkeys((*BRAND_SLOTS, *(t for ts in MESSAGE_TEXTS.values() for t in ts),
                                  QR_SLOT)))
DURATION = (6.0, 8.0)  # seconds: what the product promises for stories and reels
MAX_FPS = 60


def _number(low: float, high: float, integer: bool = False):
    def check(value):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None, f"write a number from {low:g} to {high:g}"
        if integer and value != int(value):
            return None, f"write a whole number from {low:g} to {high:g}"
        if not low <= value <= high:
            return None, f"write a number from {low:g} to {high:g}"
        return (int(value) if integer else float(value)), ""

    return check


def _choice(allowed):
    def check(value):
        if value not in allowed:
            return None, f"use one of {', '.join(allowed)}"
        return value, ""

    return check


# key: (check, default). `from` is the origin of every entrance.
SETTINGS = {
    "duration": (_number(*DURATION), 8.0),
    "fps": (_number(1, MAX_FPS, integer=True), 30),
    "hold": (_number(0, DURATION[1]), 3.0),
    "enter": (_number(0.05, 4), 0.6),
    "slide": (_number(0, 1000), 60.0),
    "from": (_choice(ORIGINS), "start"),
    "ease": (_choice(tuple(EASES)), "out-cubic"),
    "count": (_number(0, 6), 1.2),
    "steps": (None, None),  # required; read by _steps
}
STEP_SETTINGS = {
    "slots": (None, None),  # required; read by _slots
    "after": (_number(0, 8), 0.3),
    "stagger": (_number(0, 4), 0.15),
    "by": (_choice(("slot", "line")), "slot"),
}


def parse_motion(name: str, spec, doc: YamlDoc, problems: Problems) -> Motion | None:
    """The `motion:` map of format `name`, or None (with its problems added) if it is wrong."""
    at = (name, "motion")
    if not isinstance(spec, dict):
        _add(problems, doc, at, f"is {spec!r}", "write a map: duration, fps, hold, steps …")
        return None
    values, ok = _read(spec, SETTINGS, doc, at, problems)
    steps = _steps(spec.get("steps"), doc, (*at, "steps"), problems)
    if not ok or steps is None:
        return None
    if values["hold"] >= values["duration"]:
        _add(problems, doc, (*at, "hold"), f"is {values['hold']:g} s, the clip lasts "
             f"{values['duration']:g} s", "hold for less than the duration")
        return None
    return Motion(
        values["duration"],
        values["fps"],
        values["hold"],
        values["enter"],
        values["slide"],
        values["from"],
        values["ease"],
        values["count"],
        steps,
    )


def check_template(fmt: Format, template: Template, problems: Problems) -> None:
    """A motion format composites its text over the art: nothing may be drawn above the slots."""
    if fmt.motion is None:
        return
    for kind, variant in sorted(template.variants.items()):
        if not variant.slots_on_top:
            problems.add(
                template.path,
                0,
                f"{fmt.name}.template",
                f"draws something above its slots ({kind} layout), so {fmt.name} cannot "
                "animate its text over the art",
                "move the elements after the slots before them, or use another template",
            )
            return


def _read(spec: dict, table: dict, doc: YamlDoc, at: tuple, problems: Problems):
    values, ok = {}, True
    for key in spec:
        if key not in table:
            _add(problems, doc, (*at, key), f"unknown key {key!r}",
                 f"remove it; allowed: {', '.join(table)}")
            ok = False
    for key, (check, default) in table.items():
        if check is None:
            continue
        if key not in spec:
            values[key] = default
            continue
        value, fix = check(spec[key])
        if value is None:
            _add(problems, doc, (*at, key), f"is {spec[key]!r}", fix)
            ok = False
        values[key] = value
    return values, ok


def _steps(raw, doc: YamlDoc, at: tuple, problems: Problems) -> tuple[Step, ...] | None:
    if not isinstance(raw, list) or not raw:
        _add(problems, doc, at, f"is {raw!r}",
             "list the steps, e.g. - {slots: [wordmark]} then - {slots: [headline], by: line}")
        return None
    steps, seen, ok = [], {}, True
    for n, item in enumerate(raw):
        here = (*at, n)
        if not isinstance(item, dict):
            _add(problems, doc, here, f"is {item!r}", "write a map with slots (and after, "
                 "stagger, by)")
            ok = False
            continue
        values, good = _read(item, STEP_SETTINGS, doc, here, problems)
        slots = _slots(item.get("slots"), doc, (*here, "slots"), problems, seen)
        if not good or slots is None:
            ok = False
            continue
        steps.append(Step(slots, values["after"], values["stagger"], values["by"] == "line"))
    return tuple(steps) if ok else None


def _slots(raw, doc, at: tuple, problems: Problems, seen: dict) -> tuple[str, ...] | None:
    names = [raw] if isinstance(raw, str) else raw
    if not isinstance(names, list) or not names or not all(isinstance(s, str) for s in names):
        _add(problems, doc, at, f"is {raw!r}", f"list slot names: {', '.join(SLOT_NAMES)}")
        return None
    ok = True
    for slot in names:
        if slot not in SLOT_NAMES:
            _add(problems, doc, at, f"names no slot {slot!r}", f"use {', '.join(SLOT_NAMES)}")
            ok = False
        elif slot in seen:
            _add(problems, doc, at, f"{slot!r} already comes in at step {seen[slot] + 1}",
                 "name each slot in one step only")
            ok = False
        else:
            seen[slot] = at[-2]
    return tuple(names) if ok else None


def _add(problems: Problems, doc: YamlDoc, at: tuple, problem: str, fix: str) -> None:
    problems.add(doc.path, doc.line(*at), ".".join(map(str, at)), problem, fix)

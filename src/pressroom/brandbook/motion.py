"""A motion format's `motion:` settings in formats.yaml, made into a `Motion`.

formats.schema.json judges every key, type, range and name (`$defs/motion`, `$defs/step`); this
module adds the defaults, and the few rules a schema cannot say: a hold shorter than the clip, a
slot named in one step only, a size in px; and warns when the main text (headline, figure) comes
in instead of being there from the first frame, which messengers show as the clip's preview.
"""

from __future__ import annotations

from pressroom.errors import Problems
from pressroom.model import BRAND_SLOTS, MESSAGE_TEXTS, QR_SLOT, Format, Motion, Step, Template
from pressroom.read.yamlfile import YamlDoc

# Every slot a step may name (the schema's `$defs/step` lists the same).
SLOT_NAMES = tuple(
    dict.fromkeys((*BRAND_SLOTS, *(t for texts in MESSAGE_TEXTS.values() for t in texts), QR_SLOT))
)
DEFAULTS = {
    "duration": 8.0,
    "fps": 30,
    "hold": 3.0,
    "enter": 0.6,
    "slide": 60.0,
    "from": "start",
    "ease": "out-cubic",
    "count": 1.2,
}
STEP_DEFAULTS = {"after": 0.3, "stagger": 0.15, "by": "slot"}
# The message's main text, which a clip's first frame (its preview and cover) should show.
COVER_SLOTS = ("headline", "figure")


def check_motion(name: str, spec: dict, doc: YamlDoc, problems: Problems) -> bool:
    """The rules of a (schema-valid) motion format that its schema cannot say; False if any is
    broken, with every problem added."""
    ok = True

    def add(keys: tuple, problem: str, fix: str) -> None:
        nonlocal ok
        problems.add(doc.path, doc.line(*keys), ".".join(k for k in keys if isinstance(k, str)),
                     problem, fix)
        ok = False

    if spec.get("unit", "px") != "px":
        add((name, "unit"), f"is {spec['unit']} for a motion format",
            "motion formats are video: give their size in px")
    if spec["width"] % 2 or spec["height"] % 2:
        add((name, "width"), f"is {spec['width']:g}×{spec['height']:g}, an odd size",
            "give a video an even width and height (its colour is stored per 2×2 pixels)")
    values = {**DEFAULTS, **spec["motion"]}
    if values["hold"] >= values["duration"]:
        add((name, "motion", "hold"),
            f"is {values['hold']:g} s, and the clip lasts {values['duration']:g} s",
            "hold for less than the duration")
    seen: dict[str, int] = {}
    for n, step in enumerate(spec["motion"]["steps"]):
        covered = [s for s in step["slots"] if s in COVER_SLOTS]
        if covered:
            problems.warn(
                doc.path, doc.line(name, "motion", "steps", n, "slots"),
                f"{name}.motion.steps",
                f"brings in {' and '.join(covered)}: the clip's first frame, which messengers "
                "show as its preview and players as its cover, will not say the message",
                f"leave {' and '.join(covered)} out of the steps: a slot no step names is "
                "there from the first frame",
            )
        for slot in step["slots"]:
            if slot in seen:
                add((name, "motion", "steps", n, "slots"),
                    f"{slot!r} already comes in at step {seen[slot] + 1}",
                    "name each slot in one step only")
            seen.setdefault(slot, n)
    return ok


def motion_from(raw: dict) -> Motion:
    """The Motion of a checked `motion:` map, defaults filled in."""
    v = {**DEFAULTS, **raw}
    steps = tuple(
        Step(tuple(s["slots"]), float(s.get("after", STEP_DEFAULTS["after"])),
             float(s.get("stagger", STEP_DEFAULTS["stagger"])),
             s.get("by", STEP_DEFAULTS["by"]) == "line")
        for s in raw["steps"]
    )
    return Motion(float(v["duration"]), int(v["fps"]), float(v["hold"]), float(v["enter"]),
                  float(v["slide"]), v["from"], v["ease"], float(v["count"]), steps)


def check_template(fmt: Format, template: Template, problems: Problems) -> None:
    """A motion format composites its text over the art: nothing may be drawn above the slots."""
    if fmt.motion is None:
        return
    for kind, parts in [*sorted(template.parts.items()), *sorted(template.mirrored.items())]:
        if not parts.slots_on_top:
            problems.add(
                template.path,
                0,
                f"{fmt.name}.template",
                f"draws something above its slots ({kind} layout), so {fmt.name} cannot "
                "animate its text over the art",
                "move the elements after the slots before them, or use another template",
            )
            return

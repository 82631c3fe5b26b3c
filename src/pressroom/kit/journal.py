"""The switch-over's journal: the renames (a staged file onto its path) and removals that
publish a build, written before they begin, so a build killed meanwhile is completed by the next
(writer.Output.commit and recover). Read back, it is trusted no further than its shape: a
rename's source must be a staged file's name."""

from __future__ import annotations

import json
import re

JOURNAL = ".pressroom-journal"  # the switch-over's renames and removals, while it lasts
TMP_PREFIX = ".pressroom-tmp-"
STAGED = re.compile(re.escape(TMP_PREFIX) + r"[A-Za-z0-9_]{1,64}")  # a file in the stage


def read_journal(data: bytes) -> dict | None:
    """A journal's renames and removals, or None when it is not one."""
    try:
        plan = json.loads(data)
    except ValueError:
        return None
    if not isinstance(plan, dict):
        return None
    renames, removals = plan.get("renames"), plan.get("removals")
    if not isinstance(renames, list) or not isinstance(removals, list):
        return None
    pairs = [r for r in renames if isinstance(r, list) and len(r) == 2 and all(map(_text, r))]
    return {
        "renames": [(name, rel) for name, rel in pairs if STAGED.fullmatch(name)],
        "removals": [rel for rel in removals if _text(rel)],
    }


def _text(value) -> bool:
    return isinstance(value, str)

"""What the last build left in the output folder: its manifest and its SHA256SUMS, read once
(writer.Output.previous) to tell what this build can keep and what has gone stale."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from pressroom.kit.asset import Asset

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
_SUM_LINE = re.compile(r"([0-9a-f]{64})  (.+)")


@dataclass(frozen=True)
class Previous:
    """What the last build left: its manifest and its SHA256SUMS (empty when missing)."""

    generator: str | None = None
    inputs: str | None = None  # digest of everything that build read, when it was known
    assets: Mapping[str, Asset] = field(default_factory=dict)  # by path; entries this version reads
    listed: frozenset[str] = frozenset()  # every path the manifest lists, readable or not
    sums: Mapping[str, str] | None = None  # path → sha256; None without a readable SHA256SUMS


def read_previous(published: Callable[[str], bytes | None]) -> Previous:
    """The manifest and sums that `published(path)` gives (None for a missing file); what is
    unreadable in them is left out."""
    try:
        doc = json.loads(published(MANIFEST) or b"{}")
    except ValueError:
        doc = {}
    doc = doc if isinstance(doc, dict) else {}
    entries = doc.get("assets") if isinstance(doc.get("assets"), list) else []
    found = [a for a in map(Asset.from_json, entries) if a is not None]
    generator, inputs = doc.get("generator"), doc.get("inputs")
    return Previous(
        generator if isinstance(generator, str) else None,
        inputs if isinstance(inputs, str) else None,
        {a.path: a for a in found},
        frozenset(e["path"] for e in entries if isinstance(e, dict) and _text(e.get("path"))),
        read_sums(published(SUMS)),
    )


def read_sums(data: bytes | None) -> dict[str, str] | None:
    """SHA256SUMS as path → sha256; None when missing or not in `sha256sum` format."""
    if data is None:
        return None
    sums = {}
    for line in data.decode("utf-8", "replace").splitlines():
        m = _SUM_LINE.fullmatch(line)
        if m is None:
            return None
        sums[m[2]] = m[1]
    return sums


def sums_text(pairs: Iterable[tuple[str, str]]) -> bytes:
    """SHA256SUMS of (path, sha256) pairs, sorted by path, in `sha256sum -c` format."""
    return "".join(f"{digest}  {rel}\n" for rel, digest in sorted(pairs)).encode()


def _text(value) -> bool:
    return isinstance(value, str)

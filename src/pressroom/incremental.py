"""What a rebuild can leave as it is.

- **Nothing changed.** `Inputs` is a digest of everything a build reads. When the last build's
  manifest records the same digest and the folder still matches its SHA256SUMS, the folder is
  what a build would write (`up_to_date`).
- **Unchanged jobs.** A job whose last build had the same digest (plan.Digests) and whose files
  still have their recorded length and sha256 is not rendered again (`reusable`).
- **Partial builds.** A build of some locales, formats or messages keeps the assets of the jobs
  it did not select, while the brand book still has them (`carry_over`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from pressroom import GENERATOR
from pressroom.asset import Asset, qr_payload
from pressroom.digest import digest_of, folder_files, listing
from pressroom.model import Brandbook
from pressroom.plan import Job, Selection, plan, tool_digest
from pressroom.writer import Output


@dataclass(frozen=True)
class Inputs:
    """A digest of everything a build reads, and the font files it covers."""

    digest: str
    fonts: frozenset[Path]

    def covers(self, book: Brandbook) -> bool:
        """Whether every font the brand book uses is one the digest covers (only then does the
        manifest record it)."""
        return all(p.path in self.fonts for chain in book.brand.fonts.values() for p in chain)


def inputs_of(root: Path, selection: Selection) -> Inputs | None:
    """The digest of every file of the brand book, the font files brand.yaml names, the whole
    package (page templates too) with the versions it runs on, the selection and
    SOURCE_DATE_EPOCH. None when brand.yaml or a font it names cannot be read (the build will
    say what is wrong)."""
    from pressroom.fontpaths import font_files

    found = font_files(root)
    if found is None:
        return None
    font_dir, fonts = found
    if any(font_dir not in font.parents or not font.is_file() for font in fonts):
        return None
    folder = root.resolve()
    settings = [
        tool_digest(everything=True),
        json.dumps(
            [
                sorted(x)
                for x in (
                    selection.locales, selection.formats, selection.messages, selection.variants
                )
            ]
        ),
        os.environ.get("SOURCE_DATE_EPOCH", ""),
    ]
    pairs = [(f"setting:{n}", value) for n, value in enumerate(settings)]
    pairs += [(f"brandbook:{n}", d) for n, d in listing(folder_files(folder), folder)]
    pairs += [(f"font:{n}", d) for n, d in listing(fonts)]
    return Inputs(digest_of(pairs), frozenset(fonts))


def up_to_date(output: Output, inputs: Inputs) -> int | None:
    """The number of assets, when the last complete build read exactly `inputs` and the folder
    is still exactly what it wrote; None otherwise."""
    last = output.previous
    if last.inputs != inputs.digest or last.generator != GENERATOR or not output.as_summed():
        return None
    return len(last.assets)


def reusable(book: Brandbook, output: Output, job: Job, digest: str) -> list[Asset] | None:
    """The assets of `job` if its last build had the same digest and its files are intact
    (their manifest texts brought up to date); None when it must be rendered."""
    found, qr = [], qr_payload(book, job)
    for rel in job.outputs:
        old = output.previous.assets.get(str(rel))
        if old is None or old.build != digest or not output.intact(rel):
            return None
        found.append(Asset.of(job, rel, old.bytes, old.sha256, digest, qr))
    return found


def carry_over(book: Brandbook, output: Output, selection: Selection) -> list[Asset]:
    """The assets of a partial build's unselected jobs that the last build made, while they are
    still in the brand book and their files are there."""
    if not selection.partial:
        return []
    kept = []
    for job in plan(book):
        if selection.selects(job):
            continue
        for rel in job.outputs:
            old = output.previous.assets.get(str(rel))
            if old is not None and output.path(rel).is_file():
                kept.append(old)
    return kept

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
import stat
from dataclasses import dataclass
from pathlib import Path

from pressroom import GENERATOR
from pressroom.kit.asset import Asset, qr_payload
from pressroom.kit.plan import Job, Selection, plan, tool_digest
from pressroom.kit.writer import Output
from pressroom.model import Brandbook
from pressroom.read.digest import digest_of, file_sha256, listing


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
    """The digest of the brand book folder (`book_listing`), the font files brand.yaml names,
    the whole package (page templates too) with the versions it runs on, the selection and
    SOURCE_DATE_EPOCH. None when brand.yaml or a font it names cannot be read (the build will
    say what is wrong)."""
    from pressroom.text.fontpaths import MAX_FONT_BYTES, font_files

    found = font_files(root)
    if found is None:
        return None
    font_dir, fonts = found
    for font in fonts:  # resolved: a link out of the folder is refused here, as the build does
        if font_dir not in font.parents or not font.is_file():
            return None
        if font.stat().st_size > MAX_FONT_BYTES:
            return None
    folder = root.resolve()
    settings = [
        tool_digest(everything=True),
        json.dumps(
            [
                sorted(x)
                for x in (
                    selection.locales, selection.formats, selection.messages, selection.kits
                )
            ]
        ),
        os.environ.get("SOURCE_DATE_EPOCH", ""),
    ]
    pairs = [(f"setting:{n}", value) for n, value in enumerate(settings)]
    pairs += [(f"brandbook:{n}", d) for n, d in book_listing(folder)]
    pairs += [(f"font:{n}", d) for n, d in listing(fonts)]
    return Inputs(digest_of(pairs), frozenset(fonts))


# Larger than any file a build reads from the brand book may be (YAML 1 MB, templates 30 MB,
# images 20 MB): such a file cannot be an input, so its size and time stand for its bytes.
HASHED_BYTES = 64_000_000


def book_listing(folder: Path) -> list[tuple[str, str]]:
    """(name, what) of everything under the brand book, sorted, following no link: a regular
    file's sha256 (its size and time when over HASHED_BYTES), a symbolic link's target as
    written, another kind of file its kind. A build reads only regular files inside the folder
    (read/files.py), so each file it reads is here by its own name, and a link that leads
    out, a named pipe or a device is never opened."""
    found = []
    for base, dirs, files in os.walk(folder):  # links to folders are listed, not entered
        for name in dirs + files:
            path = os.path.join(base, name)
            rel = Path(os.path.relpath(path, folder)).as_posix()
            try:
                st = os.lstat(path)
                if stat.S_ISLNK(st.st_mode):
                    found.append((rel, "link:" + os.readlink(path)))
                elif stat.S_ISREG(st.st_mode) and st.st_size <= HASHED_BYTES:
                    found.append((rel, file_sha256(Path(path))))
                elif stat.S_ISREG(st.st_mode):
                    found.append((rel, f"large:{st.st_size}:{st.st_mtime_ns}"))
                elif not stat.S_ISDIR(st.st_mode):
                    found.append((rel, f"special:{stat.S_IFMT(st.st_mode)}"))
            except OSError as exc:  # the build will say what is wrong with it
                found.append((rel, f"unreadable:{exc.errno}"))
    return sorted(found)


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
    kept, previous = [], output.previous.assets
    if previous.keys() <= {rel for job in plan(book, selection) for rel in job.names}:
        return []  # the last build made only what this one is asked for (a preview's folder)
    for job in plan(book):
        if selection.selects(job):
            continue
        for rel in job.names:  # (as text: a Path for each of some 3,000 jobs took 0.1 s)
            old = previous.get(rel)
            if old is not None and output.exists(rel):
                kept.append(old)
    return kept

"""The one owner of the output folder: atomic files, nothing outside it, stale files removed by
one rule, and the manifest and sums written last.

Every path is relative, made of plain names (letters, digits, `.`, `_`, `-`; no `..`, no hidden
names) and never passes through a symbolic link, so no id, locale code or stale manifest entry
can reach outside the folder. Each file is written to a temporary name in its own folder and
renamed into place: a build killed at any moment leaves only complete files under final names,
plus temporaries that the next build removes. A file whose bytes would not change is left as it
is.

What the last build left is read once (`previous`): its manifest and its SHA256SUMS. A file of
this build is one it wrote, one it found intact and kept (`intact`) or an asset its manifest
lists. When the build finishes, every other file that a build makes (an asset the last manifest
listed, or a page, thumbnail or zip: `GENERATED`) is removed; files someone else put in the
folder stay.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pressroom.asset import Asset
from pressroom.digest import file_sha256, listing
from pressroom.errors import PressroomError

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
TMP_PREFIX = ".pressroom-tmp-"
THUMBS = "thumbs"  # the page's previews
DOWNLOADS = "downloads"  # the zips
LOGOS = f"{DOWNLOADS}/logos.zip"  # the logo pack
# The files a build makes besides its assets (which the manifest lists): the page in each
# language (the campaign's, and each partner's with its logo), the previews, the downloads (every
# kit's zips; the fact sheets and logo pack) and the favicon.
GENERATED = re.compile(
    rf"(partners/[^/]+/)?((index|[a-z]{{2,3}}(-[A-Za-z0-9]+)*)\.html)|partners/[^/]+/logo\.svg"
    rf"|{THUMBS}/.+|((partners/[^/]+|plain)/)?{DOWNLOADS}/[^/]+\.zip"
    rf"|{DOWNLOADS}/[^/]+-factsheet\.pdf|favicon\.(svg|png)"
)
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,199}")
_SUM_LINE = re.compile(r"([0-9a-f]{64})  (.+)")


class OutputError(PressroomError):
    """The output folder cannot be written safely."""


@dataclass(frozen=True)
class Previous:
    """What the last build left: its manifest and its SHA256SUMS (empty when missing)."""

    generator: str | None = None
    inputs: str | None = None  # digest of everything that build read, when it was known
    assets: Mapping[str, Asset] = field(default_factory=dict)  # by path; entries this version reads
    listed: frozenset[str] = frozenset()  # every path the manifest lists, readable or not
    sums: Mapping[str, str] | None = None  # path → sha256; None without a readable SHA256SUMS


class Output:
    """Owns `root`: writes, keeps and removes its files, and writes its manifest and sums."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        if self.root.exists() and not self.root.is_dir():
            raise OutputError(f"{root}: exists and is not a folder — choose another --out")
        self._current: set[str] = set()  # written or kept by this build
        self._previous: Previous | None = None

    # --- paths and files -------------------------------------------------------------------------

    def path(self, rel: PurePosixPath | str) -> Path:
        """The absolute path of `rel`, refusing anything that would leave the output folder."""
        text = str(rel)
        rel = PurePosixPath(text)
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            raise OutputError(f"refusing to write {text!r}: outside the output folder")
        for part in rel.parts:
            if not _NAME.fullmatch(part):
                raise OutputError(
                    f"refusing to write {text!r}: {part!r} is not a plain file name "
                    "(letters, digits, . _ -)"
                )
        target = self.root.joinpath(*rel.parts)
        node = self.root
        for part in rel.parts[:-1]:
            node = node / part
            if node.is_symlink():
                raise OutputError(f"refusing to write {text}: {node} is a symbolic link")
        if target.is_symlink():
            raise OutputError(f"refusing to write {text}: it is a symbolic link")
        return target

    def write(self, rel: PurePosixPath | str, data: bytes) -> None:
        """Write `rel` (unless it already holds exactly `data`): temporary file, then rename."""
        target = self.path(rel)
        self._current.add(str(PurePosixPath(str(rel))))
        try:
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                return
        except OSError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)  # a rename: never a half-written file under the final name
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def current(self, rel: PurePosixPath | str) -> bool:
        """Whether this build has written or kept `rel` already."""
        return str(PurePosixPath(str(rel))) in self._current

    def keep(self, rel: PurePosixPath | str) -> None:
        """Count `rel`, which its maker found up to date, as this build's: it is not stale."""
        self._current.add(str(PurePosixPath(str(rel))))

    def read(self, rel: PurePosixPath | str) -> bytes | None:
        target = self.path(rel)
        try:
            return target.read_bytes() if target.is_file() else None
        except OSError:
            return None

    def remove(self, rel: PurePosixPath | str) -> None:
        """Delete `rel` and the folders it leaves empty; a path that is not safely inside the
        folder (say, from a tampered manifest) is left alone."""
        try:
            target = self.path(rel)
        except OutputError:
            return
        target.unlink(missing_ok=True)
        parent = target.parent
        while parent != self.root and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent

    def clean_temporaries(self) -> None:
        """Remove temporary files an interrupted build left behind (never through a link)."""
        for rel in self._files(temporaries=True):
            if PurePosixPath(rel).name.startswith(TMP_PREFIX):
                self.root.joinpath(rel).unlink()

    def _files(self, temporaries: bool = False, links: bool = False) -> list[str]:
        """The folder's files as sorted relative paths: regular files, and temporaries or
        symbolic links (never what they lead to) only when asked for."""
        found = []
        if not self.root.is_dir():
            return found
        for folder, dirs, files in os.walk(self.root, followlinks=False):
            linked = [d for d in dirs if os.path.islink(os.path.join(folder, d))]
            dirs[:] = [d for d in dirs if d not in linked]
            for name in files + (linked if links else []):
                path = Path(folder, name)
                if path.is_symlink() and not links:
                    continue
                if not path.is_symlink() and not path.is_file():
                    continue
                if temporaries or not name.startswith(TMP_PREFIX):
                    found.append(path.relative_to(self.root).as_posix())
        return sorted(found)

    # --- what the last build left ----------------------------------------------------------------

    @property
    def previous(self) -> Previous:
        """The last build's manifest and sums, read on first use (before this build changes
        them: they are written last)."""
        if self._previous is None:
            self._previous = self._read_previous()
        return self._previous

    def _read_previous(self) -> Previous:
        try:
            doc = json.loads(self.read(MANIFEST) or b"{}")
        except (OutputError, ValueError):
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
            self._read_sums(),
        )

    def _read_sums(self) -> dict[str, str] | None:
        try:
            data = self.read(SUMS)
        except OutputError:
            return None
        if data is None:
            return None
        sums = {}
        for line in data.decode("utf-8", "replace").splitlines():
            m = _SUM_LINE.fullmatch(line)
            if m is None:
                return None
            sums[m[2]] = m[1]
        return sums

    def intact(self, rel: PurePosixPath | str) -> bool:
        """Whether `rel` still holds what the last build wrote: the length and sha256 of its
        manifest entry, or the sha256 of its SHA256SUMS line. This build keeps an intact file."""
        rel = str(PurePosixPath(str(rel)))
        asset = self.previous.assets.get(rel)
        expected = asset.sha256 if asset else (self.previous.sums or {}).get(rel)
        if expected is None:
            return False
        target = self.path(rel)
        try:
            if not target.is_file() or (asset and target.stat().st_size != asset.bytes):
                return False
            if file_sha256(target) != expected:
                return False
        except OSError:
            return False
        self._current.add(rel)
        return True

    def as_summed(self) -> bool:
        """Whether the folder holds exactly the files the last SHA256SUMS lists, each with its
        digest, and no symbolic link."""
        sums = self.previous.sums
        files = [f for f in self._files(temporaries=True, links=True) if f != SUMS]
        if sums is None or set(files) != set(sums):  # the sums never list a link
            return False
        return listing((self.root / f for f in files), self.root) == sorted(sums.items())

    # --- the end of a build ----------------------------------------------------------------------

    def finish(self, generator: str, assets: Iterable[Asset], inputs: str | None = None) -> None:
        """Remove stale files, then write the manifest of `assets` and SHA256SUMS."""
        assets = sorted(assets, key=lambda a: a.path)
        self.remove_stale({a.path for a in assets})
        self.write_manifest(generator, assets, inputs)
        self.write_sums()

    def remove_stale(self, listed: set[str]) -> None:
        """The one rule: a file a build makes (an asset the last manifest listed, a page, a
        preview, a zip) that is neither this build's nor in its manifest (`listed`) goes."""
        ours = self._current | listed | {MANIFEST, SUMS}
        for rel in self._files():
            if rel not in ours and (rel in self.previous.listed or GENERATED.fullmatch(rel)):
                self.remove(rel)

    def write_manifest(self, generator: str, assets: list[Asset], inputs: str | None) -> None:
        """manifest.json; `inputs` (the digest of everything the build read) when known."""
        doc: dict = {"generator": generator}
        if inputs is not None:
            doc["inputs"] = inputs
        doc["assets"] = [a.to_json() for a in sorted(assets, key=lambda a: a.path)]
        self.write(MANIFEST, (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode())

    def write_sums(self) -> None:
        """SHA256SUMS of every file in the folder but itself, in `sha256sum -c` format.

        Symbolic links and temporaries are left out: the sums never describe a file elsewhere.
        """
        files = [f for f in self._files() if f != SUMS and _plain(f)]
        pairs = listing((self.root / f for f in files), self.root)
        self.write(SUMS, "".join(f"{digest}  {rel}\n" for rel, digest in pairs).encode())


class Deferred:
    """Writes and keeps for an `Output`, recorded instead of done: what another process (the
    press room's files, made beside the render) hands back to the one that owns the folder.
    Reads go to the folder as it is."""

    def __init__(self, output: Output):
        self.output = output
        self.actions: list[tuple[str, bytes | None]] = []  # (path, bytes to write or None: keep)

    def write(self, rel: PurePosixPath | str, data: bytes) -> None:
        self.output.path(rel)  # refused here already if it would leave the folder
        self.actions.append((str(rel), bytes(data)))

    def keep(self, rel: PurePosixPath | str) -> None:
        self.actions.append((str(rel), None))

    def read(self, rel: PurePosixPath | str) -> bytes | None:
        return self.output.read(rel)

    @staticmethod
    def apply(output: Output, actions: list[tuple[str, bytes | None]]) -> None:
        """Do the recorded `actions` on `output`, in order."""
        for rel, data in actions:
            if data is None:
                output.keep(rel)
            else:
                output.write(rel, data)


def _text(value) -> bool:
    return isinstance(value, str)


def _plain(rel: str) -> bool:
    return all(_NAME.fullmatch(part) for part in rel.split("/"))

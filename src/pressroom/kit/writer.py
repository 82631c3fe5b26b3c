"""The one owner of the output folder: nothing outside it, nothing published until the build
has finished, stale files removed by one rule, and the manifest and sums in step with the files.

Every path is relative, made of plain names (letters, digits, `.`, `_`, `-`; no `..`, no hidden
names) and never passes through a symbolic link, so no id, locale code or stale manifest entry
can reach outside the folder. A file whose bytes would not change is left as it is.

A build's writes and removals are staged: new bytes go to files in a hidden folder (`STAGE`)
inside the output folder, and removals are noted; what the build reads (`read`, `size`,
`intact`) is the folder as it will leave it. Nothing published changes until `commit` (the end
of `finish`): it writes a journal of the renames and removals (`JOURNAL`, itself renamed into
place), does them, and deletes it. So a build that fails or is killed before the journal leaves
the last output as it was, and the next one drops its staged files (`recover`); one killed
during the switch-over leaves the journal, and the next build completes the switch before
anything else. Either way the folder ends with its manifest and SHA256SUMS in step with its
files. The build holds the folder's lock (lock.py) while it does any of this.

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
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from stat import S_ISREG

from pressroom.errors import PressroomError
from pressroom.kit.asset import Asset
from pressroom.kit.journal import JOURNAL, TMP_PREFIX, read_journal
from pressroom.kit.lock import LOCK
from pressroom.kit.previous import MANIFEST, SUMS, Previous, read_previous, sums_text
from pressroom.read.digest import file_sha256, sha256
from pressroom.read.filehashes import FileHashes

STAGE = ".pressroom-staged"  # this build's new files, until the switch-over
CONTROL = frozenset({STAGE, JOURNAL, LOCK})  # the writer's own (never listed, summed or removed)
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


class OutputError(PressroomError):
    """The output folder cannot be written safely."""


class Output:
    """Owns `root`: stages writes and removals, keeps files, writes its manifest and sums, and
    publishes all of it at once (`commit`)."""

    def __init__(self, root: Path, hashes: FileHashes | None = None):
        self.root = root.resolve()
        if self.root.exists() and not self.root.is_dir():
            raise OutputError(f"{root}: exists and is not a folder — choose another --out")
        self.hashes = hashes  # a warm process's record of published files' digests
        self._plain_dirs: set[Path] = {self.root}  # checked: no symbolic link up to the root
        self._current: set[str] = set()  # written or kept by this build
        self._staged: dict[str, Path] = {}  # path → the file in STAGE with its new bytes
        self._removed: set[str] = set()  # paths the switch-over removes
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
        if target.parent not in self._plain_dirs:
            node = self.root
            for part in rel.parts[:-1]:
                node = node / part
                if node.is_symlink():
                    raise OutputError(f"refusing to write {text}: {node} is a symbolic link")
            self._plain_dirs.add(target.parent)  # (this build holds the folder: it stays so)
        if target.is_symlink():
            raise OutputError(f"refusing to write {text}: it is a symbolic link")
        return target

    def write(self, rel: PurePosixPath | str, data: bytes) -> None:
        """Stage `data` as `rel`'s new bytes (unless the folder holds exactly them already)."""
        target = self.path(rel)
        if target.is_dir():
            raise OutputError(f"refusing to write {rel}: it is a folder — move it away")
        rel = _key(rel)
        self._current.add(rel)
        self._removed.discard(rel)
        staged = self._staged.get(rel)
        if staged is not None:
            if _holds(staged, data):
                return
            del self._staged[rel]
            staged.unlink(missing_ok=True)
        if not _holds(target, data):
            self._staged[rel] = self._stage_bytes(data)

    def _stage_bytes(self, data: bytes) -> Path:
        """A new file in STAGE holding `data`."""
        if self._stage.is_symlink():
            raise OutputError(f"refusing to write into {self._stage}: it is a symbolic link")
        self._stage.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=self._stage)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o644)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return Path(tmp)

    @property
    def _stage(self) -> Path:
        return self.root / STAGE

    def current(self, rel: PurePosixPath | str) -> bool:
        """Whether this build has written or kept `rel` already."""
        return _key(rel) in self._current

    def keep(self, rel: PurePosixPath | str) -> None:
        """Count `rel`, which its maker found up to date, as this build's: it is not stale."""
        rel = _key(rel)
        self._current.add(rel)
        self._removed.discard(rel)

    def _source(self, rel: PurePosixPath | str) -> Path | None:
        """The file that holds `rel`'s bytes as this build leaves them: staged or published
        (None when the build removes it)."""
        target = self.path(rel)
        rel = _key(rel)
        if rel in self._removed:
            return None
        return self._staged.get(rel, target)

    def read(self, rel: PurePosixPath | str) -> bytes | None:
        """`rel`'s bytes as this build leaves them (those it staged, or the published ones)."""
        source = self._source(rel)
        try:
            return source.read_bytes() if source is not None and source.is_file() else None
        except OSError:
            return None

    def size(self, rel: PurePosixPath | str) -> int | None:
        """`rel`'s length as this build leaves it; None when there is no such file."""
        source = self._source(rel)
        try:
            return source.stat().st_size if source is not None and source.is_file() else None
        except OSError:
            return None

    def exists(self, rel: PurePosixPath | str) -> bool:
        return self.size(rel) is not None

    def remove(self, rel: PurePosixPath | str) -> None:
        """Have the switch-over delete `rel` (and the folders it leaves empty); a path that is
        not safely inside the folder (say, from a tampered manifest) is left alone."""
        try:
            self.path(rel)
        except OutputError:
            return
        rel = _key(rel)
        staged = self._staged.pop(rel, None)
        if staged is not None:
            staged.unlink(missing_ok=True)
        self._current.discard(rel)
        self._removed.add(rel)

    def _unlink(self, rel: str) -> None:
        """Delete `rel` now, and the folders it leaves empty (never through a link)."""
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
        """Remove temporary files an interrupted build of an earlier version left beside their
        targets (never through a link)."""
        for rel in self._files(temporaries=True):
            if PurePosixPath(rel).name.startswith(TMP_PREFIX):
                self.root.joinpath(rel).unlink()

    def _files(self, temporaries: bool = False, links: bool = False) -> list[str]:
        """The folder's published files as sorted relative paths: regular files, and
        temporaries or symbolic links (never what they lead to) only when asked for; never the
        writer's own (`CONTROL`)."""
        found: list[str] = []
        if not self.root.is_dir():
            return found
        folders = [("", str(self.root))]
        while folders:
            prefix, folder = folders.pop()
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                if not prefix and entry.name in CONTROL:
                    continue
                rel = prefix + entry.name
                if entry.is_symlink():
                    if links:
                        found.append(rel)
                elif entry.is_dir(follow_symlinks=False):
                    folders.append((rel + "/", entry.path))
                elif entry.is_file(follow_symlinks=False) and (
                    temporaries or not entry.name.startswith(TMP_PREFIX)
                ):
                    found.append(rel)
        return sorted(found)

    # --- what the last build left ----------------------------------------------------------------

    @property
    def previous(self) -> Previous:
        """The last build's manifest and sums, read on first use (from the published files:
        this build's are staged until it ends)."""
        if self._previous is None:
            self._previous = read_previous(self._published)
        return self._previous

    def _published(self, rel: str) -> bytes | None:
        try:
            target = self.path(rel)
            return target.read_bytes() if target.is_file() else None
        except (OutputError, OSError):
            return None

    def intact(self, rel: PurePosixPath | str) -> bool:
        """Whether `rel` still holds what the last build wrote: the length and sha256 of its
        manifest entry, or the sha256 of its SHA256SUMS line. This build keeps an intact file."""
        rel = _key(rel)
        asset = self.previous.assets.get(rel)
        expected = asset.sha256 if asset else (self.previous.sums or {}).get(rel)
        if expected is None:
            return False
        source = self._source(rel)
        try:
            if source is None:
                return False
            found = source.stat()  # (one look: this runs for every kept file and thumbnail)
            if not S_ISREG(found.st_mode) or (asset and found.st_size != asset.bytes):
                return False
            if self._sha256(source) != expected:
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
        try:
            return all(self._sha256(self.root / f) == sums[f] for f in files)
        except OSError:
            return False

    def _sha256(self, path: Path) -> str:
        """A file's sha256: a published one's through `hashes`, when the build has them."""
        if self.hashes is not None and path.parent != self._stage:
            return self.hashes.sha256(path)
        return file_sha256(path)

    # --- the end of a build ----------------------------------------------------------------------

    def finish(self, generator: str, assets: Iterable[Asset], inputs: str | None = None) -> None:
        """Remove stale files, write the manifest of `assets` and SHA256SUMS, and publish it
        all (`commit`)."""
        assets = sorted(assets, key=lambda a: a.path)
        self.remove_stale({a.path for a in assets})
        self.write_manifest(generator, assets, inputs)
        self.write_sums()
        self.commit()

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
        """SHA256SUMS of every file in the folder as this build leaves it, but itself, in
        `sha256sum -c` format.

        Symbolic links and temporaries are left out: the sums never describe a file elsewhere.
        """
        files = {f: self.root / f for f in self._files() if f not in self._removed and _plain(f)}
        files.update(self._staged)
        files.pop(SUMS, None)
        self.write(SUMS, sums_text((rel, self._sha256(path)) for rel, path in files.items()))

    # --- the switch-over -------------------------------------------------------------------------

    def commit(self) -> None:
        """Publish what this build staged: write the journal of renames and removals (the
        manifest and sums renamed last), do them, delete the journal. A build killed meanwhile
        leaves the journal, and the next one completes the switch (`recover`)."""
        last = {MANIFEST: 1, SUMS: 2}
        order = sorted(self._staged, key=lambda rel: (last.get(rel, 0), rel))
        renames = [[self._staged[rel].name, rel] for rel in order]
        removals = sorted(self._removed)
        untouched = self._untouched_sums() if SUMS in self._staged else None
        self._staged, self._removed = {}, set()
        if renames or removals:
            plan = {"renames": renames, "removals": removals}
            data = json.dumps(plan).encode()
            if untouched is not None:
                # First a bridge: SHA256SUMS of what the switch leaves alone, and of the journal,
                # so that the folder passes `sha256sum -c` at every moment of the switch.
                bridge = self._stage_bytes(b"")
                plan["renames"].insert(0, [bridge.name, SUMS])
                data = json.dumps(plan).encode()
                bridge.write_bytes(sums_text({**untouched, JOURNAL: sha256(data)}.items()))
            journal = self._stage_bytes(data)
            os.replace(journal, self.root / JOURNAL)  # the switch-over has begun
            self._switch(plan)
            (self.root / JOURNAL).unlink()
        self._drop_stage()

    def _untouched_sums(self) -> dict[str, str]:
        """The published sums of the files this build's switch leaves as they are."""
        changed = set(self._staged) | self._removed | {SUMS}
        return {rel: d for rel, d in (self.previous.sums or {}).items() if rel not in changed}

    def recover(self) -> bool:
        """Put right what an interrupted build left (only while holding the folder's lock, and
        before anything else): complete the switch-over its journal describes, or else drop its
        staged files; remove stray temporaries. True when a switch-over was completed."""
        journal = self.root / JOURNAL
        done = False
        if journal.is_symlink():
            journal.unlink()
        elif journal.is_file():
            plan = read_journal(journal.read_bytes())
            if plan is not None:
                self._switch(plan, strict=False)
                done = True
            journal.unlink()
        self._drop_stage()
        self.clean_temporaries()
        return done

    def abandon(self) -> None:
        """After a build failed or was interrupted: drop what it staged, or complete its
        switch-over if that had begun. The folder is then as a build left it, the last one or
        this one."""
        self._staged, self._removed = {}, set()
        self.recover()

    def _switch(self, plan: dict, strict: bool = True) -> None:
        """The renames and removals of a journal, any of them perhaps done already. Not
        `strict` (completing another build's), a rename that fails is passed over: a journal
        never stops every later build."""
        for name, rel in plan["renames"]:
            source = self._stage / name
            try:
                target = self.path(rel)
                if source.is_symlink() or not source.is_file():
                    continue  # renamed already
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
            except (OutputError, OSError):
                if strict:
                    raise
        for rel in plan["removals"]:
            try:
                self._unlink(rel)
            except OSError:
                if strict:
                    raise

    def _drop_stage(self) -> None:
        if self._stage.is_symlink():
            self._stage.unlink()
        elif self._stage.is_dir():
            shutil.rmtree(self._stage, ignore_errors=True)


def _key(rel: PurePosixPath | str) -> str:
    return str(PurePosixPath(str(rel)))


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file `path` holds exactly `data`."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _plain(rel: str) -> bool:
    return all(_NAME.fullmatch(part) for part in rel.split("/"))

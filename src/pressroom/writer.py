"""The one writer of the output folder: atomic files, nothing outside it, manifest and sums last.

Every path is relative, made of plain names (letters, digits, `.`, `_`, `-`; no `..`, no hidden
names) and never passes through a symbolic link, so no id, locale code or stale manifest entry
can reach outside the folder. Each file is written to a temporary name in its own folder and
renamed into place: a build killed at any moment leaves only complete files under final names,
plus temporaries that the next build removes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path, PurePosixPath

from pressroom.errors import PressroomError

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
TMP_PREFIX = ".pressroom-tmp-"
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,199}")


class OutputError(PressroomError):
    """The output folder cannot be written safely."""


class Output:
    """Owns `root`: every file is written to a temporary name and renamed into place."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        if self.root.exists() and not self.root.is_dir():
            raise OutputError(f"{root}: exists and is not a folder — choose another --out")

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
        target = self.path(rel)
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
        if not self.root.is_dir():
            return
        for folder, dirs, files in os.walk(self.root, followlinks=False):
            dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]
            for name in files:
                path = Path(folder, name)
                if name.startswith(TMP_PREFIX) and path.is_file() and not path.is_symlink():
                    path.unlink()

    def old_manifest(self) -> dict:
        data = self.read(MANIFEST)
        try:
            manifest = json.loads(data) if data else {}
        except ValueError:
            return {}
        return manifest if isinstance(manifest, dict) else {}

    def write_manifest(self, generator: str, assets: list[dict], inputs: str | None = None) -> None:
        """manifest.json; `inputs` (the digest of everything the build read) when known."""
        doc: dict = {"generator": generator}
        if inputs is not None:
            doc["inputs"] = inputs
        doc["assets"] = sorted(assets, key=lambda a: a["path"])
        self.write(MANIFEST, (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode())

    def write_sums(self) -> None:
        """SHA256SUMS of every file in the folder but itself, in `sha256sum -c` format.

        Symbolic links and temporaries are left out: the sums never describe a file elsewhere.
        """
        lines = []
        for file in sorted(self.root.rglob("*")):
            rel = file.relative_to(self.root).as_posix()
            if (
                file.is_file()
                and not file.is_symlink()
                and rel != SUMS
                and not file.name.startswith(TMP_PREFIX)
                and all(_NAME.fullmatch(part) for part in rel.split("/"))
            ):
                lines.append(f"{sha256(file.read_bytes())}  {rel}\n")
        self.write(SUMS, "".join(lines).encode())


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

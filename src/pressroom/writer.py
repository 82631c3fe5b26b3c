"""The one writer of the output folder: atomic files, nothing outside it, manifest and sums last."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path, PurePosixPath

from pressroom.errors import PressroomError

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"


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
        rel = PurePosixPath(rel)
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            raise OutputError(f"refusing to write {rel}: outside the output folder")
        target = self.root.joinpath(*rel.parts)
        node = self.root
        for part in rel.parts[:-1]:
            node = node / part
            if node.is_symlink():
                raise OutputError(f"refusing to write {rel}: {node} is a symbolic link")
        if target.is_symlink():
            raise OutputError(f"refusing to write {rel}: it is a symbolic link")
        return target

    def write(self, rel: PurePosixPath | str, data: bytes) -> None:
        target = self.path(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
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
        target = self.path(rel)
        target.unlink(missing_ok=True)
        parent = target.parent
        while parent != self.root and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent

    def clean_temporaries(self) -> None:
        """Remove temporary files an interrupted build left behind."""
        if self.root.is_dir():
            for tmp in self.root.rglob(".tmp-*"):
                if tmp.is_file() and not tmp.is_symlink():
                    tmp.unlink()

    def old_manifest(self) -> dict:
        data = self.read(MANIFEST)
        try:
            manifest = json.loads(data) if data else {}
        except ValueError:
            return {}
        return manifest if isinstance(manifest, dict) else {}

    def write_manifest(self, generator: str, assets: list[dict]) -> None:
        doc = {"generator": generator, "assets": sorted(assets, key=lambda a: a["path"])}
        self.write(MANIFEST, (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode())

    def write_sums(self) -> None:
        """SHA256SUMS of every file in the folder but itself, in `sha256sum -c` format."""
        lines = []
        for file in sorted(self.root.rglob("*")):
            rel = file.relative_to(self.root).as_posix()
            if file.is_file() and rel != SUMS and not file.name.startswith(".tmp-"):
                lines.append(f"{sha256(file.read_bytes())}  {rel}\n")
        self.write(SUMS, "".join(lines).encode())


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

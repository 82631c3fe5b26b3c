"""SHA-256 of bytes and of files: the one place that lists files by name and digest.

The brand book's fingerprint for the no-op check, the assets and fonts in a job's digest, the
tool's own modules and SHA256SUMS are all a list of (name, sha256) pairs, made here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def listing(files: Iterable[Path], base: Path | None = None) -> list[tuple[str, str]]:
    """(name, sha256) of each file, sorted by name: the name is the path relative to `base`
    (with `/`), or the file's own name when there is no base."""
    return named((f.relative_to(base).as_posix() if base else f.name, f) for f in files)


def named(files: Iterable[tuple[str, Path]]) -> list[tuple[str, str]]:
    """(name, sha256) of each (name, file), sorted by name (then file)."""
    return [(name, file_sha256(f)) for name, f in sorted(files)]


def digest_of(pairs: Iterable[tuple[str, str]]) -> str:
    """One digest of (name, sha256) pairs, in their order."""
    h = hashlib.sha256()
    for name, digest in pairs:
        h.update(f"{name}\0{digest}\n".encode())
    return h.hexdigest()


def digest_files(files: Iterable[Path], base: Path | None = None) -> str:
    """One digest of the files' names and contents (see `listing`)."""
    return digest_of(listing(files, base))


def folder_files(folder: Path) -> list[Path]:
    """Every file under `folder` (none when it is missing)."""
    if not folder.is_dir():
        return []
    return [p for p in folder.rglob("*") if p.is_file()]

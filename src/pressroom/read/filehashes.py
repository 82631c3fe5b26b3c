"""The sha256 of files a warm process has hashed, kept while `stat` says they are unchanged.

`pressroom serve` into a folder that holds the whole kit (some 12,000 files, 450 MB) hashed
every file on each save: SHA256SUMS describes the whole folder, and a kept asset or thumbnail
is checked against its digest. A `FileHashes` hashes a file again only when its size, times,
inode or device differ from when it was hashed. A file is remembered only once its change time
is `SETTLED` in the past, so a write within the file system's clock tick of the hashing (which
would leave every time as it was) is never missed: any later write moves the change time, which
no program can set back. A plain `pressroom build` hashes every file it checks, as before.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from pressroom.read.digest import file_sha256

SETTLED = 2_000_000_000  # ns: older than the coarsest file system clock (FAT's 2 s)


class FileHashes:
    """sha256 of files by path, trusted while what `os.stat` says of them is unchanged."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[tuple[int, ...], str]] = {}

    def sha256(self, path: Path | str) -> str:
        """The file's sha256 (OSError when it cannot be read)."""
        path = os.fspath(path)
        st = os.stat(path)
        key = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
        seen = self._seen.get(path)
        if seen is not None and seen[0] == key:
            return seen[1]
        digest = file_sha256(Path(path))
        if st.st_ctime_ns < time.time_ns() - SETTLED:
            self._seen[path] = (key, digest)
        else:
            self._seen.pop(path, None)
        return digest

    def __len__(self) -> int:
        return len(self._seen)

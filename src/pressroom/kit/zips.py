"""Reproducible zip files: entries sorted by name, one fixed timestamp, Unix mode 0644, stored
(PNG, PDF and MP4 are compressed already), so the same files always give the same bytes.

A build keeps a published zip that the last build made of the same files (as the last
manifest says), rather than reading every entry again: the whole kit's zips are some 190 MB.
`laid_out` checks the kept zip is one `stored_zip` made of those names on that date.
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path


def stored_zip(names: Iterable[str], read: Callable[[str], bytes], epoch: int) -> bytes:
    """A zip of the files `names`, each entry's bytes from `read(name)`, dated `epoch`."""
    stamp = time.gmtime(epoch)[:6]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for name in sorted(names):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zf.writestr(info, read(name))
    return buf.getvalue()


def laid_out(path: Path, names: Iterable[str], epoch: int) -> bool:
    """Whether the zip file `path` is laid out as `stored_zip` lays out `names` dated `epoch`
    (its directory only: the entries' bytes are for the caller to vouch for)."""
    stamp = time.gmtime(epoch)[:6]
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            ok = zf.comment == b"" and [i.filename for i in infos] == sorted(names)
            return ok and all(
                i.date_time == stamp
                and i.compress_type == zipfile.ZIP_STORED
                and i.external_attr == 0o644 << 16
                for i in infos
            )
    except (OSError, zipfile.BadZipFile):
        return False

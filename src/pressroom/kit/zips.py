"""Reproducible zip files: entries sorted by name, one fixed timestamp, Unix mode 0644, stored
(PNG, PDF and MP4 are compressed already), so the same files always give the same bytes."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable, Iterable


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

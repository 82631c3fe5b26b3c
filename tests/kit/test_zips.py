"""zips: the same files give the same zip, whatever order they come in."""

from __future__ import annotations

import io
import zipfile

from pressroom.kit.zips import stored_zip

FILES = {"en/story/b.png": b"\x89PNG second", "en/story/a.png": b"\x89PNG first"}


def test_entries_are_sorted_stored_dated_and_readable():
    data = stored_zip(FILES, FILES.__getitem__, 315532800)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.namelist() == sorted(FILES)
        for info in zf.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.compress_type == zipfile.ZIP_STORED
            assert info.external_attr >> 16 == 0o644
            assert zf.read(info) == FILES[info.filename]


def test_the_same_files_in_another_order_give_the_same_bytes():
    backwards = dict(reversed(FILES.items()))
    assert stored_zip(backwards, FILES.__getitem__, 315532800) == stored_zip(
        FILES, FILES.__getitem__, 315532800
    )
    assert stored_zip(FILES, FILES.__getitem__, 1700000000) != stored_zip(
        FILES, FILES.__getitem__, 315532800
    )

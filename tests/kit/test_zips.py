"""zips: the same files give the same zip, whatever order they come in, known again later."""

from __future__ import annotations

import io
import zipfile

from pressroom.kit.zips import laid_out, stored_zip

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


def test_a_zip_is_laid_out_as_made_or_not(tmp_path):
    path = tmp_path / "en.zip"
    path.write_bytes(stored_zip(FILES, FILES.__getitem__, 315532800))
    assert laid_out(path, FILES, 315532800)
    assert laid_out(path, reversed(list(FILES)), 315532800)
    assert not laid_out(path, FILES, 1700000000)  # another date
    assert not laid_out(path, list(FILES)[:1], 315532800)  # other entries
    assert not laid_out(path, [*FILES, "en/story/c.png"], 315532800)
    with zipfile.ZipFile(path, "a") as zf:
        zf.comment = b"added"
    assert not laid_out(path, FILES, 315532800)
    path.write_bytes(b"not a zip")
    assert not laid_out(path, FILES, 315532800)
    assert not laid_out(tmp_path / "missing.zip", FILES, 315532800)

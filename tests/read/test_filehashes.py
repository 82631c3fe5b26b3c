"""FileHashes: a file is hashed again whenever it may have changed, and only then."""

from __future__ import annotations

import os

import pytest

from pressroom.read import filehashes
from pressroom.read.digest import file_sha256, sha256
from pressroom.read.filehashes import FileHashes


@pytest.fixture
def counted(monkeypatch):
    """FileHashes that trust any file at once (SETTLED 0), counting the files they read."""
    read = []

    def sha(path):
        read.append(path.name)
        return file_sha256(path)

    monkeypatch.setattr(filehashes, "file_sha256", sha)
    monkeypatch.setattr(filehashes, "SETTLED", 0)
    return FileHashes(), read


def test_an_unchanged_file_is_read_once(tmp_path, counted):
    hashes, read = counted
    path = tmp_path / "a.png"
    path.write_bytes(b"first")
    assert hashes.sha256(path) == file_sha256(path)
    assert hashes.sha256(str(path)) == file_sha256(path)
    assert read == ["a.png"] and len(hashes) == 1


def test_a_file_rewritten_with_the_same_size_and_times_is_read_again(tmp_path, counted):
    hashes, read = counted
    path = tmp_path / "a.png"
    path.write_bytes(b"first")
    hashes.sha256(path)
    st = path.stat()
    path.write_bytes(b"other")  # same length; its modification time put back by hand
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert hashes.sha256(path) == file_sha256(path) != sha256(b"first")
    assert read == ["a.png", "a.png"]


def test_a_file_replaced_by_another_is_read_again(tmp_path, counted):
    hashes, read = counted
    path, other = tmp_path / "a.png", tmp_path / "b.png"
    path.write_bytes(b"first")
    other.write_bytes(b"other")
    hashes.sha256(path)
    st = path.stat()
    os.utime(other, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(other, path)  # (a build's switch-over renames staged files into place)
    assert hashes.sha256(path) == sha256(b"other")
    assert len(read) == 2


def test_a_file_changed_within_the_settling_time_is_not_remembered(tmp_path):
    hashes = FileHashes()  # SETTLED as shipped: a file written just now is not yet trusted
    path = tmp_path / "a.png"
    path.write_bytes(b"first")
    assert hashes.sha256(path) == file_sha256(path)
    assert len(hashes) == 0


def test_a_missing_file_raises(tmp_path):
    with pytest.raises(OSError):
        FileHashes().sha256(tmp_path / "missing.png")

"""digest: files by name and sha256, and one digest of them."""

from __future__ import annotations

import hashlib

from pressroom.read.digest import digest_files, digest_of, file_sha256, folder_files, listing


def test_listing_names_files_relative_to_a_base_or_by_name(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.txt").write_bytes(b"x")
    (tmp_path / "a.txt").write_bytes(b"a")
    files = folder_files(tmp_path)
    x = hashlib.sha256(b"x").hexdigest()
    a = hashlib.sha256(b"a").hexdigest()
    assert listing(files, tmp_path) == [("a.txt", a), ("b/x.txt", x)]
    assert listing(files) == [("a.txt", a), ("x.txt", x)]
    assert file_sha256(tmp_path / "a.txt") == a
    assert folder_files(tmp_path / "missing") == []


def test_the_digest_changes_with_a_name_or_a_content_and_not_with_the_folder(tmp_path):
    def tree(root, name="a.txt", data=b"a"):
        (root / "sub").mkdir(parents=True)
        (root / "sub" / name).write_bytes(data)
        return digest_files(folder_files(root), root)

    same = tree(tmp_path / "one")
    assert tree(tmp_path / "elsewhere" / "two") == same
    assert tree(tmp_path / "three", name="b.txt") != same
    assert tree(tmp_path / "four", data=b"b") != same


def test_digest_of_pairs_is_not_fooled_by_moving_a_separator():
    assert digest_of([("ab", "c")]) != digest_of([("a", "bc")])
    assert digest_of([("a", "1"), ("b", "2")]) != digest_of([("b", "2"), ("a", "1")])

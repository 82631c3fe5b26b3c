"""writer.Output: the one owner of the output folder (paths and atomic writes are also attacked
in test_security.py, kills in test_security_kill.py)."""

from __future__ import annotations

import json
import os
from pathlib import PurePosixPath

import pytest

from pressroom.asset import Asset
from pressroom.digest import sha256
from pressroom.writer import MANIFEST, SUMS, TMP_PREFIX, Deferred, Output, OutputError

GENERATOR = "pressroom test"


def asset(path: str, data: bytes, build: str = "b" * 64) -> Asset:
    pdf = path.endswith(".pdf")
    return Asset(
        path=path,
        variant="main",
        locale=path.split("/")[0],
        format=path.split("/")[1],
        message=path.rsplit("/", 1)[1].split(".")[0],
        media_type="application/pdf" if pdf else "image/png",
        width=216.0 if pdf else 1080,
        height=303.0 if pdf else 1920,
        bytes=len(data),
        sha256=sha256(data),
        alt="alt",
        caption="caption",
        qr=None,
        build=build,
    )


def built(root, files: dict[str, bytes], extra: dict[str, bytes] | None = None) -> Output:
    """A folder as a finished build leaves it: `files` are assets, `extra` other files it wrote."""
    out = Output(root)
    for rel, data in {**files, **(extra or {})}.items():
        out.write(rel, data)
    out.finish(GENERATOR, [asset(rel, data) for rel, data in files.items()], "i" * 64)
    return Output(root)  # the next build's view


def test_a_file_with_the_same_bytes_is_not_rewritten(tmp_path):
    out = Output(tmp_path)
    out.write("en/card/a.png", b"one")
    target = tmp_path / "en" / "card" / "a.png"
    os.utime(target, ns=(1, 1))
    out.write("en/card/a.png", b"one")
    assert target.stat().st_mtime_ns == 1
    out.write("en/card/a.png", b"two")
    assert target.read_bytes() == b"two" and target.stat().st_mtime_ns != 1
    assert not list(tmp_path.rglob(f"{TMP_PREFIX}*"))


def test_previous_reads_the_manifest_and_the_sums_once(tmp_path):
    out = built(tmp_path, {"en/card/a.png": b"png", "en/sheet/a.pdf": b"pdf"})
    last = out.previous
    assert last.generator == GENERATOR and last.inputs == "i" * 64
    assert set(last.assets) == {"en/card/a.png", "en/sheet/a.pdf"}
    assert last.assets["en/sheet/a.pdf"].is_pdf
    assert last.sums["en/card/a.png"] == sha256(b"png")
    assert set(last.sums) == {"en/card/a.png", "en/sheet/a.pdf", MANIFEST}
    (tmp_path / MANIFEST).write_text("{}")
    assert out.previous is last  # read once, before this build changes anything


@pytest.mark.parametrize(
    "manifest",
    ["not json", "[]", '{"assets": 3}', '{"assets": [{"path": ["x"]}, 7, {"path": "a/b/c.png"}]}'],
)
def test_a_damaged_manifest_means_no_previous_assets(tmp_path, manifest):
    (tmp_path / MANIFEST).write_text(manifest)
    (tmp_path / SUMS).write_text("not a sums line\n")
    last = Output(tmp_path).previous
    assert last.assets == {} and last.inputs is None and last.sums is None


def test_intact_compares_with_the_manifest_or_the_sums_and_keeps_the_file(tmp_path):
    out = built(tmp_path, {"en/card/a.png": b"png"}, {"thumbs/x.webp": b"webp"})
    assert out.intact("en/card/a.png") and out.intact("thumbs/x.webp")
    assert not out.intact("thumbs/unknown.webp")
    (tmp_path / "thumbs" / "x.webp").write_bytes(b"WEBP")  # same size, other bytes
    (tmp_path / "en" / "card" / "a.png").write_bytes(b"png!")
    again = Output(tmp_path)
    assert not again.intact("thumbs/x.webp") and not again.intact("en/card/a.png")


def test_stale_files_go_by_one_rule_and_foreign_files_stay(tmp_path):
    files = {"en/card/a.png": b"a", "en/card/b.png": b"b", "ru/card/a.png": b"ra"}
    generated = {
        "index.html": b"<p>",
        "ru.html": b"<p>ru",
        "thumbs/old.webp": b"w",
        "downloads/ru.zip": b"z",
    }
    out = built(tmp_path, files, generated)
    for rel in ("notes.txt", "about-us.html", "downloads/readme.txt", "en/card/mine.png"):
        (tmp_path / rel).write_text("put here by hand")
    out.intact("en/card/a.png")
    out.write("index.html", b"<p>")
    out.finish(GENERATOR, [asset("en/card/b.png", b"b")])  # carried over, not written
    left = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert left == {
        "en/card/a.png",  # kept
        "en/card/b.png",  # listed
        "index.html",  # written
        "notes.txt",
        "about-us.html",
        "downloads/readme.txt",
        "en/card/mine.png",  # never listed in a manifest: not the build's
        MANIFEST,
        SUMS,
    }
    assert not (tmp_path / "ru").exists()  # emptied folders go too
    doc = json.loads((tmp_path / MANIFEST).read_text())
    assert [a["path"] for a in doc["assets"]] == ["en/card/b.png"]
    assert "inputs" not in doc


def test_as_summed_only_when_the_folder_is_exactly_what_the_sums_list(tmp_path):
    assert not Output(tmp_path).as_summed()  # no sums at all
    built(tmp_path, {"en/card/a.png": b"png"})
    assert Output(tmp_path).as_summed()
    (tmp_path / "en" / "card" / "a.png").write_bytes(b"PNG")
    assert not Output(tmp_path).as_summed()
    (tmp_path / "en" / "card" / "a.png").write_bytes(b"png")
    (tmp_path / "extra.txt").write_text("x")
    assert not Output(tmp_path).as_summed()
    (tmp_path / "extra.txt").unlink()
    (tmp_path / "link").symlink_to(tmp_path / "en")
    assert not Output(tmp_path).as_summed()


def test_sums_check_with_sha256sum_format(tmp_path):
    built(tmp_path, {"en/card/a.png": b"png"}, {"downloads/en.zip": b"zip"})
    lines = (tmp_path / SUMS).read_text().splitlines()
    assert lines == sorted(lines, key=lambda line: line[66:])
    for line in lines:
        digest, rel = line.split("  ")
        assert sha256((tmp_path / rel).read_bytes()) == digest


def test_deferred_records_writes_and_keeps_for_the_owner_to_replay(tmp_path):
    out = Output(tmp_path / "out")
    deferred = Deferred(out)
    deferred.write("downloads/en-factsheet.pdf", b"%PDF")
    deferred.keep("favicon.svg")
    with pytest.raises(OutputError):
        deferred.write("../elsewhere.pdf", b"")
    assert not (tmp_path / "out").exists()  # nothing written yet
    Deferred.apply(out, deferred.actions)
    assert (tmp_path / "out" / "downloads" / "en-factsheet.pdf").read_bytes() == b"%PDF"
    assert out._current == {"downloads/en-factsheet.pdf", "favicon.svg"}


def test_current_is_what_this_build_wrote_or_kept(tmp_path):
    out = Output(tmp_path / "out")
    out.write("a/one.png", b"1")
    out.keep("a/two.png")
    assert out.current("a/one.png") and out.current(PurePosixPath("a/two.png"))
    assert not out.current("a/three.png")
    assert not Output(tmp_path / "out").current("a/one.png")  # the next build's own list

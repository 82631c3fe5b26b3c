"""writer.Output: the one owner of the output folder (paths and atomic writes are also attacked
in test_security.py, kills in test_security_kill.py)."""

from __future__ import annotations

import json
import os
from pathlib import PurePosixPath

import pytest

from pressroom.kit.asset import Asset
from pressroom.kit.writer import (
    JOURNAL,
    MANIFEST,
    STAGE,
    SUMS,
    TMP_PREFIX,
    Output,
)
from pressroom.read.digest import sha256

GENERATOR = "pressroom test"


def asset(path: str, data: bytes, build: str = "b" * 64) -> Asset:
    pdf = path.endswith(".pdf")
    return Asset(
        path=path,
        kit="main",
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
    out.commit()
    target = tmp_path / "en" / "card" / "a.png"
    os.utime(target, ns=(1, 1))
    out.write("en/card/a.png", b"one")
    out.commit()
    assert target.stat().st_mtime_ns == 1
    out.write("en/card/a.png", b"two")
    out.commit()
    assert target.read_bytes() == b"two" and target.stat().st_mtime_ns != 1
    assert not list(tmp_path.rglob(f"{TMP_PREFIX}*")) and not (tmp_path / STAGE).exists()


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


def test_current_is_what_this_build_wrote_or_kept(tmp_path):
    out = Output(tmp_path / "out")
    out.write("a/one.png", b"1")
    out.keep("a/two.png")
    assert out.current("a/one.png") and out.current(PurePosixPath("a/two.png"))
    assert not out.current("a/three.png")
    assert not Output(tmp_path / "out").current("a/one.png")  # the next build's own list


# --- staged until the end: nothing published changes before the switch-over ---------------------


def files_of(root) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and STAGE not in p.parts
    }


def test_writes_and_removals_are_staged_and_reads_see_them(tmp_path):
    built(tmp_path, {"en/card/a.png": b"a", "en/card/b.png": b"b"}, {"index.html": b"<p>"})
    before = files_of(tmp_path)
    out = Output(tmp_path)
    out.write("en/card/a.png", b"A!")
    out.write("en/card/c.png", b"c")
    out.remove("en/card/b.png")
    assert files_of(tmp_path) == before  # nothing published has changed
    assert out.read("en/card/a.png") == b"A!" and out.size("en/card/a.png") == 2
    assert out.read("en/card/c.png") == b"c" and out.exists("en/card/c.png")
    assert out.read("en/card/b.png") is None and not out.exists("en/card/b.png")
    assert not out.intact("en/card/a.png")  # its staged bytes are not the last build's
    out.write("en/card/a.png", b"a")  # back to the published bytes: nothing to stage
    assert out.intact("en/card/a.png")
    out.finish(GENERATOR, [asset("en/card/a.png", b"a"), asset("en/card/c.png", b"c")])
    after = files_of(tmp_path)
    assert set(after) == {"en/card/a.png", "en/card/c.png", MANIFEST, SUMS}
    assert after["en/card/c.png"] == b"c"
    assert not (tmp_path / STAGE).exists() and not (tmp_path / JOURNAL).exists()
    assert Output(tmp_path).as_summed()


def test_an_abandoned_build_leaves_the_last_output_as_it_was(tmp_path):
    built(tmp_path, {"en/card/a.png": b"a"}, {"index.html": b"<p>"})
    before = files_of(tmp_path)
    out = Output(tmp_path)
    out.write("en/card/a.png", b"new")
    out.write("ru/card/a.png", b"ru")
    out.remove_stale(set())
    out.write_manifest(GENERATOR, [], None)
    out.write_sums()
    out.abandon()
    assert files_of(tmp_path) == before and not (tmp_path / STAGE).exists()
    assert Output(tmp_path).as_summed()


def test_a_journal_left_by_a_killed_switch_over_is_completed(tmp_path):
    built(tmp_path, {"en/card/a.png": b"a", "en/card/b.png": b"b"})
    out = Output(tmp_path)
    out.write("en/card/a.png", b"A!")
    out.write("ru/card/a.png", b"ru")
    out.remove("en/card/b.png")
    out.write_manifest(GENERATOR, [asset("en/card/a.png", b"A!"), asset("ru/card/a.png", b"ru")],
                       None)
    out.write_sums()
    # What commit() does, killed after its first rename: the journal, one file switched.
    renames = [[out._staged[rel].name, rel] for rel in sorted(out._staged)]
    (tmp_path / JOURNAL).write_text(json.dumps({"renames": renames, "removals": ["en/card/b.png"]}))
    name, rel = renames[0]
    os.replace(tmp_path / STAGE / name, tmp_path / rel)
    assert Output(tmp_path).recover()
    assert files_of(tmp_path) == {
        "en/card/a.png": b"A!",
        "ru/card/a.png": b"ru",
        MANIFEST: files_of(tmp_path)[MANIFEST],
        SUMS: files_of(tmp_path)[SUMS],
    }
    assert not (tmp_path / STAGE).exists() and not (tmp_path / JOURNAL).exists()
    assert Output(tmp_path).as_summed()


def test_a_tampered_journal_cannot_reach_outside(tmp_path):
    out_dir = tmp_path / "out"
    built(out_dir, {"en/card/a.png": b"a"})
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (out_dir / STAGE).mkdir()
    (out_dir / STAGE / f"{TMP_PREFIX}x").write_text("planted")
    plan = {
        "renames": [[f"{TMP_PREFIX}x", "../secret.txt"], ["../../secret.txt", "en/card/a.png"]],
        "removals": ["../secret.txt", "/etc/passwd"],
    }
    (out_dir / JOURNAL).write_text(json.dumps(plan))
    Output(out_dir).recover()
    assert secret.read_text() == "secret"
    assert (out_dir / "en" / "card" / "a.png").read_bytes() == b"a"
    assert not (out_dir / STAGE).exists() and not (out_dir / JOURNAL).exists()

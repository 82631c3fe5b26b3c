"""Kill-safety: `pressroom build` killed (SIGKILL, with its workers) at random moments leaves
only complete files under final names, and the next build completes the output exactly.

The kills land in the writing phase: each killed build starts like any other, the test waits for
its first write (staged: the stage folder appears, or a file is replaced), then kills it a random
time later (up to how long a whole rebuild's writing lasts). The builds alternate between two
states of the brand book whose every file differs, so every kill interrupts files being replaced.

A killed build leaves the previous output exactly as it was, in step with its SHA256SUMS (the
real `sha256sum -c`), unless it was killed during its switch-over (a few renames at its very
end): then the next build completes that switch first, and the folder is the new output.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from pypdf import PdfReader

from pressroom.kit.writer import JOURNAL, MANIFEST, STAGE, SUMS, TMP_PREFIX, Output
from tests.test_security import copy_book

KILLS = 6
SEED = 20261122


def _build(book: Path, out: Path, *extra: str) -> subprocess.Popen:
    """`pressroom build` in its own process group, so a kill takes its workers too."""
    return subprocess.Popen(
        [sys.executable, "-m", "pressroom", "build", "--brandbook", str(book), "--out", str(out)]
        + list(extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )


def _kill(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _complete(path: Path) -> str | None:
    """Why `path` is not a complete file of its kind, or None."""
    data = path.read_bytes()
    suffix = path.suffix
    try:
        if suffix == ".png":
            with Image.open(io.BytesIO(data)) as image:
                image.load()
            if not data.endswith(b"IEND\xaeB`\x82"):
                return "PNG without IEND"
        elif suffix == ".webp":
            with Image.open(io.BytesIO(data)) as image:
                image.load()
        elif suffix == ".pdf":
            pages = 2 if path.name.endswith("-factsheet.pdf") else 1  # posters have one
            with pikepdf.open(io.BytesIO(data)) as pdf:
                assert 1 <= len(pdf.pages) <= pages
            assert 1 <= len(PdfReader(io.BytesIO(data)).pages) <= pages
            if not data.rstrip().endswith(b"%%EOF"):
                return "PDF without %%EOF"
        elif suffix == ".zip":
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                bad = zf.testzip()
                if bad is not None:
                    return f"zip member {bad} is damaged"
        elif suffix == ".json":
            json.loads(data)
        elif suffix == ".html":
            if not data.rstrip().endswith(b"</html>"):
                return "HTML cut short"
        elif path.name == "SHA256SUMS":
            text = data.decode()
            if text and not text.endswith("\n"):
                return "sums cut short"
            for line in text.splitlines():
                digest, _, rel = line.partition("  ")
                if len(digest) != 64 or not rel:
                    return f"bad line {line!r}"
    except Exception as exc:  # any failure to read it back is what we are looking for
        return f"{type(exc).__name__}: {exc}"
    return None


def _final_files(out: Path) -> list[Path]:
    """The published files (not the writer's stage, journal or lock)."""
    return sorted(
        p
        for p in out.rglob("*")
        if p.is_file() and not p.name.startswith((TMP_PREFIX, ".pressroom-"))
        and STAGE not in p.relative_to(out).parts
    )


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in _final_files(out)}


def _more_messages(book: Path, copies: int) -> None:
    """Each message of the mini book `copies` more times (new ids), for a longer build."""
    for locale in (book / "locales").glob("*.yaml"):
        text = locale.read_text()
        blocks = re.findall(r"^  ([a-z]+):\n((?:    .*\n)+)", text, re.M)
        assert blocks, locale
        extra = "".join(
            f"  {mid}-{n}:\n{body}" for n in range(2, copies + 2) for mid, body in blocks
        )
        locale.write_text(text + extra)


def _inodes(out: Path) -> dict[Path, int]:
    return {p: p.stat().st_ino for p in _final_files(out)}


def _first_write(out: Path, before: dict[Path, int], proc: subprocess.Popen) -> float:
    """Wait until the build stages its first file, replaces one (a rename gives it a new inode)
    or ends; return when that was."""
    while proc.poll() is None:
        try:
            if (out / STAGE).exists() or _inodes(out) != before:
                break
        except FileNotFoundError:  # a file replaced while we looked: that is a write
            break
        time.sleep(0.005)
    return time.monotonic()


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_only_complete_files(tmp_path):
    # Two states of one brand book whose every asset differs (the paper and accent colours), so
    # each build below rewrites every file, over the other state's version.
    books = [copy_book(tmp_path / "a"), copy_book(tmp_path / "b")]
    for book in books:
        _more_messages(book, 2)
    brand = books[1] / "brand.yaml"
    brand.write_text(
        brand.read_text().replace('"#FFFFFF"', '"#FAFAF5"').replace('"#5B2A86"', '"#5B2A80"')
    )
    reference = tmp_path / "reference"
    proc = _build(books[0], reference, "--jobs", "8")
    _, err = proc.communicate()
    assert proc.returncode == 0, err.decode()
    expected = _snapshot(reference)
    assert len(expected) > 60
    # How long the writing of a whole rebuild lasts, from its first rename to its end.
    out = tmp_path / "out"
    shutil.copytree(reference, out)
    before = _inodes(out)
    proc = _build(books[1], out, "--jobs", "8")
    first = _first_write(out, before, proc)
    _, err = proc.communicate()
    writing = time.monotonic() - first
    assert proc.returncode == 0, err.decode()

    rng = random.Random(SEED)
    for n in range(KILLS):
        delay = rng.uniform(0, writing)
        before = _inodes(out)
        proc = _build(books[n % 2], out, "--jobs", "8")
        _first_write(out, before, proc)
        time.sleep(delay)
        _kill(proc)
        broken = {p.relative_to(out).as_posix(): _complete(p) for p in _final_files(out)}
        broken = {k: v for k, v in broken.items() if v}
        assert broken == {}, f"kill {n}, {delay:.2f} s into the writing"
        if not (out / JOURNAL).exists():  # (else the next build completes the switch-over)
            _assert_summed(out)
        if os.environ.get("PRESSROOM_KILL_LOG"):
            temps = len(list(out.rglob(f"{TMP_PREFIX}*")))
            fresh = sum(before.get(p) != i for p, i in _inodes(out).items())
            print(
                f"kill {n} at {delay:.2f}/{writing:.2f} s of writing: {fresh} of "
                f"{len(_final_files(out))} files rewritten, {temps} temporaries"
            )

    proc = _build(books[0], out, "--jobs", "2")
    _, err = proc.communicate()
    assert proc.returncode == 0, err.decode()
    assert not [p for p in out.rglob(f"{TMP_PREFIX}*")]
    assert not [p for p in out.iterdir() if p.name.startswith(".pressroom-")]
    _assert_summed(out)
    got = _snapshot(out)
    assert sorted(set(got) ^ set(expected)) == []
    assert [rel for rel in expected if got[rel] != expected[rel]] == []


CRASH_MID_WRITE = """
import os, sys
from pressroom.kit.writer import Output
out = Output(__import__("pathlib").Path(sys.argv[1]))
out.write("en/card/equal.png", b"old complete file")
out.commit()
out = Output(out.root)
real_fdopen = os.fdopen
class Half:
    def __init__(self, fh):
        self.fh = fh
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return False
    def write(self, data):
        self.fh.write(data[: len(data) // 2])
        self.fh.flush()
        os._exit(137)  # killed half-way through writing the new version
os.fdopen = lambda fd, mode: Half(real_fdopen(fd, mode))
out.write("en/card/equal.png", b"new complete file, twice as long as the old one")
"""


def test_a_write_killed_half_way_leaves_the_old_file_and_a_staged_one(tmp_path):
    """Deterministic: the process dies in the middle of writing a file's new version."""
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-c", CRASH_MID_WRITE, str(out)], capture_output=True)
    assert proc.returncode == 137, proc.stderr.decode()
    assert (out / "en" / "card" / "equal.png").read_bytes() == b"old complete file"
    assert len(list((out / STAGE).iterdir())) == 1
    assert not Output(out).recover()  # no switch-over had begun: the staged file goes
    assert not (out / STAGE).exists()
    assert (out / "en" / "card" / "equal.png").read_bytes() == b"old complete file"


# --- a killed build leaves the previous output, or the next build completes the new one --------


def _assert_summed(out: Path) -> None:
    """The folder passes the real `sha256sum -c SHA256SUMS`, the sums list every file, and the
    manifest's assets are there with their lengths and digests."""
    check = subprocess.run(
        ["sha256sum", "--strict", "-c", SUMS], cwd=out, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    listed = {line.split("  ", 1)[1] for line in (out / SUMS).read_text().splitlines()}
    files = {p.relative_to(out).as_posix() for p in _final_files(out)}
    assert files == listed | {SUMS}
    for entry in json.loads((out / MANIFEST).read_text())["assets"]:
        data = (out / entry["path"]).read_bytes()
        assert len(data) == entry["bytes"]
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]


@pytest.fixture(scope="module")
def two_states(tmp_path_factory) -> tuple[list[Path], list[dict[str, bytes]], Path]:
    """Two states of the mini brand book whose every asset differs, and each one's output."""
    base = tmp_path_factory.mktemp("states")
    books = [copy_book(base / "a"), copy_book(base / "b")]
    brand = books[1] / "brand.yaml"
    brand.write_text(
        brand.read_text().replace('"#FFFFFF"', '"#FAFAF5"').replace('"#5B2A86"', '"#5B2A80"')
    )
    outputs = []
    for n, book in enumerate(books):
        proc = _build(book, base / f"out{n}")
        _, err = proc.communicate()
        assert proc.returncode == 0, err.decode()
        outputs.append(_snapshot(base / f"out{n}"))
    return books, outputs, base


def _previous_output(two_states, tmp_path: Path) -> Path:
    """A folder that holds the first state's output."""
    out = tmp_path / "out"
    shutil.copytree(two_states[2] / "out0", out)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.0, 0.3, 0.8])
def test_a_build_killed_mid_render_leaves_the_previous_output_exactly(two_states, tmp_path, delay):
    books, outputs, _ = two_states
    out = _previous_output(two_states, tmp_path)
    proc = _build(books[1], out, "--jobs", "2")
    while proc.poll() is None and not (out / STAGE).exists():  # rendering, first files staged
        time.sleep(0.002)
    time.sleep(delay)
    _kill(proc)
    if (out / JOURNAL).exists() or proc.returncode == 0:
        pytest.fail(f"the build got to its switch-over within {delay} s: make the book bigger")
    assert _snapshot(out) == outputs[0]
    _assert_summed(out)
    proc = _build(books[1], out)  # the next build drops what the killed one staged
    _, err = proc.communicate()
    assert proc.returncode == 0, err.decode()
    assert _snapshot(out) == outputs[1] and not (out / STAGE).exists()
    _assert_summed(out)


KILLED_IN_SWITCH = """
import os, sys
from pathlib import Path
from pressroom.build import build
from pressroom.kit.writer import JOURNAL
book, out, after = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
real_replace, real_unlink, renames = os.replace, os.unlink, []
def replace(src, dst):
    real_replace(src, dst)
    if (out / JOURNAL).exists():  # the switch-over (the journal's own rename first)
        renames.append(dst)
        if len(renames) > after >= 0:
            os.kill(os.getpid(), 9)
def unlink(path, *args, **kwargs):
    if after < 0 and Path(path) == out / JOURNAL:  # every rename done, the journal still there
        os.kill(os.getpid(), 9)
    real_unlink(path, *args, **kwargs)
os.replace, os.unlink = replace, unlink
build(book, out, jobs=1)
"""


@pytest.mark.slow
@pytest.mark.parametrize("after", [0, 5, -1])  # the journal only, four files, every file
def test_a_build_killed_in_its_switch_over_is_completed_by_the_next(two_states, tmp_path, after):
    books, outputs, _ = two_states
    out = _previous_output(two_states, tmp_path)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_IN_SWITCH, str(books[1]), str(out), str(after)],
        capture_output=True,
    )
    assert killed.returncode == -9 and (out / JOURNAL).exists(), killed.stderr.decode()
    broken = {p.relative_to(out).as_posix(): _complete(p) for p in _final_files(out)}
    assert {k: v for k, v in broken.items() if v} == {}
    check = subprocess.run(  # the bridge sums: what the switch leaves alone, and the journal
        ["sha256sum", "--strict", "-c", SUMS], cwd=out, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    proc = _build(books[1], out)  # completes the switch-over; then nothing is left to do
    _, err = proc.communicate()
    assert proc.returncode == 0, err.decode()
    assert _snapshot(out) == outputs[1]
    assert not (out / JOURNAL).exists() and not (out / STAGE).exists()
    _assert_summed(out)

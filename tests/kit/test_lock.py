"""One build at a time per output folder: a second build waits (and says for whom), or refuses
with --no-wait; a lock file that a dead build left blocks nobody."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pressroom.build import build
from pressroom.kit.lock import LOCK, Busy, hold
from pressroom.kit.plan import Selection
from pressroom.kit.writer import MANIFEST, SUMS
from pressroom.preview.session import serve
from tests.test_security import copy_book, run


@pytest.fixture
def mini(tmp_path) -> Path:
    return copy_book(tmp_path)


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def _pressroom(*args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pressroom", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _sha256sum_c(out: Path) -> None:
    check = subprocess.run(
        ["sha256sum", "--strict", "-c", SUMS], cwd=out, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.slow
def test_a_second_build_waits_for_the_first_and_both_locales_end_up_published(mini, tmp_path):
    out = tmp_path / "out"
    first = _pressroom("build", "--brandbook", mini, "--out", out, "--locale", "en")
    while first.poll() is None and not (out / LOCK).is_file():
        time.sleep(0.005)
    while first.poll() is None and (out / LOCK).read_text().strip() != str(first.pid):
        time.sleep(0.005)
    second = _pressroom("build", "--brandbook", mini, "--out", out, "--locale", "ru")
    _, err1 = first.communicate(timeout=120)
    _, err2 = second.communicate(timeout=120)
    assert first.returncode == 0, err1
    assert second.returncode == 0, err2
    assert (
        f"{out}/ is being built by process {first.pid} — waiting "
        "(use --no-wait to stop instead)"
    ) in err2
    manifest = json.loads((out / MANIFEST).read_text())
    assert {a["locale"] for a in manifest["assets"]} == {"en", "ru"}
    for entry in manifest["assets"]:
        data = (out / entry["path"]).read_bytes()
        assert len(data) == entry["bytes"]
    _sha256sum_c(out)
    assert (out / "index.html").is_file() and (out / "ru.html").is_file()
    assert not (out / LOCK).exists()  # removed by the last holder


def test_no_wait_refuses_with_the_holder_and_writes_nothing(mini, tmp_path):
    out = tmp_path / "out"
    assert run("build", "--brandbook", mini, "--out", out, "--locale", "en").exit_code == 0
    before = _files(out)
    with hold(out):  # another build (a lock of its own, as another process's would be)
        result = run("build", "--brandbook", mini, "--out", out, "--force", "--no-wait")
        assert result.exit_code == 1, result.output
        assert (
            f"error: {out}/ is being built by process {os.getpid()} — try again when it has "
            "finished, or leave out --no-wait to wait for it"
        ) in result.output
        assert "Traceback" not in result.output
        with pytest.raises(Busy):
            serve(mini, out, port=0, wait=False)
    after = _files(out)
    assert after == before


def test_a_build_waits_and_says_so_then_goes_on(mini, tmp_path):
    out = tmp_path / "out"
    told: list[str] = []
    held = threading.Event()
    release = threading.Event()

    def other_build() -> None:
        with hold(out):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=other_build)
    thread.start()
    held.wait(10)
    threading.Timer(0.3, release.set).start()
    result = build(mini, out, Selection(locales=("en",)), waiting=told.append)
    thread.join()
    assert told == [
        f"{out}/ is being built by process {os.getpid()} — waiting (use --no-wait to stop instead)"
    ]
    assert result.built > 0
    _sha256sum_c(out)


def test_a_lock_file_left_by_a_dead_build_blocks_nobody(mini, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / LOCK).write_text("999999999\n")  # a killed build's: no process holds it
    told: list[str] = []
    build(mini, out, Selection(locales=("en",)), waiting=told.append, wait=False)
    assert told == []
    assert not (out / LOCK).exists()
    _sha256sum_c(out)


def test_a_failed_build_into_a_new_folder_leaves_no_folder(mini, tmp_path):
    out = tmp_path / "new"
    result = run("build", "--brandbook", mini, "--out", out, "--locale", "xx")
    assert result.exit_code == 1
    assert not out.exists()


def test_forked_processes_do_not_keep_the_lock(tmp_path):
    """A process forked while the lock is held (a render worker) closes its copy: only the
    build holds the folder, and the lock ends with it."""
    out = tmp_path / "out"
    with hold(out):
        child = os.fork()
        if child == 0:  # pragma: no cover - the child
            time.sleep(0.5)
            os._exit(0)
    try:
        with hold(out, wait=False):  # free at once, the child still running
            pass
    finally:
        os.waitpid(child, 0)

"""`pressroom serve` for real: a subprocess on a free port, its page open in headless Chromium.

One scenario, step by step as a designer lives it: the page shows the build; a saved headline
changes the image on the open page without a reload by hand; broken YAML shows an overlay with
file:line while the server stays up; fixing it removes the overlay; a build that crashes is
reported and survived; Ctrl-C stops with exit 0 and no temporary file; and the output folder is
byte for byte what `pressroom build` writes. Screenshots go to tests/_actual/serve/.
"""

from __future__ import annotations

import filecmp
import io
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Error as PlaywrightError

from pressroom.build import build
from pressroom.kit.plan import Selection
from tests.conftest import REPO

SHOTS = REPO / "tests" / "_actual" / "serve"
MESSAGE = "not-propaganda"
HEADLINE = "We are not propaganda — we are people"
SELECTION = ("--locale", "en", "--format", "story", "--format", "square", "--message", MESSAGE)
THUMB = f'.card:has(a[href="en/story/{MESSAGE}.png"]) .thumb img'  # the story's preview


class Served:
    """`pressroom serve` in a subprocess: its URL, its status, its output lines."""

    def __init__(self, book: Path, out: Path, *args: str):
        env = dict(os.environ, PYTHONPATH=str(REPO / "src"), PYTHONUNBUFFERED="1")
        cmd = [sys.executable, "-m", "pressroom", "serve", "--brandbook", str(book)]
        cmd += ["--out", str(out), "--port", "0", *args]
        self.proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        for stream, sink in ((self.proc.stdout, self.stdout), (self.proc.stderr, self.stderr)):
            threading.Thread(target=self._read, args=(stream, sink), daemon=True).start()
        self.url = self._wait_for_url()

    def _read(self, stream, sink: list[str]) -> None:
        for line in stream:
            sink.append(line)
            self.lines.put(line)

    def _wait_for_url(self, timeout: float = 90) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if self.proc.poll() is not None:
                    break
                continue
            found = re.search(r"serving (http://\S+/)", line)
            if found:
                return found[1]
        self.stop()
        pytest.fail(f"serve did not start: {''.join(self.stdout)}{''.join(self.stderr)}")

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return response.read()

    def status(self, since: int | None = None) -> dict:
        return json.loads(self.get("__pressroom/status" + (f"?since={since}" if since else "")))

    def next_status(self, after: int, timeout: float = 60, until=None) -> dict:
        """The status once the generation has grown past `after` (and, with `until`, once it
        says what the last save should: under load one save may be seen as two, and the
        second rebuild of the same files comes after `after` too)."""
        deadline, seen = time.monotonic() + timeout, after
        while time.monotonic() < deadline:
            status = self.status(since=seen)  # (waits for a generation past `seen`)
            if status["generation"] > after and (until is None or until(status)):
                return status
            seen = max(seen, status["generation"])
        pytest.fail(f"no rebuild after generation {after}; stderr: {''.join(self.stderr)}")

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=30)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


def edit(path: Path, old: str, new: str) -> None:
    """Save a file as an editor does: a temporary file renamed over it."""
    text = path.read_text("utf-8")
    assert old in text
    tmp = path.with_name(f".{path.name}.swp")
    tmp.write_text(text.replace(old, new, 1), "utf-8")
    os.replace(tmp, path)


def thumb_pixels(served: Served, src: str) -> np.ndarray:
    with Image.open(io.BytesIO(served.get(src))) as image:
        return np.asarray(image.convert("RGB"), dtype=np.int16)


def wait_until(condition, timeout: float = 20) -> None:
    """Poll `condition` from here (a predicate evaluated in the page would be eval, which the
    page's Content-Security-Policy rightly refuses)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("timed out waiting for the page")
        time.sleep(0.05)


def thumb_loaded(page) -> bool:
    """Whether the story's preview image is in the page and decoded (the page may be reloading:
    then it is not)."""
    try:
        return page.locator(THUMB).evaluate("img => img.complete && img.naturalWidth > 0")
    except PlaywrightError:  # the page navigated away mid-question
        return False


def files_of(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_live_preview(book_copy, tmp_path, browser):
    out = tmp_path / "preview"
    locale = book_copy / "locales" / "en.yaml"
    served = Served(book_copy, out, *SELECTION)
    try:
        first = served.status()
        assert first == {"generation": 1, "problems": [], "assets": 2, "warnings": []}
        assert served.url.startswith("http://127.0.0.1:")

        context = browser.new_context(viewport={"width": 900, "height": 1000})
        page = context.new_page()
        errors: list[str] = []
        page.on(
            "console",
            lambda m: m.type == "error" and errors.append(f"{m.text} ({m.location.get('url')})"),
        )
        page.on("pageerror", lambda e: errors.append(str(e)))
        loads: list[str] = []
        page.on("load", lambda p: loads.append(p.url))
        page.goto(served.url)
        wait_until(lambda: thumb_loaded(page))
        before_src = page.get_attribute(THUMB, "src")
        before_pixels = thumb_pixels(served, before_src)  # the rebuild removes this file
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / "1-before.png")
        assert page.locator("h2", has_text=HEADLINE).count() == 1

        # A saved headline: the page reloads itself and shows the new image.
        edit(locale, HEADLINE, "Love is love, not propaganda")
        status = served.next_status(first["generation"])
        assert status["problems"] == [] and status["assets"] == 2
        wait_until(lambda: page.get_attribute(THUMB, "src") != before_src and thumb_loaded(page))
        after_src = page.get_attribute(THUMB, "src")
        assert page.locator("h2", has_text="Love is love, not propaganda").count() == 1
        difference = np.abs(thumb_pixels(served, after_src) - before_pixels)
        assert (difference.max(axis=2) > 48).mean() > 0.01, "the new image looks like the old"
        assert len(loads) >= 2, "the page did not reload itself"
        page.screenshot(path=SHOTS / "2-after-edit.png")

        # Broken YAML: an overlay names file and line; the last good page and image stay.
        edit(locale, "  not-propaganda:", "  not-propaganda: [")
        status = served.next_status(status["generation"], until=lambda s: s["problems"])
        assert status["problems"] and status["assets"] == 2
        assert re.match(r"brandbook/locales/en\.yaml:\d+: ", status["problems"][0])
        overlay = page.locator("#pressroom-problems")
        overlay.wait_for(state="visible", timeout=20_000)
        assert re.search(r"brandbook/locales/en\.yaml:\d+: .* — ", overlay.inner_text())
        assert page.get_attribute(THUMB, "src") == after_src
        assert served.proc.poll() is None
        assert served.get(after_src), "the last good thumbnail is gone"
        page.screenshot(path=SHOTS / "3-problem.png")

        # Fixed: the overlay goes away.
        edit(locale, "  not-propaganda: [", "  not-propaganda:")
        status = served.next_status(status["generation"], until=lambda s: not s["problems"])
        assert status["problems"] == []
        overlay.wait_for(state="detached", timeout=20_000)

        # A crash inside the build (a file where the build needs a folder) is reported, and the
        # server survives it.
        story = out / "en" / "story"
        kept = tmp_path / "story-kept"
        story.rename(kept)
        story.write_text("in the way")
        edit(locale, "Love is love, not propaganda", "Love is love")
        status = served.next_status(status["generation"], until=lambda s: s["problems"])
        assert any("FileExistsError" in p or "Not a directory" in p for p in status["problems"])
        overlay.wait_for(state="visible", timeout=20_000)
        story.unlink()
        kept.rename(story)
        edit(locale, "Love is love", "Love is love, not propaganda")
        status = served.next_status(status["generation"], until=lambda s: not s["problems"])
        assert status["problems"] == []
        overlay.wait_for(state="detached", timeout=20_000)
        wait_until(lambda: thumb_loaded(page))

        # No CSP violation, no script error, no missing file (but the favicon, which the page
        # does not have).
        assert [e for e in errors if not e.endswith("/favicon.ico)")] == [], errors
        context.close()
    finally:
        code = served.stop()
    assert code == 0, "".join(served.stderr)
    assert "Traceback" not in "".join(served.stderr)
    assert served.stdout[-1].strip() == "stopped"

    # The output folder is exactly what its SHA256SUMS lists (no temporary file), byte for byte
    # what `pressroom build` writes from the same brand book, and its pages have no live script.
    sums = (out / "SHA256SUMS").read_text().splitlines()
    assert files_of(out) == {line.split("  ", 1)[1] for line in sums} | {"SHA256SUMS"}
    fresh = tmp_path / "built"
    build(
        book_copy,
        fresh,
        Selection(
            locales=("en",),
            formats=("story", "square"),
            messages=(MESSAGE,),
            kits=("main",),
        ),
    )  # serve's default kit
    compared = filecmp.dircmp(out, fresh)
    assert files_of(out) == files_of(fresh)
    mismatch = [f for f in sorted(files_of(out)) if not filecmp.cmp(out / f, fresh / f, False)]
    assert mismatch == [], f"serve's files differ from build's: {mismatch} {compared.diff_files}"
    assert b"__pressroom" not in (out / "index.html").read_bytes()


def asset_shown(page) -> dict | None:
    """The viewer's full-size image: its path, src and decoded size, once decoded."""
    try:
        return page.locator("#asset").evaluate(
            "img => img.complete && img.naturalWidth > 0 ? {path: img.dataset.path, src: "
            "img.getAttribute('src'), width: img.naturalWidth, shown: "
            "img.getBoundingClientRect().width, tall: img.getBoundingClientRect().height} : null"
        )
    except PlaywrightError:
        return None


def test_the_viewer_shows_one_asset_at_full_size_and_swaps_it_in_place(
    book_copy, tmp_path, browser
):
    """The viewer opens on one asset fit to the window; keys step through formats and show
    every format of the message; a saved headline swaps the image without reloading the
    page."""
    served = Served(book_copy, tmp_path / "preview", *SELECTION)
    try:
        wait_until(lambda: any("__pressroom/view" in line for line in served.stdout))
        page = browser.new_context(viewport={"width": 900, "height": 1000}).new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        loads: list[str] = []
        page.on("load", lambda p: loads.append(p.url))
        page.goto(served.url + "__pressroom/view")
        wait_until(lambda: asset_shown(page) is not None)
        first = asset_shown(page)
        assert first["path"] == f"en/square/{MESSAGE}.png" and first["width"] == 1080
        assert 700 < first["shown"] < 900  # fit to the window, its shape kept
        assert abs(first["shown"] - first["tall"]) < 2
        page.keyboard.press("ArrowRight")
        wait_until(lambda: (asset_shown(page) or {}).get("path") == f"en/story/{MESSAGE}.png")
        assert "format=story" in page.url
        page.keyboard.press("z")
        wait_until(lambda: (asset_shown(page) or {}).get("shown") == 1080)  # 100%
        page.keyboard.press("z")
        wait_until(lambda: (asset_shown(page) or {}).get("tall", 2000) < 1000)
        before = asset_shown(page)
        assert abs(before["tall"] / before["shown"] - 1920 / 1080) < 0.02
        page.screenshot(path=SHOTS / "view-1.png")
        edit(book_copy / "locales" / "en.yaml", HEADLINE, "Love is love, not propaganda")
        status = served.next_status(served.status()["generation"])
        assert status["problems"] == []
        wait_until(lambda: (asset_shown(page) or {}).get("src", before["src"]) != before["src"])
        after = asset_shown(page)
        assert after["path"] == before["path"]
        old = thumb_pixels(served, before["src"].split("?")[0][1:])
        assert old.shape == (1920, 1080, 3)
        assert len(loads) == 1, "the viewer reloaded the page"
        page.screenshot(path=SHOTS / "view-2-after-edit.png")
        page.keyboard.press("g")
        page.locator("#grid img").first.wait_for(state="visible", timeout=20_000)
        assert page.locator("#grid figure").count() == 2
        assert page.locator("#grid img").count() == 2 and page.locator("#asset").count() == 1
        page.screenshot(path=SHOTS / "view-3-grid.png")
        assert errors == []
    finally:
        assert served.stop() == 0


def test_serve_refuses_a_taken_port(book_copy, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
        done = subprocess.run(
            [sys.executable, "-m", "pressroom", "serve", "--brandbook", str(book_copy)]
            + ["--out", str(tmp_path / "out"), "--port", port],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "choose another --port" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_ctrl_c_during_a_rebuild_leaves_a_folder_that_passes_sha256sum(tmp_path):
    """Ctrl-C while a rebuild is writing: what it staged is dropped, the folder is the last
    build's, in step with its SHA256SUMS, and serve exits 0."""
    from pressroom.kit.writer import STAGE
    from tests.test_security import copy_book

    book, out = copy_book(tmp_path), tmp_path / "out"
    served = Served(book, out)
    try:
        before = {f: (out / f).read_bytes() for f in files_of(out)}
        edit(book / "brand.yaml", '"#FFFFFF"', '"#FAFAF5"')  # every asset changes
        deadline = time.monotonic() + 60
        while not (out / STAGE).exists():  # the rebuild has begun writing
            assert time.monotonic() < deadline, "".join(served.stderr)
            time.sleep(0.002)
    finally:
        code = served.stop()
    assert code == 0, "".join(served.stderr)
    check = subprocess.run(["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=out,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    sums = (out / "SHA256SUMS").read_text().splitlines()
    assert files_of(out) == {line.split("  ", 1)[1] for line in sums} | {"SHA256SUMS"}
    assert {f: (out / f).read_bytes() for f in files_of(out)} == before  # the last build's

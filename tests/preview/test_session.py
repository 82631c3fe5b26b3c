"""The pieces of the live preview (`pressroom.preview`): the script injection and its policy, the
status and its long poll, the web server, and the rebuild loop (what a file event triggers)."""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import watchfiles

import pressroom.build
from pressroom.build import BuildResult, build
from pressroom.errors import ContentError, Problem
from pressroom.kit.plan import Selection
from pressroom.preview.inject import SCRIPT, allow_self, inject, waiting_page
from pressroom.preview.session import (
    STEP,
    Preview,
    changed_paths,
    forget_cached_files,
)
from pressroom.preview.status import Status
from pressroom.text import fonts
from tests.conftest import BRANDBOOK, REPO, figma_book, preview_server

ONE = Selection(("en",), ("story",), ("not-propaganda",), ("main",))


@pytest.fixture(scope="module")
def one_page(tmp_path_factory) -> Path:
    """A build of one story: a real page with its real policy."""
    out = tmp_path_factory.mktemp("one") / "output"
    build(
        BRANDBOOK, out, Selection(locales=ONE.locales, formats=ONE.formats, messages=ONE.messages)
    )
    return out


def policy_of(html: str) -> dict[str, list[str]]:
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    return {d.split()[0]: d.split()[1:] for d in meta[1].split(";") if d.strip()}


# --- inject --------------------------------------------------------------------------------------


def test_inject_into_the_real_page(one_page):
    built = (one_page / "index.html").read_text("utf-8")
    served = inject(built, 7)
    tag = f'<script src="{SCRIPT}" data-generation="7"></script>\n'
    assert served.count(tag) == 1 and served.endswith(tag + "</body>\n</html>\n")
    before, after = policy_of(built), policy_of(served)
    assert after["script-src"] == before["script-src"] + ["'self'"]
    assert after["connect-src"] == ["'self'"]  # was default-src 'none'
    others = ("script-src", "connect-src")
    assert {k: v for k, v in after.items() if k not in others} == {
        k: v for k, v in before.items() if k not in others
    }
    # The page's own inline script is still the one the policy allows.
    inline = re.search(r"<script>(.*?)</script>", served, re.S)[1]
    digest = base64.b64encode(hashlib.sha256(inline.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in after["script-src"]
    # Nothing else changed.
    strip = re.compile(r'content="default-src[^"]*"|' + re.escape(tag))
    assert strip.sub("", served) == strip.sub("", built)


@pytest.mark.parametrize(
    "policy, widened",
    [
        (
            "default-src 'none'; img-src 'self'",
            "default-src 'none'; img-src 'self'; script-src 'self'; connect-src 'self'",
        ),
        (
            "default-src 'self' https://cdn.example; script-src 'sha256-A'",
            "default-src 'self' https://cdn.example; script-src 'sha256-A' 'self'; "
            "connect-src 'self' https://cdn.example",
        ),
        ("script-src 'none'", "script-src 'self'"),  # no default-src: connections stay free
        ("script-src 'a'; script-src 'b'", "script-src 'a' 'self'"),  # the first one counts
        ("img-src data:", "img-src data:"),
        ("", ""),
    ],
)
def test_allow_self(policy, widened):
    assert allow_self(policy) == widened


def test_inject_without_policy_or_body():
    assert inject("<p>hi</p>", 3) == f'<p>hi</p><script src="{SCRIPT}" data-generation="3">' + (
        "</script>\n"
    )
    assert SCRIPT in waiting_page(0) and 'data-generation="0"' in waiting_page(0)


# --- status --------------------------------------------------------------------------------------


def test_status_generations_and_json():
    status = Status()
    assert json.loads(status.now.to_json()) == {"generation": 0, "problems": [], "assets": 0,
                                               "warnings": []}
    status.publish([], 4)
    status.publish(["a.yaml:3: key: bad — fix"], 4)
    assert json.loads(status.now.to_json()) == {
        "generation": 2,
        "problems": ["a.yaml:3: key: bad — fix"],
        "assets": 4,
        "warnings": [],
    }


def test_status_wait_wakes_on_publish_and_close():
    status = Status()
    assert status.wait(since=5, timeout=10).generation == 0  # differs already: at once
    started = time.monotonic()
    assert status.wait(since=0, timeout=0.2).generation == 0  # nothing new: the timeout
    assert time.monotonic() - started >= 0.2
    threading.Timer(0.1, lambda: status.publish([], 1)).start()
    started = time.monotonic()
    assert status.wait(since=0, timeout=10).generation == 1
    assert time.monotonic() - started < 5
    threading.Timer(0.1, status.close).start()
    started = time.monotonic()
    assert status.wait(since=1, timeout=10).generation == 1
    assert time.monotonic() - started < 5


# --- server --------------------------------------------------------------------------------------


@pytest.fixture
def server(one_page, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(one_page, out)
    with preview_server(out) as srv:
        yield srv


def fetch(srv, path: str, host: str | None = None) -> tuple[int, object, bytes]:
    conn = http.client.HTTPConnection(*srv.server_address[:2], timeout=30)
    headers = {"Host": host} if host else {}
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, response.headers, body  # headers: case-insensitive


def test_server_pages_get_the_script_files_stay_as_built(server):
    out = server.out
    on_disk = (out / "index.html").read_bytes()
    code, headers, body = fetch(server, "/")
    assert code == 200 and headers["Cache-Control"] == "no-store"
    assert body.decode() == inject(on_disk.decode(), 1)
    assert fetch(server, "/index.html")[2] == body
    assert (out / "index.html").read_bytes() == on_disk
    png = "en/story/not-propaganda.png"
    code, headers, body = fetch(server, "/" + png)
    assert (
        code == 200 and headers["Content-Type"] == "image/png" and body == (out / png).read_bytes()
    )
    code, headers, body = fetch(server, SCRIPT)
    assert code == 200 and headers["Content-Type"].startswith("text/javascript")
    assert b"/__pressroom/status" in body


def test_server_status_and_long_poll(server):
    code, headers, body = fetch(server, "/__pressroom/status")
    assert code == 200 and headers["Content-Type"] == "application/json"
    assert json.loads(body) == {"generation": 1, "problems": [], "assets": 1, "warnings": []}
    threading.Timer(0.2, lambda: server.status.publish(["x.yaml:1: k: p — f"], 1)).start()
    started = time.monotonic()
    code, _, body = fetch(server, "/__pressroom/status?since=1")
    assert json.loads(body)["generation"] == 2 and time.monotonic() - started < 10
    assert fetch(server, "/__pressroom/status?since=x")[0] == 400
    assert fetch(server, "/__pressroom/other")[0] == 404


def test_server_refuses_other_hosts_and_paths(server):
    port = server.server_address[1]
    assert fetch(server, "/", host=f"localhost:{port}")[0] == 200
    assert fetch(server, "/", host="rebound.example")[0] == 403
    assert fetch(server, "/missing.html")[0] == 404
    assert fetch(server, "/../../etc/passwd")[0] == 404


def test_server_waits_for_a_first_page(server):
    (server.out / "index.html").unlink()
    code, _, body = fetch(server, "/")
    assert code == 200 and SCRIPT.encode() in body and b"No page has been built yet" in body


# --- the rebuild loop ----------------------------------------------------------------------------


def test_changed_paths_drop_files_that_came_and_went(tmp_path):
    kept = tmp_path / "en.yaml"
    kept.write_text("x")
    added, deleted = watchfiles.Change.added, watchfiles.Change.deleted
    gone = tmp_path / ".en.yaml.swp"
    removed = tmp_path / "ru.yaml"
    changes = {
        (added, str(gone)),
        (deleted, str(gone)),  # an editor's temporary file
        (deleted, str(kept)),
        (added, str(kept)),  # replaced by rename
        (deleted, str(removed)),  # a locale removed
    }
    assert changed_paths(changes) == sorted([str(kept), str(removed)])


def test_wanted_ignores_the_output_folder_and_editor_files(tmp_path):
    root = tmp_path / "brandbook"
    preview = Preview(root, root / "output")
    modified = watchfiles.Change.modified
    assert preview.wanted(modified, str(root / "locales" / "en.yaml"))
    assert not preview.wanted(modified, str(root / "output" / "index.html"))
    assert not preview.wanted(modified, str(root / "locales" / ".en.yaml.swp"))
    assert not preview.wanted(modified, str(root / "locales" / "en.yaml~"))


def test_wanted_when_the_output_folder_holds_the_brand_book(tmp_path):
    preview = Preview(tmp_path / "brandbook", tmp_path)  # pressroom serve --out .
    preview.folders = ((tmp_path / "brandbook").resolve(),)
    modified = watchfiles.Change.modified
    assert preview.wanted(modified, str(tmp_path.resolve() / "brandbook" / "brand.yaml"))
    assert not preview.wanted(modified, str(tmp_path.resolve() / "index.html"))


def test_watched_folders(book_copy):
    preview = Preview(book_copy, book_copy.parent / "out")
    assert preview.watched() == (book_copy.resolve(), (book_copy.parent / "fonts").resolve())


class FakeBuild:
    """Counts rebuilds (a save's quick build and the full one that follows it count once);
    records every call's `press`; raises what it is told to."""

    def __init__(self):
        self.calls = 0
        self.press: list[bool] = []
        self.raises: BaseException | None = None

    def __call__(self, root, out, selection=None, **kwargs):
        press = kwargs.get("press", True)
        finishing = press and self.press[-1:] == [False]
        self.press.append(press)
        if not finishing:
            self.calls += 1
        if self.raises is not None:
            raise self.raises
        return BuildResult(1, 0, 0.01, ())


@pytest.fixture
def fake_build(monkeypatch):
    fake = FakeBuild()
    monkeypatch.setattr(pressroom.build, "build", fake)
    return fake


def test_rebuild_publishes_problems_and_survives_exceptions(book_copy, fake_build):
    said: list[tuple[str, bool]] = []
    preview = Preview(book_copy, book_copy.parent / "out", report=lambda *a: said.append(a))
    assert preview.rebuild().problems == () and preview.status.now.generation == 1
    fake_build.raises = RuntimeError("boom")
    snapshot = preview.rebuild(["x"])
    assert snapshot.generation == 2
    assert snapshot.problems == ("error: the build failed: RuntimeError: boom — please report it",)
    assert (snapshot.problems[0], True) in said
    problem = Problem("brandbook/locales/en.yaml", 3, "messages", "bad", "fix it")
    fake_build.raises = ContentError([problem])
    snapshot = preview.rebuild()
    assert snapshot.generation == 3 and snapshot.problems == (str(problem),)
    fake_build.raises = KeyboardInterrupt()
    with pytest.raises(KeyboardInterrupt):
        preview.rebuild()


def test_a_save_is_shown_before_the_press_files_are_rendered(book_copy, fake_build):
    """The first build is whole; a save's build keeps the fact sheets as they are, the status
    moves on, and a full build renders them later; a failed save has no second build."""
    preview = Preview(book_copy, book_copy.parent / "out")
    seen = []
    publish = preview.status.publish
    preview.status.publish = lambda *a: seen.append(list(fake_build.press)) or publish(*a)
    preview.rebuild()
    preview.rebuild(["x"])
    assert fake_build.press == [True, False] and preview.press_pending
    assert seen == [[True], [True, False]]  # published before the full build
    preview.finish_press()  # what the watcher does when a second passes with no save
    assert fake_build.press == [True, False, True] and not preview.press_pending
    fake_build.raises = RuntimeError("boom")
    preview.rebuild(["x"])
    assert fake_build.press == [True, False, True, False] and not preview.press_pending


def test_rebuild_keeps_the_last_good_assets(book_copy, tmp_path):
    out = tmp_path / "out"
    preview = Preview(book_copy, out, ONE)
    assert preview.rebuild().problems == () and preview.status.now.assets == 1
    png = (out / "en/story/not-propaganda.png").read_bytes()
    locale = book_copy / "locales" / "en.yaml"
    locale.write_text(locale.read_text().replace("  not-propaganda:", "  not-propaganda: ["))
    snapshot = preview.rebuild([str(locale)])
    assert snapshot.assets == 1 and re.match(
        r"brandbook/locales/en\.yaml:\d+: ", snapshot.problems[0]
    )
    assert (out / "en/story/not-propaganda.png").read_bytes() == png


def run_watch(preview: Preview) -> tuple[threading.Event, threading.Thread]:
    stop = threading.Event()
    thread = threading.Thread(target=preview.watch, args=(stop,), daemon=True)
    thread.start()
    time.sleep(0.5)  # the watcher is up
    return stop, thread


def wait_for_generation(preview: Preview, generation: int, timeout: float = 20) -> None:
    assert preview.status.wait(generation - 1, timeout).generation >= generation


@pytest.mark.slow  # over 2.5 s: a build of its own
def test_a_burst_of_saves_is_one_rebuild(book_copy, fake_build):
    preview = Preview(book_copy, book_copy / "output")  # the output folder inside: ignored
    preview.rebuild()
    stop, thread = run_watch(preview)
    try:
        locale = book_copy / "locales" / "en.yaml"
        text = locale.read_text()
        saved = []
        for n in range(5):  # five saves in a few milliseconds (on a quiet machine)
            locale.write_text(text + f"\n# {n}\n")
            saved.append(time.monotonic())
        wait_for_generation(preview, 2)
        time.sleep(1)
        # Saves more than STEP apart (a busy machine may pause this test) may be two bursts.
        pauses = sum(b - a > STEP / 1000 for a, b in zip(saved, saved[1:], strict=False))
        assert 2 <= fake_build.calls <= 2 + pauses
        assert preview.status.now.generation == fake_build.calls
        calls = fake_build.calls
        (book_copy / "output").mkdir()
        (book_copy / "output" / "index.html").write_text("built")  # what a build writes
        time.sleep(1)
        assert fake_build.calls == calls
        (book_copy / "templates" / "story.svg").touch()
        wait_for_generation(preview, calls + 1)
        time.sleep(0.5)
        assert fake_build.calls == calls + 1
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()


def test_a_save_before_the_watcher_started_is_not_lost(book_copy, fake_build):
    said: list[str] = []
    preview = Preview(book_copy, book_copy.parent / "out", report=lambda line, _: said.append(line))
    preview.rebuild()
    assert preview.fingerprint(preview.folders) == preview.mark
    locale = book_copy / "locales" / "en.yaml"
    locale.write_text(locale.read_text() + "\n# saved while the first build ran\n")
    stop, thread = run_watch(preview)
    try:
        wait_for_generation(preview, 2)
    finally:
        stop.set()
        thread.join(10)
    assert "changed: brandbook/locales/en.yaml" in said


def test_a_save_of_a_templates_side_table_rebuilds(tmp_path, fake_build):
    """A template's side table (templates/story.slots.yaml) is watched as the template is."""
    said: list[str] = []
    root = figma_book(tmp_path / "bb")
    preview = Preview(root, tmp_path / "out", report=lambda line, _: said.append(line))
    preview.rebuild()
    stop, thread = run_watch(preview)
    try:
        side = root / "templates" / "story.slots.yaml"
        side.write_text(side.read_text().replace("data-max-size: 150", "data-max-size: 140"))
        wait_for_generation(preview, 2)
    finally:
        stop.set()
        thread.join(10)
    assert "changed: bb/templates/story.slots.yaml" in said and fake_build.calls == 2


@pytest.mark.slow  # about 3 s: two builds of their own
def test_a_side_table_save_redraws_the_story_the_preview_shows(tmp_path):
    root, out = figma_book(tmp_path / "bb"), tmp_path / "out"
    preview = Preview(root, out, Selection(("en",), (), ("cases",), ("main",)))
    assert preview.rebuild().problems == ()
    png = (out / "en/story/cases.png").read_bytes()
    side = root / "templates" / "story.slots.yaml"
    side.write_text(side.read_text().replace("url-fact:\n  data-color: ink",
                                             "url-fact:\n  data-color: accent"))
    snapshot = preview.rebuild([str(side)])
    assert snapshot.problems == () and snapshot.generation == 2
    assert (out / "en/story/cases.png").read_bytes() != png


def test_forget_cached_files_empties_font_caches(book_copy):
    font = book_copy.parent / "fonts" / "Inter-Bold.otf"
    face = fonts.load_face(font)
    assert fonts.load_face(font) is face  # cached by path
    forget_cached_files()
    assert fonts.load_face(font) is not face


@pytest.mark.slow  # over 3 s: a check or build of the whole brand book
def test_a_replaced_font_draws_as_a_fresh_build_does(book_copy, tmp_path):
    """Faces are cached by path in a warm process: a font file replaced under the same name must
    still draw what `pressroom build`, in a new process, draws."""
    out = tmp_path / "out"
    preview = Preview(book_copy, out, ONE)
    assert preview.rebuild().problems == ()
    png = out / "en/story/not-propaganda.png"
    first = png.read_bytes()
    font = book_copy.parent / "fonts" / "InterDisplay-Black.otf"
    shutil.copyfile(book_copy.parent / "fonts" / "NotoSans-Bold.ttf", font)
    assert preview.rebuild([str(font)]).problems == ()
    assert png.read_bytes() != first
    fresh = tmp_path / "fresh"
    subprocess.run(
        [sys.executable, "-m", "pressroom", "build", "--brandbook", str(book_copy)]
        + ["--out", str(fresh), "--locale", "en", "--format", "story"]
        + ["--message", "not-propaganda"],
        check=True,
        capture_output=True,
        env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"},
    )
    assert png.read_bytes() == (fresh / "en/story/not-propaganda.png").read_bytes()

"""Shared fixtures: the repository's brand book, copies of it to break, and one small build."""

from __future__ import annotations

import contextlib
import re
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from pressroom.build import build
from pressroom.cli import main
from pressroom.kit.plan import Selection
from pressroom.preview.server import PreviewServer
from pressroom.preview.status import Status

REPO = Path(__file__).resolve().parent.parent
BRANDBOOK = REPO / "brandbook"
FONTS = REPO / "fonts"
CHROMIUM = Path("/usr/bin/chromium")  # Debian's chromium, driven by Playwright
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# One slogan and one fact: every template, both kinds, every locale, quickly.
SAMPLE_MESSAGES = ("not-propaganda", "signatures-under-pressure")


# What makes a test slow (`pytest -m "not slow"` leaves it out): a fixture that builds the whole
# sample kit or starts Chromium, or a module that runs Lighthouse, Ghostscript, real kills, fuzzing
# or full builds of its own.
SLOW_FIXTURES = frozenset({"sample_build", "browser", "site"})  # site: the page's (the same)
SLOW_MODULES = frozenset({
    "test_lighthouse", "test_security_kill", "test_security_fuzz", "test_serve", "test_pdfx",
    "test_inkscape", "test_property_check_build", "test_typography",
})


# Chromium runs in one test process at a time (pytest-xdist's `loadgroup`): two pages of the
# full kit drawn at once on two cores took each other's time (a load of 9).
BROWSER_MODULES = frozenset({"test_page", "test_serve", "test_lighthouse"})
# A module whose tests share what it made once (a module-scoped fixture: a build of its own,
# clips decoded into a cache) runs in one test process, so that it is made once, not once per
# process its tests were spread over.
SHARING_MODULES = frozenset({"test_video"})  # (a cache, not a fixture)


def _shares_a_module_fixture(item) -> bool:
    info = getattr(item, "_fixtureinfo", None)
    defs = info.name2fixturedefs.values() if info is not None else ()
    return any(d and d[-1].scope == "module" for d in defs)


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items):
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1]
        if SLOW_FIXTURES & set(item.fixturenames) or module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
        if "browser" in item.fixturenames or module in BROWSER_MODULES:
            item.add_marker(pytest.mark.xdist_group("browser"))
        elif module in SHARING_MODULES or _shares_a_module_fixture(item):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


# The session-wide build of the default kit, shared by the page, render, PDF/X, kits, motion
# and press tests: made in tests/_actual/build/ (a build there is incremental, so a second run
# of the suite finds it made), by whichever process needs it first, the kit's lock
# (kit/lock.py) making any other wait for it and then find it up to date. A run of the whole
# suite makes it before its test processes (pytest-xdist) start, on every core: inside a test
# process a build would see the other processes busy and use one core.
BUILDS = REPO / "tests" / "_actual" / "build"


def sample_kit() -> Path:
    """Every format, locale and kit for the two sample messages."""
    out = BUILDS / "sample"
    build(BRANDBOOK, out, Selection(messages=SAMPLE_MESSAGES))
    return out


PAGE_KITS = ("main", "plain")  # the kits the campaign's page links


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session):
    """A run of the whole suite makes the session's build first (see BUILDS)."""
    config = session.config
    if hasattr(config, "workerinput"):  # a pytest-xdist test process
        return
    everything = [Path(a).resolve() for a in config.args] == [REPO / "tests"]
    if everything and not config.getoption("markexpr") and not config.getoption("keyword"):
        sample_kit()


@pytest.fixture
def book_copy(tmp_path) -> Path:
    """A writable copy of the brand book (with fonts beside it) for tests that break it."""
    shutil.copytree(BRANDBOOK, tmp_path / "brandbook")
    shutil.copytree(FONTS, tmp_path / "fonts")
    return tmp_path / "brandbook"


@pytest.fixture(scope="session")
def sample_build() -> Path:
    """Every format, locale and kit for two messages (`sample_kit`), shared by the session."""
    return sample_kit()


def png_chunks(data: bytes) -> list[bytes]:
    """The chunk types of a PNG file, in order."""
    chunks, i = [], 8
    while i < len(data):
        length = int.from_bytes(data[i : i + 4], "big")
        chunks.append(data[i + 4 : i + 8])
        i += 12 + length
    return chunks


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium for the session (tests fail, never skip, when it is missing)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `bash scripts/test`, which installs chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()

def run(*args):
    """The command line, in this process: exit code and output (stderr included)."""
    return CliRunner().invoke(main, [str(a) for a in args])


def line_of(path: Path, needle: str) -> int:
    """The number of the first line of `path` that contains `needle`."""
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in `path` (which must be there) with `new`."""
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def problem_lines(output: str) -> list[str]:
    """The `path:line: …` lines of a command's output (no summary line)."""
    return [line for line in output.splitlines() if re.match(r"\S+\.(yaml|svg)(:\d+)?: ", line)]


HAN_FACE = "Test Han Bold"


def make_collection(dest: Path, han: str) -> Path:
    """A font collection (.ttc) of two faces, made from bundled fonts: #0 is Noto Sans Georgian
    Bold; #1, named "Test Han Bold", is Noto Sans Armenian Bold that also maps every character
    of `han` (each drawn as the letter Ա). CJK fonts are too big to bundle; this stands in."""
    from fontTools.ttLib import TTCollection, TTFont

    first = TTFont(FONTS / "NotoSansGeorgian-Bold.ttf")
    second = TTFont(FONTS / "NotoSansArmenian-Bold.ttf")
    glyph = second.getBestCmap()[ord("Ա")]
    for table in second["cmap"].tables:
        if table.isUnicode():
            table.cmap.update(
                {ord(c): glyph for c in han if ord(c) <= 0xFFFF or table.format == 12}
            )
    names = second["name"]
    names.names = [n for n in names.names if n.nameID not in (1, 2, 4, 6, 16, 17)]
    for number, value in ((1, "Test Han"), (2, "Bold"), (4, HAN_FACE), (6, "TestHan-Bold")):
        names.setName(value, number, 3, 1, 0x409)
    collection = TTCollection()
    collection.fonts = [first, second]
    collection.save(dest)
    return dest


@contextlib.contextmanager
def preview_server(out: Path, report=None):
    """`pressroom serve`'s HTTP server over `out` on a free port of 127.0.0.1, in a thread."""
    status = Status()
    status.publish([], 1)
    srv = PreviewServer("127.0.0.1", 0, out, status, *([report] if report else []))
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        status.close()
        srv.shutdown()
        srv.server_close()


def arabic_mini(dest: Path) -> Path:
    """The mini brand book at `dest` with an Arabic locale and Noto Sans Arabic in its chains."""
    shutil.copytree(REPO / "tests" / "data" / "mini", dest)
    brand = dest / "brand.yaml"
    brand.write_text(
        brand.read_text()
        .replace("../../../fonts", str(FONTS))
        .replace("NotoSans-Bold.ttf]", "NotoSans-Bold.ttf, NotoSansArabic-Bold.ttf]")
        .replace("NotoSans-Regular.ttf]", "NotoSans-Regular.ttf, NotoSansArabic-Regular.ttf]")
    )
    shutil.copy(REPO / "tests" / "data" / "arabic" / "ar.yaml", dest / "locales" / "ar.yaml")
    return dest


FIGMA = REPO / "tests" / "data" / "figma"  # a story as Figma exports it, and its side table


def figma_book(dest: Path) -> Path:
    """A copy of the Figma story's brand book at `dest`, to change; its fonts still found."""
    shutil.copytree(FIGMA, dest)
    brand = dest / "brand.yaml"
    brand.write_text(brand.read_text().replace("font_dir: ../../../fonts", f"font_dir: {FONTS}"))
    return dest


@contextlib.contextmanager
def static_server(folder: Path):
    """`folder` on a local static web server (127.0.0.1), as a host would serve it: its URL."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


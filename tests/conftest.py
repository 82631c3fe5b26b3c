"""Shared fixtures: the repository's brand book, copies of it to break, and one small build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pressroom.build import build

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


@pytest.fixture
def book_copy(tmp_path) -> Path:
    """A writable copy of the brand book (with fonts beside it) for tests that break it."""
    shutil.copytree(BRANDBOOK, tmp_path / "brandbook")
    shutil.copytree(FONTS, tmp_path / "fonts")
    return tmp_path / "brandbook"


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> Path:
    """Every format and locale for two messages, built once for the session."""
    out = tmp_path_factory.mktemp("build") / "output"
    build(BRANDBOOK, out, messages=SAMPLE_MESSAGES)
    return out


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

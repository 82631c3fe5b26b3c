"""Shared fixtures: the repository's brand book, copies of it to break, and one small build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pressroom.build import build

REPO = Path(__file__).resolve().parent.parent
BRANDBOOK = REPO / "brandbook"
FONTS = REPO / "fonts"
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

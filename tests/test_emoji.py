"""Colour emoji end to end (issue 22): 🏳️‍🌈 and 🏳️‍⚧️ in a slogan show in colour in the story
PNG, the poster's PDF/X (as vector art in CMYK), the motion story and the fact sheet, are proofed
like any text, and every character of the slogan is drawn."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import av
import numpy as np
import pikepdf
import pytest
from PIL import Image

from pressroom.brandbook import load
from pressroom.kit.plan import Selection
from pressroom.printing.recolour import rgb_left
from tests.conftest import BRANDBOOK, FONTS, run
from tests.draw.test_compose import drawn_or_invisible

pytestmark = pytest.mark.slow  # a build of four formats

SLOGAN = "love-is-not-a-crime"
PLAIN = "our-home"  # the control: the same formats without emoji
FLAGS = " 🏳️‍🌈 🏳️‍⚧️"
FORMATS = ("story", "poster-a4", "story-motion")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("emoji")
    shutil.copytree(BRANDBOOK, root / "brandbook")
    shutil.copytree(FONTS, root / "fonts")
    en = root / "brandbook" / "locales" / "en.yaml"
    text = en.read_text(encoding="utf-8")
    assert 'headline: "Love is not a crime"' in text
    en.write_text(text.replace('headline: "Love is not a crime"',
                               f'headline: "Love is not a crime{FLAGS}"'), encoding="utf-8")
    args = ["build", "--brandbook", root / "brandbook", "--out", root / "out", "--locale", "en",
            "--kit", "main", "--message", SLOGAN, "--message", PLAIN]
    for name in FORMATS:
        args += ["--format", name]
    result = run(*args)
    assert result.exit_code == 0, result.output
    return root


def flag_colours(rgb: np.ndarray) -> tuple[int, int]:
    """Pixels of the rainbow flag's green and the trans flag's pink: colours no part of the
    brand's palette or art has."""
    r, g, b = (rgb[..., i].astype(int) for i in range(3))
    green = (g > 110) & (g - r > 50) & (g - b > 40)
    pink = (r > 215) & (g > 140) & (g < 200) & (b > 160) & (b < 215)
    return int(green.sum()), int(pink.sum())


def _pdf_page(path: Path, page: int, tmp: Path) -> np.ndarray:
    out = tmp / f"{path.stem}-{page}"
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", str(page), "-l", str(page),
                    "-singlefile", path, out], check=True)
    return np.asarray(Image.open(f"{out}.png").convert("RGB"))


def test_the_story_shows_both_flags_in_colour(built):
    story = built / "out" / "en" / "story"
    green, pink = flag_colours(np.asarray(Image.open(story / f"{SLOGAN}.png").convert("RGB")))
    assert green > 500 and pink > 500
    assert flag_colours(np.asarray(Image.open(story / f"{PLAIN}.png").convert("RGB"))) == (0, 0)


def test_the_poster_pdf_has_them_as_vector_art_in_cmyk(built, tmp_path):
    posters = built / "out" / "en" / "poster-a4"
    green, pink = flag_colours(_pdf_page(posters / f"{SLOGAN}.pdf", 1, tmp_path))
    assert green > 100 and pink > 100
    assert flag_colours(_pdf_page(posters / f"{PLAIN}.pdf", 1, tmp_path)) == (0, 0)
    images = []
    for name in (SLOGAN, PLAIN):
        with pikepdf.open(posters / f"{name}.pdf") as pdf:
            assert rgb_left(pdf) == []
            images.append(len(pdf.pages[0].get_images()))
    assert images[0] == images[1]  # the emoji added no picture: they are paths and shadings


def test_the_motion_story_ends_on_both_flags(built):
    with av.open(str(built / "out" / "en" / "story-motion" / f"{SLOGAN}.mp4")) as video:
        last = None
        for frame in video.decode(video=0):
            last = frame
    green, pink = flag_colours(np.asarray(last.to_image()))
    assert green > 500 and pink > 500


def test_the_fact_sheet_shows_them_as_pictures(built, tmp_path):
    sheet = built / "out" / "downloads" / "en-factsheet.pdf"
    pages = int(subprocess.run(["pdfinfo", sheet], capture_output=True, text=True, check=True)
                .stdout.split("Pages:")[1].split()[0])
    found = [flag_colours(_pdf_page(sheet, p, tmp_path)) for p in range(1, pages + 1)]
    assert any(green > 20 and pink > 20 for green, pink in found), found
    text = subprocess.run(["pdftotext", sheet, "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Love is not a crime" in text


def test_proof_sets_the_flags_like_letters(built):
    result = run("proof", "--brandbook", built / "brandbook", "--locale", "en", "--kit", "main",
                 "--message", SLOGAN, "--format", "story", "--json")
    assert result.exit_code == 0, result.output
    (headline,) = [p for p in json.loads(result.stdout) if p["slot"] == "headline"]
    lines = headline["lines"]
    assert "".join(line["text"] for line in lines).replace(" ", "").endswith("🏳️‍🌈🏳️‍⚧️")
    last = lines[-1]
    assert last["ink_top"] < last["ink_bottom"]


def test_every_character_of_the_slogan_is_drawn(built):
    book, _ = load(built / "brandbook")
    selection = Selection(locales=("en",), kits=("main",), messages=(SLOGAN,))
    assert drawn_or_invisible(book, selection) > 10

"""Rendering: the composited fast path draws what the full SVG draws."""

from __future__ import annotations

import io
import shutil

import numpy as np
import pytest
from PIL import Image

from pressroom.brandbook import load
from pressroom.draw import render
from pressroom.draw.compose import compose
from pressroom.draw.fill import document
from pressroom.draw.render import rasterize, render_png
from pressroom.errors import Problems
from pressroom.kit.plan import plan
from pressroom.png.encode import AREA_TOLERANCE, MAX_ERROR
from pressroom.workers import render_job
from tests.conftest import BRANDBOOK, REPO

BOOK, _ = load(BRANDBOOK)


def docs(book, keys):
    for job in plan(book):
        if job.key in keys:
            composed = compose(book, job, Problems())
            yield (
                job,
                document(book.templates[job.format.name], job.message.kind, composed.contents),
            )


@pytest.mark.slow  # about 2 s or more: a build or check of its own
def test_composited_text_matches_the_full_svg_render():
    keys = {
        "kk/story/our-home",
        "ru/square/astana-raids",
        "en/poster-a4/iccpr-19-26",
        "kk/x-header/not-propaganda",
    }
    seen = 0
    for job, doc in docs(BOOK, keys):
        assert doc.static is not None
        w, h = job.format.pixel_size
        fast = np.asarray(rasterize(doc, w, h)).astype(int)
        full = np.asarray(rasterize(doc.svg, w, h)).astype(int)
        diff = np.abs(fast - full).max(axis=2)
        assert (diff > 8).mean() < 0.002, job.key  # anti-aliasing differences on edges only
        assert diff.mean() < 0.1, job.key
        seen += 1
    assert seen == len(keys)


def test_art_drawn_over_a_slot_uses_the_full_svg(tmp_path):
    book_dir = tmp_path / "mini"
    shutil.copytree(REPO / "tests" / "data" / "mini", book_dir)
    brand = book_dir / "brand.yaml"
    brand.write_text(brand.read_text().replace("../../../fonts", str(REPO / "fonts")))
    card = book_dir / "templates" / "card.svg"
    card.write_text(
        card.read_text().replace(
            "</svg>", '<rect x="0" y="40" width="400" height="10" fill="#FF0000"/></svg>'
        )
    )
    book, problems = load(book_dir)
    assert not problems.errors
    job, doc = next(docs(book, {"en/card/equal"}))
    assert doc.static is None
    image = np.asarray(rasterize(doc, 400, 300))
    assert tuple(image[45, 30]) == (255, 0, 0)  # the red bar is above the headline


def png_pixels(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as image:
        assert image.mode == "P"  # flat art and text: always a palette
        return np.asarray(image.convert("RGB")).astype(int)


def test_png_is_close_to_the_lossless_render():
    keys = {
        "ru/story/our-home",
        "kk/poster-a3/documented-cases",
        "en/link-card/love-is-not-a-crime",
    }
    seen = 0
    for job, doc in docs(BOOK, keys):
        w, h = job.format.pixel_size
        lossless = np.asarray(rasterize(doc, w, h)).astype(int)
        diff = np.abs(png_pixels(render_png(doc, w, h)) - lossless).max(axis=2)
        assert diff.max() <= MAX_ERROR, job.key
        assert (diff > AREA_TOLERANCE).mean() < 0.03, job.key  # only on anti-aliased edges
        seen += 1
    assert seen == len(keys)


def test_bytes_do_not_depend_on_the_caches():
    """A job renders to the same bytes in a fresh process and after other jobs (any --jobs)."""
    keys = {"en/story/our-home", "en/story/love-is-not-a-crime", "en/post/our-home"}
    jobs = list(docs(BOOK, keys))
    warm = {job.key: render_job(doc, job.format) for job, doc in jobs}
    render._ARTS.clear()
    for job, doc in reversed(jobs):
        render._ARTS.clear()
        assert render_job(doc, job.format) == warm[job.key], job.key


def test_one_cached_art_per_template_and_size():
    render._ARTS.clear()
    for job, doc in docs(BOOK, {"ru/story/our-home", "kk/story/our-home", "en/story/our-home"}):
        render_png(doc, *job.format.pixel_size)
    assert len(render._ARTS) == 1


def test_one_message_in_every_kit_keeps_its_arts():
    """`pressroom serve --format story --message M` renders M's story in every kit (main, each
    partner, plain: a static layer each) on every save: the cache holds them all, so a save
    draws no art again (it held three, and each save drew all five)."""
    jobs = [job for job in plan(BOOK) if job.key.endswith("en/story/not-propaganda")
            or job.key.endswith("en/story/01")]
    assert {job.kit for job in jobs} == {"main", "plain", *(p.id for p in BOOK.brand.partners)}
    arts = set()
    render._ARTS.clear()
    for _ in range(2):
        for job in jobs:
            composed = compose(BOOK, job, Problems())
            doc = document(
                BOOK.templates[job.format.name], job.message.kind, composed.contents,
                plain=job.plain,
            )
            render_png(doc, *job.format.pixel_size)
        arts.add(tuple(id(a) for a in render._ARTS.values()))
    assert len(arts) == 1 and len(render._ARTS) == len(jobs)


def test_poster_previews_have_no_darker_edge_row(sample_build):
    """A print preview fills its rounded pixel size exactly: A4 + bleed is 816.4 × 1145.2 px at
    96 dpi, and fitting it into 816 × 1145 px with its aspect ratio kept left a fraction of a
    pixel blank at the top and bottom, drawn as a darker (or lighter) edge row."""
    previews = sorted(sample_build.glob("*/poster-*/*.png"))
    assert len(previews) >= 8
    for path in previews:
        with Image.open(path) as image:
            px = np.asarray(image.convert("RGB")).astype(int)
        for edge, inner in (
            (px[0], px[1]),
            (px[-1], px[-2]),
            (px[:, 0], px[:, 1]),
            (px[:, -1], px[:, -2]),
        ):
            assert np.abs(edge - inner).mean() < 3, path

"""plan: jobs, their paths, their idents and the selection."""

from __future__ import annotations

import dataclasses
from pathlib import PurePosixPath

import pytest

from pressroom.brandbook import load
from pressroom.plan import MAIN, Digests, Selection, job_for, plan
from tests.test_incremental import copy_mini


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    found, _ = load(copy_mini(tmp_path_factory.mktemp("plan") / "bb"))
    return found


def test_jobs_are_sorted_and_the_main_kit_keeps_its_paths(book):
    jobs = plan(book)
    assert [j.ident for j in jobs] == sorted(j.ident for j in jobs)
    assert len(jobs) == 8  # 2 locales × 2 messages × 2 formats
    sheet = next(j for j in jobs if j.key == "ru/sheet/equal")
    assert sheet.variant == MAIN
    assert sheet.ident == (MAIN, "ru", "sheet", "equal")
    assert sheet.outputs == tuple(PurePosixPath(f"ru/sheet/equal.{x}") for x in ("pdf", "png"))


def test_an_ident_names_the_same_job(book):
    for job in plan(book):
        assert job_for(book, job.ident) == job


def test_the_variant_is_part_of_the_digest(book):
    job = plan(book)[0]
    digests = Digests(book)
    assert digests(job) != digests(dataclasses.replace(job, variant="other"))


@pytest.mark.parametrize(
    ("selection", "count"),
    [
        (Selection(), 8),
        (Selection(locales=("ru",)), 4),
        (Selection(formats=("card",), messages=("equal",)), 2),
        (Selection(locales=("en",), formats=("sheet",), messages=("cases",)), 1),
    ],
)
def test_selection_selects_jobs(book, selection, count):
    assert sum(selection.selects(j) for j in plan(book)) == count
    assert selection.partial == (count != 8)

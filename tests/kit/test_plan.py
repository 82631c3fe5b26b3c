"""plan: jobs, their paths, their idents and the selection."""

from __future__ import annotations

import dataclasses
from pathlib import PurePosixPath

import pytest

from pressroom.brandbook import load
from pressroom.kit.plan import MAIN, PLAIN, Digests, Selection, job_for, plan
from tests.kit.test_incremental import copy_mini


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    found, _ = load(copy_mini(tmp_path_factory.mktemp("plan") / "bb"))
    return found


def test_jobs_are_sorted_and_the_main_kit_keeps_its_paths(book):
    jobs = plan(book)
    assert [j.ident for j in jobs] == sorted(j.ident for j in jobs)
    assert len(jobs) == 16  # 2 kits (main, plain) × 2 locales × 2 messages × 2 formats
    sheet = next(j for j in jobs if j.key == "ru/sheet/equal")
    assert sheet.kit == MAIN
    assert sheet.ident == (MAIN, "ru", "sheet", "equal")
    assert sheet.outputs == tuple(PurePosixPath(f"ru/sheet/equal.{x}") for x in ("pdf", "png"))
    # the plain kit's files are named by the message's number (its place in the reference
    # locale), never by its id, which says what it is about
    plain = next(j for j in jobs if j.key == "plain/ru/sheet/01")
    assert plain.kit == PLAIN and plain.plain and plain.message.id == "equal"
    assert {j.key.rsplit("/", 1)[1] for j in jobs if j.plain} == {"01", "02"}


def test_a_format_can_be_limited_to_some_kits(book):
    card = dataclasses.replace(book.format("card"), kits=(MAIN,))
    limited = dataclasses.replace(book, formats=(card, book.format("sheet")))
    jobs = plan(limited)
    assert {j.kit for j in jobs if j.format.name == "card"} == {MAIN}
    assert {j.kit for j in jobs if j.format.name == "sheet"} == {MAIN, PLAIN}


def test_an_ident_names_the_same_job(book):
    for job in plan(book):
        assert job_for(book, job.ident) == job


def test_the_kit_is_part_of_the_digest(book):
    job = plan(book)[0]
    digests = Digests(book)
    assert digests(job) != digests(dataclasses.replace(job, kit="other"))


@pytest.mark.parametrize(
    ("selection", "count"),
    [
        (Selection(), 16),
        (Selection(locales=("ru",)), 8),
        (Selection(formats=("card",), messages=("equal",)), 4),
        (Selection(locales=("en",), formats=("sheet",), messages=("cases",)), 2),
        (Selection(kits=(PLAIN,)), 8),
        (Selection(locales=("en",), kits=(MAIN,)), 4),
    ],
)
def test_selection_selects_jobs(book, selection, count):
    assert sum(selection.selects(j) for j in plan(book)) == count
    assert selection.partial == (count != 16)


def test_every_module_left_out_of_the_drawing_digest_exists_and_nothing_else_is():
    """A module or folder named in NOT_DRAWING is there (a renamed one would silently join the
    digest, and every asset would be drawn again), and exactly those files are left out."""
    from pathlib import Path

    import pressroom
    from pressroom.kit import plan as plan_module

    package = Path(pressroom.__file__).resolve().parent
    for name in plan_module.NOT_DRAWING:
        assert (package / name).is_dir() if name.endswith("/") else (package / name).is_file(), name
    left_out = {
        f.relative_to(package).as_posix()
        for f in package.rglob("*.py")
        if "__pycache__" not in f.parts and plan_module._page_only(f, package)
    }
    assert {"cli/__init__.py", "cli/build.py", "site/page.py", "check.py"} <= left_out
    assert not {"text/linebreak.py", "draw/render.py", "kit/plan.py"} & left_out

"""pool: composing and rendering in worker processes gives what one process gives."""

from __future__ import annotations

import gc
import os
from concurrent.futures import Future
from pathlib import Path

import pytest

from pressroom import workers as pool
from pressroom.brandbook import load
from pressroom.errors import ContentError, Problems, SetupError
from pressroom.kit.plan import plan
from pressroom.workers import JOBS_PER_WORKER, Runner, workers_for
from tests.kit.test_incremental import copy_mini, edit


@pytest.fixture
def mini(tmp_path):
    return copy_mini(tmp_path / "bb")


def test_asked_for_workers_are_used_while_there_are_jobs():
    assert workers_for(2, 12) == 2
    assert workers_for(4, 3) == 3
    assert workers_for(1, 500) == 1


def test_by_default_the_pool_is_sized_by_the_work_and_the_idle_cores(monkeypatch):
    monkeypatch.setattr(pool, "idle_cores", lambda: 4)
    assert workers_for(None, 1) == 1
    assert workers_for(None, JOBS_PER_WORKER - 1) == 1  # too little work to pay for a fork
    assert workers_for(None, 2 * JOBS_PER_WORKER) == 2
    assert workers_for(None, 1000) == 4
    monkeypatch.setattr(pool, "idle_cores", lambda: 1)  # a busy machine
    assert workers_for(None, 1000) == 1


@pytest.mark.parametrize(("running", "idle"), [(1, 2), (2, 1), (9, 1)])
def test_idle_cores_are_the_cores_no_other_task_runs_on(monkeypatch, tmp_path, running, idle):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    # this process's own running threads, which a loaded machine makes more than one
    monkeypatch.setattr(pool, "_running_threads", lambda: 1)
    fake = tmp_path / "loadavg"
    fake.write_text(f"0.50 0.40 0.30 {running}/200 4242\n")
    monkeypatch.setattr(pool, "LOADAVG", fake)
    assert pool.idle_cores() == idle
    monkeypatch.setattr(pool, "LOADAVG", tmp_path / "missing")
    assert pool.idle_cores() == 2  # where it cannot be read: every core


def test_this_process_s_own_running_threads_are_no_other_task(monkeypatch, tmp_path):
    """A library's worker threads spinning after their work do not make a core busy."""
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    fake = tmp_path / "loadavg"
    fake.write_text("0.50 0.40 0.30 3/200 4242\n")
    monkeypatch.setattr(pool, "LOADAVG", fake)
    tasks = tmp_path / "task"
    for tid, state in ((100, "R"), (101, "R"), (102, "S")):
        (tasks / str(tid)).mkdir(parents=True)
        (tasks / str(tid) / "stat").write_text(f"{tid} (python (main)) {state} 1 2 3\n")
    monkeypatch.setattr(pool, "TASKS", tasks)
    assert pool._running_threads() == 2
    assert pool.idle_cores() == 1  # 3 runnable, 2 of them this process's: 1 other task
    (tasks / "101" / "stat").write_text("101 (python) S 1 2 3\n")
    fake.write_text("0.50 0.40 0.30 2/200 4242\n")
    assert pool.idle_cores() == 1
    fake.write_text("0.50 0.40 0.30 1/200 4242\n")
    assert pool.idle_cores() == 2


def test_any_number_of_workers_renders_the_same_bytes_in_order(mini, monkeypatch):
    monkeypatch.setattr(pool, "COMPOSE_JOBS_PER_WORKER", 1)  # composing in workers too
    book, _ = load(mini)
    jobs = plan(book)
    outputs = []
    for workers in (1, 2, 3):
        run = Runner(book, mini, workers, len(jobs))
        assert run.workers == run.composers == workers
        outputs.append(list(run.compose_and_render(jobs, Problems(mini))))
    assert outputs[0] == outputs[1] == outputs[2]
    assert [len(o) for o in outputs[0]] == [len(j.outputs) for j in jobs]
    assert gc.get_freeze_count() == 0  # frozen only while workers were forked and working


@pytest.mark.parametrize("per_worker", [1, pool.COMPOSE_JOBS_PER_WORKER])
def test_the_first_document_is_at_hand_while_workers_compose(mini, monkeypatch, per_worker):
    monkeypatch.setattr(pool, "COMPOSE_JOBS_PER_WORKER", per_worker)
    book, _ = load(mini)
    jobs = plan(book)
    seen = []
    docs = Runner(book, mini, 2, len(jobs)).compose(jobs, Problems(mini), meanwhile=seen.append)
    assert seen == [docs[0]] and all(d is not None for d in docs)


def test_a_small_build_composes_here_and_renders_in_workers():
    """Composing costs too little for its own workers below COMPOSE_JOBS_PER_WORKER jobs a
    worker; rendering still gets every core asked for."""
    run = Runner(None, Path("."), 2, 48)
    assert (run.workers, run.composers) == (2, 1)
    run = Runner(None, Path("."), 2, 2 * pool.COMPOSE_JOBS_PER_WORKER)
    assert (run.workers, run.composers) == (2, 2)


def test_every_problem_is_reported_before_anything_is_rendered(mini, monkeypatch):
    long = "word " * 39  # under the 200-character limit; the slot's minimum size is raised
    edit(mini / "templates" / "card.svg", 'data-max-size="60" data-min-size="14"',
         'data-max-size="60" data-min-size="40"')
    edit(mini / "locales" / "ru.yaml", "headline: Равные права для всех", f"headline: {long}")
    edit(mini / "locales" / "en.yaml", "headline: Equal rights for everyone", f"headline: {long}")
    book, _ = load(mini)
    jobs = plan(book)
    monkeypatch.setattr(pool, "COMPOSE_JOBS_PER_WORKER", 1)  # problems found in workers
    rendered = Runner(book, mini, 2, len(jobs)).compose_and_render(jobs, Problems(mini))
    with pytest.raises(ContentError) as caught:
        next(rendered)
    # English, the reference, does not fit either: one problem of the template's slot, which
    # names Russian too (each found in a worker)
    (problem,) = caught.value.problems
    assert problem.path.endswith("card.svg") and "the texts of ru do not fit either" in str(
        problem)


def _pid(book) -> tuple[int, str]:
    return os.getpid(), book.brand.reference_locale


def _fail(book) -> None:
    raise SetupError("no Pango")


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_side_task_is_worked_out_with_the_render(mini, jobs):
    """With workers, one of them works the side task out while the others render; without,
    this process does, after the jobs. Either way the future gets its result."""
    book, _ = load(mini)
    todo = plan(book)
    side = (_pid, Future())
    run = Runner(book, mini, jobs, len(todo))
    rendered = list(run.compose_and_render(todo, Problems(mini), side=side))
    assert len(rendered) == len(todo)
    pid, reference = side[1].result(timeout=0)
    assert reference == book.brand.reference_locale
    assert (pid != os.getpid()) == (jobs > 1)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_side_task_that_fails_hands_its_exception_to_the_future(mini, jobs):
    book, _ = load(mini)
    todo = plan(book)
    side = (_fail, Future())
    list(Runner(book, mini, jobs, len(todo)).compose_and_render(todo, Problems(mini), side=side))
    with pytest.raises(SetupError, match="no Pango"):
        side[1].result(timeout=0)


def test_with_nothing_to_render_the_side_task_is_worked_out_here(mini):
    book, _ = load(mini)
    side = (_pid, Future())
    assert list(Runner(book, mini, 2, 0, extra=500).compose_and_render([], Problems(mini),
                                                                       side=side)) == []
    assert side[1].result(timeout=0)[0] == os.getpid()

"""pool: composing and rendering in worker processes gives what one process gives."""

from __future__ import annotations

import gc
import os
import time

import pytest

from pressroom import pool
from pressroom.brandbook import load
from pressroom.errors import ContentError, Problems, SetupError
from pressroom.plan import plan
from pressroom.pool import JOBS_PER_WORKER, Runner, workers_for
from tests.test_incremental import copy_mini, edit


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
    fake = tmp_path / "loadavg"
    fake.write_text(f"0.50 0.40 0.30 {running}/200 4242\n")
    monkeypatch.setattr(pool, "LOADAVG", fake)
    assert pool.idle_cores() == idle
    monkeypatch.setattr(pool, "LOADAVG", tmp_path / "missing")
    assert pool.idle_cores() == 2  # where it cannot be read: every core


def test_any_number_of_workers_renders_the_same_bytes_in_order(mini):
    book, _ = load(mini)
    jobs = plan(book)
    outputs = []
    for workers in (1, 2, 3):
        run = Runner(book, mini, workers, len(jobs))
        assert run.workers == workers
        outputs.append(list(run.compose_and_render(jobs, Problems(mini))))
    assert outputs[0] == outputs[1] == outputs[2]
    assert [len(o) for o in outputs[0]] == [len(j.outputs) for j in jobs]
    assert gc.get_freeze_count() == 0  # frozen only while workers were forked and working


def test_the_first_document_is_at_hand_while_workers_compose(mini):
    book, _ = load(mini)
    jobs = plan(book)
    seen = []
    docs = Runner(book, mini, 2, len(jobs)).compose(jobs, Problems(mini), meanwhile=seen.append)
    assert seen == [docs[0]] and all(d is not None for d in docs)


def test_every_problem_is_reported_before_anything_is_rendered(mini):
    long = "word " * 400
    edit(mini / "locales" / "ru.yaml", "headline: Равные права для всех", f"headline: {long}")
    edit(mini / "locales" / "en.yaml", "headline: Equal rights for everyone", f"headline: {long}")
    book, _ = load(mini)
    jobs = plan(book)
    rendered = Runner(book, mini, 2, len(jobs)).compose_and_render(jobs, Problems(mini))
    with pytest.raises(ContentError) as caught:
        next(rendered)
    files = {p.path.rsplit("/", 1)[-1] for p in caught.value.problems}
    assert {"en.yaml", "ru.yaml"} <= files


def _fail(message: str) -> None:
    raise SetupError(message)


def test_beside_returns_what_its_function_returns_in_another_process():
    assert pool.Beside(os.getpid).result() != os.getpid()


def test_beside_raises_what_its_function_raised():
    with pytest.raises(SetupError, match="no Pango"):
        pool.Beside(_fail, "no Pango").result()


def test_a_cancelled_beside_process_is_stopped():
    beside = pool.Beside(time.sleep, 60)
    beside.cancel()
    assert beside.process.exitcode is not None

"""Expected costs: defaults per kind of job, what the last build into a folder measured, and
the cache that keeps it (outside the output folder, which is published and summed)."""

from __future__ import annotations

import json

import pytest

from pressroom.brandbook import load
from pressroom.progress import costs
from pressroom.progress.costs import Costs, cache_file, learned, remember
from tests.conftest import BRANDBOOK


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "pressroom" / "timings.json"


def formats():
    book, _ = load(BRANDBOOK, ())
    return {f.name: f for f in book.formats}


def test_by_default_a_clip_costs_many_stills_and_a_poster_more_than_a_png():
    found, c = formats(), Costs()
    still, clip, poster = c.job(found["story"]), c.job(found["story-motion"]), c.job(
        found["poster-a4"])
    assert 10 <= clip / still <= 60
    assert poster > still
    assert c.weight(found["story"]) == pytest.approx(1.0)


def test_what_a_build_measured_is_what_the_next_one_expects(cache, tmp_path):
    out = tmp_path / "out"
    assert learned(out) == Costs()  # no cache yet
    measured = Costs(jobs={"story": 0.05}, sheet=2.0)
    remember(out, measured)
    assert cache_file() == cache and cache.is_file()
    assert learned(out) == measured
    assert learned(tmp_path / "elsewhere") == Costs()
    assert not out.exists()  # nothing written into the output folder


def test_a_damaged_cache_is_the_defaults(cache, tmp_path):
    cache.parent.mkdir(parents=True)
    for text in ("{", "[]", json.dumps({"version": 1, "folders": {
        str((tmp_path / "out").resolve()): {"jobs": {"story": -1, "post": "x"}, "sheet": True,
                                            "steps": {"zips": 1e9, "rm -rf": 1}}}})):
        cache.write_text(text)
        assert learned(tmp_path / "out") == Costs()


def test_the_cache_keeps_the_latest_folders(cache, tmp_path, monkeypatch):
    monkeypatch.setattr(costs, "CACHE_FOLDERS", 3)
    for n in range(5):
        remember(tmp_path / str(n), Costs(sheet=n + 1.0))
    kept = json.loads(cache.read_text())["folders"]
    assert [k.rsplit("/", 1)[1] for k in kept] == ["2", "3", "4"]

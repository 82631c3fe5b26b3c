"""Bounded work: texts (visible length, invisible characters), fact sources (length, count) and
the fact sheet (at most two pages, quick to lay out) are judged before anything is published."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pypdf
import pytest
import yaml

from pressroom.brandbook import load
from pressroom.brandbook.texts import DEFAULT_MAX, INVISIBLE_FREE, MAX_VISIBLE, text_problems
from pressroom.errors import Problems
from pressroom.press import factsheet
from tests.conftest import BRANDBOOK
from tests.test_security import copy_book, edit, hang_guard, line_of, refused, run


@pytest.fixture
def mini(tmp_path) -> Path:
    return copy_book(tmp_path)


def test_twelve_thousand_zero_width_characters_are_refused_at_their_line_before_layout(
    mini, tmp_path
):
    path = mini / "locales" / "en.yaml"
    edit(path, "headline: Equal rights for everyone",
         'headline: "Equal rights' + "\u200b" * 12_000 + ' for everyone"')
    started = time.perf_counter()
    with hang_guard(60):
        out = refused(
            mini, tmp_path,
            f"en.yaml:{line_of(path, 'headline:')}: messages.equal.headline: has 12000 invisible "
            "characters",
        )
    assert "does not fit" not in out
    assert time.perf_counter() - started < 30  # (check and build; minutes before)


@pytest.mark.parametrize(
    "text",
    [
        "Equal rights 🏳️‍🌈 for everyone 👨‍👩‍👧‍👦",  # emoji sequences: joiners and selectors
        "می‌خواهیم با هم باشیم و می‌توانیم",  # Persian with zero-width non-joiners
        "\u200fשלום 2024",
        "co\u00adope\u00adra\u00adtion",  # soft hyphens
    ],
)
def test_ordinary_invisible_characters_are_allowed(text):
    assert text_problems(text, "headline") == []


def test_invisible_characters_are_bounded_by_the_visible_ones():
    assert text_problems("ab" + "\u200d" * INVISIBLE_FREE, "claim") == []
    (problem, fix), = text_problems("ab" + "\u200d" * (INVISIBLE_FREE + 1), "claim")
    assert problem.startswith(f"has {INVISIBLE_FREE + 1} invisible characters")
    assert text_problems("x" * 400 + "\u200c" * (INVISIBLE_FREE + 100), "claim") == []


def test_length_is_counted_without_invisible_characters():
    limit = MAX_VISIBLE["headline"]
    assert text_problems("a" * limit + "\u200b" * INVISIBLE_FREE, "headline") == []
    (problem, _), = text_problems("a" * (limit + 1), "headline")
    assert problem == f"is {limit + 1} characters long (not counting invisible ones), over {limit}"
    assert text_problems("a" * DEFAULT_MAX, "intro") == []
    assert text_problems("a" * (DEFAULT_MAX + 1), "intro")


@pytest.mark.parametrize("text", ["\u200b\u200b", " ", "\u2060\u00ad \ufe0f"])
def test_a_text_of_nothing_visible_is_refused(text):
    assert ("has no visible character", "write the text, or remove the key") in text_problems(
        text, "headline"
    )


def test_a_long_figure_is_refused_at_its_line(mini, tmp_path):
    path = mini / "locales" / "en.yaml"
    edit(path, 'figure: "80+"', 'figure: "' + "8" * 41 + '"')
    refused(mini, tmp_path, f"en.yaml:{line_of(path, 'figure:')}: messages.cases.figure: is 41 "
            "characters long (not counting invisible ones), over 40")


# --- sources and the fact sheet ------------------------------------------------------------


def _with_facts(book, n_facts: int, sources: int, url_length: int) -> None:
    """en.yaml of the mini brand book with `n_facts` facts of `sources` sources each, every
    address `url_length` characters of slashes and short parts (the issue's case)."""
    path = book / "locales" / "en.yaml"
    data = yaml.safe_load(path.read_text())
    fact = data["messages"].pop("cases")
    url = "https://example.org/" + "/".join(["ab"] * url_length)
    url = url[:url_length]
    for i in range(n_facts):
        data["messages"][f"case-{i}"] = dict(
            fact, sources=[{"title": f"Report {j}", "url": url} for j in range(sources)]
        )
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def test_the_issues_48_long_addresses_are_refused_before_any_layout(mini, tmp_path):
    _with_facts(mini, 6, 8, 2000)
    with hang_guard(60):
        started = time.perf_counter()
        result = run("check", "--brandbook", mini, "--locale", "en")
        seconds = time.perf_counter() - started
    assert result.exit_code == 1
    assert "sources.url: is 2000 characters, over 400" in result.output
    assert "the facts have 48 sources, over 24 in a locale" in result.output
    assert "Traceback" not in result.output
    assert seconds < 20, seconds  # 274 s of WeasyPrint before


@pytest.mark.slow  # over 3 s: a check or build of the whole brand book
def test_a_fact_sheet_over_two_pages_is_a_check_error_and_the_build_refuses_it(mini, tmp_path):
    _with_facts(mini, 2, 8, 400)  # within every bound, but 3 pages of addresses
    path = mini / "locales" / "en.yaml"
    with hang_guard(120):
        started = time.perf_counter()
        result = run("check", "--brandbook", mini, "--locale", "en")
        seconds = time.perf_counter() - started
        assert result.exit_code == 1, result.output
        assert (
            f"en.yaml:{line_of(path, 'press:')}: press: its fact sheet "
            "(downloads/en-factsheet.pdf) would be"
        ) in result.output
        assert "over 2 — shorten press.summary" in result.output
        assert seconds < 30, seconds
        out = tmp_path / "out"
        built = run("build", "--brandbook", mini, "--locale", "en", "--out", out, "--jobs", 1)
    assert built.exit_code == 1, built.output
    assert "its fact sheet (downloads/en-factsheet.pdf) would be" in built.output
    assert not (out / "index.html").exists() and not (out / "manifest.json").exists()


@pytest.mark.slow  # over 2.5 s: a build of its own
def test_the_default_brand_books_fact_sheets_are_one_or_two_pages():
    book, _ = load(BRANDBOOK)
    problems = Problems(BRANDBOOK)
    factsheet.check_pages(book, list(book.locales), problems)  # what check does
    assert not problems.items
    en = next(x for x in book.locales if x.code == "en")
    pages = pypdf.PdfReader(io.BytesIO(factsheet.render(book, en))).pages  # what build makes
    assert 1 <= len(pages) <= factsheet.MAX_PAGES


def test_a_long_address_breaks_after_slashes_in_few_places():
    url = "https://example.org/" + "/".join(["ab"] * 150)
    html = str(factsheet._url_parts(url))
    assert html.count("<wbr>") <= len(url) // factsheet.URL_CHUNK
    chunks = [c.removeprefix('<span class="nb">').removesuffix("</span>")
              for c in html.split("<wbr>")]
    assert "".join(chunks) == url
    assert all(c.endswith("/") for c in chunks[:-1])
    long_part = "https://example.org/" + "x" * 200
    chunks = str(factsheet._url_parts(long_part)).split("<wbr>")
    assert max(len(c) for c in chunks) <= factsheet.URL_CHUNK + factsheet.URL_PIECE + 40

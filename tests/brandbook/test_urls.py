"""brandbook/urls.py: a campaign URL judged as a QR payload (full http(s), ASCII, no shortener, no
tracking parameters), each problem with its fix and its severity."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import pressroom.brandbook
from pressroom.brandbook.urls import url_problems
from tests.conftest import REPO


def severities(url) -> list[str]:
    return [severity for _, _, severity in url_problems(url)]


@pytest.mark.parametrize(
    "url",
    [
        "https://queer.kz/",
        "http://example.org/kk/",
        "https://example.org/page?lang=kk&page=2",
        "https://example.org/utm/",  # a path, not a parameter
        "https://xn--e1afmkfd.xn--p1ai/",  # punycode is ASCII
        "https://example.org/%D0%BF%D1%80/",  # percent-encoded is ASCII
    ],
)
def test_a_plain_campaign_address_has_no_problem(url):
    assert url_problems(url) == []


@pytest.mark.parametrize("value", [None, 42, ["https://example.org/"], b"https://example.org/"])
def test_a_value_that_is_not_text_is_one_error(value):
    assert url_problems(value) == [("the URL is not text", "write it as https://…", "error")]


@pytest.mark.parametrize(
    "url",
    [
        "queer.kz/en/",
        "ftp://example.org/",
        "https://",
        "mailto:press@example.org",
        "//example.org/",
    ],
)
def test_an_address_without_http_scheme_and_host_is_an_error_quoting_it(url):
    (problem, fix, severity), = url_problems(url)
    assert problem == f"{url!r} is not an http(s) address"
    assert fix == "write the full https://… address"
    assert severity == "error"


@pytest.mark.parametrize("url", ["https://пример.рф/", "https://example.org/a page", "https://é.org/"])
def test_non_ascii_characters_or_spaces_are_an_error_with_the_encoded_form_as_fix(url):
    (problem, fix, severity), = url_problems(url)
    assert problem == f"{url!r} has non-ASCII characters or spaces"
    assert "punycode" in fix and "percent-encoded" in fix
    assert severity == "error"


@pytest.mark.parametrize(
    "url, host",
    [
        ("https://bit.ly/abc", "bit.ly"),
        ("https://BIT.LY/abc", "bit.ly"),  # hosts ignore case
        ("http://t.co/x", "t.co"),
        ("https://vk.cc/x", "vk.cc"),
        ("https://clck.ru/x", "clck.ru"),
    ],
)
def test_a_shortener_is_a_warning_naming_its_host(url, host):
    (problem, fix, severity), = url_problems(url)
    assert problem == f"{host} is a URL shortener: it can log who scans"
    assert fix == "use the campaign's own address"
    assert severity == "warning"


def test_a_shortener_name_inside_another_host_is_not_a_shortener():
    assert url_problems("https://notbit.ly/") == []
    assert url_problems("https://bit.ly.example.org/") == []


def test_tracking_parameters_are_one_warning_naming_each_in_order():
    url = "https://example.org/?utm_source=qr&lang=kk&fbclid=1&gclid=&utm_medium=poster"
    (problem, fix, severity), = url_problems(url)
    assert problem == f"tracking parameters utm_source, fbclid, gclid, utm_medium in {url!r}"
    assert fix == "remove them: they identify where a scan came from"
    assert severity == "warning"


@pytest.mark.parametrize("query", ["yclid=1", "mc_eid=1", "igshid=1", "fbclid"])
def test_every_known_tracking_parameter_is_named(query):
    (problem, _, _), = url_problems(f"https://example.org/?{query}")
    assert problem.startswith(f"tracking parameters {query.split('=')[0]} in ")


@pytest.mark.parametrize("query", ["utm=1", "xfbclid=1", "fbclid_x=1", "source=utm_source"])
def test_a_parameter_that_only_looks_like_tracking_is_kept(query):
    assert url_problems(f"https://example.org/?{query}") == []


def test_every_problem_of_one_address_is_said():
    url = "http://bit.ly/ü?utm_campaign=x"
    assert severities(url) == ["error", "warning", "warning"]
    assert url_problems(url)[0][0] == f"{url!r} has non-ASCII characters or spaces"


def test_the_package_hands_out_url_problems_by_name():
    assert pressroom.brandbook.url_problems is url_problems
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = pressroom.brandbook.nothing


def test_judging_a_url_loads_neither_yaml_nor_json_schema():
    """The press room's page judges URLs: it must not pay for the loader's imports."""
    code = (
        "import sys, pressroom.brandbook as b; b.url_problems('https://example.org/'); "
        "print(sorted(m for m in ('yaml', 'jsonschema', 'pressroom.brandbook.loader') "
        "if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "[]"

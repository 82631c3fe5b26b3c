"""Fuzzing: generated locale files never make `pressroom check` crash.

Hypothesis writes a locale file of the mini brand book as random text and bytes, as a valid file
with values swapped for random Unicode, very long strings, wrong types and nesting, or as a valid
file with YAML syntax junk spliced in. `check` must exit 0 or 1 with its own messages, never with
a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_security import MINI, copy_book, no_crash, run

ORIGINALS = {p.name: p.read_bytes() for p in (MINI / "locales").glob("*.yaml")}
VALID = yaml.safe_load(ORIGINALS["en.yaml"])

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
    | st.text(min_size=300, max_size=1500)
    | st.sampled_from(["", " ", "\u200f\u202e", "🏳️‍🌈" * 20, "ب" * 50, "\U00013000", "a\u0301" * 30])
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
JUNK = [
    "&a ",
    "*a",
    "!!str ",
    "!x ",
    "{",
    "}",
    "[",
    "]",
    ": ",
    "- ",
    "? ",
    "|",
    ">",
    "%YAML 1.1\n",
    "---\n",
    "...\n",
    "\t",
    "'",
    '"',
    "#",
    "\\",
    "\x00",
    "\ufeff",
    "<<: *a\n",
    "@",
    "`",
    "\r",
]


def _paths(data, prefix=()):
    """Every key path in a nested dict."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield prefix + (key,)
            yield from _paths(value, prefix + (key,))


PATHS = list(_paths(VALID))


@st.composite
def mutated(draw) -> bytes:
    """The valid file with some values (or keys) replaced."""
    import copy

    data = copy.deepcopy(VALID)
    for path in draw(st.lists(st.sampled_from(PATHS), min_size=1, max_size=4)):
        node = data
        for key in path[:-1]:
            if not isinstance(node, dict) or key not in node:
                break
            node = node[key]
        else:
            if isinstance(node, dict) and path[-1] in node:
                if draw(st.booleans()):
                    node[path[-1]] = draw(values)
                else:
                    node[draw(st.text(min_size=1, max_size=20))] = node.pop(path[-1])
    return yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=False).encode()


@st.composite
def spliced(draw) -> bytes:
    """The valid file with YAML syntax junk inserted at random places."""
    text = ORIGINALS["en.yaml"].decode()
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(JUNK) | st.text(max_size=8)) + text[at:]
    return text.encode("utf-8", errors="surrogatepass")


locale_files = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=400).map(lambda t: t.encode("utf-8", errors="surrogatepass")),
    mutated(),
    spliced(),
)


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    return copy_book(tmp_path_factory.mktemp("fuzz"))


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
@given(name=st.sampled_from(["en.yaml", "ru.yaml"]), content=locale_files)
def test_check_never_crashes_on_a_generated_locale_file(book, name, content):
    for original, data in ORIGINALS.items():
        (book / "locales" / original).write_bytes(data)
    (book / "locales" / name).write_bytes(content)
    result = run("check", "--brandbook", book)
    no_crash(result)
    assert result.exit_code in (0, 1), result.output

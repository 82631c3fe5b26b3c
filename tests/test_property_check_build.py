"""Property: over generated texts of a locale (and small changes to a template's art), `check`
passing means `build` of that selection succeeds, and no input ever gives a traceback.

The mini brand book, one locale, one format: Hypothesis sets the texts a build lays out or
prints (slogan, fact, page and press texts, alt texts, captions, source titles) to generated
Unicode, invisible and bidi characters included, and adds a rectangle of art to the card.
test_security_fuzz.py fuzzes whole locale files for crashes; this looks at what passes.
"""

from __future__ import annotations

import shutil

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.test_security import MINI, copy_book, no_crash, run

ORIGINAL = (MINI / "locales" / "en.yaml").read_text()
CARD = (MINI / "templates" / "card.svg").read_text()
ACCENT_BAR = '<rect width="400" height="20" fill="#000000" data-fill="accent" data-kind="fact"/>'
assert ACCENT_BAR in CARD
KEYS = [
    ("messages", "equal", "headline"),
    ("messages", "equal", "body"),
    ("messages", "equal", "cta"),
    ("messages", "equal", "alt"),
    ("messages", "equal", "caption"),
    ("messages", "cases", "figure"),
    ("messages", "cases", "claim"),
    ("messages", "cases", "source"),
    ("messages", "cases", "sources", 0, "title"),
    ("campaign", "wordmark"),
    ("page", "intro"),
    ("press", "summary"),
    ("press", "factsheet_title"),
]
SPECIAL = ["\u200b", "\u200d", "\u00ad", "\ufe0f", "\u202e", "\u2067", "\u200f", " ", "-", "—"]
words = st.text(st.sampled_from("abcdefgh xyz"), min_size=1, max_size=30)
texts = st.one_of(
    words,  # (twice: about half the cases should pass check)
    words,
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=60),
    st.text(st.sampled_from("abc xyz" + "".join(SPECIAL)), max_size=80),
    st.sampled_from(["80%", "٥٠٬٠٠٠", "५०,०००", "Équité", "Равенство", "💜🏳️‍🌈", "a" * 300]),
)


@st.composite
def edits(draw) -> tuple[dict, str]:
    """The locale's data with a few texts replaced, and the card's art with its colour
    changed."""
    data = yaml.safe_load(ORIGINAL)
    for keys in draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=4, unique=True)):
        node = data
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = draw(texts)
    x, y = draw(st.integers(-50, 400)), draw(st.integers(-50, 300))
    w, h = draw(st.integers(0, 200)), draw(st.integers(0, 200))
    colour = draw(st.sampled_from(["#5B2A86", "#000000", "#FFFFFF", "#ABCDEF"]))
    art = f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{colour}"/>'
    return data, CARD.replace(ACCENT_BAR, ACCENT_BAR + "\n  " + art, 1)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,
)
@given(case=edits())
def test_check_passing_means_build_succeeds(tmp_path_factory, case):
    data, card = case
    book = copy_book(tmp_path_factory.mktemp("prop"))
    (book / "locales" / "en.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    )
    (book / "templates" / "card.svg").write_text(card)
    checked = run("check", "--brandbook", book, "--locale", "en")
    no_crash(checked)
    assert checked.exit_code in (0, 1), checked.output
    event("check passes" if checked.exit_code == 0 else "check refuses")
    out = book.parent / "out"
    built = run("build", "--brandbook", book, "--locale", "en", "--format", "card",
                "--jobs", 1, "--out", out)
    no_crash(built)
    if checked.exit_code == 0:
        assert built.exit_code == 0, built.output
        assert (out / "en" / "card").is_dir() and (out / "SHA256SUMS").is_file()
    else:
        assert built.exit_code == 1, built.output
    shutil.rmtree(book.parent)

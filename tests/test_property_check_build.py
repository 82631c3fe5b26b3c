"""Property: over generated texts of a locale (and small changes to a template's art), `check`
passing means `build` of that selection succeeds, and no input ever gives a traceback.

The mini brand book, one locale, one format: Hypothesis sets the texts a build lays out or
prints (slogan, fact, page and press texts, alt texts, captions, source titles) to generated
Unicode, invisible and bidi characters included, and adds art to the card and to an SVG image
(a logo) it shows: rectangles, `<use>` fan-outs and loops, deep nesting, odd viewBoxes, thin
rasters, hostile styles, animation, links and events.
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


def _png(width: int, height: int) -> str:
    import base64
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), "#5B2A86").save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


# Pieces of SVG art, fair and hostile: what a designer's editor or a partner's logo may hold.
PIECES = st.one_of(
    st.builds(lambda n: '<g id="u0"><rect width="4" height="4"/></g>' + "".join(
        f'<g id="u{i + 1}"><use href="#u{i}"/><use href="#u{i}"/></g>' for i in range(n)),
        st.integers(0, 20)),  # a fan-out of 2**n
    st.just('<g id="me"><use href="#me"/></g>'),
    st.builds(lambda n: "<g>" * n + '<rect width="3" height="3"/>' + "</g>" * n,
              st.integers(1, 130)),
    st.builds(lambda v: f'<svg viewBox="{v}" width="20" height="20"><rect width="9" '
              'height="9"/></svg>', st.sampled_from(["0 0 10 10", "0 0 1e300 1", "0 0 0 5",
                                                      "0 0 nan 4", "-5 -5 10 2000"])),
    st.builds(lambda w, h: f'<image width="20" height="20" href="{_png(w, h)}"/>',
              st.integers(1, 300), st.integers(1, 3)),
    st.sampled_from([
        '<style>path, rect, x[y=";"] { fill: #ff00ff }</style>',
        "<style>@im<g/>port url(http://127.0.0.1:9/x.css);</style>",
        '<style>rect { fill: image-set("http://127.0.0.1:9/x.png" 1x) }</style>',
        '<a href="#x"><rect width="5" height="5"/><set attributeName="href" '
        'to="javascript:alert(1)"/></a>',
        '<rect width="5" height="5" onclick="alert(1)" aria-label="Jane Doe"/>',
        '<linearGradient id="lg"><stop offset="0" stop-color="red"/></linearGradient>'
        '<rect width="9" height="9" fill="url(#lg)"/>',
        '<switch><rect width="5" height="5"/></switch>',
    ]),
)


@st.composite
def edits(draw) -> tuple[dict, str]:
    """The locale's data with a few texts replaced, and the card's art with its colour
    changed, pieces of SVG art added to it and to an SVG image (a logo) it shows."""
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
    art += "".join(draw(st.lists(PIECES, max_size=2)))
    logo = "".join(draw(st.lists(PIECES, max_size=2)))
    if logo:
        art += '<image x="300" y="10" width="60" height="30" href="logo.svg"/>'
    logo = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 30">'
            f'<rect width="60" height="30" fill="#ABCDEF"/>{logo}</svg>') if logo else ""
    return data, CARD.replace(ACCENT_BAR, ACCENT_BAR + "\n  " + art, 1), logo


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,
)
@given(case=edits())
def test_check_passing_means_build_succeeds(tmp_path_factory, case):
    data, card, logo = case
    book = copy_book(tmp_path_factory.mktemp("prop"))
    if logo:
        (book / "templates" / "logo.svg").write_text(logo)
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

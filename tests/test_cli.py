"""The command line, as a user meets it: one test per command, and every kind of bad input."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pressroom.cli import main
from tests.conftest import BRANDBOOK, REPO, edit

MINI = REPO / "tests" / "data" / "mini"


@pytest.fixture
def mini(tmp_path) -> Path:
    """A copy of the mini brand book whose font_dir still points at the repository's fonts."""
    dest = tmp_path / "bb"
    shutil.copytree(MINI, dest)
    brand = dest / "brand.yaml"
    brand.write_text(
        brand.read_text().replace("font_dir: ../../../fonts", f"font_dir: {REPO / 'fonts'}")
    )
    return dest


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_build_writes_assets_and_one_summary_line(mini, tmp_path):
    out = tmp_path / "out"
    result = run("build", "--brandbook", mini, "--out", out, "--jobs", 1)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"built 24 assets \(0 unchanged\) in [0-9.]+ s\n", result.output)
    assert (out / "index.html").is_file() and (out / "manifest.json").is_file()
    again = run("build", "--brandbook", mini, "--out", out)
    assert "built 0 assets (24 unchanged)" in again.output


def test_build_selectors(mini, tmp_path):
    out = tmp_path / "out"
    result = run(
        "build",
        "--brandbook",
        mini,
        "--out",
        out,
        "--locale",
        "ru",
        "--format",
        "card",
        "--message",
        "equal",
    )
    assert result.exit_code == 0, result.output
    paths = [a["path"] for a in json.loads((out / "manifest.json").read_text())["assets"]]
    assert paths == ["plain/ru/card/01.png", "ru/card/equal.png"]  # both kits


def test_kit_option_selects_kits(mini, tmp_path):
    out = tmp_path / "out"
    result = run("build", "--brandbook", mini, "--out", out, "--kit", "plain",
                 "--format", "card")
    assert result.exit_code == 0, result.output
    entries = json.loads((out / "manifest.json").read_text())["assets"]
    assert {a["kit"] for a in entries} == {"plain"} and len(entries) == 4
    assert all(a["path"].startswith("plain/") for a in entries)
    wrong = run("build", "--brandbook", mini, "--out", out, "--kit", "partner-x")
    assert wrong.exit_code == 1
    assert "--kit: there is no kit 'partner-x' — use one of main, plain" in wrong.output
    checked = run("check", "--brandbook", mini, "--kit", "main")
    assert checked.exit_code == 0, checked.output
    old = run("check", "--brandbook", mini, "--variant", "main")  # the option's old name
    assert old.exit_code == 0, old.output
    for command in ("build", "check", "serve"):
        shown = run(command, "--help").output
        assert "--kit TEXT" in shown and "--variant" not in shown
    listed = run("list", "--brandbook", mini)
    assert re.search(r"^plain +plain/ +no wordmark, URL, QR code", listed.output, re.M)


def test_unknown_selector_is_a_clear_error(mini, tmp_path):
    result = run("build", "--brandbook", mini, "--out", tmp_path / "o", "--format", "poster-b9")
    assert result.exit_code == 1
    assert "there is no format 'poster-b9'" in result.output and "card" in result.output


@pytest.mark.slow  # over 3 s: a check or build of the whole brand book
def test_check_passes_on_the_default_brand_book():
    result = run("check", "--brandbook", REPO / "brandbook")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: 4 locales")


def test_list_shows_formats_locales_and_messages(mini):
    result = run("list", "--brandbook", mini)
    assert result.exit_code == 0, result.output
    for word in ("card", "sheet", "100×70 mm", "Русский", "equal", "cases", "slogan", "fact"):
        assert word in result.output


def test_usage_error_is_exit_2():
    assert run("build", "--jobs", "zero").exit_code == 2
    assert run("frobnicate").exit_code == 2


def broken(mini: Path, file: str, old: str, new: str) -> None:
    path = mini / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def expect_refused(mini, tmp_path, *needles):
    """build and check both exit 1 with every needle, no traceback, and nothing written."""
    out = tmp_path / "out"
    for args in (("build", "--out", out), ("check",)):
        result = run(*args, "--brandbook", mini)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        for needle in needles:
            assert needle in result.output, result.output
    assert not out.exists()
    return result.output


def test_broken_yaml_names_file_and_line(mini, tmp_path):
    broken(mini, "locales/ru.yaml", "  wordmark: Мини", "  wordmark: [Мини")
    expect_refused(mini, tmp_path, "ru.yaml:", "invalid YAML")


def test_missing_message_names_the_message_and_the_fix(mini, tmp_path):
    path = mini / "locales/ru.yaml"
    text = path.read_text()
    path.write_text(text[: text.index("  cases:")])
    out = expect_refused(
        mini,
        tmp_path,
        f"ru.yaml:{line_of(path, 'messages:')}:",
        "messages.cases",
        "is missing",
        "translate",
    )
    assert "en.yaml" in out


def test_overlong_text_names_file_line_key_and_format(mini, tmp_path):
    broken(
        mini,
        "locales/en.yaml",
        "headline: Equal rights for everyone",
        "headline: " + "Equal rights for everyone, everywhere, always and forever " * 3,
    )
    # (under the 200-character limit of a headline: a slot whose minimum size it cannot meet)
    broken(mini, "templates/card.svg", 'data-max-size="60" data-min-size="14"',
           'data-max-size="60" data-min-size="40"')
    line = line_of(mini / "locales/en.yaml", "headline:")
    slot = line_of(mini / "templates/card.svg", 'id="slot-headline"')
    expect_refused(  # the reference text itself: the template's slot is named first
        mini,
        tmp_path,
        f"templates/card.svg:{slot}: slot-headline: slot-headline of card (",
        f"is too small for the reference text messages.equal.headline (en.yaml:{line})",
        "or shorten the reference text",
    )


def test_uncovered_character_is_named_with_code_point(mini, tmp_path):
    broken(mini, "locales/en.yaml", "cta: Share it", "cta: Share it \U00013000")
    line = line_of(mini / "locales/en.yaml", "cta:")
    expect_refused(
        mini, tmp_path, f"en.yaml:{line}: messages.equal.cta:", "U+13000", "Inter-Regular.otf"
    )


def test_unknown_key_is_refused(mini, tmp_path):
    broken(mini, "locales/en.yaml", "    cta: Share it", "    cta: Share it\n    cat: Share it")
    line = line_of(mini / "locales/en.yaml", "cat:")
    expect_refused(mini, tmp_path, f"en.yaml:{line}: messages.equal.cat:", "unknown key 'cat'")


def test_all_problems_are_reported_at_once(mini, tmp_path):
    broken(mini, "locales/en.yaml", "cta: Share it", "cta: Share \U00013000")
    broken(mini, "locales/ru.yaml", "  name: Русский", "  name: Русский\n  nmae: x")
    out = expect_refused(mini, tmp_path, "U+13000", "unknown key 'nmae'")
    assert "2 problems found" in out


def test_python_tags_are_refused(mini, tmp_path):
    broken(mini, "locales/en.yaml", "cta: Share it", "cta: !!python/object/apply:os.system [ls]")
    expect_refused(mini, tmp_path, "en.yaml:", "is not allowed")


def test_template_with_text_element_is_refused(mini, tmp_path):
    broken(mini, "templates/card.svg", "</svg>", '<text x="1" y="1">Hi</text></svg>')
    expect_refused(mini, tmp_path, "card.svg:", "<text>")


def test_template_fetching_outside_is_refused(mini, tmp_path):
    broken(mini, "templates/card.svg", "</svg>", '<image href="https://example.org/x.png"/></svg>')
    expect_refused(mini, tmp_path, "card.svg:", "https://example.org/x.png")


def test_debug_shows_the_traceback(mini, tmp_path):
    broken(mini, "locales/en.yaml", "  wordmark: Mini", "  wordmark: [Mini")
    result = run("build", "--brandbook", mini, "--out", tmp_path / "o", "--debug")
    assert result.exit_code != 0 and result.exception is not None


def test_failed_build_keeps_the_previous_output(mini, tmp_path):
    out = tmp_path / "out"
    assert run("build", "--brandbook", mini, "--out", out).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    broken(mini, "locales/en.yaml", "cta: Share it", "cta: Share \U00013000")
    assert run("build", "--brandbook", mini, "--out", out).exit_code == 1
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert before == after


def test_low_contrast_text_is_refused(mini, tmp_path):
    broken(mini, "brand.yaml", 'accent: "#5B2A86"', 'accent: "#EEEEEE"')
    expect_refused(mini, tmp_path, "card.svg:", "slot-cta", "contrast of #EEEEEE on #FFFFFF")


def test_a_slogan_without_body_builds_with_its_page(mini, tmp_path):
    for name, body in (("en", "A short supporting line."), ("ru", "Короткая строка поддержки.")):
        broken(mini, f"locales/{name}.yaml", f"    body: {body}\n", "")
    out = tmp_path / "out"
    result = run("build", "--brandbook", mini, "--out", out)
    assert result.exit_code == 0, result.output
    page = (out / "index.html").read_text()
    assert "Equal rights for everyone" in page and "A short supporting line" not in page


def test_proof_prints_every_line_as_set_and_json_gives_ink_in_pixels():
    chosen = ["--locale", "ru", "--format", "post", "--message", "trans-discrimination",
              "--kit", "main"]
    result = run("proof", "--brandbook", BRANDBOOK, *chosen)
    assert result.exit_code == 0, result.output
    lines = [x.strip() for x in result.output.splitlines()]
    assert lines[0] == "ru · post · trans-discrimination"
    assert "| или насилие из-за гендерной" in lines  # never "из-" / "за"
    assert not any(x.endswith(("из-", "за-")) for x in lines)
    result = run("proof", "--brandbook", BRANDBOOK, *chosen, "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    claim = next(p for p in found if p["slot"] == "claim")
    assert set(claim) == {"locale", "kit", "format", "message", "slot", "size", "lines"}
    assert (claim["locale"], claim["kit"], claim["format"]) == ("ru", "main", "post")
    from pressroom.brandbook import load

    height = load(BRANDBOOK)[0].format("post").pixel_size[1]
    for line in claim["lines"]:
        assert 0 <= line["ink_top"] < line["ink_bottom"] <= height
    for upper, lower in zip(claim["lines"], claim["lines"][1:], strict=False):
        assert upper["ink_bottom"] < lower["ink_top"]  # the lines' ink never meets


def test_proof_of_a_text_that_does_not_fit_says_so_and_exits_1(book_copy):
    edit(book_copy / "locales" / "en.yaml", 'figure: "50,000"', 'figure: "' + "5" * 40 + '"')
    result = run("proof", "--brandbook", book_copy, "--locale", "en", "--format", "story")
    assert result.exit_code == 1
    assert re.search(r"messages\.\S+\.figure: does not fit slot-figure of story", result.output)
    assert "| " in result.output  # the texts that fit are still shown

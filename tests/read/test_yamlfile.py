"""YAML mistakes a translator makes, each said in plain words at the line to fix."""

from __future__ import annotations

import pytest

from pressroom.read.yamlfile import read_yaml
from tests.conftest import BRANDBOOK, line_of, run

RU = BRANDBOOK / "locales" / "ru.yaml"
HEADLINE = next(line for line in RU.read_text().splitlines() if "headline:" in line)


def unclosed(text: str) -> str:
    """`text` with the closing quote of the first headline taken away."""
    close = HEADLINE.rindex('"')
    return text.replace(HEADLINE, HEADLINE[:close] + HEADLINE[close + 1 :], 1)


def problem(path, text: str | bytes):
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    doc, errors = read_yaml(path)
    assert doc is None and len(errors) == 1, (doc, errors)
    return errors[0]


def test_a_tab_says_indent_with_spaces(tmp_path):
    line, words, fix = problem(tmp_path / "x.yaml", "page:\n  title: a\n\tintro: b\n")
    assert line == 3
    assert words == "a tab character: YAML is indented with spaces, never tabs"
    assert fix.startswith("indent with spaces")


@pytest.mark.parametrize(
    "text,opened",
    [
        ('a: 1\nb: "never closed\nc: 3\n', 2),  # runs to the end of the file
        ('m:\n  a: 1\n  b: "not closed\n  c: "closed"\n  d: 4\n', 3),  # runs to the next quote
        ("m:\n  a: 1\n  b: 'not closed\n  c: 'closed'\n", 3),
    ],
    ids=["to-the-end", "to-the-next-quote", "single-quotes"],
)
def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path, text, opened):
    line, words, fix = problem(tmp_path / "x.yaml", text)
    assert (line, words) == (opened, "a quote opens on this line and is never closed")
    assert fix.startswith("end the text with the same quote mark on this line")


def test_an_unclosed_quote_in_a_real_locale_file(tmp_path):
    line, words, _ = problem(tmp_path / "ru.yaml", unclosed(RU.read_text()))
    assert line == line_of(RU, HEADLINE) and "never closed" in words


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\nb: two\n")
    doc, errors = read_yaml(path)
    assert errors == [] and doc.data == {"a": 1, "b": "two"} and doc.line("b") == 2


def test_a_legacy_encoding_is_named_at_its_line(tmp_path):
    text = "a: 1\nb: Равные\n".encode("cp1251")
    line, words, fix = problem(tmp_path / "x.yaml", text)
    assert line == 2
    assert words.startswith("the file is not valid UTF-8: byte 0xD0 on this line is not UTF-8")
    assert fix.startswith("save it as UTF-8")


def test_utf16_is_named(tmp_path):
    line, words, fix = problem(tmp_path / "x.yaml", "a: 1\n".encode("utf-16"))
    assert (line, words) == (1, "the file is saved as UTF-16") and "UTF-8" in fix


@pytest.mark.parametrize(
    "text,line,words",
    [
        ("a:\n  b: Say: no\n", 2, "a colon followed by a space inside a value"),
        ('a:\n  b: "quoted" and more\n', 2, "text after the closing quote"),
        ("a:\n  b: @handle\n", 2, "a value cannot start with @ or `"),
    ],
)
def test_other_mistakes_in_plain_words(tmp_path, text, line, words):
    assert problem(tmp_path / "x.yaml", text)[:2] == (line, words)


@pytest.mark.parametrize(
    "text,line,words,fix",
    [
        ('m:\n  x:\n    kind: slogan\n     headline: "Hi"\n', 4,
         "is indented 5 spaces, more than the line above (4): YAML reads it as more of that "
         "line's value", "indent it 4 spaces, like the line above"),
        ('m:\n  x:\n    headline: "Hi"\n   body: "There"\n', 4,
         "is indented 3 spaces, which matches no level above it",
         "indent it 4 spaces, like the keys it belongs with"),
        ('m:\n  x:\n    headline:"Hi"\n    body: "There"\n', 3,
         "no space after the colon of headline:", "write headline: followed by a space"),
    ],
)
def test_indentation_and_a_missing_space_are_said_at_their_own_line(tmp_path, text, line,
                                                                      words, fix):
    found = problem(tmp_path / "x.yaml", text)
    assert found[:2] == (line, words) and found[2].startswith(fix)


def test_an_address_after_a_colon_is_not_a_missing_space(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("urls:\n  default: https://queer.kz/\n", encoding="utf-8")
    doc, errors = read_yaml(path)
    assert errors == [] and doc.data == {"urls": {"default": "https://queer.kz/"}}


def test_an_empty_file_reads_as_nothing(tmp_path):
    """Empty is valid YAML; the loader says what an empty brand book file means."""
    path = tmp_path / "x.yaml"
    path.write_text("# only a comment\n")
    doc, errors = read_yaml(path)
    assert errors == [] and doc.data is None


# --- as check prints them ------------------------------------------------------------------------


@pytest.mark.slow  # about 2 s or more: a build or check of its own
def test_check_prints_yaml_problems_with_file_and_line(book_copy):
    ru = book_copy / "locales" / "ru.yaml"
    ru.write_text(unclosed(ru.read_text()))
    result = run("check", "--brandbook", book_copy, "--locale", "ru")
    assert result.exit_code == 1
    assert (
        f"brandbook/locales/ru.yaml:{line_of(RU, HEADLINE)}: a quote opens on this line and is "
        "never closed — end the text with the same quote mark on this line" in result.output
    )
    ru.write_text(RU.read_text().replace("    cta:", "\tcta:", 1))
    result = run("check", "--brandbook", book_copy, "--locale", "ru")
    line = line_of(ru, "\tcta:")
    assert (
        f"ru.yaml:{line}: a tab character: YAML is indented with spaces, never tabs — indent "
        "with spaces" in result.output
    )
    ru.write_text("")
    result = run("check", "--brandbook", book_copy, "--locale", "ru")
    assert (
        "ru.yaml:1: the file is empty (or holds only comments) — start from the reference: "
        "pressroom locale new CODE (see TRANSLATING.md)" in result.output
    )
    ru.write_bytes(b"\xef\xbb\xbf" + RU.read_bytes())
    result = run("check", "--brandbook", book_copy, "--locale", "ru")
    assert result.exit_code == 0, result.output


def test_a_file_read_again_is_parsed_again_only_when_its_bytes_changed(tmp_path, monkeypatch):
    from pressroom.read import yamlfile

    path = tmp_path / "x.yaml"
    path.write_text("a:\n  b: 1\n")
    parsed = []
    real = yamlfile._parse
    monkeypatch.setattr(yamlfile, "_parse", lambda *a: parsed.append(a) or real(*a))
    first, _ = read_yaml(path)
    first.data["a"]["b"] = 99  # a caller's change stays its own
    second, _ = read_yaml(path)
    assert second.data == {"a": {"b": 1}} and second.line("a", "b") == 2 and len(parsed) == 1
    path.write_text("a:\n  b: 2\n")
    third, _ = read_yaml(path)
    assert third.data == {"a": {"b": 2}} and len(parsed) == 2

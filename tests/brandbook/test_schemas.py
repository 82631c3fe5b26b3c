"""brandbook/schemas.py: every JSON Schema error of an edited file becomes one problem in plain
words, at the line of the key it is about, with a fix (the schema's own `x-fix`, `x-problem` and
`x-renamed` where it has them)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from pressroom.brandbook.schemas import (
    BRAND,
    EMPTY_MAP,
    FORMATS,
    LOCALE,
    dotted,
    explain,
    read,
    schema,
    validate,
)
from pressroom.errors import Problems
from tests.conftest import REPO, line_of

MINI = REPO / "tests" / "data" / "mini"
CARD = "card:\n  width: 400\n  height: 300\n  template: card.svg\n"


def judge(tmp_path: Path, text: str, name: str = FORMATS, empty_fix: str = "EMPTY FIX"):
    """(key paths found, problem lines) of `text` saved as a file and judged by schema `name`."""
    path = tmp_path / "file.yaml"
    path.write_text(text)
    problems = Problems(tmp_path)
    doc = read(path, problems)
    assert doc is not None, [str(p) for p in problems.items]
    found = validate(doc, name, problems, empty_fix)
    return found, [str(p) for p in problems.items]


def at(tmp_path: Path, needle: str) -> str:
    """`file.yaml:LINE:`, the start of a problem about the line that holds `needle`."""
    return f"{tmp_path.name}/file.yaml:{line_of(tmp_path / 'file.yaml', needle)}:"


# --- the schemas themselves ----------------------------------------------------------------------


@pytest.mark.parametrize("name", [BRAND, FORMATS, LOCALE])
def test_each_shipped_schema_is_a_valid_2020_12_schema_read_from_the_package(name):
    on_disk = json.loads((REPO / "src" / "pressroom" / "brandbook" / name).read_text())
    assert schema(name) == on_disk
    jsonschema.Draft202012Validator.check_schema(schema(name))
    assert schema(name)["$id"] == f"pressroom/{name}"


@pytest.mark.parametrize(
    "file, name",
    [("brand.yaml", BRAND), ("formats.yaml", FORMATS), ("locales/en.yaml", LOCALE),
     ("locales/ru.yaml", LOCALE)],
)
def test_the_mini_brand_book_is_valid_against_its_schemas(file, name):
    problems = Problems(MINI)
    doc = read(MINI / file, problems)
    assert validate(doc, name, problems, "unused") == []
    assert problems.items == []


# --- reading -------------------------------------------------------------------------------------


def test_read_gives_the_document_with_the_line_of_every_key(tmp_path):
    path = tmp_path / "file.yaml"
    path.write_text("# a comment\n" + CARD)
    problems = Problems(tmp_path)
    doc = read(path, problems)
    assert doc.data == {"card": {"width": 400, "height": 300, "template": "card.svg"}}
    assert doc.line("card", "template") == 5
    assert problems.items == []


def test_unreadable_yaml_is_a_problem_at_its_line_and_no_document(tmp_path):
    path = tmp_path / "file.yaml"
    path.write_text(CARD + "\tunit: px\n")
    problems = Problems(tmp_path)
    assert read(path, problems) is None
    (problem,) = problems.items
    assert (problem.path, problem.line) == (f"{tmp_path.name}/file.yaml", 5)
    assert "tab" in problem.problem and "spaces" in problem.fix


def test_a_missing_file_is_a_problem_naming_it(tmp_path):
    problems = Problems(tmp_path)
    assert read(tmp_path / "none.yaml", problems) is None
    assert [str(p) for p in problems.items] == [
        f"{tmp_path.name}/none.yaml: the file does not exist — create it or fix its name"
    ]


# --- the whole file ------------------------------------------------------------------------------


def test_an_empty_file_is_unusable_and_said_so_with_the_callers_fix(tmp_path):
    found, said = judge(tmp_path, "# only a comment\n", empty_fix="list the formats")
    assert found == [()]
    assert said == [
        f"{tmp_path.name}/file.yaml:1: the file is empty (or holds only comments) — "
        "list the formats"
    ]


@pytest.mark.parametrize(
    "text, what", [("- a\n- b\n", "a list"), ("just words\n", "one text"), ("42\n", "one value")]
)
def test_a_file_that_is_not_a_map_is_named_by_what_it_is_without_quoting_it(tmp_path, text, what):
    found, said = judge(tmp_path, text, LOCALE)
    assert found == [()]
    assert said == [
        f"{tmp_path.name}/file.yaml:1: the file is {what}, not a map of keys — {EMPTY_MAP}"
    ]
    assert "just words" not in said[0]


def test_a_file_that_is_not_a_map_gets_the_schemas_own_fix_where_it_has_one(tmp_path):
    _, said = judge(tmp_path, "- card\n", FORMATS)
    assert said[0].endswith("— " + schema(FORMATS)["x-fix"])


# --- keys ----------------------------------------------------------------------------------------


def test_a_misspelt_key_is_one_problem_not_also_a_missing_one(tmp_path):
    found, said = judge(tmp_path, CARD.replace("width:", "widht:"))
    assert found == [("card", "widht")]
    assert said == [
        f"{at(tmp_path, 'widht')} card.widht: unknown key 'widht' — did you mean 'width'? rename it"
    ]


def test_a_renamed_key_says_its_new_name(tmp_path):
    _, said = judge(tmp_path, CARD + "  variants: [main]\n")
    assert said == [
        f"{at(tmp_path, 'variants')} card.variants: unknown key 'variants' — "
        "rename `variants:` to `kits:`"
    ]


def test_an_unknown_key_unlike_any_lists_the_allowed_ones(tmp_path):
    _, said = judge(tmp_path, CARD + "  colour: red\n")
    allowed = ", ".join(schema(FORMATS)["$defs"]["format"]["properties"])
    assert said == [
        f"{at(tmp_path, 'colour')} card.colour: unknown key 'colour' — remove it or fix its "
        f"spelling (allowed: {allowed})"
    ]


def test_a_missing_key_is_said_at_the_map_that_lacks_it(tmp_path):
    _, said = judge(tmp_path, "# formats\n" + CARD.replace("  template: card.svg\n", ""))
    assert said == [
        f"{at(tmp_path, 'card:')} card.template: 'template' is missing — add template: … under "
        "card (see the reference file)"
    ]


def test_a_missing_top_level_key_says_where_to_add_it(tmp_path):
    text = (MINI / "brand.yaml").read_text().replace("name: Mini\n", "")
    _, said = judge(tmp_path, text, BRAND)
    assert said == [  # at the top-level map, which starts after the schema comment
        f"{at(tmp_path, 'reference_locale:')} name: 'name' is missing — "
        "add name: … under the top level (see the reference file)"
    ]
    text = (MINI / "brand.yaml").read_text().replace("  licence: CC BY 4.0\n", "")
    _, said = judge(tmp_path, text, BRAND)
    assert said == [
        f"{at(tmp_path, 'press:')} press.licence: 'licence' is missing — "
        "add licence: … under press (see the reference file)"
    ]


def test_a_key_name_the_schema_forbids_is_said_with_its_own_words(tmp_path):
    _, said = judge(tmp_path, CARD + "Poster_A4:\n  width: 1\n  height: 1\n  template: a.svg\n")
    assert said == [
        f"{at(tmp_path, 'Poster_A4')} Poster_A4: 'Poster_A4' is not a slug — a format name must "
        "be a slug (a-z, 0-9, -): rename it, e.g. poster-a4"
    ]


# --- values --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, said",
    [
        ("  use:\n", "card.use: has no value — write the value after the colon"),
        ("  use: 300\n", "card.use: is the number 300, must be text — write it as text (quote it "
         "if needed)"),
        ("  use: [a]\n", "card.use: is a list ['a'], must be text — write it as text"),
        ("  use: {a: 1}\n", "card.use: is a map {'a': 1}, must be text — write it as text"),
        ("  crop_marks: 'yes'\n", "card.crop_marks: is the text 'yes', must be true or false — "
         "write true or false"),
        ("  dpi: true\n", "card.dpi: is true/false True, must be a number — write a number"),
        ("  unit: pt\n", "card.unit: is 'pt' — use one of px, mm"),
        ("  safe: [1, 2, 3]\n", "card.safe: has 3 values, must have 4 — write [top, right, "
         "bottom, left] margins"),
        ("  bleed: -1\n", "card.bleed: is -1, must be at least 0 — write a number at least 0"),
        ("  dpi: 0\n", "card.dpi: is 0, must be more than 0 — write a number more than 0"),
        ("  template: ../card.svg\n", "card.template: '../card.svg' is not the name of an .svg "
         "file in brandbook/templates/ — name an .svg file in brandbook/templates/"),
        ("  omit: [qr, qr]\n", "card.omit: ['qr', 'qr'] has non-unique elements — list slots "
         "to leave out, of qr, url, body, cta, claim"),
    ],
    ids=["null", "number", "list", "map", "text-for-bool", "bool-for-number", "enum", "count",
         "minimum", "exclusive-minimum", "pattern", "other"],
)
def test_a_bad_value_is_said_in_words_at_its_line(tmp_path, line, said):
    key = line.split(":")[0].strip()
    text = CARD.replace("  template: card.svg\n", "") if key == "template" else CARD
    found, problems = judge(tmp_path, text + line)
    assert found == [("card", key)]
    assert len(problems) == 1
    assert problems[0].startswith(f"{at(tmp_path, key + ':')} {said}"), problems[0]


def test_a_number_over_a_maximum_is_said_with_the_limit(tmp_path):
    motion = "  motion:\n    fps: 61\n    steps:\n      - {slots: [wordmark]}\n"
    _, said = judge(tmp_path, CARD + motion)
    assert said == [
        f"{at(tmp_path, 'fps:')} card.motion.fps: is 61, must be at most 60 — "
        "write a number at most 60"
    ]


def test_an_item_of_a_list_is_said_at_its_own_line_with_the_list_key(tmp_path):
    found, said = judge(tmp_path, CARD + "  safe:\n    - 1\n    - 2\n    - -3\n    - 4\n")
    assert found == [("card", "safe", 2)]
    assert said == [
        f"{at(tmp_path, '- -3')} card.safe: is -3, must be at least 0 — write a number at least 0"
    ]


def test_an_empty_value_or_map_is_said_to_be_empty_with_the_schemas_fix(tmp_path):
    text = (MINI / "brand.yaml").read_text()
    text = text.replace("name: Mini", 'name: ""').replace(
        "urls:\n  default: https://example.org/\n  ru: https://example.org/ru/\n", "urls: {}\n"
    )
    _, said = judge(tmp_path, text, BRAND)
    assert said == [
        f"{at(tmp_path, 'name:')} name: is empty — write the campaign's name: name: Equal in "
        "Kazakhstan",
        f"{at(tmp_path, 'urls:')} urls: is empty — map locale codes to campaign page URLs: "
        "urls: {default: https://…}",
    ]


def test_brand_rules_are_worded_by_the_schema(tmp_path):
    text = (MINI / "brand.yaml").read_text()
    text = text.replace('ink: "#111111"', "ink: black").replace(
        "  text: [Inter-Regular.otf, NotoSans-Regular.ttf]",
        "  text: 5\n  Body: [Inter-Regular.otf]",
    )
    _, said = judge(tmp_path, text, BRAND)
    assert said == [
        f"{at(tmp_path, 'Body:')} fonts.Body: 'Body' is not a role name — name roles in lower "
        "case: display, strong, text",
        f"{at(tmp_path, 'text: 5')} fonts.text: is 5 — write a list of font files in fonts/: "
        "[Brand.otf, NotoSans-Bold.ttf]",
        f"{at(tmp_path, 'ink:')} palette.ink: 'black' is not a colour written #RRGGBB — write it "
        'like "#5B2A86" (quoted)',
    ]


def test_an_alt_text_over_the_limit_names_the_platform_and_others_their_length(tmp_path):
    text = (MINI / "locales" / "en.yaml").read_text()
    long_alt = "a" * 1001
    text = text.replace("alt: A card that says Equal rights for everyone.", f"alt: {long_alt}")
    text = text.replace("wordmark: Mini", "wordmark: " + "W" * 41)
    found, said = judge(tmp_path, text, LOCALE)
    assert sorted(found) == [("campaign", "wordmark"), ("messages", "equal", "alt")]
    assert said == [
        f"{at(tmp_path, 'wordmark:')} campaign.wordmark: is 41 characters, over 40 — shorten it",
        f"{at(tmp_path, long_alt)} messages.equal.alt: alt text is 1001 characters — "
        "X (Twitter) accepts at most 1,000: shorten it",
    ]


def test_a_long_value_is_quoted_shortened_to_forty_characters(tmp_path):
    value = "p" * 60
    _, said = judge(tmp_path, CARD + f"  unit: {value}\n")
    quoted = "'" + "p" * 36 + "…"
    assert len(quoted) == 38
    assert said[0].split(": ", 2)[2] == f"is {quoted} — use one of px, mm"
    assert value not in said[0]


def test_problems_come_in_key_order_whatever_the_file_order(tmp_path):
    text = "zeta:\n  width: 0\n  height: 1\n  template: a.svg\n" + CARD.replace("300", "-1")
    found, said = judge(tmp_path, text)
    assert found == [("card", "height"), ("zeta", "width")]
    assert [p.split(": ")[1] for p in said] == ["card.height", "zeta.width"]


def test_a_key_path_is_written_without_list_positions():
    assert dotted(("messages", "cases", "sources", 2, "url")) == "messages.cases.sources.url"
    assert dotted(()) == ""
    assert dotted(("fonts", "text", 0)) == "fonts.text"


def test_a_rule_without_words_of_its_own_keeps_jsonschemas_message_and_points_at_the_docs():
    rules = {"properties": {"tags": {"uniqueItems": True}}}
    (err,) = jsonschema.Draft202012Validator(rules).iter_errors({"tags": [1, 1]})
    assert explain(err) == [(("tags",), err.message, "see docs/brandbook.md")]
    assert "non-unique" in err.message

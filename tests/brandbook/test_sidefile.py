"""brandbook/sidefile.py: a template's side table read like every file of the brand book (a
regular file inside it, by the YAML reader that keeps lines) and judged by slots.schema.json,
every problem at its line; side files that belong to no template are named."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

from pressroom.brandbook.schemas import SLOTS, read, schema, validate
from pressroom.brandbook.sidefile import read_side_table, stray_side_tables
from pressroom.errors import Problems
from pressroom.slotstyle import ATTRIBUTES
from pressroom.template.sidetable import Entry, Setting, side_path
from pressroom.template.slots import NAMES
from tests.conftest import REPO

FIGMA_SIDE = REPO / "tests" / "data" / "figma" / "templates" / "story.slots.yaml"


def table_of(tmp_path: Path, text: str | None):
    """The side table of templates/t.svg with `text` beside it (None: no side file)."""
    template = tmp_path / "templates" / "t.svg"
    template.parent.mkdir(exist_ok=True)
    template.write_text("<svg/>")
    if text is not None:
        side_path(template).write_text(text)
    problems = Problems(tmp_path)
    return read_side_table(template, tmp_path, problems), [str(p) for p in problems.items]


def test_the_side_table_of_story_svg_is_story_slots_yaml_beside_it():
    assert side_path(Path("b/templates/story.svg")) == Path("b/templates/story.slots.yaml")


def test_no_side_file_is_no_table_and_no_problem(tmp_path):
    assert table_of(tmp_path, None) == (None, [])


def test_a_side_file_of_comments_only_sets_nothing(tmp_path):
    table, problems = table_of(tmp_path, "# nothing yet\n")
    assert problems == [] and table.usable and table.entries == ()


def test_entries_keep_their_lines_and_values_as_an_attribute_holds_them(tmp_path):
    table, problems = table_of(tmp_path, (
        "# styles\n"
        "headline:\n"
        "  data-max-size: 60\n"
        "  data-line-height: 1.02\n"
        "  data-color: ink\n"
        "url-fact:\n"
        "  data-mirror: no\n"  # YAML reads a bare no as false
    ))
    assert problems == []
    assert table.entries == (
        Entry("headline", "headline", None, 2, (
            Setting("data-max-size", "60", 3), Setting("data-line-height", "1.02", 4),
            Setting("data-color", "ink", 5))),
        Entry("url-fact", "url", "fact", 6, (Setting("data-mirror", "no", 7),)),
    )


@pytest.mark.parametrize("text, line, said", [
    ("headline:\n  data-colour: ink\n", 2,
     "headline.data-colour: unknown key 'data-colour' — did you mean 'data-color'? rename it"),
    ("headline:\n  data-max-size: [60]\n", 2,
     "headline.data-max-size: is a list [60], must be a number or text — write it as text"
     " (quote it if needed)"),
    ("headline:\n  data-max-size:\n", 2,
     "headline.data-max-size: has no value — write the value after the colon"),
    ("headline:\n  data-mirror: yes\n", 2,
     "headline.data-mirror: is True — write data-mirror: no to keep the slot in place in"
     " right-to-left layouts, or remove it"),
    ("url-fact:\n  data-kind: fact\n", 2,
     "slot-url-fact data-kind: the key url-fact already says the slot is for facts only —"
     " remove data-kind here, or write it under url:"),
])
def test_each_mistake_is_one_problem_at_its_line_and_marks_its_entry(tmp_path, text, line, said):
    table, problems = table_of(tmp_path, "# styles\n" + text)
    assert problems == [f"{tmp_path.name}/templates/t.slots.yaml:{line + 1}: {said}"]
    (entry,) = table.entries
    assert entry.broken and entry.settings == ()  # the value in question is left out


def test_a_key_written_with_slot_is_said_and_read_as_meant(tmp_path):
    table, problems = table_of(tmp_path, "slot-url-fact:\n  data-color: ink\n")
    assert problems == [f"{tmp_path.name}/templates/t.slots.yaml:1: slot-url-fact: a key is the"
                        " layer's name without slot- — write url-fact:"]
    assert table.entries == (
        Entry("url-fact", "url", "fact", 1, (Setting("data-color", "ink", 2),), broken=True),
    )


@pytest.mark.parametrize("text, said", [
    ("- headline\n", "the file is a list, not a map of keys"),
    ("headline: [\n", "a line without"),
])
def test_a_file_that_is_no_table_is_one_problem_and_an_unusable_table(tmp_path, text, said):
    table, problems = table_of(tmp_path, text)
    assert not table.usable and table.entries == ()
    (only,) = problems
    assert said in only or "invalid YAML" in only


def test_a_side_file_linked_from_outside_the_brand_book_is_refused_unread(tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("headline:\n  data-color: SECRET\n")
    book = tmp_path / "book"
    (book / "templates").mkdir(parents=True)
    template = book / "templates" / "t.svg"
    template.write_text("<svg/>")
    os.symlink(secret, side_path(template))
    problems = Problems(book)
    table = read_side_table(template, book, problems)
    assert not table.usable
    (only,) = [str(p) for p in problems.items]
    assert "symbolic link that leads outside book/" in only and "SECRET" not in only


def test_side_files_of_no_template_are_warned_about(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    for name in ("story.svg", "story.slots.yaml", "post.slots.yaml", "story.slots.yml"):
        (folder / name).write_text("")
    problems = Problems(tmp_path)
    stray_side_tables(tmp_path, problems)
    assert problems.errors == []
    assert [str(p) for p in problems.warnings] == [
        f"{tmp_path.name}/templates/post.slots.yaml: warning: there is no template post.svg"
        " beside it, so it styles nothing — name it after its template (story.slots.yaml for"
        " story.svg), or delete it",
        f"{tmp_path.name}/templates/story.slots.yml: warning: a side table is read only when its"
        " name ends .slots.yaml — rename it story.slots.yaml",
    ]


# --- the schema ----------------------------------------------------------------------------------


def test_the_schema_is_valid_and_read_from_the_package():
    on_disk = json.loads((REPO / "src" / "pressroom" / "brandbook" / SLOTS).read_text())
    assert schema(SLOTS) == on_disk
    jsonschema.Draft202012Validator.check_schema(on_disk)
    assert on_disk["$id"] == f"pressroom/{SLOTS}"


def test_the_schema_offers_every_slot_and_every_slot_attribute():
    """For an editor's completion: every slot, for both kinds and each, and every attribute
    slotstyle's table reads, with data-mirror."""
    found = schema(SLOTS)
    assert set(found["properties"]) == set(NAMES) | {
        f"{n}-{k}" for n in NAMES for k in ("slogan", "fact")
    }
    assert set(found["$defs"]["slot"]["properties"]) == set(ATTRIBUTES) | {"data-mirror"}


def test_the_figma_fixtures_side_file_is_valid_and_points_at_the_schema():
    first = FIGMA_SIDE.read_text().splitlines()[0]
    target = first.split("$schema=")[1]
    assert (FIGMA_SIDE.parent / target).resolve() == REPO / "src/pressroom/brandbook" / SLOTS
    problems = Problems()
    assert validate(read(FIGMA_SIDE, problems), SLOTS, problems, "unused") == []
    assert problems.items == []

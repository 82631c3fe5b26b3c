"""template/sidestyle.py, through the template loader: a side table's values become the slots'
attributes (kinds, mirroring and styles read as the template's own would be), and each problem
is said where it is written: a key with no slot, a value given twice, a bad value, a contrast too
low, all at the side file's lines."""

from __future__ import annotations

from pathlib import Path

from pressroom.brandbook import load
from pressroom.brandbook.sidefile import read_side_table
from pressroom.errors import Problems
from pressroom.model import Format
from pressroom.template.load import load_template
from tests.conftest import REPO

BOOK, _ = load(REPO / "tests" / "data" / "mini")
FORMAT = Format("card", "", 400, 300, "px", (0, 0, 0, 0), "t.svg")
HEAD = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300">\n'  # slots from line 2
TEXT = "  data-font: text\n  data-max-size: 20\n  data-min-size: 10\n"


def load_with(tmp_path: Path, body: str, side: str | None):
    """The template `body` (from line 2) with the side table `side` beside it."""
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    path = folder / "t.svg"
    path.write_text(HEAD + body + "\n</svg>\n")
    if side is not None:
        (folder / "t.slots.yaml").write_text(side)
    problems = Problems(tmp_path)
    table = read_side_table(path, tmp_path, problems)
    template = load_template(path, FORMAT, BOOK.brand, problems, tmp_path, table)
    return template, [str(p).split("/templates/", 1)[-1] for p in problems.errors]


def test_a_slot_with_no_attribute_takes_its_style_from_the_side_table(tmp_path):
    template, errors = load_with(
        tmp_path, '<rect id="slot-cta" x="10" y="10" width="200" height="40"/>',
        "cta:\n" + TEXT + "  data-color: ink\n  data-on: paper\n  data-align: end\n",
    )
    assert errors == []
    (slot,) = template.slots
    assert (slot.style.max_size, slot.style.align, slot.style.color) == (20, "end", "ink")


def test_the_side_table_scales_with_a_group_as_attributes_do(tmp_path):
    template, errors = load_with(
        tmp_path,
        '<g transform="scale(2)"><rect id="slot-cta" x="10" y="10" width="100" height="20"/></g>',
        "cta:\n" + TEXT + "  data-color: ink\n  data-on: paper\n",
    )
    assert errors == [] and template.slots[0].style.max_size == 40


def test_a_kind_key_styles_that_kinds_layer_and_the_name_key_both(tmp_path):
    template, errors = load_with(
        tmp_path,
        '<rect id="slot-url-slogan" x="10" y="10" width="200" height="40"/>\n'
        '<rect id="slot-url-fact" x="10" y="10" width="200" height="40"/>',
        "url:\n" + TEXT + "  data-on: paper\nurl-slogan:\n  data-color: accent\n"
        "url-fact:\n  data-color: ink\n",
    )
    assert errors == []
    assert [(s.kind, s.style.color, s.style.max_size) for s in template.slots] == [
        ("slogan", "accent", 20), ("fact", "ink", 20)
    ]
    # Each is cut out of the other kind's art, as data-kind would do.
    assert template.parts_for("slogan").slots == ("url",) == template.parts_for("fact").slots


def test_a_kind_set_by_the_name_key_chooses_the_slots_of_a_kind_key(tmp_path):
    template, errors = load_with(
        tmp_path, '<rect id="slot-cta" x="10" y="10" width="200" height="40"/>',
        "cta:\n  data-kind: slogan\n" + TEXT + "cta-slogan:\n  data-color: ink\n"
        "  data-on: paper\n",
    )
    assert errors == [] and (template.slots[0].kind, template.slots[0].style.color) == (
        "slogan", "ink")


def test_data_mirror_from_the_side_table_keeps_the_slot_in_place(tmp_path):
    template, errors = load_with(
        tmp_path, '<rect id="slot-cta" x="10" y="10" width="200" height="40"/>',
        "cta:\n" + TEXT + "  data-color: ink\n  data-on: paper\n  data-mirror: no\n",
    )
    assert errors == [] and template.slots[0].mirrors is False


def test_without_a_side_table_a_missing_value_says_where_it_may_be_given(tmp_path):
    _, errors = load_with(tmp_path, '<rect id="slot-cta" x="10" y="10" width="200" height="40"/>',
                          None)
    assert errors[0] == (
        "t.svg:2: slot-cta data-max-size: is missing — add data-max-size: a plain number of"
        " template units, e.g. 60 (no px or mm) (on the slot, or in the side table t.slots.yaml"
        " beside the template)"
    )


def test_a_value_in_the_template_and_the_side_table_is_said_at_both(tmp_path):
    template, errors = load_with(
        tmp_path,
        '<rect id="slot-cta" x="10" y="10" width="200" height="40" data-font="text"/>',
        "cta:\n" + TEXT + "  data-color: ink\n  data-on: paper\n",
    )
    assert template is None
    assert errors == [
        f"t.slots.yaml:2: slot-cta: data-font is set both here and at {tmp_path.name}/templates/"
        "t.svg:2 — keep one"
    ]


def test_a_kind_the_layers_name_says_is_not_given_again(tmp_path):
    _, errors = load_with(
        tmp_path, '<rect id="slot-url-fact" x="10" y="10" width="200" height="40"/>',
        "url:\n  data-kind: slogan\n" + TEXT + "  data-color: ink\n  data-on: paper\n",
    )
    assert errors == [
        "t.slots.yaml:2: slot-url: data-kind is set both here and by the layer's name"
        f" slot-url-fact at {tmp_path.name}/templates/t.svg:2 — keep one"
    ]


def test_a_key_for_a_kind_the_template_has_no_layer_for_names_no_slot(tmp_path):
    _, errors = load_with(
        tmp_path, '<rect id="slot-cta" x="10" y="10" width="200" height="40"/>',
        "cta:\n" + TEXT + "  data-color: ink\n  data-on: paper\nqr-fact:\n  data-color: ink\n",
    )
    assert errors == [
        f"t.slots.yaml:7: slot-qr-fact: names no slot of {tmp_path.name}/templates/t.svg — use one"
        " of cta (the template's layers named slot-NAME, without slot-), or remove it"
    ]


def test_a_contrast_too_low_is_said_where_the_colours_are_set(tmp_path):
    _, errors = load_with(
        tmp_path, '<rect id="slot-cta" x="10" y="10" width="200" height="40"/>',
        "cta:\n" + TEXT + "  data-color: paper\n  data-on: paper\n",
    )
    assert len(errors) == 1 and errors[0].startswith("t.slots.yaml:5: slot-cta: contrast of")


def test_an_unreadable_side_table_is_said_once_not_again_for_every_slot(tmp_path):
    _, errors = load_with(
        tmp_path, '<rect id="slot-cta" x="10" y="10" width="200" height="40"/>', "- cta\n"
    )
    assert len(errors) == 1 and errors[0].startswith("t.slots.yaml:1: the file is a list")


def test_a_template_whose_side_table_has_a_problem_is_left_out(tmp_path):
    template, errors = load_with(
        tmp_path, '<rect id="slot-cta" x="10" y="10" width="200" height="40"/>',
        "cta:\n" + TEXT + "  data-color: ink\n  data-on: paper\n  data-colour: ink\n",
    )
    assert template is None
    assert errors == ["t.slots.yaml:7: cta.data-colour: unknown key 'data-colour' — did you mean"
                      " 'data-color'? rename it"]

"""template/slots.py: which elements are slots, each slot's box in the format's coordinates
(through the groups around it) with its style scaled alike, and every refusal (shape, rotation,
names, duplicates, safe area, areas kept clear, contrast, QR polarity) at the slot's line."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pressroom.errors import Problems
from pressroom.model import Brand, Format
from pressroom.template.slots import find_slots, keeps_place, named_kind, slot_kind, slot_name
from pressroom.template.xml import SVG, parents, parse

PALETTE = {"ink": "#111111", "paper": "#FFFFFF", "grey": "#777777", "accent": "#5B2A86"}
BRAND = Brand("Test", "en", "en", {}, PALETTE, {"display": (), "text": ()}, Path("brand.yaml"))
CARD = Format("card", "", 400, 300, "px", (10, 10, 10, 10), "t.svg")  # safe: x 10–390, y 10–290
HEAD = f'<svg xmlns="{SVG}" viewBox="0 0 400 300">\n'  # the body starts on line 2
TEXT = 'data-font="text" data-max-size="20" data-min-size="10" data-color="ink" data-on="paper"'
NAMES = "body, claim, cta, figure, headline, logo, qr, source, url, wordmark"


def slots_of(body: str, fmt: Format = CARD, labels: dict | None = None):
    problems = Problems()
    doc = parse((HEAD + body + "\n</svg>").encode(), Path("t.svg"), problems)
    assert doc is not None, problems.items
    if labels:
        doc.labels = {el: labels.get(el.get("id")) for el in doc.root.iter()}
    return find_slots(doc, fmt, BRAND, problems), problems


def errors(problems: Problems) -> list[str]:
    return [str(p) for p in problems.errors]


def wcag(a: str, b: str) -> float:
    def lum(h):
        cs = [int(h[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in cs)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# --- naming --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "attrs,name",
    [
        ({"id": "slot-headline"}, "headline"),
        ({"data-slot": "cta"}, "cta"),
        ({"data-slot": "  url "}, "url"),
        ({"data-slot": "url", "id": "slot-cta"}, "url"),  # data-slot wins
        ({"id": "rect35"}, None),
        ({"id": "my-slot-cta"}, None),
        ({}, None),
        ({"id": "slot-url-fact"}, "url"),  # a Figma layer for one kind
        ({"id": "slot-cta-slogan"}, "cta"),
        ({"id": "slot-url-facts"}, "url-facts"),  # no kind: an unknown name, said as such
        ({"id": "slot-title-fact"}, "title-fact"),
    ],
)
def test_slot_name_reads_data_slot_then_a_slot_id(attrs, name):
    assert slot_name(ET.Element("rect", attrs)) == name


@pytest.mark.parametrize("attrs, kind, named", [
    ({"id": "slot-url-fact"}, "fact", "fact"),
    ({"id": "slot-url-slogan", "data-kind": "slogan"}, "slogan", "slogan"),
    ({"id": "slot-url"}, None, None),
    ({"id": "slot-url", "data-kind": " fact "}, "fact", None),
    ({"id": "slot-url-fact", "data-slot": "url"}, None, None),  # data-slot frees the id
])
def test_a_slots_kind_is_its_data_kind_else_the_kind_its_layer_names(attrs, kind, named):
    el = ET.Element("rect", attrs)
    assert (slot_kind(el), named_kind(el)) == (kind, named)


def test_layers_named_for_a_kind_are_two_slots_of_one_name():
    slots, problems = slots_of(
        f'<rect id="slot-url-slogan" x="20" y="20" width="90" height="20" {TEXT}/>\n'
        f'<rect id="slot-url-fact" x="20" y="40" width="90" height="20" {TEXT}/>'
    )
    assert problems.items == []
    assert [(s.name, s.kind, s.y) for s in slots] == [("url", "slogan", 20), ("url", "fact", 40)]


def test_a_data_kind_against_the_layers_kind_is_refused_at_its_line():
    _, problems = slots_of(
        f'<rect id="slot-url-fact" data-kind="slogan" x="20" y="20" width="90" height="20"'
        f" {TEXT}/>"
    )
    assert errors(problems) == [
        "t.svg:2: slot-url-fact data-kind: is 'slogan', but the layer's name says fact — keep"
        " one: rename the layer, or remove data-kind"
    ]


def test_a_numbered_copy_of_a_kinds_layer_names_the_layer_to_rename():
    _, problems = slots_of(
        f'<rect id="slot-url-fact_2" x="1" y="1" width="90" height="30" {TEXT}/>'
    )
    (only,) = errors(problems)
    assert "'url-fact_2' looks like an editor's numbered copy of slot-url-fact" in only


def test_keeps_place_looks_up_the_groups_around_the_element():
    root = ET.fromstring(
        f'<svg xmlns="{SVG}"><g data-mirror="no"><g><rect id="a"/></g></g><rect id="b"/>'
        '<rect id="c" data-mirror="yes"/></svg>'
    )
    up = parents(root)
    by_id = {el.get("id"): el for el in root.iter()}
    assert keeps_place(by_id["a"], up) is True
    assert keeps_place(by_id["b"], up) is False
    assert keeps_place(by_id["c"], up) is False


def test_an_id_named_rect_becomes_a_slot_with_its_box_style_and_line():
    (slot,), problems = slots_of(
        '<rect width="400" height="300" fill="#fff"/>\n'
        '<rect id="slot-headline" x="20" y="30" width="240" height="150" data-font="display"'
        ' data-max-size="60" data-min-size="14" data-color="ink" data-on="paper"'
        ' data-kind="slogan"/>'
    )
    assert problems.items == []
    assert (slot.name, slot.x, slot.y, slot.width, slot.height) == ("headline", 20, 30, 240, 150)
    assert (slot.line, slot.mirrors, slot.kind) == (3, True, "slogan")
    s = slot.style
    assert (s.font, s.max_size, s.min_size, s.color, s.on) == ("display", 60, 14, "ink", "paper")


def test_slots_come_in_document_order_and_art_is_not_a_slot():
    slots, problems = slots_of(
        f'<rect data-slot="cta" x="20" y="200" width="100" height="20" {TEXT}/>\n'
        '<rect id="art" x="0" y="0" width="10" height="10"/>\n'
        f'<g><rect id="slot-body" x="20" y="100" width="100" height="20" {TEXT}/></g>'
    )
    assert problems.items == []
    assert [(s.name, s.line) for s in slots] == [("cta", 2), ("body", 4)]


# --- geometry ------------------------------------------------------------------------------------


def test_translating_and_scaling_groups_place_the_box_and_scale_the_type():
    (slot,), problems = slots_of(
        '<g transform="translate(10 5)">\n<g transform="scale(2)">\n'
        f'<rect data-slot="body" x="20" y="30" width="100" height="50" {TEXT}/>\n</g></g>'
    )
    assert problems.items == []
    # translate(10 5)·scale(2) maps (x, y) to (10 + 2x, 5 + 2y)
    assert (slot.x, slot.y) == (10 + 2 * 20, 5 + 2 * 30)
    assert (slot.width, slot.height) == (2 * 100, 2 * 50)
    assert (slot.style.max_size, slot.style.min_size) == (2 * 20, 2 * 10)
    assert slot.line == 4


def test_an_uneven_scale_sizes_the_type_by_the_smaller_factor():
    (slot,), _ = slots_of(
        f'<rect data-slot="body" transform="scale(3 1.5)" x="10" y="20" width="50" height="40"'
        f" {TEXT}/>"
    )
    assert (slot.x, slot.y, slot.width, slot.height) == (30, 30, 150, 60)
    assert (slot.style.max_size, slot.style.min_size) == (1.5 * 20, 1.5 * 10)


def test_a_horizontal_flip_gives_the_mirrored_upright_box():
    (slot,), problems = slots_of(
        '<g transform="matrix(-1 0 0 1 400 0)">'
        f'<rect data-slot="body" x="20" y="30" width="100" height="50" {TEXT}/></g>'
    )
    assert problems.items == []
    # x → 400 − x: the rectangle 20–120 lands on 280–380
    assert (slot.x, slot.y, slot.width, slot.height) == (280, 30, 100, 50)
    assert slot.style.max_size == 20


def test_a_nested_svg_viewport_places_and_scales_its_slots():
    (slot,), problems = slots_of(
        '<svg x="100" y="50" width="200" height="100" viewBox="0 0 100 50">'
        f'<rect data-slot="body" x="10" y="10" width="40" height="20" {TEXT}/></svg>'
    )
    assert problems.items == []
    # the viewBox is drawn twice as large, from (100, 50)
    assert (slot.x, slot.y, slot.width, slot.height) == (120, 70, 80, 40)
    assert slot.style.max_size == 40


def test_units_of_the_rect_are_read_as_user_units():
    (slot,), _ = slots_of(
        f'<rect data-slot="body" x="1in" y="12pt" width="2.54cm" height="10mm" {TEXT}/>'
    )
    assert (slot.x, slot.y, slot.width) == (96, 16, 96)
    assert slot.height == pytest.approx(10 * 96 / 25.4, abs=1e-6)


def test_data_mirror_no_around_a_slot_keeps_it_in_place():
    slots, _ = slots_of(
        f'<g data-mirror="no"><rect data-slot="body" x="20" y="30" width="9" height="9" {TEXT}/>'
        f'</g><rect data-slot="cta" x="20" y="60" width="9" height="9" {TEXT}/>'
    )
    assert [(s.name, s.mirrors) for s in slots] == [("body", False), ("cta", True)]


@pytest.mark.parametrize("transform", ["rotate(10)", "skewX(5)", "matrix(1 0.1 0 1 0 0)"])
def test_a_rotated_or_skewed_slot_is_refused_at_its_line(transform):
    slots, problems = slots_of(
        f'<g transform="{transform}">\n'
        f'<rect data-slot="body" x="50" y="50" width="90" height="40" {TEXT}/>\n</g>'
    )
    assert slots == []
    (only,) = errors(problems)
    assert only.startswith(
        "t.svg:3: slot-body: the slot or a group around it is rotated or skewed; text is set"
        " upright — remove the rotation"
    )


def test_a_slot_inside_a_broken_transform_is_left_to_the_loader():
    slots, problems = slots_of(
        f'<g transform="rotate(">'
        f'<rect data-slot="body" x="50" y="50" width="90" height="40" {TEXT}/></g>'
    )
    assert slots == [] and problems.items == []


@pytest.mark.parametrize(
    "element",
    [
        f'<circle data-slot="body" cx="50" cy="50" r="20" {TEXT}/>',
        f'<rect data-slot="body" x="50" y="50" height="20" {TEXT}/>',
        f'<rect data-slot="body" x="50" y="50" width="0" height="20" {TEXT}/>',
        f'<rect data-slot="body" x="50" y="50" width="-5" height="20" {TEXT}/>',
        f'<rect data-slot="body" x="50" y="50" width="auto" height="20" {TEXT}/>',
        f'<rect data-slot="body" x="5%" y="50" width="10" height="20" {TEXT}/>',
    ],
)
def test_a_slot_that_is_no_rectangle_with_a_size_is_refused(element):
    slots, problems = slots_of(element)
    assert slots == []
    assert errors(problems) == [
        "t.svg:2: slot-body: a slot must be a <rect> with x, y, width and height, or a group"
        " (a frame) whose first element is one — draw the slot as a rectangle"
    ]


# --- names and duplicates ------------------------------------------------------------------------


def test_an_unknown_slot_name_is_refused_with_the_names_there_are():
    slots, problems = slots_of(f'<rect data-slot="title" width="9" height="9" {TEXT}/>')
    assert slots == []
    assert errors(problems) == [f"t.svg:2: slot-title: unknown slot 'title' — use one of {NAMES}"]


def test_a_slot_id_used_twice_is_refused_at_both_lines():
    slots, problems = slots_of(
        f'<rect id="slot-url" x="20" y="20" width="9" height="9" data-kind="fact" {TEXT}/>\n'
        f'<rect id="slot-url" x="20" y="40" width="9" height="9" data-kind="slogan" {TEXT}/>'
    )
    assert slots == []
    assert [(p.line, p.key) for p in problems.errors] == [(2, "slot-url"), (3, "slot-url")]
    assert all("the id 'slot-url' is used 2 times" in p for p in errors(problems))
    assert all('name each slot with data-slot="url"' in p for p in errors(problems))


def test_data_slot_frees_the_id_so_copies_of_one_id_are_fine():
    slots, problems = slots_of(
        f'<rect id="same" data-slot="url" x="20" y="20" width="9" height="9" data-kind="fact"'
        f" {TEXT}/>\n"
        f'<rect id="same" data-slot="url" x="20" y="40" width="9" height="9" data-kind="slogan"'
        f" {TEXT}/>"
    )
    assert problems.items == [] and [s.kind for s in slots] == ["fact", "slogan"]


@pytest.mark.parametrize(
    "first,second,clash",
    [("", "", True), ('data-kind="fact"', "", True), ('data-kind="fact"', 'data-kind="fact"', True),
     ('data-kind="fact"', 'data-kind="slogan"', False)],
)
def test_a_name_twice_for_the_same_kind_is_refused_at_the_second(first, second, clash):
    slots, problems = slots_of(
        f'<rect data-slot="url" x="20" y="20" width="9" height="9" {first} {TEXT}/>\n'
        f'<rect data-slot="url" x="20" y="40" width="9" height="9" {second} {TEXT}/>'
    )
    if not clash:
        assert problems.items == [] and len(slots) == 2
        return
    assert len(slots) == 1 and slots[0].y == 20
    (only,) = errors(problems)
    assert only.startswith("t.svg:3: slot-url: slot 'url' appears twice for")
    assert "(also on line 2)" in only and 'data-kind="slogan" / "fact"' in only


def test_slot_attributes_on_art_are_refused_with_the_editor_hints():
    slots, problems = slots_of(
        '<rect id="rect35" x="1" y="1" width="9" height="9" data-max-size="20" data-color="ink"/>',
        labels={"rect35": "url"},
    )
    assert slots == []
    (only,) = errors(problems)
    assert only.startswith(
        "t.svg:2: rect35: this <rect> has slot attributes (data-color, data-max-size) but is not"
        ' a slot (its Inkscape label is "url", but labels are not names) — an editor may have'
        " renamed a copy's id — name the slot with data-slot=\"NAME\" or id=\"slot-NAME\""
        " (in Figma, a layer named slot-NAME;"
    )
    assert NAMES in only


def test_slot_attributes_on_art_without_id_or_label_name_the_tag():
    _, problems = slots_of('<circle r="3" data-font="text"/>')
    (only,) = errors(problems)
    assert only.startswith("t.svg:2: circle: this <circle> has slot attributes (data-font) but"
                           " is not a slot —")
    assert "Inkscape" not in only and "renamed" not in only


def test_a_bad_slot_attribute_is_reported_with_the_attribute_in_the_key():
    slots, problems = slots_of(
        '<rect data-slot="body" x="20" y="20" width="90" height="40" data-font="text"'
        ' data-max-size="60px" data-min-size="10" data-color="ink" data-on="paper"/>'
    )
    assert slots == []
    (only,) = problems.errors
    assert (only.line, only.key, only.problem) == (2, "slot-body data-max-size", "is '60px'")
    assert "no px or mm" in only.fix


# --- the format: safe area, page, areas kept clear -----------------------------------------------


@pytest.mark.parametrize("x,y,w,h,fits", [
    (10, 10, 380, 280, True),  # exactly the safe area
    (9, 10, 100, 20, False), (10, 9, 100, 20, False), (300, 10, 91, 20, False),
    (10, 200, 20, 91, False),
])
def test_a_text_slot_keeps_to_the_safe_area(x, y, w, h, fits):
    slots, problems = slots_of(
        f'<rect data-slot="body" x="{x}" y="{y}" width="{w}" height="{h}" {TEXT}/>'
    )
    assert len(slots) == 1  # it is a slot either way; the problem is reported
    if fits:
        assert problems.items == []
    else:
        assert errors(problems) == [
            f"t.svg:2: slot-body: the slot (x {x}–{x + w}, y {y}–{y + h}) leaves the safe area"
            " of card (x 10–390, y 10–290) — move or shrink it inside"
        ]


def test_the_safe_area_is_judged_after_the_groups_move_the_slot():
    _, problems = slots_of(
        f'<g transform="translate(300 0)"><rect data-slot="body" x="20" y="20" width="90"'
        f' height="20" {TEXT}/></g>'
    )
    assert "the slot (x 320–410, y 20–40) leaves the safe area" in errors(problems)[0]


def test_a_qr_code_only_has_to_stay_on_the_trimmed_page_inside_the_bleed():
    sheet = Format("sheet", "", 100, 70, "mm", (5, 5, 5, 5), "t.svg", bleed=3)
    # the trimmed page is x 3–103, y 3–73; the safe area x 8–98, y 8–68
    slots, problems = slots_of('<rect data-slot="qr" x="3" y="43" width="30" height="30"/>', sheet)
    assert problems.items == [] and slots[0].name == "qr"
    _, problems = slots_of('<rect data-slot="qr" x="2" y="43" width="30" height="30"/>', sheet)
    assert errors(problems) == [
        "t.svg:2: slot-qr: the slot (x 2–32, y 43–73) leaves the page of sheet (x 3–103, y 3–73)"
        " — move or shrink it inside"
    ]
    _, problems = slots_of(f'<rect data-slot="body" x="3" y="43" width="30" height="20" {TEXT}/>',
                           sheet)
    assert "leaves the safe area of sheet (x 8–98, y 8–68)" in errors(problems)[0]


@pytest.mark.parametrize(
    "x,y,overlaps",
    [(50, 120, False), (250, 120, False), (200, 80, False), (200, 160, False),  # edges touch
     (51, 120, True), (249, 120, True), (200, 81, True), (200, 159, True), (160, 110, True)],
)
def test_a_slot_over_an_area_kept_clear_is_refused(x, y, overlaps):
    fmt = Format("story", "", 400, 300, "px", (0, 0, 0, 0), "t.svg",
                 keep_clear=((150, 100, 100, 60),))
    # the area spans x 150–250, y 100–160; the slot x to x + 100, y to y + 20
    _, problems = slots_of(
        f'<rect data-slot="body" x="{x}" y="{y}" width="100" height="20" {TEXT}/>', fmt
    )
    found = [p for p in errors(problems) if "keeps clear" in p]
    assert found == ([
        "t.svg:2: slot-body: the slot overlaps the area story keeps clear (150, 100, 100×60)"
        " — move it out of that area"
    ] if overlaps else [])
    assert len(errors(problems)) == len(found)


# --- contrast ------------------------------------------------------------------------------------


def test_text_needs_4_5_to_1_and_display_type_3_to_1():
    ratio = wcag(PALETTE["grey"], PALETTE["paper"])
    assert 3 <= ratio < 4.5  # #777777 on white: large type only
    grey = TEXT.replace('data-color="ink"', 'data-color="grey"')
    _, problems = slots_of(f'<rect data-slot="body" x="20" y="20" width="90" height="40" {grey}/>')
    assert errors(problems) == [
        f"t.svg:2: slot-body: contrast of #777777 on #FFFFFF is {ratio:.2f}:1, below 4.5:1 —"
        " choose colours further apart in brand.yaml or here"
    ]
    display = grey.replace('data-font="text"', 'data-font="display"')
    _, problems = slots_of(
        f'<rect data-slot="headline" x="20" y="20" width="90" height="40" {display}/>'
    )
    assert problems.items == []


def test_text_the_colour_of_its_background_is_refused():
    same = TEXT.replace('data-on="paper"', 'data-on="ink"')
    _, problems = slots_of(f'<rect data-slot="body" x="20" y="20" width="90" height="40" {same}/>')
    assert "contrast of #111111 on #111111 is 1.00:1, below 4.5:1" in errors(problems)[0]


def test_a_text_slot_without_its_colours_is_refused():
    _, problems = slots_of(
        '<rect data-slot="body" x="20" y="20" width="90" height="40" data-font="text"'
        ' data-max-size="20" data-min-size="10" data-on="paper"/>'
    )
    assert errors(problems) == [
        "t.svg:2: slot-body: data-color and data-on are needed — name the text colour and the"
        ' colour behind it, e.g. data-color="ink" data-on="paper"'
    ]


def test_a_qr_code_defaults_to_black_on_white_and_must_be_dark_on_light():
    slots, problems = slots_of('<rect data-slot="qr" x="20" y="20" width="90" height="90"/>')
    assert problems.items == [] and slots[0].style.color is None
    _, problems = slots_of(
        '<rect data-slot="qr" x="20" y="20" width="90" height="90" data-color="paper"'
        ' data-on="ink"/>'
    )
    assert wcag(PALETTE["paper"], PALETTE["ink"]) > 4.5  # the contrast is fine; the polarity not
    assert errors(problems) == [
        "t.svg:2: slot-qr: QR codes must be dark on light — swap data-color and data-on"
    ]


def test_a_qr_code_refuses_type_attributes():
    _, problems = slots_of(
        '<rect data-slot="qr" x="20" y="20" width="90" height="90" data-font="text"/>'
    )
    assert [(p.key, p.problem) for p in problems.errors] == [
        ("slot-qr data-font", "does not apply to the qr slot")
    ]


def test_a_logo_needs_only_what_is_behind_it_and_no_contrast():
    slots, problems = slots_of(
        '<rect data-slot="logo" x="20" y="20" width="90" height="40" data-on="ink"/>'
    )
    assert problems.items == [] and slots[0].style.on == "ink"
    _, problems = slots_of('<rect data-slot="logo" x="20" y="20" width="90" height="40"/>')
    assert [(p.key, p.problem) for p in problems.errors] == [("slot-logo data-on", "is missing")]


def test_a_figma_frame_is_a_slot_with_its_first_rectangles_box():
    """Figma exports a frame named slot-NAME as a group around its shapes."""
    slots, problems = slots_of(
        f'<g id="slot-body" {TEXT} transform="translate(10 20)"><rect x="50" y="60" '
        'width="300" height="120" fill="white"/><path d="M0 0h4"/></g>'
    )
    assert errors(problems) == []
    (slot,) = slots
    assert (slot.name, slot.x, slot.y, slot.width, slot.height) == ("body", 60, 80, 300, 120)


@pytest.mark.parametrize("copy", ["url_2", "url-2", "url 2"])
def test_an_editors_numbered_copy_says_what_happened(copy):
    _, problems = slots_of(f'<rect id="slot-{copy}" x="1" y="1" width="90" height="30" {TEXT}/>')
    (only,) = errors(problems)
    assert f"'{copy}' looks like an editor's numbered copy of slot-url" in only
    assert "rename the layer slot-url" in only


@pytest.mark.parametrize("attribute", ['font-weight="700"', 'font-family="Inter"',
                                       'style="font-size:40px"'])
def test_font_attributes_on_a_text_slot_point_at_data_font(attribute):
    _, problems = slots_of(f'<rect data-slot="body" x="50" y="50" width="300" height="100" '
                           f'{TEXT} {attribute}/>')
    (only,) = errors(problems)
    assert "on a slot would be ignored: the slot's font role decides" in only
    assert 'choose the face with data-font="' in only

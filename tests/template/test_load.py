"""The template loader: slots named so editors keep them, errors with their lines, groups with
transforms, formats of another size, and what a format leaves out."""

from __future__ import annotations

from pathlib import Path

import pytest

from pressroom.brandbook import load
from pressroom.errors import Problems
from pressroom.model import Format
from pressroom.template.load import load_template
from tests.conftest import REPO

MINI = REPO / "tests" / "data" / "mini"
BOOK, _ = load(MINI)
TEXT = 'data-font="text" data-max-size="20" data-min-size="10" data-color="ink" data-on="paper"'


def fmt(width=400, height=300, safe=(0, 0, 0, 0), **kw) -> Format:
    return Format("card", "", width, height, "px", safe, "t.svg", **kw)


def svg(body: str, box: str = "0 0 400 300", root: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box}"{root}>\n{body}\n</svg>\n'
    )


def load_text(tmp_path: Path, text: str, format: Format | None = None, name: str = "t.svg"):
    path = tmp_path / "templates" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    problems = Problems(tmp_path)
    return load_template(path, format or fmt(), BOOK.brand, problems, tmp_path), problems


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def errors(problems: Problems) -> list[str]:
    """Each error as printed, from the template's file name on."""
    return [str(p).split("/templates/")[-1] for p in problems.errors]


# --- naming slots --------------------------------------------------------------------------------


def test_data_slot_names_a_slot_whatever_its_id(tmp_path):
    text = svg(
        f'<rect id="rect35" data-slot="url" data-kind="fact" x="1" y="2" width="30" height="9"'
        f" {TEXT}/>\n"
        f'<rect id="anything" data-slot="url" data-kind="slogan" x="1" y="20" width="30"'
        f' height="9" {TEXT}/>'
    )
    template, problems = load_text(tmp_path, text)
    assert errors(problems) == []
    assert sorted((s.name, s.kind, s.y) for s in template.slots) == [
        ("url", "fact", 2.0), ("url", "slogan", 20.0)
    ]
    static = template.parts_for("fact").pieces[0]
    assert 'id="rect35"' in static and "anything" not in static


def test_a_unique_slot_id_still_names_a_slot(tmp_path):
    text = svg(f'<rect id="slot-cta" width="9" height="9" {TEXT}/>')
    template, problems = load_text(tmp_path, text)
    assert errors(problems) == [] and [s.name for s in template.slots] == ["cta"]


def test_a_slot_id_used_twice_is_an_error_at_each_line(tmp_path):
    text = svg(
        f'<rect id="slot-url" data-kind="slogan" width="9" height="9" {TEXT}/>\n'
        f'<rect id="slot-url" data-kind="fact" width="9" height="9" {TEXT}/>'
    )
    template, problems = load_text(tmp_path, text)
    assert template is None
    found = errors(problems)
    for line in (3, 4):
        assert any(
            f"t.svg:{line}: slot-url: the id 'slot-url' is used 2 times" in p
            and 'data-slot="url"' in p for p in found
        ), found


@pytest.mark.parametrize(
    "kinds,clash",
    [(("slogan", "slogan"), True), ((None, "fact"), True), ((None, None), True),
     (("slogan", "fact"), False)],
)
def test_a_slot_name_seen_twice_for_the_same_kind_is_an_error(tmp_path, kinds, clash):
    rects = [
        f'<rect data-slot="cta" {f"data-kind={chr(34)}{k}{chr(34)} " if k else ""}'
        f'x="1" y="{10 * n}" width="9" height="9" {TEXT}/>'
        for n, k in enumerate(kinds)
    ]
    text = svg("\n".join(rects))
    template, problems = load_text(tmp_path, text)
    if not clash:
        assert errors(problems) == []
        return
    assert template is None
    assert any(
        "t.svg:4: slot-cta: slot 'cta' appears twice" in p and "(also on line 3)" in p
        for p in errors(problems)
    ), errors(problems)


def test_slot_attributes_on_an_element_that_is_no_slot_are_an_error_with_its_line(tmp_path):
    text = svg(
        '<rect width="400" height="300" fill="#fff"/>\n'
        f'<rect id="rect26" x="1" y="1" width="9" height="9" {TEXT}\n'
        '  xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:label="url"/>'
    )
    template, problems = load_text(tmp_path, text)
    assert template is None
    (only,) = errors(problems)
    assert only.startswith("t.svg:4: rect26: this <rect> has slot attributes (data-color")
    assert 'Inkscape label is "url"' in only and "renamed a copy's id" in only
    assert 'data-slot="NAME"' in only


def test_data_kind_and_palette_attributes_alone_do_not_make_a_slot(tmp_path):
    text = svg('<rect width="9" height="9" data-kind="fact" data-fill="ink" data-mirror="no"/>')
    template, problems = load_text(tmp_path, text)
    assert errors(problems) == [] and template.slots == ()


def test_an_unknown_slot_name_lists_the_names(tmp_path):
    text = svg(f'<rect data-slot="title" width="9" height="9" {TEXT}/>')
    _, problems = load_text(tmp_path, text)
    (only,) = errors(problems)
    assert "t.svg:3: slot-title: unknown slot 'title' — use one of body, claim" in only


# --- what Inkscape writes ------------------------------------------------------------------------

INKSCAPE_HEAD = (
    '<svg xmlns="http://www.w3.org/2000/svg" '
    'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
    'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" '
    'width="400" height="300" viewBox="0 0 400 300" inkscape:version="1.2.2">\n'
    '<sodipodi:namedview id="namedview1" inkscape:document-units="px"/>\n'
)


def test_inkscape_layers_styles_and_units_are_understood(tmp_path):
    text = (
        INKSCAPE_HEAD
        + '<g inkscape:groupmode="layer" inkscape:label="Layer 1" id="layer1" '
        'transform="translate(10,-5)">\n'
        '<rect id="rect1" style="fill:#123456;stroke:none" data-fill="paper" width="40px" '
        'height="30px"/>\n'
        '<g id="g2" transform="scale(2)">\n'
        f'<rect id="rect3" data-slot="headline" x="5px" y="10" width="1.5e1" height="20" {TEXT}/>\n'
        "</g></g></svg>\n"
    )
    template, problems = load_text(tmp_path, text)
    assert errors(problems) == []
    (slot,) = template.slots
    assert (slot.x, slot.y, slot.width, slot.height) == (20, 15, 30, 40)
    assert (slot.style.max_size, slot.style.min_size) == (40, 20)  # scaled with the group
    static = template.parts_for("slogan").static
    assert "inkscape" not in static and "sodipodi" not in static
    assert 'fill="#FFF8EC"' not in static  # mini's paper is #FFFFFF
    assert 'fill="#FFFFFF"' in static and "#123456" not in static


@pytest.mark.parametrize(
    "transform,needle",
    [("rotate(5)", "t.svg:4: slot-cta: the slot or a group around it is rotated or skewed"),
     ("skewX(10)", "t.svg:4: slot-cta: the slot or a group around it is rotated or skewed"),
     ("translate(1,", "t.svg:3: transform: 'translate(1,' is not a valid SVG transform"),
     ("scale(2) bogus(1)", "t.svg:3: transform: 'scale(2) bogus(1)' is not a valid SVG"),
     ("rotate()", "t.svg:3: transform: 'rotate()' is not a valid SVG transform")],
)
def test_slots_in_rotated_or_broken_groups_are_errors(tmp_path, transform, needle):
    rect = f'<rect data-slot="cta" width="9" height="9" {TEXT}/>'
    text = svg(f'<g transform="{transform}">\n{rect}\n</g>')
    template, problems = load_text(tmp_path, text)
    assert template is None
    assert [p for p in errors(problems) if p.startswith(needle)], errors(problems)


# --- one template, many sizes --------------------------------------------------------------------

SCALABLE = svg(
    '<rect width="800" height="600" fill="#000" data-fill="accent"/>\n'
    f'<rect data-slot="headline" x="100" y="100" width="400" height="200" {TEXT}/>\n'
    '<rect data-slot="qr" x="500" y="300" width="250" height="250"/>',
    box="0 0 800 600",
)


def test_a_template_of_the_same_shape_is_used_at_the_format_s_size(tmp_path):
    template, problems = load_text(tmp_path, SCALABLE, fmt(400, 300, safe=(50, 50, 50, 50)))
    assert errors(problems) == []
    assert (template.width, template.height) == (400, 300)
    slots = {s.name: s for s in template.slots}
    assert (slots["headline"].x, slots["headline"].width) == (50, 200)
    assert (slots["headline"].style.max_size, slots["headline"].style.min_size) == (10, 5)
    assert (slots["qr"].x, slots["qr"].width) == (250, 125)
    static = template.parts_for("slogan").static
    assert 'viewBox="0 0 400 300"' in static and 'transform="matrix(0.5 0 0 0.5 0 0)"' in static
    # Content is drawn in the format's units: the slot's group undoes the scale.
    assert 'transform="matrix(2 0 0 2 0 0)"' in template.parts_for("slogan").pieces[0]


def test_safe_areas_are_judged_at_the_format_s_size(tmp_path):
    _, problems = load_text(tmp_path, SCALABLE, fmt(400, 300, safe=(60, 60, 60, 60)))
    assert any(
        "slot-headline: the slot (x 50–250, y 50–150) leaves the safe area" in p
        for p in errors(problems)
    ), errors(problems)


def test_within_one_percent_of_the_shape_is_the_same_shape(tmp_path):
    template, problems = load_text(tmp_path, SCALABLE, fmt(403, 300))
    assert errors(problems) == [] and template.width == 403


def test_another_shape_is_an_error_naming_the_templates_that_would_fit(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "wide.svg").write_text(svg("", box="0 0 1600 900"))
    (tmp_path / "templates" / "also-wide.svg").write_text(svg("", box="0 0 160 90"))
    template, problems = load_text(tmp_path, SCALABLE, fmt(1280, 720))
    assert template is None
    (only,) = errors(problems)
    assert "t.svg:2: viewBox: the template is 800×600 (1.333:1), format card is 1280×720 px" in only
    assert "use also-wide.svg or wide.svg for card in formats.yaml" in only


# --- what a format leaves out --------------------------------------------------------------------


def test_a_format_can_leave_out_slots_and_what_is_drawn_with_them(tmp_path):
    text = svg(
        '<rect id="plate" x="280" y="160" width="110" height="110" fill="#fff" data-with="qr"/>\n'
        '<rect data-slot="qr" x="290" y="170" width="90" height="90"/>\n'
        f'<rect data-slot="url" x="10" y="10" width="90" height="20" {TEXT}/>\n'
        f'<rect data-slot="cta" x="10" y="40" width="90" height="20" {TEXT}/>'
    )
    template, problems = load_text(tmp_path, text, fmt(omit=("qr", "url")))
    assert errors(problems) == []
    assert [s.name for s in template.slots] == ["cta"]
    assert "plate" not in template.parts_for("slogan").static
    assert {"qr", "url"} <= template.omit
    kept, _ = load_text(tmp_path, text)
    assert "plate" in kept.parts_for("slogan").static


def test_data_with_must_name_a_slot(tmp_path):
    _, problems = load_text(tmp_path, svg('<rect width="9" height="9" data-with="badge"/>'))
    assert "t.svg:3: data-with: 'badge' is not a slot" in errors(problems)[0]


def test_data_mirror_takes_no_only(tmp_path):
    _, problems = load_text(tmp_path, svg('<rect width="9" height="9" data-mirror="false"/>'))
    assert 't.svg:3: data-mirror: is \'false\' — write data-mirror="no"' in errors(problems)[0]


def test_an_image_in_a_marker_is_warned_as_mirrored(tmp_path):
    (tmp_path / "assets").mkdir()
    from PIL import Image

    Image.new("RGB", (4, 4), "red").save(tmp_path / "assets" / "dot.png")
    text = svg(
        '<defs><marker id="m" markerWidth="4" markerHeight="4">\n'
        '<image href="../assets/dot.png" width="4" height="4"/></marker></defs>\n'
        '<path d="M0 0L40 40" stroke="#000000" marker-end="url(#m)"/>'
    )
    template, problems = load_text(tmp_path, text)
    assert template is not None
    (warning,) = [str(p).split("/templates/")[-1] for p in problems.warnings]
    assert "t.svg:4: image: warning: an image inside a <marker> is drawn mirrored" in warning


def test_slots_keep_their_place_inside_data_mirror_no(tmp_path):
    text = svg(
        f'<g data-mirror="no"><rect data-slot="cta" width="9" height="9" {TEXT}/></g>\n'
        f'<rect data-slot="url" width="9" height="9" {TEXT}/>'
    )
    template, _ = load_text(tmp_path, text)
    assert {s.name: s.mirrors for s in template.slots} == {"cta": False, "url": True}


# --- a layout of the plain kit's own (data-plain="only") -----------------------------------------


def test_the_plain_kit_can_have_its_own_slots_and_art(tmp_path):
    """A campaign-only headline and a plain-only one (in a group) do not clash: each kit fills
    its own, and each kit's art leaves out the other's."""
    text = svg(
        f'<rect id="band" y="200" width="400" height="100" data-campaign="only"/>\n'
        f'<rect id="short-band" y="260" width="400" height="40" data-plain="only"/>\n'
        f'<rect data-slot="headline" data-campaign="only" x="1" y="40" width="200" height="90"'
        f" {TEXT}/>\n"
        f'<g data-plain="only"><rect data-slot="headline" id="big" x="1" y="1" width="390"'
        f' height="250" {TEXT}/></g>\n'
        f'<rect data-slot="url" x="1" y="280" width="200" height="15" {TEXT}/>'
    )
    template, problems = load_text(tmp_path, text)
    assert errors(problems) == []
    ours = {s.name: s.y for s in template.slots_for("slogan")}
    plain = {s.name: s.y for s in template.slots_for("slogan", plain=True)}
    assert ours == {"headline": 40.0, "url": 280.0} and plain == {"headline": 1.0}
    assert 'id="band"' in template.parts_for("slogan").static
    assert "short-band" not in template.parts_for("slogan").static
    static = template.parts_for("slogan", plain=True).static
    assert 'id="short-band"' in static and 'id="band"' not in static
    assert template.parts_for("slogan", plain=True).slots == ("headline",)


def test_two_slots_of_one_name_for_the_plain_kit_clash(tmp_path):
    text = svg(
        f'<rect data-slot="cta" data-plain="only" y="1" width="9" height="9" {TEXT}/>\n'
        f'<rect data-slot="cta" y="20" width="9" height="9" {TEXT}/>'
    )
    template, problems = load_text(tmp_path, text)
    assert template is None
    assert any("slot 'cta' appears twice" in p and 'data-plain="only"' in p
               for p in errors(problems)), errors(problems)


@pytest.mark.parametrize(
    "attrs,needle",
    [
        ('data-plain="yes"', "data-plain: is 'yes'"),
        ('data-plain="only" data-campaign="only"', 'data-plain: is "only", and so is'),
    ],
)
def test_data_plain_takes_only_and_not_with_data_campaign(tmp_path, attrs, needle):
    text = svg(f'<rect {attrs} width="9" height="9"/>')
    template, problems = load_text(tmp_path, text)
    assert template is None
    assert any(needle in p for p in errors(problems)), errors(problems)


def test_a_campaign_slot_cannot_be_the_plain_kits(tmp_path):
    text = svg('<rect data-slot="qr" data-plain="only" width="90" height="90"/>')
    template, problems = load_text(tmp_path, text)
    assert template is None
    assert any("data-plain: is on the qr slot" in p for p in errors(problems)), errors(problems)

"""template/parts.py: cut() serializes a template for one kind of message, flipped or not, for the
plain kit or not, as text pieces with the slots' names between them; content put where a slot was
is drawn in the root's coordinates whatever groups were around the slot."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from pressroom.template.geometry import to_root
from pressroom.template.parts import cut
from pressroom.template.xml import SVG, XLINK, local

W = 400.0
TEMPLATE = f"""<svg xmlns="{SVG}" xmlns:xlink="{XLINK}" viewBox="0 0 400 300">
  <rect id="bg" width="400" height="300" fill="#fff"/>
  <rect id="band" width="400" height="20" fill="#5B2A86" data-kind="fact"/>
  <g id="quote" data-kind="slogan"><path id="mark" d="M0 0H9"/></g>
  <rect id="slot-headline" x="20" y="30" width="240" height="150" data-kind="slogan"
        data-font="display" data-max-size="60" data-min-size="14"/>
  <rect id="slot-figure" x="20" y="30" width="240" height="80" data-kind="fact"/>
  <rect data-slot="claim" id="rect12" x="20" y="120" width="240" height="80" data-kind="fact"/>
  <rect id="plate" x="280" y="160" width="110" height="110" fill="#fff" data-with="qr"/>
  <rect id="slot-qr" x="280" y="160" width="110" height="110"/>
  <path id="sigil" d="M1 1H5" data-campaign="only"/>
  <rect id="slot-cta" x="20" y="250" width="240" height="30" data-kind="slogan"/>
</svg>"""


def tree(text: str = TEMPLATE):
    return ET.fromstring(text)


def ids(text: str) -> list[str]:
    return re.findall(r'\bid="([^"]+)"', text)


def filled(parts) -> ET.Element:
    """The cut joined with a probe rect in each slot's place, parsed again."""
    out = parts.pieces[0]
    for name, piece in zip(parts.slots, parts.pieces[1:], strict=True):
        out += f'<rect id="probe-{name}" width="1" height="1"/>' + piece
    return ET.fromstring(out)


def placed(root, el_id):
    ctm, bad = to_root(root)
    assert bad == []
    return ctm[next(el for el in root.iter() if el.get("id") == el_id)]


def close(m, expected) -> bool:
    """Equal to a millionth (svg_matrix writes nine significant digits)."""
    return all(abs(a - b) < 1e-6 for a, b in zip(m, expected, strict=True))


IDENTITY = (1, 0, 0, 1, 0, 0)


# --- kinds and slots -----------------------------------------------------------------------------


def test_a_slogan_cut_keeps_its_own_elements_and_slots_in_order():
    parts = cut(tree(), "slogan", False, W)
    assert parts.slots == ("headline", "qr", "cta")
    assert len(parts.pieces) == len(parts.slots) + 1
    kept = ids(parts.static)
    assert "band" not in kept and "slot-figure" not in kept and "rect12" not in kept
    assert {"bg", "quote", "mark", "plate", "sigil"} <= set(kept)


def test_a_fact_cut_leaves_out_the_slogans_elements():
    parts = cut(tree(), "fact", False, W)
    assert parts.slots == ("figure", "claim", "qr")
    kept = ids(parts.static)
    assert "quote" not in kept and "mark" not in kept and "band" in kept


def test_each_slot_becomes_an_empty_group_with_its_id_and_no_data_attributes_survive():
    parts = cut(tree(), "fact", False, W)
    root = ET.fromstring(parts.static)
    groups = {el.get("id"): el for el in root.iter() if local(el.tag) == "g"}
    for slot_id in ("slot-figure", "rect12", "slot-qr"):
        g = groups[slot_id]
        assert len(g) == 0 and not (g.text or "").strip() and g.get("transform") is None
    assert not any(local(el.tag) == "rect" and el.get("id", "").startswith("slot-")
                   for el in root.iter())
    assert "data-" not in parts.static
    assert "\x00" not in parts.static


def test_cutting_leaves_the_template_as_it_was():
    root = tree()
    before = ET.tostring(root)
    for kind in ("slogan", "fact"):
        for mirrored in (False, True):
            for plain in (False, True):
                cut(root, kind, mirrored, W, plain)
    assert ET.tostring(root) == before


def test_a_cut_is_joined_back_into_one_svg_with_the_content_in_place():
    parts = cut(tree(), "slogan", False, W)
    root = filled(parts)
    names = [el.get("id") for el in root.iter() if (el.get("id") or "").startswith("probe-")]
    assert names == ["probe-headline", "probe-qr", "probe-cta"]
    # each probe is inside the group that marks its slot
    groups = {el.get("id"): el for el in root.iter() if local(el.tag) == "g"}
    assert groups["slot-headline"][0].get("id") == "probe-headline"


# --- content in the root's coordinates -----------------------------------------------------------


@pytest.mark.parametrize(
    "outer,inner",
    [("translate(10 20)", ""), ("scale(2)", "translate(-5 3)"),
     ("matrix(0.5 0 0 0.25 7 9)", "rotate(30)")],
)
def test_content_in_a_slot_is_drawn_in_root_coordinates_through_the_groups(outer, inner):
    text = (
        f'<svg xmlns="{SVG}" viewBox="0 0 400 300"><g transform="{outer}">'
        f'<g transform="{inner}"><rect id="slot-body" x="1" y="2" width="3" height="4"/></g>'
        "</g></svg>"
    )
    parts = cut(ET.fromstring(text), "slogan", False, W)
    assert parts.slots == ("body",)
    assert close(placed(filled(parts), "probe-body"), IDENTITY)


def test_a_slot_with_its_own_transform_loses_it_with_the_rect():
    text = (f'<svg xmlns="{SVG}"><rect id="slot-body" transform="translate(50 50)" width="3"'
            ' height="4"/></svg>')
    parts = cut(ET.fromstring(text), "slogan", False, W)
    assert "translate" not in parts.static and "matrix" not in parts.static
    assert close(placed(filled(parts), "probe-body"), IDENTITY)


def test_a_mirrored_cut_flips_the_art_but_not_the_content():
    root = filled(cut(tree(), "slogan", True, W))
    flip = (-1, 0, 0, 1, W, 0)  # x → W − x
    assert close(placed(root, "bg"), flip)
    assert close(placed(root, "mark"), flip)
    for name in ("headline", "qr", "cta"):
        assert close(placed(root, f"probe-{name}"), IDENTITY), name


def test_a_mirrored_cut_keeps_data_mirror_no_art_where_it_was():
    text = (
        f'<svg xmlns="{SVG}" viewBox="0 0 400 300"><g transform="translate(30 0)">'
        '<path id="flag" d="M0 0H10" data-mirror="no"/><path id="wave" d="M0 0H10"/></g>'
        '<rect id="slot-body" x="1" y="2" width="3" height="4"/></svg>'
    )
    root = filled(cut(ET.fromstring(text), "slogan", True, W))
    assert close(placed(root, "flag"), (1, 0, 0, 1, 30, 0))
    # the wave follows the page: x → W − (x + 30)
    assert close(placed(root, "wave"), (-1, 0, 0, 1, W - 30, 0))
    assert close(placed(root, "probe-body"), IDENTITY)


# --- on top --------------------------------------------------------------------------------------


def test_slots_are_on_top_when_nothing_is_drawn_after_the_first():
    text = (
        f'<svg xmlns="{SVG}"><rect id="bg" width="9" height="9"/>'
        '<g transform="translate(1 1)"><rect id="slot-headline" width="3" height="4"/>'
        '<g/>\n  <rect id="slot-cta" width="3" height="4"/></g></svg>'
    )
    assert cut(ET.fromstring(text), "slogan", False, W).slots_on_top is True


def test_slots_are_not_on_top_when_art_is_drawn_after_one():
    text = (
        f'<svg xmlns="{SVG}"><rect id="slot-headline" width="3" height="4"/>'
        '<circle r="2"/><rect id="slot-cta" width="3" height="4"/></svg>'
    )
    parts = cut(ET.fromstring(text), "slogan", False, W)
    assert parts.slots == ("headline", "cta") and parts.slots_on_top is False


def test_a_template_without_slots_is_one_piece():
    text = f'<svg xmlns="{SVG}"><rect id="bg" width="9" height="9"/></svg>'
    parts = cut(ET.fromstring(text), "fact", False, W)
    assert parts.slots == () and len(parts.pieces) == 1
    assert ids(parts.static) == ["bg"]


# --- the plain kit -------------------------------------------------------------------------------


def test_the_plain_kit_leaves_out_the_campaigns_marks():
    parts = cut(tree(), "slogan", False, W, plain=True)
    assert parts.slots == ("headline", "cta")
    kept = ids(parts.static)
    assert "plate" not in kept  # drawn with the QR code
    assert "sigil" not in kept  # data-campaign="only"
    assert "bg" in kept and "mark" in kept


def test_the_other_kits_keep_the_campaigns_marks():
    parts = cut(tree(), "slogan", False, W)
    assert "qr" in parts.slots
    assert {"plate", "sigil"} <= set(ids(parts.static))


@pytest.mark.parametrize("slot", ["wordmark", "url", "qr", "logo"])
def test_every_campaign_slot_and_what_is_drawn_with_it_leaves_the_plain_kit(slot):
    text = (
        f'<svg xmlns="{SVG}"><rect data-slot="{slot}" id="s" width="3" height="4"/>'
        f'<g id="with" data-with="cta {slot}"><path d="M0 0"/></g>'
        '<rect data-slot="cta" id="c" width="3" height="4"/></svg>'
    )
    plain = cut(ET.fromstring(text), "slogan", False, W, plain=True)
    assert plain.slots == ("cta",) and ids(plain.static) == ["c"]
    full = cut(ET.fromstring(text), "slogan", False, W)
    assert full.slots == (slot, "cta")

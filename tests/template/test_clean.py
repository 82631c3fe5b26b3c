"""template/clean.py: editor data, metadata, comments, foreign names and event attributes are
dropped; a reference (other than an <image>'s) that leaves the file is refused at its line; and
check_safety runs the allow-list and the bounds, with an asset's references kept to its own ids."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pressroom.errors import Problems
from pressroom.template.clean import check_links, check_safety, clean
from pressroom.template.xml import SVG, XLINK, local, parse, svg_text

INKSCAPE = "http://www.inkscape.org/namespaces/inkscape"
SODIPODI = "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
HEAD = (
    f'<svg xmlns="{SVG}" xmlns:xlink="{XLINK}" xmlns:inkscape="{INKSCAPE}" '
    f'xmlns:sodipodi="{SODIPODI}" viewBox="0 0 40 40">\n'
)


def doc_of(body: str):
    problems = Problems()
    doc = parse((HEAD + body + "\n</svg>").encode(), Path("t.svg"), problems)
    assert doc is not None, problems.items
    return doc, problems


def tags(root) -> list[str]:
    return [local(el.tag) for el in root.iter()]


def errors(problems: Problems) -> list[str]:
    return [str(p) for p in problems.errors]


# --- clean ---------------------------------------------------------------------------------------


def test_metadata_title_desc_and_the_editor_view_are_dropped_with_what_they_hold():
    doc, _ = doc_of(
        "<metadata><rdf>Alice Private</rdf></metadata>"
        "<title>Alice's poster</title><desc>/home/alice</desc>"
        '<sodipodi:namedview id="nv" inkscape:zoom="2"/>'
        '<g><title>inner</title><rect width="9" height="9"/></g>'
    )
    clean(doc.root)
    assert tags(doc.root) == ["svg", "g", "rect"]
    out = svg_text(doc.root)
    assert "Alice" not in out and "inner" not in out and "zoom" not in out


def test_elements_of_other_namespaces_are_dropped_and_svg_ones_kept():
    doc, _ = doc_of(
        '<inkscape:path-effect id="pe"/><rect width="1" height="1"/>'
        '<g><sodipodi:guide position="1,1"/><circle r="1"/></g>'
    )
    clean(doc.root)
    assert tags(doc.root) == ["svg", "rect", "g", "circle"]


def test_comments_and_processing_instructions_are_dropped():
    root = ET.Element(f"{{{SVG}}}svg")
    root.append(ET.Comment("made by Alice on her laptop"))
    g = ET.SubElement(root, f"{{{SVG}}}g")
    g.append(ET.ProcessingInstruction("xml-stylesheet", 'href="x.css"'))
    ET.SubElement(g, f"{{{SVG}}}rect")
    clean(root)
    assert [el.tag for el in root.iter()] == [f"{{{SVG}}}svg", f"{{{SVG}}}g", f"{{{SVG}}}rect"]
    assert "Alice" not in ET.tostring(root, encoding="unicode")


def test_foreign_and_event_attributes_are_dropped_and_xlink_and_data_kept():
    doc, _ = doc_of(
        '<rect id="r" width="9" height="9" inkscape:label="Alice\'s box" '
        'onclick="alert(1)" onload="alert(2)" data-slot="cta" data-on="paper" fill="red"/>'
        '<use xlink:href="#r" sodipodi:nodetypes="cc" opacity="0.5"/>'
    )
    clean(doc.root)
    rect, use = list(doc.root)
    assert rect.attrib == {
        "id": "r", "width": "9", "height": "9", "data-slot": "cta", "data-on": "paper",
        "fill": "red",
    }
    assert use.attrib == {f"{{{XLINK}}}href": "#r", "opacity": "0.5"}


def test_cleaning_the_repository_card_template_leaves_no_editor_trace():
    path = Path(__file__).resolve().parents[1] / "data" / "mini" / "templates" / "card.svg"
    problems = Problems()
    doc = parse(path.read_bytes(), path, problems)
    clean(doc.root)
    out = svg_text(doc.root)
    assert "Someone Private" not in out and "comment" not in out
    assert "inkscape" not in out and "metadata" not in out
    assert sum(1 for el in doc.root.iter() if el.get("id", "").startswith("slot-")) == 7


# --- links ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ref",
    ["http://example.org/a.svg#x", "https://example.org/", "file:///etc/passwd#x",
     "other.svg#x", "  //example.org/x", "data:image/svg+xml,<svg/>"],
)
def test_a_reference_out_of_the_file_is_refused_at_the_line_of_the_reference(ref):
    attr_value = ref.replace("<", "&lt;").replace(">", "&gt;")
    doc, problems = doc_of(f'<rect id="a" width="1" height="1"/>\n<use x="1"\n'
                           f'     href="{attr_value}"/>')
    check_links(doc, problems)
    (only,) = errors(problems)
    # the href sits on line 4 of the file (the <use> starts on line 3)
    assert only == (
        f"t.svg:4: use: refers to {ref[:60]!r} outside the template — embed it or draw it in"
        " the template; nothing is ever fetched"
    )


def test_a_reference_not_found_as_written_is_reported_at_its_elements_line():
    # ">" may stand unescaped in an attribute; the reference is then not found as escaped.
    doc, problems = doc_of('<rect width="1" height="1"/>\n<use x="1"\n href="data:,&lt;b>"/>')
    check_links(doc, problems)
    assert [p.line for p in problems.errors] == [3]


def test_xlink_href_is_judged_like_href():
    doc, problems = doc_of('<linearGradient id="g" xlink:href="https://example.org/g.svg#g"/>')
    check_links(doc, problems)
    assert [p.key for p in problems.errors] == ["linearGradient"]
    assert "'https://example.org/g.svg#g' outside the template" in errors(problems)[0]


def test_references_to_own_ids_pass_and_an_images_link_is_left_for_inlining():
    doc, problems = doc_of(
        '<rect id="a" width="1" height="1"/><use href="#a"/><use xlink:href=" #a"/>'
        '<image href="https://example.org/photo.png" width="4" height="4"/>'
    )
    check_links(doc, problems)
    assert problems.items == []


def test_a_long_reference_is_shortened_in_the_message():
    ref = "https://example.org/" + "x" * 200
    doc, problems = doc_of(f'<use href="{ref}"/>')
    check_links(doc, problems)
    (only,) = errors(problems)
    assert repr(ref[:60]) in only and ref[:61] not in only


# --- check_safety --------------------------------------------------------------------------------


def test_check_safety_refuses_links_allow_list_and_bounds_at_their_lines():
    doc, problems = doc_of(
        '<use href="http://example.org/x.svg#a"/>\n'
        "<text>Hello</text>\n"
        '<g id="loop"><use href="#loop"/></g>\n'
        '<svg viewBox="0 0 0 10"/>'
    )
    clean(doc.root)
    check_safety(doc, problems)
    found = errors(problems)
    assert any(p.startswith("t.svg:2: use: refers to 'http://example.org/x.svg#a'") for p in found)
    assert any(p.startswith("t.svg:3: text: templates cannot contain <text>") for p in found)
    assert any(p.startswith("t.svg:4: use: refers to #loop, which contains it") for p in found)
    assert any(p.startswith("t.svg:5: viewBox: the viewBox '0 0 0 10' has no area") for p in found)
    assert len(found) == 4, found


def test_an_asset_may_only_refer_to_its_own_ids_but_a_template_may_dangle():
    body = '<use href="#from-the-template"/>'
    doc, problems = doc_of(body)
    check_safety(doc, problems)
    assert problems.errors == []
    doc, problems = doc_of(body)
    check_safety(doc, problems, asset=True)
    (only,) = errors(problems)
    assert only.startswith("t.svg:2: use: refers to #from-the-template, which is not in this file")


def test_a_clean_file_passes_unchanged_in_what_it_draws():
    body = (
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient>'
        '</defs><rect width="40" height="40" fill="url(#g)"/><use href="#g"/>'
    )
    doc, problems = doc_of(body)
    clean(doc.root)
    before = tags(doc.root)
    check_safety(doc, problems)
    assert problems.items == [] and tags(doc.root) == before

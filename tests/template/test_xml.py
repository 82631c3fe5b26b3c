"""template/xml.py: SVG parsed safely with the line of every element, DTDs, entities, bad XML and
deep nesting refused at their lines, and serialized with SVG as the default namespace and xlink
as `xlink:` whatever ElementTree has registered."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pressroom.errors import Problems
from pressroom.template.xml import (
    MAX_DEPTH,
    SVG,
    XLINK,
    Doc,
    href,
    ids,
    local,
    parents,
    parse,
    svg_text,
)

XML_NS = "http://www.w3.org/XML/1998/namespace"
NS = f'xmlns="{SVG}" xmlns:xlink="{XLINK}"'


def parsed(text: str) -> tuple[Doc | None, Problems]:
    problems = Problems()
    return parse(text.encode(), Path("t.svg"), problems), problems


def messages(problems: Problems) -> list[str]:
    return [str(p) for p in problems.errors]


# --- names -------------------------------------------------------------------------------------


def test_local_drops_the_namespace_of_tags_and_attributes():
    assert local(f"{{{SVG}}}rect") == "rect"
    assert local(f"{{{XLINK}}}href") == "href"
    assert local("fill") == "fill"
    assert local(ET.Comment) == ""  # a comment's tag is a function, not a name


def test_href_prefers_xlink_then_plain_then_nothing():
    both = ET.Element("image", {f"{{{XLINK}}}href": "a.png", "href": "b.png"})
    assert href(both) == "a.png"
    assert href(ET.Element("use", {"href": "#x"})) == "#x"
    assert href(ET.Element("use")) == ""


def test_parents_maps_every_child_to_its_parent_and_ids_collects_the_ids():
    root = ET.fromstring(f'<svg {NS}><g id="a"><rect id="b"/><rect/></g><circle id="c"/></svg>')
    g, circle = list(root)
    up = parents(root)
    assert up[g] is root and up[circle] is root
    assert all(up[r] is g for r in g)
    assert root not in up
    assert ids(root) == {"a", "b", "c"}


# --- parsing -----------------------------------------------------------------------------------


def test_every_element_knows_the_line_of_its_start_tag():
    text = (
        f"<?xml version='1.0'?>\n<svg {NS}>\n"
        "  <g id='layer'>\n"
        "\n"
        "    <rect id='r'\n"
        "          width='9' height='9'/>\n"
        "  </g><circle id='c' r='2'/>\n"
        "</svg>\n"
    )
    doc, problems = parsed(text)
    assert problems.items == []
    lines = text.splitlines()
    for el in doc.root.iter():
        expected = 2 if el is doc.root else next(
            i for i, line in enumerate(lines, 1) if f"id='{el.get('id')}'" in line
        )
        assert doc.line(el) == expected, el.get("id")
    assert doc.line(ET.Element("rect")) == 0  # an element not from this file
    assert doc.raw == text


def test_find_and_ref_line_give_the_line_as_written_in_the_file():
    text = (
        f"<svg {NS}>\n"
        '<rect width="1" height="1"/>\n'
        '<use href="a.svg?x=1&amp;y=2"/>\n'
        '<use href="say &quot;hi&quot;"/>\n'
        "</svg>"
    )
    doc, _ = parsed(text)
    assert doc.find("<rect") == 2
    assert doc.find("nowhere") == 0
    # The parsed values are unescaped; the file has them escaped.
    uses = [el for el in doc.root if local(el.tag) == "use"]
    assert [doc.ref_line(href(u)) for u in uses] == [3, 4]
    assert doc.ref_line("not there") == 0


def test_a_doctype_or_entity_is_refused_before_it_resolves():
    text = (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE svg [<!ENTITY boom "boom">]>\n'
        f"<svg {NS}><rect id='&boom;'/></svg>"
    )
    doc, problems = parsed(text)
    assert doc is None
    (only,) = messages(problems)
    assert only.startswith("t.svg: the SVG declares a DTD or entities (")
    assert "remove the <!DOCTYPE" in only


def test_external_doctype_is_refused_too():
    text = (
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        f"<svg {NS}/>"
    )
    doc, problems = parsed(text)
    assert doc is None and "declares a DTD" in messages(problems)[0]


def test_xml_that_is_not_well_formed_is_refused_at_the_line_of_the_fault():
    text = f"<svg {NS}>\n<g>\n<rect/>\n</svg>\n"  # <g> is never closed
    doc, problems = parsed(text)
    assert doc is None
    (only,) = messages(problems)
    assert only.startswith("t.svg:4: not well-formed SVG (mismatched tag")
    assert only.endswith("fix the XML at that line")


def test_nesting_up_to_the_limit_is_read_and_one_more_level_is_refused_at_its_line():
    def nested(levels: int) -> str:  # the root plus levels - 1 groups, one per line
        return f"<svg {NS}>\n" + "<g>\n" * (levels - 1) + "</g>" * (levels - 1) + "</svg>"

    doc, problems = parsed(nested(MAX_DEPTH))
    assert doc is not None and problems.items == []
    assert sum(1 for _ in doc.root.iter()) == MAX_DEPTH
    doc, problems = parsed(nested(MAX_DEPTH + 1))
    assert doc is None
    (only,) = messages(problems)
    # The element at depth MAX_DEPTH + 1 starts on line MAX_DEPTH + 1 (the root is line 1).
    assert only.startswith(f"t.svg:{MAX_DEPTH + 1}: elements are nested more than {MAX_DEPTH}")


# --- serializing -------------------------------------------------------------------------------


def _shape(el) -> list:
    """Every element's tag, attributes, text and tail, in document order."""
    return [(e.tag, dict(e.attrib), e.text, e.tail) for e in el.iter()]


def test_serializing_round_trips_tags_attributes_and_namespaces():
    text = (
        f'<svg {NS} viewBox="0 0 10 10"><defs><rect id="r" width="2" height="2"/></defs>'
        '<use xlink:href="#r" x="1"/><g xml:space="preserve"><path d="M0 0H1"/></g>'
        '<image href="data:image/png;base64,AAAA"/></svg>'
    )
    doc, _ = parsed(text)
    out = svg_text(doc.root)
    again = ET.fromstring(out)
    assert _shape(again) == _shape(doc.root)
    use = again.find(f"{{{SVG}}}use")
    assert use.get(f"{{{XLINK}}}href") == "#r"
    assert again.find(f"{{{SVG}}}g").get(f"{{{XML_NS}}}space") == "preserve"


def test_svg_is_the_default_namespace_and_xlink_keeps_its_prefix():
    doc, _ = parsed(f'<svg {NS}><use xlink:href="#a"/></svg>')
    out = svg_text(doc.root)
    assert out.startswith(f'<svg xmlns="{SVG}" xmlns:xlink="{XLINK}">')
    assert '<use xlink:href="#a" />' in out
    assert "ns0" not in out and "svg:" not in out


def test_namespaces_are_declared_only_when_used_and_xml_never():
    doc, _ = parsed(f'<svg {NS}><g xml:space="preserve"/></svg>')
    out = svg_text(doc.root)
    assert "xmlns:xlink" not in out  # no xlink name is written
    assert "xmlns:xml" not in out and 'xml:space="preserve"' in out
    ET.fromstring(out)  # and it is well-formed


def test_an_unknown_namespace_gets_a_declared_prefix_of_its_own():
    other = "http://example.org/ns"
    root = ET.Element(f"{{{SVG}}}svg")
    ET.SubElement(root, f"{{{other}}}thing", {f"{{{other}}}size": "3"})
    out = svg_text(root)
    again = ET.fromstring(out)
    (thing,) = list(again)
    assert thing.tag == f"{{{other}}}thing" and thing.get(f"{{{other}}}size") == "3"


def test_serializing_ignores_what_elementtree_has_registered(monkeypatch):
    # WeasyPrint, imported, registers prefixes of its own; ElementTree would then write them.
    monkeypatch.setattr(ET, "_namespace_map", dict(ET._namespace_map))
    ET.register_namespace("s", SVG)
    ET.register_namespace("xl", XLINK)
    doc, _ = parsed(f'<svg {NS}><use xlink:href="#a"/></svg>')
    assert "<s:svg" in ET.tostring(doc.root, encoding="unicode")  # what the registry does
    out = svg_text(doc.root)
    assert out == f'<svg xmlns="{SVG}" xmlns:xlink="{XLINK}"><use xlink:href="#a" /></svg>'


def test_serializing_leaves_the_tree_as_it_was():
    doc, _ = parsed(f'<svg {NS} width="4"><use xlink:href="#a"/></svg>')
    before = _shape(doc.root)
    svg_text(doc.root)
    assert _shape(doc.root) == before


@pytest.mark.parametrize("value", ["a < b & c", 'say "hi"', "tab\there"])
def test_attribute_values_survive_serializing(value):
    root = ET.Element(f"{{{SVG}}}svg", {"data-x": value})
    assert ET.fromstring(svg_text(root)).get("data-x") == value

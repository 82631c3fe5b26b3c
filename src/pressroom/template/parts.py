"""A template serialized for one kind of message and one direction: SVG text with a marker where
each slot goes, cut into pieces (`model.Parts`), so filling a job is joining strings.

Each slot becomes an empty group whose transform undoes the groups around it (the page flip of
a right-to-left layout, a format's scale group, a designer's translated layer): content is
always drawn in the root's coordinates, where compose laid it out.
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET

from pressroom.model import CAMPAIGN_SLOTS, Parts
from pressroom.template.geometry import invertible, svg_matrix, to_root
from pressroom.template.mirror import mirror
from pressroom.template.slots import slot_name
from pressroom.template.xml import SVG, parents, svg_text

_SLOT_MARK = "\x00slot:{}\x00"
_SPLIT = re.compile("\x00slot:([a-z-]+)\x00")


CAMPAIGN = "data-campaign"  # data-campaign="only": campaign identity, gone from the plain kit
PLAIN = "data-plain"  # data-plain="only": the plain kit's own layout, in no other kit


def cut(root, kind: str, mirrored: bool, width: float, plain: bool = False) -> Parts:
    """Serialize `root` for `kind` (elements of the other kind left out), flipped for a
    right-to-left layout when `mirrored`, with markers where slots go. The `plain` kit's
    serialization leaves out the campaign's marks: the wordmark, URL, QR and logo slots, what is
    drawn with them (data-with) and elements marked data-campaign="only"; every other kit's
    leaves out the elements marked data-plain="only"."""
    tree = copy.deepcopy(root)
    up = parents(tree)
    for el in list(tree.iter()):
        k = el.get("data-kind")
        gone = k is not None and k != kind
        if plain:
            gone = gone or el.get(CAMPAIGN) == "only" or slot_name(el) in CAMPAIGN_SLOTS
            gone = gone or bool(CAMPAIGN_SLOTS & set((el.get("data-with") or "").split()))
        else:
            gone = gone or el.get(PLAIN) == "only"
        if el is not tree and gone and el in up:
            up[el].remove(el)
    if mirrored:
        mirror(tree, width)
    up = parents(tree)
    ctm, _ = to_root(tree)
    for el in [e for e in tree.iter() if e is not tree and slot_name(e) is not None]:
        parent = up[el]
        marker = ET.Element(f"{{{SVG}}}g")
        if el.get("id"):
            marker.set("id", el.get("id"))
        around = ctm[parent]
        if not _identity(around) and invertible(around):
            marker.set("transform", svg_matrix(around.inverse()))
        marker.text = _SLOT_MARK.format(slot_name(el))
        parent.insert(list(parent).index(el), marker)
        parent.remove(el)
    for el in tree.iter():
        for name in [n for n in el.attrib if n.startswith("data-")]:
            del el.attrib[name]
    text = svg_text(tree)
    pieces = _SPLIT.split(text)
    after = "".join(pieces[2::2])
    on_top = re.sub(r"</?(g|svg)\b[^>]*>|\s+", "", after) == ""
    return Parts(tuple(pieces[0::2]), tuple(pieces[1::2]), on_top)


def _identity(m) -> bool:
    return all(abs(a - b) < 1e-12 for a, b in zip(m, (1, 0, 0, 1, 0, 0), strict=True))

"""Cleaning and refusing: editor data, metadata, comments and event attributes never reach an
output; a reference that leaves the file is refused; then the file is rebuilt from the allow-list
(allow.py: <text>, <script>, <foreignObject>, unknown elements and CSS that loads anything are
refused there, at their lines) and its work is bounded (bounds.py). An <image>'s own link is
judged when it is inlined (images.py)."""

from __future__ import annotations

from pressroom.errors import Problems
from pressroom.template.allow import rebuild
from pressroom.template.bounds import check_bounds
from pressroom.template.xml import SVG, XLINK, Doc, local

_DROP_TAGS = {"metadata", "title", "desc", "namedview"}


def clean(root) -> None:
    """Drop editor data, metadata and foreign attributes: they must never reach an output."""
    for parent in list(root.iter()):
        for child in list(parent):
            if (
                not isinstance(child.tag, str)
                or local(child.tag) in _DROP_TAGS
                or (child.tag.startswith("{") and not child.tag.startswith("{" + SVG))
            ):
                parent.remove(child)
    for el in root.iter():
        for name in list(el.attrib):
            if (name.startswith("{") and not name.startswith("{" + XLINK)) or name.startswith("on"):
                del el.attrib[name]


def check_safety(doc: Doc, problems: Problems, asset: bool = False) -> None:
    """Refuse every reference that leaves the file, keep only what the allow-list names, and
    bound the work the file asks for. `asset`: an SVG image or logo, whose references must
    name its own ids (it is nested in another file)."""
    check_links(doc, problems)
    rebuild(doc, problems)
    check_bounds(doc, problems, own_only=asset)


def check_links(doc: Doc, problems: Problems) -> None:
    """An href (of anything but an <image>, judged when it is inlined) names an #id."""
    for el in doc.root.iter():
        if local(el.tag) == "image":
            continue
        for name, ref in el.attrib.items():
            if local(name) == "href" and not ref.strip().startswith("#"):
                problems.add(
                    doc.path,
                    doc.ref_line(ref) or doc.line(el),
                    local(el.tag),
                    f"refers to {ref[:60]!r} outside the template",
                    "embed it or draw it in the template; nothing is ever fetched",
                )

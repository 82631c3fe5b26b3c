"""Cleaning and refusing: editor data, metadata, comments and event attributes never reach an
output; <text>, <script>, <foreignObject>, CSS escapes, @import and any reference that leaves the
file are refused. An <image>'s own link is judged when it is inlined (images.py)."""

from __future__ import annotations

import re

from pressroom.errors import Problems
from pressroom.svg.xml import SVG, XLINK, Doc, local

_DROP_TAGS = {"metadata", "title", "desc", "namedview"}
_FORBIDDEN_TAGS = {"text", "tspan", "textPath", "flowRoot", "script", "foreignObject"}
_URL = re.compile(r"url\(\s*['\"]?([^'\")\s]*)", re.I)
_IMPORT = re.compile(r"@import", re.I)


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


def check_safety(doc: Doc, problems: Problems) -> None:
    """Refuse text elements (cairo would use system fonts) and any outside reference.

    An <image>'s own link is checked when it is inlined; everything else (use, gradients,
    patterns, url() in attributes and styles) may only point inside the template.
    """
    path, raw_find = doc.path, doc.find
    outside = "embed it or draw it in the template; nothing is ever fetched"
    for el in doc.root.iter():
        tag = local(el.tag)
        if tag in _FORBIDDEN_TAGS:
            problems.add(
                path,
                doc.line(el) or raw_find(f"<{tag}"),
                tag,
                f"templates cannot contain <{tag}>",
                "put text in a slot (a rect with data-slot=\"NAME\"), or convert it to a path"
                " (Inkscape: Path ▸ Object to Path)",
            )
        refs = [v for k, v in el.attrib.items() if local(k) == "href" and tag != "image"]
        styles = [el.get("style") or ""] + ([el.text or ""] if tag == "style" else [])
        for text in [v for k, v in el.attrib.items() if local(k) != "href"] + styles[1:]:
            refs += _URL.findall(text)
        for text in styles:
            if "\\" in text:
                problems.add(
                    path,
                    raw_find("\\"),
                    tag,
                    "CSS escapes (\\) are not allowed in templates",
                    "write the plain characters",
                )
            if _IMPORT.search(text):
                problems.add(
                    path,
                    raw_find("@import"),
                    tag,
                    "@import is not allowed",
                    "put the styles in the template itself",
                )
        for ref in refs:
            if not ref.strip().startswith("#"):
                problems.add(
                    path,
                    doc.ref_line(ref),
                    tag,
                    f"refers to {ref[:60]!r} outside the template",
                    outside,
                )

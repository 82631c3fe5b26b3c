"""Parsing SVG safely, with the line of every element: DTDs, entities and external references
are refused before anything resolves them (defusedxml), and elements nested deeper than
`MAX_DEPTH` are refused while the file is read (every later step walks the tree; no drawing
needs more than a few dozen levels)."""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from pressroom.errors import Problems

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
INKSCAPE = "http://www.inkscape.org/namespaces/inkscape"
MAX_DEPTH = 100  # elements inside elements
_PREFIXES = {SVG: "", XLINK: "xlink", "http://www.w3.org/XML/1998/namespace": "xml"}
ET.register_namespace("", SVG)  # for ET.tostring elsewhere (tests); svg_text needs neither
ET.register_namespace("xlink", XLINK)


def local(tag) -> str:
    """The tag or attribute name without its namespace."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def svg_text(el) -> str:
    """`el` serialized as ElementTree writes it with SVG as the default namespace and xlink's
    prefix xlink, whatever this process has registered with ElementTree (importing WeasyPrint
    registers '' for no namespace, which takes the prefix '' away from SVG): the names are
    written out on a copy, so ElementTree's namespace map is never consulted."""
    el = copy.deepcopy(el)
    used: dict[str, str] = {}  # namespace -> prefix, of the names written

    def written(name: str) -> str:
        if not name.startswith("{"):
            return name
        uri, tag = name[1:].rsplit("}", 1)
        if uri not in used:
            used[uri] = _PREFIXES.get(uri, f"ns{len(used)}")
        return f"{used[uri]}:{tag}" if used[uri] else tag

    for e in el.iter():
        if isinstance(e.tag, str):
            e.tag = written(e.tag)
        if any(name.startswith("{") for name in e.attrib):
            items = [(written(name), value) for name, value in e.attrib.items()]
            e.attrib.clear()
            e.attrib.update(items)
    declared = {
        f"xmlns:{prefix}" if prefix else "xmlns": uri
        for uri, prefix in sorted(used.items(), key=lambda item: item[1])
        if prefix != "xml"
    }
    if declared:  # first, sorted by prefix, as ElementTree declares them
        items = {**declared, **el.attrib}
        el.attrib.clear()
        el.attrib.update(items)
    return ET.tostring(el, encoding="unicode")


def href(el) -> str:
    return el.get(f"{{{XLINK}}}href", el.get("href")) or ""


@dataclass
class Doc:
    """A parsed SVG file: its root, its text (for lines of references) and each element's line."""

    path: Path
    root: ET.Element
    raw: str
    lines: dict = field(default_factory=dict)  # element -> line of its start tag
    labels: dict = field(default_factory=dict)  # element -> its Inkscape label, before cleaning

    def line(self, el) -> int:
        return self.lines.get(el, 0)

    def find(self, needle: str) -> int:
        """The line of the first occurrence of `needle` in the file, or 0."""
        i = self.raw.find(needle)
        return self.raw.count("\n", 0, i) + 1 if i >= 0 else 0

    def ref_line(self, ref: str) -> int:
        """The line of a reference, as written in the file (attribute values are XML-escaped)."""
        for needle in (ref[:40], escape(ref[:40]), escape(ref[:40], {'"': "&quot;"})):
            line = self.find(needle)
            if line:
                return line
        return 0


class _TooDeep(Exception):
    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


class _Builder(ET.TreeBuilder):
    """Records the line where each element starts, from the parser reading it, and stops at
    the first element nested deeper than MAX_DEPTH."""

    def __init__(self):
        super().__init__()
        self.parser = None
        self.lines: dict = {}
        self.depth = 0

    def start(self, tag, attrs):
        line = self.parser.parser.CurrentLineNumber
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _TooDeep(line)
        el = super().start(tag, attrs)
        self.lines[el] = line
        return el

    def end(self, tag):
        self.depth -= 1
        return super().end(tag)


def parse(data: bytes, path: Path, problems: Problems) -> Doc | None:
    """The parsed file, or None with the reason in `problems`."""
    builder = _Builder()
    parser = DefusedXMLParser(
        target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except _TooDeep as exc:
        problems.add(
            path,
            exc.line,
            "",
            f"elements are nested more than {MAX_DEPTH} levels deep",
            "flatten the groups (Inkscape: Object ▸ Ungroup)",
        )
    except DefusedXmlException as exc:
        problems.add(
            path,
            0,
            "",
            f"the SVG declares a DTD or entities ({type(exc).__name__})",
            "remove the <!DOCTYPE …> and entity declarations",
        )
    except ET.ParseError as exc:
        problems.add(
            path,
            exc.position[0],
            "",
            f"not well-formed SVG ({exc.msg})",
            "open and re-save it in Inkscape, or fix the XML at that line",
        )
    except (ValueError, RecursionError) as exc:  # e.g. nesting too deep for the parser
        problems.add(
            path, 0, "", f"cannot be read as SVG ({type(exc).__name__})", "re-save it as SVG"
        )
    else:
        return Doc(path, root, data.decode("utf-8", errors="replace"), builder.lines)
    return None


def parents(root) -> dict:
    """Each element's parent."""
    return {child: parent for parent in root.iter() for child in parent}


def ids(root) -> set[str]:
    return {el.get("id") for el in root.iter() if el.get("id")}

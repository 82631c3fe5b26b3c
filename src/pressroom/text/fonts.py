"""Font files loaded by path (never through fontconfig): coverage, metrics and glyph outlines."""

from __future__ import annotations

import contextlib
import io
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import uharfbuzz as hb
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.ttLib import TTCollection, TTFont, TTLibError

from pressroom.errors import PressroomError
from pressroom.model import FontFile
from pressroom.read.files import InputError, read_input
from pressroom.text.fontpaths import MAX_FONT_BYTES


class FontFileError(PressroomError):
    """A font file is missing, truncated or not a font."""

    def __init__(self, path: Path, why: str, fix: str = "replace it with a complete font file"):
        self.path, self.why, self.fix = path, why, fix
        super().__init__(f"{path}: {why}")


@dataclass(frozen=True)
class FaceMetrics:
    """Vertical metrics in em units (fractions of the font size)."""

    ascender: float
    descender: float  # negative


class Face:
    """One font: HarfBuzz font for shaping and drawing, cmap for coverage. `path` is its file;
    in a collection, `index` is the face (counted from 0)."""

    def __init__(self, font: FontFile):
        path = self.path = font.file
        try:  # the file is resolved already (fontpaths.found_font): its folder is where it is
            data = read_input(path, path.parent, "font file", MAX_FONT_BYTES)
        except InputError as exc:
            raise FontFileError(path, exc.what, exc.fix) from exc
        self.index = _face_index(font, data)
        self.label = font.name  # as brand.yaml writes it
        collection = data[:4] == b"ttcf"
        # What a document names the font by (render.py loads it back from this) and a short id.
        self.ref = f"{path}#{self.index}" if collection else str(path)
        self.key = f"{path.stem}-{self.index}" if collection else path.stem
        try:
            with _quiet_fonttools():
                tt = TTFont(io.BytesIO(data), lazy=True, fontNumber=self.index)
                _check_tables(tt, len(data))
                tags = {str(tag).strip() for tag in tt.reader.tables}
        except Exception as exc:  # fontTools raises many kinds on a damaged file
            raise FontFileError(path, f"cannot be read as a font ({exc})") from exc
        # Colour glyphs are drawn from COLR (layers or a paint graph: vector); a font whose
        # colour glyphs are only bitmaps or SVG documents would lose them, so it is refused.
        self.colour = "COLR" in tags
        other = sorted(tags & set(_UNDRAWN_COLOUR))
        if other and not self.colour:
            raise FontFileError(
                path,
                f"holds its colour glyphs as {_UNDRAWN_COLOUR[other[0]]}, which pressroom "
                "cannot draw as vector",
                "use a COLR colour font instead: NotoColorEmoji-COLRv1.ttf is in fonts/ "
                "(see fonts/README.md)",
            )
        # Coverage and name from HarfBuzz, which shapes with this same cmap (and reads it 20×
        # faster than fontTools; the same sets on the 101 faces of this machine's fonts).
        self.hb_face = hb.Face(hb.Blob(data), self.index)
        self.codepoints = frozenset(self.hb_face.unicodes)
        if not self.codepoints:
            raise FontFileError(path, "has no character map")
        self.name = self.hb_face.get_name(hb.OTNameIdPredefined.FULL_NAME) or path.stem
        self.hb_font = hb.Font(self.hb_face)
        self.upem = self.hb_face.upem
        ext = self.hb_font.get_font_extents("ltr")
        self.metrics = FaceMetrics(ext.ascender / self.upem, ext.descender / self.upem)
        self._paths: dict[int, str] = {}
        self._ink: dict[int, tuple[float, float, float, float]] = {}

    def covers(self, cluster: str) -> bool:
        """True when every character of `cluster` has a glyph (default-ignorables excepted)."""
        return all(ord(c) in self.codepoints or _ignorable(c) for c in cluster)

    def glyph_path(self, gid: int) -> str:
        """SVG path data of glyph `gid` in font units, y up."""
        path = self._paths.get(gid)
        if path is None:
            pen = SVGPathPen(None, ntos=_num)
            self.hb_font.draw_glyph_with_pen(gid, pen)
            path = self._paths[gid] = pen.getCommands()
        return path

    def ink(self, gid: int) -> tuple[float, float, float, float]:
        """Ink box (xmin, ymin, xmax, ymax) of glyph `gid` in em units, y up."""
        box = self._ink.get(gid)
        if box is None:
            e = self.hb_font.get_glyph_extents(gid)
            if e is None or e.width == 0:
                box = (0.0, 0.0, 0.0, 0.0)
            else:
                u = self.upem
                x0, x1 = e.x_bearing / u, (e.x_bearing + e.width) / u
                y1, y0 = e.y_bearing / u, (e.y_bearing + e.height) / u
                box = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
            self._ink[gid] = box
        return box


_UNDRAWN_COLOUR = {
    "CBDT": "bitmap images (CBDT)",
    "sbix": "bitmap images (sbix)",
    "SVG": "SVG documents (OpenType-SVG)",
}


@contextlib.contextmanager
def _quiet_fonttools():
    """A damaged font makes fontTools log a line per bad record; the one problem we report is
    enough."""
    logger = logging.getLogger("fontTools")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _check_tables(tt: TTFont, size: int) -> None:
    """Every table the font lists must lie inside the file: a truncated font is refused here,
    not drawn with missing glyphs later."""
    for tag, entry in tt.reader.tables.items():
        if entry.offset + entry.length > size:
            raise TTLibError(
                f"the file is truncated: table {tag.strip()!r} ends at byte "
                f"{entry.offset + entry.length:,}, the file has {size:,}"
            )


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value % 1 else str(int(value))


def _ignorable(c: str) -> bool:
    cp = ord(c)
    return (
        cp in (0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFEFF)
        or 0x200B <= cp <= 0x200F
        or 0x202A <= cp <= 0x202E
        or 0x2060 <= cp <= 0x206F
        or 0xFE00 <= cp <= 0xFE0F
        or cp == 0x0A  # line breaks are layout, not glyphs
    )


def load_face(font: FontFile | Path | str) -> Face:
    """One Face per font per process: fonts are parsed once, however many jobs use them.

    `font` is a FontFile, or a path whose name may end in `#face` (`Face.ref` is one)."""
    return _load(font if isinstance(font, FontFile) else as_font_file(font))


@cache
def _load(font: FontFile) -> Face:
    return Face(font)


def as_font_file(path: Path | str) -> FontFile:
    """A path, or a path ending in `#face` (a face of a collection), as a FontFile."""
    path = Path(path)
    file, hash_, face = path.name.partition("#")
    return FontFile(path.with_name(file), face) if hash_ else FontFile(path)


def collection_faces(data: bytes) -> list[str]:
    """The full name of every face of a collection, in order."""
    with _quiet_fonttools():
        collection = TTCollection(io.BytesIO(data), lazy=True)
        return [f["name"].getDebugName(4) or f"face {i}" for i, f in enumerate(collection.fonts)]


def _face_index(font: FontFile, data: bytes) -> int:
    """The index of the face `font` names in its file: 0 for a single font."""
    name = font.file.name
    if data[:4] != b"ttcf":
        if font.face:
            raise FontFileError(
                font.file,
                f"holds one font, not a collection: '#{font.face}' names no face",
                f"write {name} without #{font.face}",
            )
        return 0
    try:
        faces = collection_faces(data)
    except Exception as exc:
        raise FontFileError(font.file, f"cannot be read as a font collection ({exc})") from exc
    listing = "; ".join(f"#{i} {n}" for i, n in enumerate(faces))
    fix = f"name one face: {name}#INDEX or {name}#FACE NAME (see fonts/README.md)"
    if not font.face:
        raise FontFileError(
            font.file, f"is a collection of {len(faces)} faces and names none ({listing})", fix
        )
    if font.face.isdigit():
        index = int(font.face)
        if index >= len(faces):
            raise FontFileError(
                font.file, f"has faces #0 to #{len(faces) - 1}, not #{index} ({listing})", fix
            )
        return index
    wanted = font.face.casefold()
    with _quiet_fonttools():
        collection = TTCollection(io.BytesIO(data), lazy=True)
        for i, f in enumerate(collection.fonts):
            names = {f["name"].getDebugName(4), f["name"].getDebugName(6)}
            if wanted in {n.casefold() for n in names if n}:
                return i
    raise FontFileError(font.file, f"has no face named {font.face!r} ({listing})", fix)

"""Text → glyphs: font fallback per grapheme cluster, bidi runs, HarfBuzz shaping per run.

Pure: a string and a chain of faces in, glyph ids and advances in em units out. A paragraph is
shaped once in logical order to measure it; each line is shaped again on its own (so joining and
kerning at a line's ends are right) and its runs are placed in visual order.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import uharfbuzz as hb

from pressroom.text.bidi import levels as bidi_levels
from pressroom.text.bidi import visual_order
from pressroom.text.emoji import is_emoji
from pressroom.text.fonts import Face
from pressroom.text.linebreak import grapheme_clusters

HYPHEN = "-"


@dataclass(frozen=True)
class Glyph:
    """One shaped glyph; `char` is the index in the text of the cluster it draws."""

    char: int
    face: int  # index into the chain
    gid: int
    advance: float  # em
    dx: float  # em
    dy: float  # em


@dataclass(frozen=True)
class Shaped:
    """A paragraph: per-character advances (em, logical order), fonts and bidi levels."""

    text: str
    advances: tuple[float, ...]
    faces: tuple[int, ...]  # face index per character
    levels: tuple[int, ...]  # bidi embedding level per character
    rtl: bool
    lang: str


@dataclass(frozen=True)
class Uncovered:
    """A character that no face of the chain can draw."""

    char: str
    index: int


@lru_cache(maxsize=2048)
def uncovered(text: str, chain: tuple[Face, ...]) -> tuple[Uncovered, ...]:
    """Every character of `text` that no face in `chain` covers (first occurrence each)."""
    seen, out = set(), []
    for start, end in _clusters(text):
        cluster = text[start:end]
        if not any(face.covers(cluster) for face in chain):
            for offset, ch in enumerate(cluster):
                if ch not in seen and not any(face.covers(ch) for face in chain):
                    seen.add(ch)
                    out.append(Uncovered(ch, start + offset))
    return tuple(out)


@lru_cache(maxsize=2048)
def shape(text: str, chain: tuple[Face, ...], lang: str = "", rtl: bool = False) -> Shaped:
    """Measure `text`: choose a face per cluster, resolve bidi levels, shape every run."""
    faces = _choose_faces(text, chain)
    levels = bidi_levels(text, rtl)
    advances = [0.0] * len(text)
    for start, end, level in _runs(faces, levels, 0, len(text)):
        for g in _shape_run(text, start, end, chain[faces[start]], faces[start], level, lang):
            advances[g.char] += g.advance
    return Shaped(text, tuple(advances), tuple(faces), levels, rtl, lang)


def hyphen_advance(shaped: Shaped, chain: tuple[Face, ...], at: int) -> float:
    """Width (em) of the hyphen drawn when a line breaks after character `at - 1`."""
    face = shaped.faces[max(0, at - 1)] if shaped.text else 0
    return sum(g.advance for g in _shape_run(HYPHEN, 0, 1, chain[face], face, 0, shaped.lang))


def shape_line(
    shaped: Shaped, chain: tuple[Face, ...], start: int, end: int, hyphen: bool = False
) -> list[Glyph]:
    """Glyphs of text[start:end] in visual order, each run shaped on its own; with a hyphen
    at the end of the line (logically) when the line breaks inside a word."""
    text = shaped.text
    pieces = []
    for run_start, run_end, level in visual_order(_runs(shaped.faces, shaped.levels, start, end)):
        face = shaped.faces[run_start]
        glyphs = _shape_run(text, run_start, run_end, chain[face], face, level, shaped.lang)
        if hyphen and run_end == end:
            mark = _shape_run(HYPHEN, 0, 1, chain[face], face, level, shaped.lang)
            mark = [Glyph(-1, g.face, g.gid, g.advance, g.dx, g.dy) for g in mark]  # not in text
            glyphs = mark + glyphs if level % 2 else glyphs + mark
        pieces.append(glyphs)
    return [g for piece in pieces for g in piece]


def _shape_run(
    text: str, start: int, end: int, face: Face, face_index: int, level: int, lang: str
) -> list[Glyph]:
    buf = hb.Buffer()
    buf.add_codepoints([ord(c) for c in text[start:end]])
    buf.guess_segment_properties()
    buf.direction = "rtl" if level % 2 else "ltr"
    if lang:
        buf.language = lang
    hb.shape(face.hb_font, buf, {})
    scale = 1.0 / face.upem
    return [
        Glyph(
            start + info.cluster,
            face_index,
            info.codepoint,
            pos.x_advance * scale,
            pos.x_offset * scale,
            pos.y_offset * scale,
        )
        for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True)
    ]


def _choose_faces(text: str, chain: tuple[Face, ...]) -> list[int]:
    """First face covering each cluster, a colour face first for an emoji and last for
    anything else (text.emoji); spaces and punctuation stay in the text face around them."""
    faces = [0] * len(text)
    previous = None
    plain = [i for i, f in enumerate(chain) if not f.colour]
    colour = [i for i, f in enumerate(chain) if f.colour]
    for start, end in _clusters(text):
        cluster = text[start:end]
        neutral = all(unicodedata.category(c)[0] in "ZPSC" for c in cluster)
        if (
            neutral
            and previous is not None
            and not chain[previous].colour
            and chain[previous].covers(cluster)
            and not is_emoji(cluster)
        ):
            face = previous
        else:
            order = colour + plain if is_emoji(cluster) else plain + colour
            face = next((i for i in order if chain[i].covers(cluster)), 0)
        faces[start:end] = [face] * (end - start)
        previous = face
    return faces


def _runs(faces, levels, start: int, end: int) -> list[tuple[int, int, int]]:
    """Maximal runs (start, end, level) of one face and one bidi level, in logical order."""
    runs: list[tuple[int, int, int]] = []
    for i in range(start, end):
        if (
            runs
            and runs[-1][1] == i
            and faces[runs[-1][0]] == faces[i]
            and runs[-1][2] == levels[i]
        ):
            runs[-1] = (runs[-1][0], i + 1, levels[i])
        else:
            runs.append((i, i + 1, levels[i]))
    return runs


def _clusters(text: str) -> tuple[tuple[int, int], ...]:
    return grapheme_clusters(text)

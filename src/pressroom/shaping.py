"""Text → glyphs: font fallback per grapheme cluster, then HarfBuzz shaping per run.

Pure: takes a string and a chain of faces, returns glyph ids and advances in em units.
"""

from __future__ import annotations

from dataclasses import dataclass

import uharfbuzz as hb
from uniseg.graphemecluster import grapheme_cluster_boundaries

from pressroom.fonts import Face


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
    """A shaped paragraph: glyphs in logical order and per-character advances (em)."""

    text: str
    glyphs: tuple[Glyph, ...]
    advances: tuple[float, ...]


@dataclass(frozen=True)
class Uncovered:
    """A character that no face of the chain can draw."""

    char: str
    index: int


def uncovered(text: str, chain: tuple[Face, ...]) -> list[Uncovered]:
    """Every character of `text` that no face in `chain` covers (first occurrence each)."""
    seen, out = set(), []
    for start, end in _clusters(text):
        cluster = text[start:end]
        if not any(face.covers(cluster) for face in chain):
            for offset, ch in enumerate(cluster):
                if ch not in seen and not any(face.covers(ch) for face in chain):
                    seen.add(ch)
                    out.append(Uncovered(ch, start + offset))
    return out


def shape(text: str, chain: tuple[Face, ...], lang: str = "") -> Shaped:
    """Shape `text` left to right; each cluster uses the first face that covers all of it.

    Clusters no face covers are given to the first face (they were reported by `uncovered`).
    """
    runs: list[tuple[int, int, int]] = []  # (start, end, face)
    for start, end in _clusters(text):
        cluster = text[start:end]
        face = next((i for i, f in enumerate(chain) if f.covers(cluster)), 0)
        if runs and runs[-1][2] == face and runs[-1][1] == start:
            runs[-1] = (runs[-1][0], end, face)
        else:
            runs.append((start, end, face))
    glyphs: list[Glyph] = []
    advances = [0.0] * len(text)
    for start, end, fi in runs:
        face = chain[fi]
        buf = hb.Buffer()
        buf.add_codepoints([ord(c) for c in text[start:end]])
        buf.guess_segment_properties()
        buf.direction = "ltr"
        if lang:
            buf.language = lang
        hb.shape(face.hb_font, buf, {})
        scale = 1.0 / face.upem
        for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
            index = start + info.cluster
            adv = pos.x_advance * scale
            advances[index] += adv
            glyphs.append(
                Glyph(index, fi, info.codepoint, adv, pos.x_offset * scale, pos.y_offset * scale)
            )
    return Shaped(text, tuple(glyphs), tuple(advances))


def _clusters(text: str) -> list[tuple[int, int]]:
    bounds = list(grapheme_cluster_boundaries(text))
    return list(zip(bounds, bounds[1:], strict=False))

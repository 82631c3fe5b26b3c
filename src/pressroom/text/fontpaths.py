"""Which font files brand.yaml names, and where they live; light enough for the no-op check.

A font is named by its file (`Inter-Bold.otf`), or, in a collection (`.ttc`, `.otc`), by its file
and one face: `NotoSansCJK-Bold.ttc#2` (the index counted from 0, as fontTools and HarfBuzz count)
or `NotoSansCJK-Bold.ttc#Noto Sans CJK SC Bold` (its full or PostScript name).
"""

from __future__ import annotations

from pathlib import Path

from pressroom.model import FontFile
from pressroom.read.files import inside
from pressroom.read.yamlfile import read_yaml

# Bounds the memory one font takes: CJK collections of every weight, the largest fonts in use,
# stay well under it.
MAX_FONT_BYTES = 200_000_000


def fonts_folder(root: Path, data: dict) -> Path:
    """Where brand.yaml's font files live: `font_dir`, by default ../fonts beside the brand book."""
    return (root / str(data.get("font_dir", "../fonts"))).resolve()


def font_ref(folder: Path, name: str) -> FontFile:
    """The font `name` (as written in brand.yaml) names in `folder`: its file, resolved, and the
    face after `#`, if any."""
    file, _, face = str(name).partition("#")
    return FontFile((folder / file.strip()).resolve(), face.strip())


def found_font(folder: Path, name: str) -> FontFile:
    """`font_ref`, when its file is inside `folder` (symbolic links resolved); the InputError
    says why not (read/files.py). Whether it is a regular font file is judged on reading."""
    file, _, face = str(name).partition("#")
    kind = f"font file {file.strip()!r}"
    return FontFile(inside(folder / file.strip(), folder, kind), face.strip())


def chain_names(value) -> list[str]:
    """The font names of one role's chain as written: a list, or a single name."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, str | int | float)]
    return []


def named_chains(data: dict) -> list[tuple[tuple, list[str]]]:
    """Every chain brand.yaml names, with its key path: `fonts.ROLE` and
    `languages.CODE.fonts.ROLE`."""
    out = []
    fonts = data.get("fonts")
    if isinstance(fonts, dict):
        out += [(("fonts", role), chain_names(v)) for role, v in fonts.items()]
    languages = data.get("languages")
    if isinstance(languages, dict):
        for code, entry in languages.items():
            roles = entry.get("fonts") if isinstance(entry, dict) else None
            if isinstance(roles, dict):
                out += [
                    (("languages", code, "fonts", role), chain_names(v))
                    for role, v in roles.items()
                ]
    return out


def font_files(root: Path) -> tuple[Path, frozenset[Path]] | None:
    """The font folder and every font file brand.yaml names (in its chains and its languages'
    chains), resolved but not validated (the loader does that); None when brand.yaml cannot be
    read. (Which face of a collection is chosen is written in brand.yaml itself.)"""
    doc, _ = read_yaml(root / "brand.yaml")
    if doc is None or not isinstance(doc.data, dict):
        return None
    folder = fonts_folder(root, doc.data)
    names = {name for _, chain in named_chains(doc.data) for name in chain}
    return folder, frozenset(font_ref(folder, n).file for n in names)

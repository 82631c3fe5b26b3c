"""Which font files brand.yaml names, and where they live; light enough for the no-op check."""

from __future__ import annotations

from pathlib import Path

from pressroom.yamlfile import read_yaml


def fonts_folder(root: Path, data: dict) -> Path:
    """Where brand.yaml's font files live: `font_dir`, by default ../fonts beside the brand book."""
    return (root / str(data.get("font_dir", "../fonts"))).resolve()


def font_files(root: Path) -> tuple[Path, frozenset[Path]] | None:
    """The font folder and every font file brand.yaml names, resolved but not validated (the
    loader does that); None when brand.yaml or its `fonts` cannot be read."""
    doc, _ = read_yaml(root / "brand.yaml")
    if doc is None or not isinstance(doc.data, dict):
        return None
    folder = fonts_folder(root, doc.data)
    chains = doc.data.get("fonts")
    if not isinstance(chains, dict):
        return folder, frozenset()
    names = set()
    for chain in chains.values():
        for name in [chain] if isinstance(chain, str) else chain if isinstance(chain, list) else []:
            names.add(str(name))
    return folder, frozenset((folder / n).resolve() for n in names)

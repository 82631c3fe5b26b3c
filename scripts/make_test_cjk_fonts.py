"""Make tests/data/fonts/: subsets of Noto Sans CJK (Debian `fonts-noto-cjk`, OFL 1.1) with only
the characters of the Japanese and Korean test translations, so that the tests can set them in
real CJK glyphs without shipping 40 MB of fonts.

usage: python scripts/make_test_cjk_fonts.py   (after `apt-get install fonts-noto-cjk`)
"""

from __future__ import annotations

import shutil
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

REPO = Path(__file__).resolve().parent.parent
SOURCE = Path("/usr/share/fonts/opentype/noto")
OUT = REPO / "tests" / "data" / "fonts"
FACES = {"ja": "JP", "ko": "KR"}  # translation → the collection's face for that language
WEIGHTS = ("Bold", "Regular")
ASCII = "".join(chr(c) for c in range(0x20, 0x7F))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for code, region in FACES.items():
        text = (REPO / "tests" / "data" / "translations" / f"{code}.yaml").read_text("utf-8")
        chars = sorted(set(text + ASCII + "«»“”‘’—–…·№₸%"))
        for weight in WEIGHTS:
            collection = TTCollection(SOURCE / f"NotoSansCJK-{weight}.ttc")
            name = f"Noto Sans CJK {region}" + (" Bold" if weight == "Bold" else "")
            font = next(f for f in collection.fonts if f["name"].getDebugName(4) == name)
            options = subset.Options()
            options.layout_features = ["*"]  # vertical forms and locl stay as the full font's
            options.name_IDs = ["*"]
            options.notdef_outline = True
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=[ord(c) for c in chars])
            subsetter.subset(font)
            font.save(OUT / f"NotoSansCJK{region.lower()}-{weight}-subset.otf")
    shutil.copy("/usr/share/doc/fonts-noto-cjk/copyright", OUT / "LICENSE-NotoSansCJK.txt")


if __name__ == "__main__":
    main()

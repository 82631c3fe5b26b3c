"""Make fonts/NotoColorEmoji-COLRv1.ttf from Google Fonts' Noto Color Emoji (a WOFF file with
COLRv1 and OpenType-SVG tables, as npm's @fontsource/noto-color-emoji ships it): the same font
as TrueType, without the SVG table (pressroom paints COLR; the SVG table is 20 MB).

    npm pack @fontsource/noto-color-emoji && tar xzf fontsource-noto-color-emoji-*.tgz
    python scripts/make_emoji_font.py package/files/noto-color-emoji-emoji-400-normal.woff
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools.ttLib import TTFont

OUT = Path(__file__).resolve().parent.parent / "fonts" / "NotoColorEmoji-COLRv1.ttf"


def main(source: str) -> None:
    font = TTFont(source, recalcTimestamp=False)
    if "COLR" not in font or font["COLR"].version != 1:
        sys.exit(f"{source}: no COLRv1 table; take the file with the whole emoji set")
    font.flavor = None
    if "SVG " in font:
        del font["SVG "]
    font.save(OUT)
    print(f"{OUT}: {OUT.stat().st_size:,} bytes, {len(font.getBestCmap())} characters")


if __name__ == "__main__":
    main(sys.argv[1])

"""Which grapheme clusters ask to be drawn as emoji (in a colour font) and which as text.

Unicode's rules (UTS #51): a variation selector decides when there is one (U+FE0F emoji,
U+FE0E text); keycaps, flags, skin tones, tag sequences and ZWJ sequences of pictographs are
emoji; otherwise a character's own Emoji_Presentation property decides (✊ is an emoji, ❤ is
text unless followed by U+FE0F). Properties come from the `regex` module's Unicode tables.
"""

from __future__ import annotations

from functools import lru_cache

import regex

_EMOJI_PARTS = regex.compile(
    r"[\uFE0F\u20E3\U0001F1E6-\U0001F1FF\U0001F3FB-\U0001F3FF\U000E0020-\U000E007F]"
    r"|\p{Extended_Pictographic}\u200D"
)
_EMOJI_PRESENTATION = regex.compile(r"\p{Emoji_Presentation}")


@lru_cache(maxsize=4096)
def is_emoji(cluster: str) -> bool:
    """Whether the grapheme cluster is to be drawn as an emoji."""
    if not cluster or max(cluster) < "\u2000":
        return False
    if "\uFE0E" in cluster:
        return False
    return bool(_EMOJI_PARTS.search(cluster) or _EMOJI_PRESENTATION.match(cluster))

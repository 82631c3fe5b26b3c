"""What a text of the brand book may hold, judged before anything is laid out.

- No bidi embedding, override or isolate controls (U+202A–U+202E, U+2066–U+2069): they make a
  text show other than it reads, so what is published would differ from what was reviewed. A
  locale's `direction:` sets the direction of its texts. The marks U+200E, U+200F and U+061C
  stay allowed: RTL text needs them, and they reorder nothing beyond a neutral character.
- A bounded number of invisible characters (format characters such as zero-width spaces and
  joiners, variation selectors, fillers): at most a quarter of the visible ones, plus 32. Emoji
  sequences and Persian's zero-width non-joiner stay far below it; thousands of them would only
  make every layout slow.
- A bounded length of what is visible (`MAX_VISIBLE`; the schemas bound alt texts, captions and
  the press texts themselves), and at least one visible character.

Each problem is said at the text's line, before any layout, and the texts judged here are never
laid out (locales.py leaves their message out).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from pressroom.errors import Problems

BIDI_CONTROLS = frozenset({*range(0x202A, 0x202F), *range(0x2066, 0x206A)})
# Characters that take no room and show nothing, besides the format characters (category Cf).
_INVISIBLE = frozenset(
    {0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0, *range(0x180B, 0x1810), *range(0xFE00, 0xFE10),
     *range(0xE0100, 0xE01F0)}
)
INVISIBLE_FREE = 32  # invisible characters any text may have, plus one per 4 visible ones
# Visible characters per text, by key (the last key of its path); every other text: DEFAULT.
MAX_VISIBLE = {
    "figure": 40,
    "cta": 100,
    "headline": 200,
    "source": 200,
    "name": 120,
    "english_name": 120,
    "body": 400,
    "claim": 400,
}
DEFAULT_MAX = 2200  # the longest text a locale has: a caption (Instagram's limit)
SKIPPED = frozenset({"url", "licence_url", "base_url", "email"})  # judged as addresses


def invisible(char: str) -> bool:
    return unicodedata.category(char) == "Cf" or ord(char) in _INVISIBLE


def text_problems(text: str, last_key) -> list[tuple[str, str]]:
    """(problem, fix) for each rule `text` breaks; `last_key` names its limit."""
    out = []
    bidi = [i for i, c in enumerate(text, 1) if ord(c) in BIDI_CONTROLS]
    if bidi:
        c = text[bidi[0] - 1]
        more = f" (and {len(bidi) - 1} more)" if len(bidi) > 1 else ""
        out.append(
            (
                f"has the bidi control U+{ord(c):04X} {unicodedata.name(c)} at character "
                f"{bidi[0]}{more}: it makes the text show other than it reads",
                "remove it: a locale's `direction:` sets the direction of its texts "
                "(U+200E, U+200F and U+061C marks are allowed where one is needed)",
            )
        )
    hidden = sum(1 for c in text if invisible(c))
    visible = len(text) - hidden
    allowed = INVISIBLE_FREE + visible // 4
    if hidden > allowed:
        out.append(
            (
                f"has {hidden} invisible characters (zero-width spaces, joiners and the like), "
                f"over {allowed} for its length",
                "remove them: they show nothing and slow every layout down",
            )
        )
    limit = MAX_VISIBLE.get(last_key, DEFAULT_MAX)
    if visible > limit:
        out.append(
            (
                f"is {visible} characters long (not counting invisible ones), over {limit}",
                "shorten it",
            )
        )
    if not any(not invisible(c) and not c.isspace() for c in text):
        out.append(("has no visible character", "write the text, or remove the key"))
    return out


def check_texts(path: Path, texts: dict[tuple, str], lines, problems: Problems) -> set[tuple]:
    """Judge every text of a file (by key path, as translation.leaves gives them); return the
    key paths of those with a problem."""
    bad = set()
    for keys, text in texts.items():
        names = [k for k in keys if not isinstance(k, int)]
        if not names or names[-1] in SKIPPED:
            continue
        for problem, fix in text_problems(text, names[-1]):
            problems.add(path, lines(*keys), ".".join(map(str, names)), problem, fix)
            bad.add(keys)
    return bad

"""Where a line may end: UAX #14 opportunities, tailored by typographic rules of the language.

Tailoring on top of UAX #14: a line never starts with a dash; a number never parts from a suffix
joined by a hyphen (26-баптары); in `KEEP_SHORT_WORDS` languages a word of one or two letters
never ends a line. A soft hyphen (U+00AD) is a break that draws a hyphen. Dictionary
hyphenation (pyphen) offers breaks inside words, which layout uses only for a word wider than
its slot; Kazakh has no hyphenation patterns and is never hyphenated.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pyphen
from icu4py.breakers import CharacterBreaker, LineBreaker
from icu4py.locale import Locale

KEEP_SHORT_WORDS = frozenset({"ru", "kk", "uk", "be", "bg", "sr", "mk", "ky", "tg", "uz"})
NO_HYPHENATION = frozenset({"kk"})
_MANDATORY = "\n\u2028\u2029\r\x0b\x0c\x85"
_DASHES = "—–"
_HYPHENS = "-\u2010\u2011"
SOFT_HYPHEN = "\u00ad"


@dataclass(frozen=True)
class Break:
    """A place a line may end: after text[:pos]."""

    pos: int
    kind: str  # "mandatory" | "normal" | "shy" (draws a hyphen) | "hyphen" (dictionary)
    word: tuple[int, int] = (0, 0)  # for "hyphen": the word it splits

    @property
    def mandatory(self) -> bool:
        return self.kind == "mandatory"

    @property
    def draws_hyphen(self) -> bool:
        return self.kind in ("shy", "hyphen")


def breaks(text: str, lang: str = "", dictionary: bool = True) -> tuple[Break, ...]:
    """Every place a line may end, in order; the end of the text is always the last. Without
    `dictionary`, the same less the dictionary's hyphens (and no dictionary is loaded)."""
    return _breaks(text, lang, dictionary)


@lru_cache(maxsize=4096)
def _breaks(text: str, lang: str, dictionary: bool) -> tuple[Break, ...]:
    primary = lang.split("-")[0].lower()
    keep_short = primary in KEEP_SHORT_WORDS
    out: list[Break] = []
    for b in line_break_boundaries(text, lang):
        if b == 0:
            continue
        if b >= len(text):
            break
        if text[b - 1] in _MANDATORY:
            out.append(Break(b, "mandatory"))
            continue
        if text[b] in _DASHES:
            continue
        if text[b - 1] in _HYPHENS and b >= 2 and text[b - 2].isdigit():
            continue  # 26-баптары, 80-нен, 14-бап: a number keeps its suffix
        if keep_short and _short_word_before(text, b):
            continue
        out.append(Break(b, "shy" if text[b - 1] == SOFT_HYPHEN else "normal"))
    if dictionary:
        out.extend(_dictionary_breaks(text, primary))
    out.sort(key=lambda x: (x.pos, x.kind != "hyphen"))
    deduped: list[Break] = []
    for item in out:
        if deduped and deduped[-1].pos == item.pos:
            deduped[-1] = item  # a real opportunity wins over a dictionary one
        else:
            deduped.append(item)
    deduped.append(Break(len(text), "mandatory"))
    return tuple(deduped)


def line_break_boundaries(text: str, lang: str = "") -> list[int]:
    """UAX #14 line break opportunities (ICU; with dictionaries for Thai, Lao, Khmer, Myanmar
    and CJK), as code point indices."""
    if not text:
        return []
    index = _code_point_index(text)
    return [index[end] for _, end in LineBreaker(text, _locale(lang)).segments()]


@lru_cache(maxsize=4096)
def grapheme_clusters(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every grapheme cluster (UAX #29), as code point indices."""
    if not text:
        return ()
    index = _code_point_index(text)
    return tuple((index[a], index[b]) for a, b in CharacterBreaker(text, _locale("")).segments())


def _code_point_index(text: str) -> list[int]:
    """Map ICU's UTF-16 offsets to Python string indices."""
    index = []
    for i, char in enumerate(text):
        index.append(i)
        if ord(char) > 0xFFFF:
            index.append(i)
    index.append(len(text))
    return index


@lru_cache(maxsize=64)
def _locale(lang: str) -> Locale:
    return Locale(lang.replace("-", "_") or "en")


def _dictionary_breaks(text: str, primary: str) -> list[Break]:
    dic = _dictionary(primary)
    if dic is None:
        return []
    out, i = [], 0
    while i < len(text):
        if text[i].isalpha():
            j = i
            while j < len(text) and (text[j].isalpha() or text[j] == SOFT_HYPHEN):
                j += 1
            word = text[i:j]
            if SOFT_HYPHEN not in word and len(word) >= 6:
                out.extend(Break(i + p, "hyphen", (i, j)) for p in dic.positions(word))
            i = j
        else:
            i += 1
    return out


@lru_cache(maxsize=32)
def _dictionary(primary: str):
    if not primary or primary in NO_HYPHENATION:
        return None
    name = pyphen.language_fallback(primary)
    return pyphen.Pyphen(lang=name, left=2, right=3) if name else None


def _short_word_before(text: str, b: int) -> bool:
    i = b
    while i > 0 and text[i - 1].isspace():
        i -= 1
    if i == b:  # no space before the break (a hyphen or a slash): not a word end
        return False
    j = i
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    word = text[j:i]
    starts_word = j == 0 or not text[j - 1].isalnum()
    return 0 < len(word) <= 2 and starts_word

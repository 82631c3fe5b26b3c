"""Where a line may end: UAX #14 opportunities, tailored by the typographic rules of the language.

The rules are data (`Rules`, from breaking.json by script and language, and brand.yaml's
`languages:`): ICU's locale keywords `lb` (strict: no small kana or closing mark starts a line)
and `lw` (phrase: ICU's Japanese phrases; keepall: breaks at spaces only, as Korean is
set), the longest word that never ends a line (`short_word`: в, из, و) and the longest
part a hyphen may leave alone (`hyphen_part`: из-за, что-то). Everywhere: a line never starts
with a dash; a number never parts from a suffix joined by a hyphen (26-баптары, 80%-дан). A
soft hyphen (U+00AD) is a break that draws a hyphen. Dictionary hyphenation (pyphen) offers
breaks inside words, which layout uses only for a word wider than its slot; Kazakh has no
hyphenation patterns and is never hyphenated. Thai and Lao are broken by ICU's dictionary; a
compound it splits is held together with WORD JOINER (U+2060).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from pathlib import Path

import pyphen
from icu4py.breakers import CharacterBreaker, LineBreaker
from icu4py.locale import Locale

from pressroom.langtags import script_of

NO_HYPHENATION = frozenset({"kk"})
_MANDATORY = "\n\u2028\u2029\r\x0b\x0c\x85"
DASHES = "—–"  # never start a line (the download page holds them too: site/page.py)
_HYPHENS = "-\u2010\u2011"
SOFT_HYPHEN = "\u00ad"


@dataclass(frozen=True)
class Rules:
    """How the lines of one language (and font role) may break; empty values: ICU's default."""

    lb: str = ""  # strict | normal | loose
    lw: str = ""  # phrase | keepall
    short_word: int = 0  # a word of at most this many letters never ends a line
    hyphen_part: int = 0  # no break at a hyphen leaving at most this many letters on a side
    keep_with_next: tuple[str, ...] = ()  # words that never end a line (Persian به از در)
    keep_with_previous: tuple[str, ...] = ()  # words that never start a line (Persian را)
    keep_after_ending: tuple[str, ...] = ()  # a word ending so never ends a line (ezafe ـهٔ)
    keep_words: tuple[str, ...] = ()  # never broken inside (Japanese 私たち, which ICU splits)

    def icu(self, lang: str) -> str:
        """The ICU locale: `lang` with the keywords ICU applies itself (`ja@lb=strict`)."""
        words = self.lw if self.lw == "phrase" else ""
        keys = [f"{k}={v}" for k, v in (("lb", self.lb), ("lw", words)) if v]
        return (lang or "en") + ("@" + ";".join(keys) if keys else "")


KEYS = tuple(f.name for f in fields(Rules))
DEFAULTS = json.loads((Path(__file__).with_name("breaking.json")).read_text("utf-8"))


def rules_for(lang: str, script: str, role: str = "", overrides: dict | None = None) -> Rules:
    """The rules of a language (its primary subtag) written in `script`, for font role `role`:
    the script's defaults, the language's over them, then `overrides` (brand.yaml's, in the
    same shape as breaking.json's entries)."""
    rules = Rules()
    for entry in (
        DEFAULTS["scripts"].get(script), DEFAULTS["languages"].get(lang.lower()), overrides
    ):
        if entry:
            rules = replace(rules, **_values(entry))
            rules = replace(rules, **_values(entry.get("roles", {}).get(role) or {}))
    return rules


def _values(entry: dict) -> dict:
    """An entry's rule values, lists as tuples (a Rules is hashable: layouts are cached)."""
    return {k: tuple(v) if isinstance(v, list) else v for k, v in entry.items() if k in KEYS}


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


def breaks(
    text: str, lang: str = "", dictionary: bool = True, rules: Rules | None = None
) -> tuple[Break, ...]:
    """Every place a line may end, in order; the end of the text is always the last. Without
    `dictionary`, the same less the dictionary's hyphens (and no dictionary is loaded).
    Without `rules`, those of the language in its usual script."""
    if rules is None:
        rules = rules_for(lang.split("-")[0], script_of(lang or "en"))
    return _breaks(text, lang, dictionary, rules)


_NUMBER_SIGNS = "%‰‱°′″"


def _number_ends(text: str, at: int) -> bool:
    """Whether a number (with its percent, degree or prime sign) ends just before `at`."""
    at -= 1
    while at >= 0 and text[at] in _NUMBER_SIGNS:
        at -= 1
    return at >= 0 and text[at].isdigit()


@lru_cache(maxsize=4096)
def _breaks(text: str, lang: str, dictionary: bool, rules: Rules) -> tuple[Break, ...]:
    primary = lang.split("-")[0].lower()
    out: list[Break] = []
    inside = _inside_kept_words(text, rules.keep_words)
    for b in line_break_boundaries(text, rules.icu(primary)):
        if b == 0:
            continue
        if b >= len(text):
            break
        if text[b - 1] in _MANDATORY:
            out.append(Break(b, "mandatory"))
            continue
        if text[b] in DASHES:
            continue
        if text[b - 1] in _HYPHENS and _number_ends(text, b - 1):
            continue  # 26-баптары, 80-нен, 80%-дан, 14-бап: a number keeps its suffix
        if rules.short_word and _short_word_before(text, b, rules.short_word):
            continue
        if rules.hyphen_part and _short_hyphen_part(text, b, rules.hyphen_part):
            continue
        if rules.lw == "keepall" and not text[b - 1].isspace():
            continue  # at spaces only: never inside a word, before its bracket or particle
        if _kept_together(text, b, rules) or b in inside:
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
    and CJK), as code point indices. `lang` may carry ICU's keywords: `ja@lb=strict`."""
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
    name, _, keywords = lang.partition("@")
    return Locale((name.replace("-", "_") or "en") + ("@" + keywords if keywords else ""))


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


def with_soft_hyphens(text: str, lang: str, shortest: int = 6) -> str:
    """`text` with a soft hyphen (U+00AD) at each of the dictionary's breaks in its words of at
    least `shortest` letters: for a browser, which breaks a word too long for its box there,
    with a hyphen, instead of at any letter (`overflow-wrap`). A browser also hyphenates a word
    that would fit on the next line whole, so a narrow box gives only its long words soft
    hyphens. Unchanged in a language without hyphenation patterns."""
    cuts = [
        b.pos
        for b in _dictionary_breaks(text, lang.split("-")[0].lower())
        if b.word[1] - b.word[0] >= shortest
    ]
    for at in reversed(cuts):
        text = text[:at] + SOFT_HYPHEN + text[at:]
    return text


@lru_cache(maxsize=32)
def _dictionary(primary: str):
    if not primary or primary in NO_HYPHENATION:
        return None
    name = pyphen.language_fallback(primary)
    return pyphen.Pyphen(lang=name, left=2, right=3) if name else None


def _short_word_before(text: str, b: int, longest: int = 2) -> bool:
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
    return 0 < len(word) <= longest and starts_word


def _short_hyphen_part(text: str, b: int, longest: int) -> bool:
    """Whether the break at `b` follows a hyphen inside a word with a part of at most
    `longest` letters on one side (из-за, по-русски, что-то)."""
    if text[b - 1] not in _HYPHENS or b < 2 or not text[b - 2].isalpha():
        return False
    if b >= len(text) or not text[b].isalpha():
        return False
    i = b - 1
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    j = b
    while j < len(text) and text[j].isalpha():
        j += 1
    return (b - 1 - i) <= longest or (j - b) <= longest


def _inside_kept_words(text: str, words: tuple[str, ...]) -> set[int]:
    """The positions strictly inside an occurrence of one of `words`."""
    inside: set[int] = set()
    for word in words:
        start = text.find(word)
        while start >= 0:
            inside.update(range(start + 1, start + len(word)))
            start = text.find(word, start + 1)
    return inside


def _kept_together(text: str, b: int, rules: Rules) -> bool:
    """Whether the words on either side of a break at spaces belong together by the
    language's word lists: the previous never ends a line (or ends as one that never does),
    or the next never starts one."""
    if not (rules.keep_with_next or rules.keep_with_previous or rules.keep_after_ending):
        return False
    if not text[b - 1].isspace():
        return False
    before, after = text[:b].split(), text[b:].split(maxsplit=1)
    if after and after[0].rstrip(_TRAILING) in rules.keep_with_previous:
        return True
    if not before:
        return False
    word = before[-1]
    return word in rules.keep_with_next or (
        bool(rules.keep_after_ending) and word.endswith(rules.keep_after_ending)
    )


_TRAILING = ".,;:!?…»”’)]،؛؟"

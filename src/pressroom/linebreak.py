"""Where a line may end: UAX #14 opportunities, tailored by typographic rules of the language."""

from __future__ import annotations

from uniseg.linebreak import line_break_boundaries

# Languages whose typography keeps a one- or two-letter word (в, и, о, с, к, на …) with the next.
KEEP_SHORT_WORDS = frozenset({"ru", "kk", "uk", "be", "bg", "sr", "mk", "ky", "tg", "uz"})
_MANDATORY = "\n\u2028\u2029\r\x0b\x0c\x85"
_DASHES = "—–"
_HYPHENS = "-\u2010\u2011"


def breaks(text: str, lang: str = "") -> tuple[tuple[int, bool], ...]:
    """Positions where a line may end, with whether the break is mandatory.

    The end of the text is always the last entry. Tailoring on top of UAX #14: a line never
    starts with a dash, a number never parts from a suffix joined by a hyphen, and in
    `KEEP_SHORT_WORDS` languages a word of one or two letters never ends a line.
    """
    keep_short = lang.split("-")[0].lower() in KEEP_SHORT_WORDS
    out: list[tuple[int, bool]] = []
    for b in line_break_boundaries(text):
        if b == 0:
            continue
        if b >= len(text):
            out.append((len(text), True))
            break
        mandatory = text[b - 1] in _MANDATORY
        if not mandatory:
            if text[b] in _DASHES:
                continue
            if text[b - 1] in _HYPHENS and b >= 2 and text[b - 2].isdigit():
                continue  # 26-баптары, 80-нен, 14-бап: a number keeps its suffix
            if keep_short and _short_word_before(text, b):
                continue
        out.append((b, mandatory))
    if not out or out[-1][0] != len(text):
        out.append((len(text), True))
    return tuple(out)


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

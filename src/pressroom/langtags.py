"""BCP 47 language codes as pressroom uses them: matched without regard to case, written in
canonical case (`zh-hans` → `zh-Hans`, `PT-br` → `pt-BR`), and the scripts they imply."""

from __future__ import annotations

import re
from collections import Counter

from fontTools.unicodedata import script as unicode_script
from fontTools.unicodedata import script_name as unicode_script_name

# language [-Script] [-REGION], each subtag in any case; canonical() fixes the case.
_CODE = re.compile(r"^([a-z]{2,3})(-[a-z]{4})?(-(?:[a-z]{2}|[0-9]{3}))?$", re.IGNORECASE)
RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Samr", "Mand"})
# Usual script of languages whose code has no script subtag; anything else: Latn.
DEFAULT_SCRIPTS = {
    **dict.fromkeys(
        ("ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "tg", "mn", "ba", "tt", "cv", "ce", "os"),
        "Cyrl",
    ),
    **dict.fromkeys(("ar", "fa", "ur", "ps", "ug", "sd", "ckb"), "Arab"),
    **dict.fromkeys(("he", "yi"), "Hebr"),
    "el": "Grek",
    "hy": "Armn",
    "ka": "Geor",
    "th": "Thai",
    "lo": "Laoo",
    "km": "Khmr",
    "my": "Mymr",
    "zh": "Hans",
    "ja": "Jpan",
    "ko": "Kore",
    "am": "Ethi",
    **dict.fromkeys(("hi", "mr", "ne"), "Deva"),
}


# Names Windows keeps for devices, in any case and before any extension: a file or folder of
# the kit named so (nul.yaml, a zip's con/ folder) cannot be opened or unzipped there.
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(-|$)", re.IGNORECASE)
RESERVED_FIX = (
    "Windows keeps this name for a device, so a kit's file named after it cannot be unzipped "
    "there: name the locale by another code of the language (e.g. its ISO 639-3 code)"
)


def reserved(code: str) -> bool:
    """Whether `code`'s first subtag is a name Windows reserves (CON, NUL, COM1 …)."""
    return isinstance(code, str) and _RESERVED.match(code) is not None


def canonical(code: str) -> str | None:
    """`code` in canonical case (language lower, Script title, REGION upper), or None when it is
    not a language code of the form pressroom accepts (a reserved name: `reserved`)."""
    m = _CODE.fullmatch(code) if isinstance(code, str) else None
    if m is None or reserved(code):
        return None
    language, script, region = m.group(1), m.group(2), m.group(3)
    out = language.lower()
    if script:
        out += "-" + script[1:].title()
    if region:
        out += "-" + region[1:].upper()
    return out


def canonical_all(codes) -> tuple[str, ...]:
    """Each code in canonical case; a code that is not one is kept as written (to be refused
    with its own spelling)."""
    return tuple(canonical(c) or c for c in codes)


def script_of(code: str) -> str:
    """The script a code names, or the usual script of its language."""
    subtags = code.split("-")
    return next((p for p in subtags[1:] if len(p) == 4), None) or DEFAULT_SCRIPTS.get(
        subtags[0].lower(), "Latn"
    )


def fallbacks(code: str) -> tuple[str, ...]:
    """`code`, then each shorter prefix: zh-Hans-CN, zh-Hans, zh."""
    parts = code.split("-")
    return tuple("-".join(parts[:n]) for n in range(len(parts), 0, -1))


def lookup(table: dict[str, object], code: str):
    """The entry of `table` (keyed by canonical codes) for `code` or its nearest prefix."""
    return next((table[c] for c in fallbacks(code) if c in table), None)


# --- scripts of text -----------------------------------------------------------------------------
# A locale's script code may name a set of Unicode scripts (ISO 15924 composites).
SCRIPT_PARTS = {
    "Jpan": {"Hira", "Kana", "Hani"}, "Kore": {"Hang", "Hani"}, "Hrkt": {"Hira", "Kana"},
    "Hans": {"Hani"}, "Hant": {"Hani"},
}
# The script code a locale of text in that Unicode script would carry.
WRITTEN_AS = {"Hira": "Jpan", "Kana": "Jpan", "Hang": "Kore", "Hani": "Hans"}
MIN_LETTERS = 12  # fewer letters than this tell nothing about a file's script


def letters_by_script(texts) -> Counter:
    """How many letters of `texts` each Unicode script has (common and inherited left out)."""
    counts: Counter = Counter()
    for char, n in Counter("".join(texts)).items():  # each character once (in order met)
        if char.isalpha():
            script = unicode_script(char)
            if script not in ("Zyyy", "Zinh", "Zzzz"):
                counts[script] += n
    return counts


def script_name(code: str) -> str:
    """A script's English name (Ethiopic) from its ISO 15924 code."""
    return {"Jpan": "Japanese", "Kore": "Korean", "Hans": "Han (Simplified)",
            "Hant": "Han (Traditional)"}.get(code) or unicode_script_name(code, code)


# The Noto family that covers a script, and the Debian package that ships it (what the missing-
# glyph message names; fonts/README.md says how to add one).
CORE, CJK = "fonts-noto-core", "fonts-noto-cjk"
SCRIPT_FONTS = {
    "Latn": ("Noto Sans", CORE), "Cyrl": ("Noto Sans", CORE), "Grek": ("Noto Sans", CORE),
    "Arab": ("Noto Sans Arabic", CORE), "Armn": ("Noto Sans Armenian", CORE),
    "Beng": ("Noto Sans Bengali", CORE), "Cher": ("Noto Sans Cherokee", CORE),
    "Deva": ("Noto Sans Devanagari", CORE), "Ethi": ("Noto Sans Ethiopic", CORE),
    "Geor": ("Noto Sans Georgian", CORE), "Gujr": ("Noto Sans Gujarati", CORE),
    "Guru": ("Noto Sans Gurmukhi", CORE), "Hebr": ("Noto Sans Hebrew", CORE),
    "Khmr": ("Noto Sans Khmer", CORE), "Knda": ("Noto Sans Kannada", CORE),
    "Laoo": ("Noto Sans Lao", CORE), "Mlym": ("Noto Sans Malayalam", CORE),
    "Mong": ("Noto Sans Mongolian", CORE), "Mymr": ("Noto Sans Myanmar", CORE),
    "Orya": ("Noto Sans Oriya", CORE), "Sinh": ("Noto Sans Sinhala", CORE),
    "Syrc": ("Noto Sans Syriac", CORE), "Taml": ("Noto Sans Tamil", CORE),
    "Telu": ("Noto Sans Telugu", CORE), "Thaa": ("Noto Sans Thaana", CORE),
    "Thai": ("Noto Sans Thai", CORE), "Tibt": ("Noto Serif Tibetan", CORE),
    "Tfng": ("Noto Sans Tifinagh", CORE), "Adlm": ("Noto Sans Adlam", CORE),
    "Nkoo": ("Noto Sans NKo", CORE), "Cans": ("Noto Sans Canadian Aboriginal", CORE),
    "Hang": ("Noto Sans CJK KR", CJK), "Hira": ("Noto Sans CJK JP", CJK),
    "Kana": ("Noto Sans CJK JP", CJK), "Hani": ("Noto Sans CJK SC (TC, JP, KR)", CJK),
    "Bopo": ("Noto Sans CJK TC", CJK),
}


def char_script(char: str) -> str:
    """The Unicode script of one character (Zyyy for common ones: digits, punctuation)."""
    return unicode_script(char)

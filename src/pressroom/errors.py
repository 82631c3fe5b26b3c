"""One exception family; every problem names where it is, what is wrong and how to fix it."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import regex

from pressroom.langtags import SCRIPT_FONTS, char_script, script_name


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, printed as `path:line: key: problem — fix`."""

    path: str
    line: int
    key: str
    problem: str
    fix: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        key = f" {self.key}:" if self.key else ""
        label = "warning: " if self.severity == "warning" else ""
        return f"{where}:{key} {label}{self.problem} — {self.fix}"


FONTS_HELP = (
    "copy such a font (with its licence) into fonts/ and put it in front of the role's chain "
    "for this language in brand.yaml (languages: CODE: fonts:): see fonts/README.md"
)
SHOWN = 20  # characters named in an uncovered-characters problem


@dataclass(frozen=True)
class Uncovered(Problem):
    """Characters of a text that no font of a role's chain can draw. Every such problem of one
    file and role becomes one line (`collapse`), however many texts and formats meet them."""

    role: str = ""
    chars: str = ""  # in order of first appearance
    fonts: tuple[str, ...] = ()  # the chain, as brand.yaml names its fonts

    @classmethod
    def of(cls, path: str, line: int, key: str, role: str, chars: str, fonts) -> Uncovered:
        fonts = tuple(fonts)
        return cls(
            path,
            line,
            key,
            _uncovered_words(role, chars, fonts),
            FONTS_HELP,
            "error",
            role,
            chars,
            fonts,
        )


def _uncovered_words(role: str, chars: str, fonts: tuple[str, ...]) -> str:
    tried = f"in no font of the {role!r} chain ({', '.join(fonts)})"
    if len(chars) <= 3:
        named = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in chars)
        said = f"{named} {'is' if len(chars) == 1 else 'are'} {tried}"
    else:
        shown = "".join(_shown(c) for c in chars[:SHOWN])
        more = f", the first {SHOWN} shown" if len(chars) > SHOWN else ""
        said = f"{len(chars)} characters are {tried}: {shown}{more}"
    return f"{said}; {'; '.join(_by_script(chars))}"


def _shown(char: str) -> str:
    return char if char.isprintable() and not char.isspace() else f"<U+{ord(char):04X}>"


def _by_script(chars: str) -> list[str]:
    """Each script of `chars` in the translator's terms: its name, the Noto family that covers
    it and the Debian package that ships that family. Emoji (with their joiners and variation
    selectors) are one group, and so are other symbols."""
    groups: dict[str, str] = {}
    for char in chars:
        groups.setdefault(_group(char), "")
        groups[_group(char)] += char
    said = []
    for code, found in groups.items():
        shown = "".join(_shown(c) for c in found if not _joiner(c))
        name = _GROUP_NAMES.get(code) or script_name(code)
        head = f"{name} ({shown[:8]}{'…' * (len(shown) > 8)})"
        if code == "emoji":
            said.append(
                f"{head}: add the colour emoji font NotoColorEmoji-COLRv1.ttf (in fonts/) at "
                "the end of the chain in brand.yaml"
            )
        elif code in SCRIPT_FONTS or code in _GROUP_FONTS:
            family, package = SCRIPT_FONTS.get(code) or _GROUP_FONTS[code]
            said.append(f"{head}: {family}, Debian package {package}")
        else:
            said.append(f"{head}: find a font for it at https://notofonts.github.io")
    return said


_GROUP_NAMES = {"emoji": "emoji", "symbols": "symbols", "Zyyy": "punctuation and signs",
                "cjk": "CJK punctuation"}
_GROUP_FONTS = {"symbols": ("Noto Sans Symbols 2", "fonts-noto-core"),
                "cjk": ("Noto Sans CJK (JP, KR, SC, TC)", "fonts-noto-cjk")}


_PICTOGRAPH = regex.compile(r"\p{Extended_Pictographic}|\p{Regional_Indicator}|\p{Emoji_Modifier}")


def _joiner(char: str) -> bool:
    """ZERO WIDTH JOINER, variation selectors, keycap and tag characters: parts of an emoji."""
    cp = ord(char)
    return cp in (0x200D, 0x20E3) or 0xFE00 <= cp <= 0xFE0F or 0xE0020 <= cp <= 0xE007F


def _group(char: str) -> str:
    cp = ord(char)
    if _joiner(char) or _PICTOGRAPH.match(char):
        return "emoji"
    if 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFFEF or cp in (0x30FB, 0x30FC):
        return "cjk"  # 、。「」（）・ー: set by the CJK fonts, with the letters around them
    script = char_script(char)
    if script in ("Zyyy", "Zinh") and unicodedata.category(char) == "So":
        return "symbols"
    return script


@dataclass(frozen=True)
class Unfit(Problem):
    """A text that does not fit its slot. When the reference language's text does not fit the
    same slot either, the slot is too small, not the translation: `collapse` then says so once,
    at the template's line (`slot_at`), instead of once per language file."""

    slot_at: tuple[str, int] = ("", 0)  # the template and the slot's line
    slot: str = ""  # slot-NAME of FORMAT (W×H px)
    text: str = ""  # the text's key, the same in every language
    language: str = ""  # the locale file's code
    reference: str = ""  # "" when the reference text fits; else where it is, file:line
    more: int = 0  # % more room the reference text needs


def collapse(problems) -> list[Problem]:
    """The problems with every Uncovered of one file and role merged into one, at the first
    line where any of its characters appears; and every Unfit whose reference text does not fit
    either merged into one problem of the template's slot."""
    out: list[Problem] = []
    groups: dict[tuple, list[Uncovered]] = {}
    slots: dict[tuple, list[Unfit]] = {}
    for p in problems:
        if isinstance(p, Uncovered):
            groups.setdefault((p.path, p.role, p.fonts), []).append(p)
        elif isinstance(p, Unfit) and p.reference:
            slots.setdefault((p.slot_at, p.slot), []).append(p)
        else:
            out.append(p)
    for ((path, line), slot), members in slots.items():
        texts = sorted({(m.reference, m.text) for m in members},
                       key=lambda t: (t[0].split(":")[0], int(t[0].split(":")[-1] or 0)))
        own = texts[0][0].split(":")[0].removesuffix(".yaml")
        others = sorted({m.language for m in members} - {own})
        lines = ", ".join(ref for ref, _ in texts[:4]) + (", …" if len(texts) > 4 else "")
        what = (f"the reference text {texts[0][1]} ({lines})" if len(texts) == 1
                else f"{len(texts)} reference texts ({lines})")
        also = f"; the texts of {', '.join(others)} do not fit either" if others else ""
        out.append(Problem(
            path, line, slot.split(" ")[0],
            f"{slot} is too small for {what}: it needs about {max(m.more for m in members)}% "
            f"more room even at the smallest size{also}",
            "give the slot more room in the template or a smaller data-min-size, or shorten "
            "the reference text; the translations are not the cause",
        ))
    for (path, role, fonts), members in groups.items():
        members.sort(key=lambda p: (p.line, p.key))
        chars = "".join(dict.fromkeys(c for p in members for c in p.chars))
        first = members[0]
        out.append(Uncovered.of(path, first.line, first.key, role, chars, fonts))
    return out


class PressroomError(Exception):
    """Base of every error pressroom reports to a user."""


class SetupError(PressroomError):
    """A system library pressroom needs is missing from this machine."""


class PrintError(PressroomError):
    """A poster cannot be made print-ready (a template construct that has no CMYK form)."""


class ContentError(PressroomError):
    """The brand book has problems; carries all of them at once."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] = ()):
        self.problems = sorted(set(collapse(problems)), key=_problem_order)
        self.warnings = sorted(set(warnings), key=_problem_order)  # shown too, never counted
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):  # pickled whole: the build's other process hands it over
        return (type(self), (self.problems, self.warnings), self.__dict__)


def _problem_order(p: Problem) -> tuple:
    return (p.path, p.line, p.key, p.problem)


class Problems:
    """Collects problems during a validation pass; raises them all at the end."""

    def __init__(self, root: Path | None = None):
        self.root = root
        self.items: list[Problem] = []

    def rel(self, path: Path | str) -> str:
        """`path` relative to the brand book's parent folder, as written (a symbolic link is
        named by itself, never by where it leads), else resolved, else as it is."""
        path = Path(path)
        if self.root is not None:
            for file, base in (
                (Path(os.path.abspath(path)), Path(os.path.abspath(self.root)).parent),
                (path.resolve(), self.root.resolve().parent),
            ):
                if file.is_relative_to(base):
                    return str(file.relative_to(base))
        return str(path)

    def add(self, path, line, key, problem, fix, severity="error") -> None:
        self.items.append(Problem(self.rel(path), line or 0, key, problem, fix, severity))

    def warn(self, path, line, key, problem, fix) -> None:
        self.add(path, line, key, problem, fix, "warning")

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ContentError(self.errors, self.warnings)

"""CSS in SVG, parsed with tinycss2 and written back from the parsed tokens, so what is published
is what was checked. A style sheet may hold plain rules only (no at-rule: @import, @font-face,
@media …), each a selector list and declarations; a value may call only the functions of
`FUNCTIONS` and `url()` only an `#id` of the same file. An SVG image's rules are confined to it:
each complex selector of a list gets `#scope ` in front, and ids and classes follow their new
names. Escapes (\\) are refused: they could spell any of this in a way a reader does not see."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import tinycss2
from tinycss2.ast import (
    Declaration,
    FunctionBlock,
    HashToken,
    IdentToken,
    LiteralToken,
    QualifiedRule,
    StringToken,
    URLToken,
    WhitespaceToken,
)

# Functions a value may call: colours, arithmetic and transforms. Anything else (image-set(),
# src(), image(), cross-fade(), element(), paint() …) could load or show something.
FUNCTIONS = frozenset({
    "rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch", "color", "color-mix",
    "calc", "min", "max", "clamp", "var", "matrix", "matrix3d", "translate", "translatex",
    "translatey", "translatez", "translate3d", "scale", "scalex", "scaley", "scalez", "scale3d",
    "rotate", "rotatex", "rotatey", "rotatez", "rotate3d", "skew", "skewx", "skewy", "perspective",
})
_BARE_ID = re.compile(r"[A-Za-z_][\w.-]*")


@dataclass(frozen=True)
class Problem:
    """A refused piece of CSS: its line within the CSS text, and the reference if it is one."""

    line: int
    problem: str
    fix: str
    ref: str = ""


@dataclass
class Names:
    """New names for ids and classes, and the scope of an SVG image's rules. Names absent from
    the maps are kept, or with `fresh` (a published file) given new ones: a selector or a
    reference never carries a designer's name out."""

    ids: dict[str, str] = field(default_factory=dict)
    classes: dict[str, str] = field(default_factory=dict)
    scope: str | None = None
    fresh: bool = False

    def id(self, name: str) -> str:
        if self.fresh and name not in self.ids:
            self.ids[name] = f"i{len(self.ids) + 1}"
        return self.ids.get(name, name)

    def cls(self, name: str) -> str:
        if self.fresh and name not in self.classes:
            self.classes[name] = f"c{len(self.classes) + 1}"
        return self.classes.get(name, name)

    def ref(self, ref: str) -> str:
        return "#" + self.id(ref[1:]) if ref.startswith("#") else ref


def sheet(text: str, names: Names | None = None) -> tuple[str, list[Problem]]:
    """A `<style>` element's text checked, scoped and renamed: (the CSS to write, problems)."""
    names = names or Names()
    found = _escapes(text)
    out = []
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if rule.type == "at-rule":
            found.append(Problem(rule.source_line, f"@{rule.lower_at_keyword} is not allowed",
                                 "write plain rules only (selectors and declarations); put"
                                 " the styles in the file itself"))
        elif rule.type == "error":
            found.append(_unreadable(rule))
        else:
            prelude = _selectors(rule, names, found)
            body, more = declarations_of(rule.content, names)
            found += more
            out.append(f"{tinycss2.serialize(prelude)}{{{body}}}")
    return "".join(out), found


def declarations(text: str, names: Names | None = None) -> tuple[str, list[Problem]]:
    """A `style=` attribute checked and renamed: (the declarations to write, problems)."""
    found = _escapes(text)
    body, more = declarations_of(tinycss2.parse_component_value_list(text), names or Names())
    return body, found + more


def value(text: str, names: Names | None = None) -> tuple[str, list[Problem]]:
    """A presentation attribute's value (fill="url(#g)") checked and renamed."""
    found = _escapes(text)
    tokens = _values(tinycss2.parse_component_value_list(text), names or Names(), found)
    return tinycss2.serialize(tokens).strip(), found


def references(text: str) -> list[str]:
    """The `#id`s a checked value or declaration list points to with url()."""
    return re.findall(r"url\(\s*[\"']?#([^\"')\s]+)", text)


def declarations_of(tokens, names: Names) -> tuple[str, list[Problem]]:
    found: list[Problem] = []
    kept = []
    for item in tinycss2.parse_blocks_contents(tokens, skip_comments=True, skip_whitespace=True):
        if isinstance(item, Declaration):
            item.value = _trim(_values(item.value, names, found))
            kept.append(item.serialize())
        elif item.type == "at-rule":
            found.append(Problem(item.source_line, f"@{item.lower_at_keyword} is not allowed",
                                 "write plain declarations only"))
        elif item.type == "error":
            found.append(_unreadable(item))
        else:
            found.append(Problem(item.source_line, "nested CSS rules are not allowed",
                                 "write each rule at the top level of the style sheet"))
    return ";".join(kept), found


def _values(tokens, names: Names, found: list[Problem]) -> list:
    out = []
    for tok in tokens:
        if isinstance(tok, URLToken) or (
            isinstance(tok, FunctionBlock) and tok.lower_name == "url"
        ):
            out.append(_url(tok, names, found))
        elif isinstance(tok, FunctionBlock):
            if tok.lower_name not in FUNCTIONS:
                found.append(Problem(tok.source_line, f"{tok.name}() is not allowed in styles",
                                     "use a colour, a number or url(#id) of this file"))
            tok.arguments = _values(tok.arguments, names, found)
            out.append(tok)
        elif hasattr(tok, "content") and tok.content is not None:  # (), [], {} blocks
            tok.content = _values(tok.content, names, found)
            out.append(tok)
        else:
            out.append(tok)
    return out


def _url(tok, names: Names, found: list[Problem]):
    """url(#id) renamed; any other url() refused."""
    if isinstance(tok, URLToken):
        ref = tok.value
    else:
        args = [a for a in tok.arguments if not isinstance(a, WhitespaceToken)]
        ref = args[0].value if len(args) == 1 and isinstance(args[0], StringToken) else (
            tinycss2.serialize(tok.arguments).strip())
    if not ref.strip().startswith("#"):
        found.append(Problem(tok.source_line, f"refers to {ref[:60]!r} outside the file",
                             "embed it or draw it in the file; nothing is ever fetched",
                             ref))
        return tok
    new = names.ref(ref.strip())
    shown = new if _BARE_ID.fullmatch(new[1:]) else '"' + new.replace('"', "") + '"'
    return URLToken(tok.source_line, tok.source_column, new, f"url({shown})")


def _selectors(rule: QualifiedRule, names: Names, found: list[Problem]) -> list:
    """The rule's selector list, each complex selector scoped and its names renamed."""
    out: list = []
    for selector in _split(rule.prelude):
        tokens = _trim(_rename(selector, names, found, rule.source_line))
        if not tokens:
            found.append(Problem(rule.source_line, "an empty selector", "remove the extra comma"))
            continue
        if out:
            out += [LiteralToken(0, 0, ","), WhitespaceToken(0, 0, " ")]
        if names.scope:
            out += [HashToken(0, 0, names.scope, True), WhitespaceToken(0, 0, " ")]
        out += tokens
    return out


def _trim(tokens: list) -> list:
    """Without the whitespace at either end."""
    while tokens and isinstance(tokens[0], WhitespaceToken):
        tokens.pop(0)
    while tokens and isinstance(tokens[-1], WhitespaceToken):
        tokens.pop()
    return tokens


def _split(prelude) -> list[list]:
    """A selector list at its top-level commas (quotes and brackets are tokens of their own)."""
    parts: list[list] = [[]]
    for tok in prelude:
        if isinstance(tok, LiteralToken) and tok.value == ",":
            parts.append([])
        else:
            parts[-1].append(tok)
    return parts


def _rename(tokens, names: Names, found: list[Problem], line: int) -> list:
    """#id and .class in a selector follow their new names; attribute selectors on id or class
    are refused where names change (they would silently stop matching)."""
    out = []
    after_dot = False
    for tok in tokens:
        if isinstance(tok, HashToken) and tok.is_identifier:
            tok = HashToken(tok.source_line, tok.source_column, names.id(tok.value),
                            True)
        elif after_dot and isinstance(tok, IdentToken):
            tok = IdentToken(tok.source_line, tok.source_column,
                             names.cls(tok.value))
        elif isinstance(tok, FunctionBlock):  # :not(.a), :is(#b) …
            tok.arguments = _rename(tok.arguments, names, found, line)
        elif tok.type == "[] block" and (names.ids or names.classes or names.scope or names.fresh):
            first = next((t for t in tok.content if isinstance(t, IdentToken)), None)
            if first is not None and first.lower_value in ("id", "class"):
                found.append(Problem(line, f"the selector [{first.value}…] is not allowed here",
                                     "ids and classes are renamed: select with #id or .class"))
        after_dot = isinstance(tok, LiteralToken) and tok.value == "."
        out.append(tok)
    return out


def _escapes(text: str) -> list[Problem]:
    i = text.find("\\")
    if i < 0:
        return []
    return [Problem(text.count("\n", 0, i) + 1, "CSS escapes (\\) are not allowed",
                    "write the plain characters")]


def _unreadable(error) -> Problem:
    return Problem(error.source_line, f"CSS that cannot be read ({error.message})"[:120],
                   "fix or remove that rule")


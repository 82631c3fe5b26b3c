"""Safe YAML reading that remembers the line of every value.

Only plain data is accepted (maps, lists, strings, numbers, booleans, null); any other tag,
a merge key, a duplicate key, too many aliases, too deep nesting (also through aliases), too many
values once aliases are expanded, a number too long to convert or too large a file is a problem
with its line, never a crash. Values are looked up by key path; `line(path)` gives where each one
is.
"""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pressroom.read.files import InputError, read_input

MAX_BYTES = 1_000_000  # a locale file is about 20 KB; fifty times that is no translation
MAX_DEPTH = 32
MAX_ALIASES = 100
MAX_NODES = 200_000  # values after alias expansion: a "billion laughs" stops here
_CORE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


class _Refused(Exception):
    def __init__(self, line: int, problem: str, fix: str):
        super().__init__(problem)
        self.line, self.problem, self.fix = line, problem, fix


class _Counting:
    """Counts aliases and nesting while composing (a loader's first base)."""

    _aliases = _depth = expanded = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                line = self.peek_event().start_mark.line + 1
                raise _Refused(line, f"more than {MAX_ALIASES} aliases", "write the values out")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                line = self.peek_event().start_mark.line + 1
                raise _Refused(line, f"nested deeper than {MAX_DEPTH} levels", "flatten the file")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _Loader(_Counting, yaml.SafeLoader):
    """PyYAML's own SafeLoader, counting: its error messages are the ones `_in_plain_words`
    knows."""


# What PyYAML's reader refuses (yaml.reader.Reader.NON_PRINTABLE): such a file goes to it.
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE

try:
    from yaml.cyaml import CParser
except ImportError:  # PyYAML built without libyaml
    _FastLoader = None
else:

    class _FastLoader(
        _Counting,
        yaml.composer.Composer,
        CParser,
        yaml.constructor.SafeConstructor,
        yaml.resolver.Resolver,
    ):
        """The same composing, over libyaml's events: ten times faster on a locale file. Only
        a file it reads without a problem is taken from it (see `_parse`)."""

        def __init__(self, stream):
            CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)


@dataclass
class YamlDoc:
    """A YAML file's data plus the line of every key path in it."""

    path: Path
    data: object
    lines: dict[tuple, int] = field(default_factory=dict)
    text: str = ""  # the file as read (its comments hold what the data cannot: records.py)

    def line(self, *keys) -> int:
        """Line of the value at `keys`, or of its nearest parent that has one."""
        keys = tuple(keys)
        while keys:
            if keys in self.lines:
                return self.lines[keys]
            keys = keys[:-1]
        return self.lines.get((), 1)


def read_raw(path: Path, folder: Path | None = None) -> bytes:
    """The bytes of `path`, a regular file inside `folder` (by default its own folder; see
    read/files.py), as `read_yaml` reads them; InputError says why they cannot be read."""
    folder = path.parent if folder is None else folder
    return read_input(path, folder, "file", MAX_BYTES, too_large="split it or shorten it",
                      lines=True)


def read_yaml(
    path: Path, folder: Path | None = None, raw: bytes | None = None
) -> tuple[YamlDoc | None, list[tuple[int, str, str]]]:
    """Read `path` (`read_raw`; or parse `raw`, its bytes as read_raw read them); return the
    document, or None with a list of (line, problem, fix)."""
    try:
        raw = read_raw(path, folder) if raw is None else raw
    except InputError as exc:
        return None, [(exc.line, exc.problem, exc.fix)]
    key = (str(path), hashlib.sha256(raw).digest())
    found = _PARSED.get(key)
    if found is None:
        found = _PARSED[key] = _parse(path, raw)
        while len(_PARSED) > PARSED_KEPT:
            _PARSED.pop(next(iter(_PARSED)))
    doc, problems = found
    return copy.deepcopy(doc), list(problems)  # callers may change what they are given


# Parsed files by path and content: a warm process (`pressroom serve`) parses again only the
# file that was saved. Pure-Python YAML with line tracking is about 30 ms per locale file.
PARSED_KEPT = 256
_PARSED: dict[tuple[str, bytes], tuple[YamlDoc | None, list[tuple[int, str, str]]]] = {}


def parse_text(path: Path, text: str) -> YamlDoc:
    """A YAML text the tool itself made (an edited locale file, before it is written), read
    as `read_yaml` reads a file: data, the line of every key, and the text."""
    return _compose(_Loader, path, text)


def _parse(path: Path, raw: bytes) -> tuple[YamlDoc | None, list[tuple[int, str, str]]]:
    text, problem = _decode(raw)
    if problem is not None:
        return None, [problem]
    if _FastLoader is not None and not _NON_PRINTABLE.search(text):
        try:
            return _compose(_FastLoader, path, text), []
        except Exception:  # noqa: BLE001  (worded below, by PyYAML's own parser)
            pass
    try:
        return _compose(_Loader, path, text), []
    except _Refused as exc:
        return None, [(exc.line, exc.problem, exc.fix)]
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, max(0, exc.position)) + 1
        return None, [
            (
                line,
                f"the character U+{exc.character:04X} is not allowed in YAML",
                "remove it (control characters cannot be written in a YAML file)",
            )
        ]
    except yaml.MarkedYAMLError as exc:
        return None, [_in_plain_words(exc, text)]
    except yaml.YAMLError as exc:
        return None, [(0, f"invalid YAML: {exc}", "fix the syntax")]


def _compose(loader_class, path: Path, text: str) -> YamlDoc:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        doc = YamlDoc(path, None, text=text)
        doc.data = _plain(node, (), doc, loader, 1) if node is not None else None
        return doc
    finally:
        loader.dispose()


def _decode(raw: bytes) -> tuple[str, tuple[int, str, str] | None]:
    """The file's text: UTF-8, with or without a byte order mark."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "", (1, "the file is saved as UTF-16", "save it as UTF-8 (your editor's Save As)")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start]
        return "", (
            line,
            f"the file is not valid UTF-8: byte 0x{byte:02X} on this line is not UTF-8 (the file "
            "was probably saved in a legacy encoding such as Windows-1251 or Latin-1)",
            "save it as UTF-8 (your editor's Save As, encoding UTF-8) and check that line",
        )


def _in_plain_words(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str, str]:
    """(line, problem, fix) for a YAML syntax error, in words a translator can act on, at the
    line where the mistake is (an unclosed quote: where the quote opens)."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    if "'\\t'" in problem or "\t" in problem:
        return (
            line,
            "a tab character: YAML is indented with spaces, never tabs",
            "indent with spaces (two per level), as the lines around it are",
        )
    spaceless = _no_space_after_colon(text, mark)
    if spaceless is not None:
        n, key = spaceless
        return (
            n,
            f"no space after the colon of {key}:",
            f"write {key}: followed by a space, then the value",
        )
    opened = _unclosed_quote(text, mark)
    if context == "while scanning a quoted scalar" and exc.context_mark is not None:
        opened = exc.context_mark.line + 1
    if opened:
        return (
            opened,
            "a quote opens on this line and is never closed",
            "end the text with the same quote mark on this line (inside a text in quotes, "
            'use typographic quotes “ ” « » instead of ")',
        )
    indented = _misindented(text, mark, problem)
    if indented is not None:
        return indented
    if problem == "mapping values are not allowed here":
        return (
            line,
            "a colon followed by a space inside a value",
            'put the whole value in double quotes: key: "text: more text"',
        )
    if "found '<scalar>'" in problem and _after_quote(text, mark):
        return (
            line,
            "text after the closing quote",
            "put the whole value inside the quotes, or write the quote as “ ” instead",
        )
    if problem.startswith("could not find expected ':'"):
        return (
            line,
            "a line without `key: value` (a colon is missing, or the text of the line above "
            "runs on)",
            "write key: value, or put a text that spans lines in quotes on one line",
        )
    if problem.startswith("found character '@'") or problem.startswith("found character '`'"):
        return (
            line,
            "a value cannot start with @ or `",
            'put the value in double quotes: key: "@handle"',
        )
    what = problem or context or "invalid YAML"
    return (
        line,
        f"invalid YAML: {what}",
        "fix the syntax (indentation with spaces, a missing quote or colon)",
    )


_SPACELESS = re.compile(r"^\s*(?:- )?([A-Za-z_][\w-]*):(?=[^\s/:])")


def _no_space_after_colon(text: str, mark) -> tuple[int, str] | None:
    """(line, key) of the first `key:value` (no space after the colon) at or before the error:
    YAML reads it as text, and only notices on a later line."""
    if mark is None:
        return None
    for n, line in enumerate(text.splitlines()[: mark.line + 1], 1):
        found = _SPACELESS.match(line)
        if found and not line.lstrip().startswith("#"):
            return n, found.group(1)
    return None


def _misindented(text: str, mark, problem: str) -> tuple[int, str, str] | None:
    """A key indented unlike the lines around it, said as such at its own line: more than a
    `key: value` line above it (YAML reads it as more of that value), or between two levels."""
    if mark is None or not (
        problem == "mapping values are not allowed here"
        or problem.startswith("expected <block end>")
    ):
        return None
    lines = text.splitlines()
    n = mark.line
    if n >= len(lines) or not lines[n].strip():
        return None
    indent = _indent(lines[n])
    above = [k for k in range(n) if lines[k].strip() and not lines[k].lstrip().startswith("#")]
    if not above:
        return None
    previous = lines[above[-1]]
    opens = previous.rstrip().endswith(":") or previous.split(" #")[0].rstrip().endswith(":")
    if problem == "mapping values are not allowed here" and indent > _indent(previous) \
            and not opens:
        return (
            n + 1,
            f"is indented {indent} spaces, more than the line above ({_indent(previous)}): "
            "YAML reads it as more of that line's value",
            f"indent it {_indent(previous)} spaces, like the line above",
        )
    want = _indent(previous) + (2 if opens else 0)
    if problem.startswith("expected <block end>") and indent != want:
        return (
            n + 1,
            f"is indented {indent} spaces, which matches no level above it",
            f"indent it {want} spaces, like the keys it belongs with",
        )
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _unclosed_quote(text: str, mark) -> int:
    """The line where a quoted value that swallowed the line break opens, when the error is
    where it ends: in these files a text never spans lines, so that quote was left open.
    0 when there is none."""
    if mark is None:
        return 0
    last = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= mark.index:
                break
            last = token
    except yaml.YAMLError:
        pass
    if (
        isinstance(last, yaml.ScalarToken)
        and last.style in ('"', "'")
        and last.end_mark.line > last.start_mark.line
        and last.end_mark.line == mark.line
    ):
        return last.start_mark.line + 1
    return 0


def _after_quote(text: str, mark) -> bool:
    """Whether the error mark sits on a line right after a closing quote and some text."""
    if mark is None:
        return False
    line = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
    before = line[: mark.column]
    return before.rstrip().endswith(('"', "'"))


def _plain(node, keys: tuple, doc: YamlDoc, loader: _Loader, depth: int):
    """The node as plain Python data, counting values and depth as aliases are expanded."""
    line = node.start_mark.line + 1
    loader.expanded += 1
    if loader.expanded > MAX_NODES:
        raise _Refused(
            doc.lines.get(keys[:1], line),  # the top-level entry whose aliases explode
            f"more than {MAX_NODES:,} values once aliases are expanded",
            "write the values out instead of repeating aliases",
        )
    if depth > MAX_DEPTH:
        raise _Refused(
            doc.lines.get(keys[:1], line),
            f"nested deeper than {MAX_DEPTH} levels (through aliases)",
            "flatten the file",
        )
    doc.lines[keys] = line
    if node.tag == "tag:yaml.org,2002:timestamp" and isinstance(node, yaml.ScalarNode):
        return node.value  # dates stay text: 2026-11-22
    if node.tag not in _CORE_TAGS:
        raise _Refused(
            line,
            f"the tag {node.tag!r} is not allowed",
            "remove the tag: only plain text, numbers, lists and maps are read",
        )
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for knode, vnode in node.value:
            kline = knode.start_mark.line + 1
            if knode.tag == "tag:yaml.org,2002:merge":
                raise _Refused(kline, "merge keys (<<) are not allowed", "write the keys out")
            if not isinstance(knode, yaml.ScalarNode) or knode.tag not in _CORE_TAGS:
                raise _Refused(kline, "a key must be plain text", "write the key as a word")
            key = loader.construct_scalar(knode)
            if key in out:
                raise _Refused(kline, f"the key {key!r} appears twice", "keep one of them")
            out[key] = _plain(vnode, keys + (key,), doc, loader, depth + 1)
            doc.lines[keys + (key,)] = kline
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_plain(v, keys + (i,), doc, loader, depth + 1) for i, v in enumerate(node.value)]
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError) as exc:
        raise _Refused(
            line,
            f"the number {node.value[:20]}… is too long to read",
            "quote it to keep it as text, or shorten it",
        ) from exc

"""Locale files: found by their BCP 47 code, each read on its own, with its own problems.

Each file's problems are kept apart (`LocaleFile.problems`), so that the loader can judge one
locale without the others: a locale judged alone, or a draft, never lends its problems to
another's check. The locale JSON Schema (locale.schema.json) judges keys and types; this module
adds what needs the other files: the messages of the reference locale, the campaign URL from
brand.yaml, the file name's script, and whether the file is a draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pressroom.brandbook import press, translation
from pressroom.brandbook.localechecks import (
    campaign_url,
    check_raw,
    check_script,
    check_writing,
    complete,
    count_sources,
)
from pressroom.brandbook.records import Stale, stale_texts
from pressroom.brandbook.schemas import LOCALE, read, validate
from pressroom.brandbook.texts import check_texts
from pressroom.brandbook.translation import VERBATIM
from pressroom.errors import Problems
from pressroom.langtags import RESERVED_FIX, RTL_SCRIPTS, canonical, reserved
from pressroom.model import MESSAGE_TEXTS, Brand, Draft, Locale, Message, Where
from pressroom.read.files import InputError, read_input
from pressroom.read.yamlfile import MAX_BYTES, YamlDoc

EMPTY_FIX = "start from the reference: pressroom locale new CODE (see TRANSLATING.md)"
_MARKED_LINE = re.compile(r"^\s*[^#\s][^:]*:\s*[\"']?" + re.escape(translation.MARKER))


@dataclass
class LocaleFile:
    """One locale file as read: the locale (None when it cannot be built), its problems, and
    whether it is a draft."""

    code: str
    path: Path
    problems: Problems
    doc: YamlDoc | None = None
    locale: Locale | None = None
    draft: Draft | None = None
    dropped: list[str] = field(default_factory=list)  # ids of messages too broken to lay out
    stale: list[Stale] = field(default_factory=list)  # texts whose reference changed since

    @property
    def data(self) -> dict:
        return self.doc.data if self.doc and isinstance(self.doc.data, dict) else {}


def find(folder: Path, root: Path) -> tuple[dict[str, Path], list[tuple[Path, Problems]]]:
    """Locale files by canonical code, and the files whose names are not a code (or repeat one
    in another case), each with its problem."""
    files: dict[str, Path] = {}
    misnamed = []
    found = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    for file in sorted(found, key=lambda f: (canonical(f.stem) != f.stem, f.name)):
        code = canonical(file.stem)
        problems = Problems(root)
        if reserved(file.stem):
            problems.add(
                file, 0, "", f"{file.stem!r} starts with a device name reserved on Windows",
                RESERVED_FIX,
            )
        elif code is None:
            problems.add(
                file,
                0,
                "",
                f"{file.stem!r} is not a language code (BCP 47)",
                "name the file like kk.yaml, kk-Latn.yaml or pt-BR.yaml",
            )
        elif code in files:
            problems.add(
                file,
                0,
                "",
                f"names the same locale as {files[code].name} (language codes ignore case)",
                "keep one of the two files",
            )
        else:
            files[code] = file
            continue
        misnamed.append((file, problems))
    return files, misnamed


def read_locale(
    file: Path, code: str, brand: Brand | None, root: Path, reference: bool = False,
    raw: bytes | None = None,
) -> LocaleFile:
    """Read and judge one locale file on its own (no comparison with the reference yet);
    `raw`: its bytes, when read already (yamlfile.read_raw).

    A draft (any file but the reference with a text not translated yet: still marked, or
    empty) is judged as a work in progress: each text left is a warning, and its locale holds
    only the messages whose texts are all translated (a preview: `build --locale CODE`)."""
    problems = Problems(root)
    out = LocaleFile(code, file, problems)
    doc = out.doc = read(file, problems, root, raw)
    if doc is None:
        out.draft = None if reference else _unreadable_draft(file, code, root)
        return out
    out.draft = None if reference else _draft(code, file, doc)
    drafting = out.draft is not None
    if validate(_filled(doc) if drafting else doc, LOCALE, problems, EMPTY_FIX):
        check_raw(file, doc, problems, drafting)  # what can still be judged: all at once
        return out
    data = doc.data
    lang = data["language"]
    texts = translation.leaves(data)
    translation.check_own(file, texts, doc.line, problems, drafting)
    done = {k: v for k, v in texts.items() if not (drafting and translation.untranslated(v))}
    bad = check_texts(file, done, doc.line, problems)  # never laid out: see texts.py
    check_script(file, code, lang, doc, problems)
    check_writing(file, lang, texts, doc, problems)
    url = campaign_url(file, code, brand, problems)
    values = {"url": url, "wordmark": data["campaign"]["wordmark"]}

    def fill_in(text: str) -> str:
        return translation.substitute(text, values)

    messages, waiting = [], []
    count_sources(file, doc, problems)
    for mid, m in data["messages"].items():
        if not complete(file, doc, mid, m, problems) or any(
            k[:2] == ("messages", mid) for k in bad
        ):
            out.dropped.append(mid)
            continue  # never laid out: a template must not be blamed for a missing text
        if drafting and _left(texts, mid):
            out.dropped.append(mid)
            waiting.append(mid)
            continue  # a draft's message is built once all its texts are translated
        if len(m["alt"]) > 100:
            problems.warn(
                file,
                doc.line("messages", mid, "alt"),
                f"messages.{mid}.alt",
                f"alt text is {len(m['alt'])} characters; platforms advise about 100",
                "shorten it to the essentials",
            )
        kind = m["kind"]
        messages.append(
            Message(
                mid,
                kind,
                {k: fill_in(m[k]) for k in MESSAGE_TEXTS[kind] if k in m},
                fill_in(m["alt"]),
                fill_in(m["caption"]),
                Where(file, doc.line("messages", mid)),
                {k: doc.line("messages", mid, k) for k in m},
                press.read_sources(file, doc, mid, m.get("sources", []), problems),
            )
        )
    if drafting:
        _say_draft(out.draft, [m.id for m in messages], waiting, problems)
    script = lang["script"]
    out.locale = Locale(
        code,
        file,
        lang["name"],
        lang["english_name"],
        script,
        lang.get("direction") or ("rtl" if script in RTL_SCRIPTS else "ltr"),
        data["campaign"]["wordmark"],
        {k: fill_in(v) for k, v in data["page"].items()},
        tuple(messages),
        url,
        dict(doc.lines),
        texts,
        brand.chains(code) if brand else {},
        {k: fill_in(v) for k, v in data["press"].items()},
        dict(data["formats"]),
        breaking=brand.breaking_of(code) if brand else {},
        place_names=dict(data.get("places", {})),
        draft=drafting,
    )
    return out


def _left(texts: dict[tuple, str], mid: str) -> bool:
    """Whether message `mid` (or the wordmark every asset shows) has a text not translated."""
    return any(
        translation.untranslated(v)
        for k, v in texts.items()
        if k[:2] == ("messages", mid) and k[-1] not in VERBATIM or k == ("campaign", "wordmark")
    )


def _say_draft(draft: Draft, built: list[str], waiting: list[str], problems: Problems) -> None:
    """One line on what a draft judged on its own builds: its finished messages, for a
    preview; never the page or the zips."""
    if built:
        what = f"builds its {len(built)} finished message{'s' if len(built) != 1 else ''} " \
               f"({', '.join(built)}) as a preview"
    else:
        what = "no message has all its texts translated yet, so nothing is built"
    later = f"; {len(waiting)} wait for their texts" if built and waiting else ""
    problems.warn(
        draft.path,
        0,
        "",
        f"draft, {draft.translated} of {draft.total} texts translated: {what}{later}",
        "translate the texts listed here; a draft is never on the page or in the zips",
    )


def _filled(doc: YamlDoc) -> YamlDoc:
    """The document with each empty text of a draft read as marked, for the schema (which
    wants every text to have a character): an empty text is reported as not translated."""

    def fill(value, keys):
        if isinstance(value, dict):
            return {k: fill(v, keys + (k,)) for k, v in value.items()}
        if isinstance(value, list):
            return [fill(v, keys + (i,)) for i, v in enumerate(value)]
        if isinstance(value, str) and not value.strip() and keys[-1:] and keys[-1] not in VERBATIM:
            return translation.MARKER
        return value

    return YamlDoc(doc.path, fill(doc.data, ()), doc.lines, doc.text)


def compare(mine: LocaleFile, ref: LocaleFile) -> None:
    """Problems of a translation against the reference locale: messages missing or extra, a
    changed kind, different placeholders, texts left in the reference's language."""
    if mine.locale is None or ref.locale is None:
        return  # each file's own problems come first
    problems, path, doc = mine.problems, mine.path, mine.doc
    ours, theirs = mine.data["messages"], ref.data["messages"]
    for mid, m in theirs.items():
        if mid not in ours:
            problems.add(
                path,
                doc.line("messages"),
                f"messages.{mid}",
                f"message {mid!r} of {ref.path.name} is missing",
                f"copy it from {ref.path.name} and translate it "
                f"(or run: pressroom locale new {mine.code})",
            )
        elif ours[mid]["kind"] != m["kind"]:
            problems.add(
                path,
                doc.line("messages", mid, "kind"),
                f"messages.{mid}.kind",
                f"is {ours[mid]['kind']!r}, {ref.path.name} says {m['kind']!r}",
                f"set kind: {m['kind']}",
            )
    for mid in ours:
        if mid not in theirs:
            problems.add(
                path,
                doc.line("messages", mid),
                f"messages.{mid}",
                f"message {mid!r} is not in {ref.path.name}",
                f"remove it, or add it to {ref.path.name} first",
            )
    translation.compare(path, mine.locale.texts, doc.line, ref.path, ref.locale.texts, problems)
    mine.stale = stale_texts(mine.locale.texts, ref.locale.texts, doc.text, doc.line, ref.code)
    for s in mine.stale:
        problems.warn(
            path,
            s.line,
            ".".join(map(str, s.keys)),
            f"{ref.path.name} changed since this was translated: {_quoted(s.was)} → "
            f"{_quoted(s.now)}",
            f"update the translation, then the `# {ref.code}:` line above it to the new text "
            f"(pressroom locale import does both)",
        )


def _quoted(text: str, most: int = 80) -> str:
    return "“" + (text if len(text) <= most else text[: most - 1] + "…") + "”"


def _draft(code: str, file: Path, doc: YamlDoc) -> Draft | None:
    """A draft: some text is not translated yet (still starts with the TRANSLATE: marker, or
    is empty, as a translation platform leaves it)."""
    texts = {k: v for k, v in translation.leaves(doc.data).items() if k and k[-1] not in VERBATIM}
    marked = sum(1 for v in texts.values() if translation.untranslated(v))
    return Draft(code, file, len(texts) - marked, len(texts)) if marked else None


def _unreadable_draft(file: Path, code: str, root: Path) -> Draft | None:
    """A file that cannot be read yet but still has marked texts is a draft too: its lines are
    counted instead of its values (only in a file that may be read at all: see files.py)."""
    try:
        raw = read_input(file, root, "file", MAX_BYTES)
    except InputError:
        return None
    lines = raw.decode("utf-8", errors="replace").splitlines()
    marked = sum(1 for line in lines if _MARKED_LINE.match(line))
    if not marked:
        return None
    values = sum(
        1
        for line in lines
        if re.match(r"^\s*[^#\s][^:]*:\s*\S", line)
        and not re.match(r"^\s*(kind|script|direction|url):", line)
    )
    return Draft(code, file, max(0, values - marked), max(values, marked))

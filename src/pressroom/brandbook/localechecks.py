"""The checks of one locale file's own content: its messages complete for their kind, its
sources few enough for the fact sheet, its script and direction true to its letters and its
file name, its campaign URL found in brand.yaml. The locale reader (locales.py) runs them;
each adds to the file's own problems."""

from __future__ import annotations

from pathlib import Path

from pressroom.brandbook import translation
from pressroom.brandbook.texts import check_texts
from pressroom.errors import Problems
from pressroom.langtags import (
    MIN_LETTERS,
    RTL_SCRIPTS,
    SCRIPT_PARTS,
    WRITTEN_AS,
    letters_by_script,
    lookup,
    script_name,
)
from pressroom.model import MESSAGE_TEXTS, OPTIONAL_TEXTS, Brand
from pressroom.read.yamlfile import YamlDoc

MAX_SOURCES = 24  # sources of all the facts of a locale (and at most 8 a fact: the schema)


def check_raw(file: Path, doc: YamlDoc, problems: Problems, drafting: bool) -> None:
    """The checks that need no valid schema, on a file that has schema problems: marked texts,
    and the texts of each message whose kind is known."""
    if not isinstance(doc.data, dict):
        return
    texts = translation.leaves(doc.data)
    translation.check_own(file, texts, doc.line, problems, drafting)
    check_texts(
        file,
        {k: v for k, v in texts.items() if not (drafting and translation.untranslated(v))},
        doc.line,
        problems,
    )
    count_sources(file, doc, problems)
    messages = doc.data.get("messages")
    for mid, m in messages.items() if isinstance(messages, dict) else ():
        if isinstance(m, dict) and isinstance(m.get("kind"), str) and m["kind"] in MESSAGE_TEXTS:
            complete(file, doc, mid, m, problems)


def count_sources(file: Path, doc: YamlDoc, problems: Problems) -> None:
    """At most MAX_SOURCES sources in a locale: the fact sheet prints each in full, and must
    stay short (and quick to lay out). Said once, at the first source over the limit."""
    messages = doc.data.get("messages")
    counts = [
        (mid, len(m["sources"]))
        for mid, m in (messages.items() if isinstance(messages, dict) else ())
        if isinstance(m, dict) and isinstance(m.get("sources"), list)
    ]
    total, seen = sum(n for _, n in counts), 0
    for mid, n in counts:
        if seen + n > MAX_SOURCES:
            problems.add(
                file, doc.line("messages", mid, "sources", MAX_SOURCES - seen),
                f"messages.{mid}.sources",
                f"the facts have {total} sources, over {MAX_SOURCES} in a locale",
                "give each fact its one or two best sources: the fact sheet prints every one",
            )
            return
        seen += n


def complete(file: Path, doc: YamlDoc, mid: str, m: dict, problems: Problems) -> bool:
    """Whether a message has the texts of its kind and no other; each missing or foreign text
    is reported once, at its key."""
    kind, ok = m["kind"], True
    for key in MESSAGE_TEXTS[kind]:
        if key not in m and key not in OPTIONAL_TEXTS:
            problems.add(
                file,
                doc.line("messages", mid),
                f"messages.{mid}.{key}",
                f"a {kind} needs {key!r}",
                f"add {key}: … to this message",
            )
            ok = False
    for key in m:
        if key not in MESSAGE_TEXTS[kind] and key not in ("kind", "alt", "caption") + (
            ("sources",) if kind == "fact" else ()
        ):
            problems.add(
                file,
                doc.line("messages", mid, key),
                f"messages.{mid}.{key}",
                f"a {kind} has no {key!r}",
                f"a {kind} has {', '.join(MESSAGE_TEXTS[kind])}; remove it or change kind",
            )
            ok = False
    return ok


def campaign_url(file: Path, code: str, brand: Brand | None, problems: Problems) -> str:
    """The campaign URL of `code`: its own, its language's, or the default (with a warning
    that says which page its QR codes will open)."""
    if brand is None:
        return ""
    own = lookup(brand.urls, code)
    if own:
        return own
    default = brand.urls.get("default", "")
    if not default:
        problems.add(
            brand.path,
            brand.lines.get(("urls",), 0),
            "urls",
            f"no campaign URL for {code}",
            f"add a line `{code}: https://…` under urls: in brand.yaml, or a default",
        )
    elif code != brand.primary_locale:
        problems.warn(
            file,
            0,
            "",
            f"no campaign URL of its own: its QR codes will open {default} (urls.default in "
            "brand.yaml)",
            f"add a line `{code}: https://…` under urls: in brand.yaml",
        )
    return default


def check_script(file: Path, code: str, lang: dict, doc: YamlDoc, problems: Problems) -> None:
    """A script subtag in the code (kk-Latn) must agree with language.script."""
    subtag = next((p for p in code.split("-")[1:] if len(p) == 4), None)
    if subtag and lang.get("script") != subtag:
        problems.add(
            file,
            doc.line("language", "script"),
            "language.script",
            f"is {lang.get('script')!r} but the file name says {subtag}",
            f"set script: {subtag}, or rename the file",
        )


def check_writing(
    file: Path, lang: dict, texts: dict[tuple, str], doc: YamlDoc, problems: Problems
) -> None:
    """language.script and language.direction must agree with the letters of the file's own
    texts (a Persian file a platform left marked Latn and ltr would be set unmirrored)."""
    declared, direction = lang.get("script"), lang.get("direction")
    counts = letters_by_script(
        v for k, v in texts.items()
        if k and k[-1] not in translation.VERBATIM and "sources" not in k
        and not translation.untranslated(v)
    )
    total = sum(counts.values())
    if total >= MIN_LETTERS:
        found, n = counts.most_common(1)[0]
        if n * 2 > total and found not in SCRIPT_PARTS.get(declared, {declared}):
            usual = WRITTEN_AS.get(found, found)
            way = "rtl" if usual in RTL_SCRIPTS else "ltr"
            problems.add(
                file, doc.line("language", "script"), "language.script",
                f"is {declared!r} but {n} of the {total} letters of the file's texts are "
                f"{script_name(found)}",
                f"set script: {usual}" + (f" and direction: {way}" if way != direction else ""),
            )
            return
    if direction and declared:
        way = "rtl" if declared in RTL_SCRIPTS else "ltr"
        if direction != way:
            problems.add(
                file, doc.line("language", "direction"), "language.direction",
                f"is {direction} but {script_name(declared)} ({declared}) is written "
                f"{'right to left' if way == 'rtl' else 'left to right'}",
                f"set direction: {way}, or leave it out (it follows the script)",
            )

"""Checks that only make sense between a translation and its reference locale.

A value still marked `TRANSLATE:` (as `pressroom locale new` writes it) is an error; so is a
placeholder that differs from the reference. A long text identical to the reference's is a
warning: it is probably not translated yet.
"""

from __future__ import annotations

import re
from pathlib import Path

from pressroom.errors import Problems

MARKER = "TRANSLATE:"
VERBATIM = frozenset({"kind", "script", "direction", "url"})  # keys never translated
PLACEHOLDERS = ("url", "wordmark")  # {url}: the locale's campaign page; {wordmark}: its name
# Placeholders of one key only: {text} is a plain asset's texts, filled in per message.
KEY_PLACEHOLDERS = {("page", "plain_alt"): ("text",)}
_PLACEHOLDER = re.compile(r"\{([^{}\s]*)\}")


def leaves(data, keys: tuple = ()) -> dict[tuple, str]:
    """Every text value of a locale file by its key path."""
    out: dict[tuple, str] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            out.update(leaves(value, keys + (key,)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out.update(leaves(value, keys + (i,)))
    elif isinstance(data, str):
        out[keys] = data
    return out


def untranslated(text: str) -> bool:
    """Not translated yet: still marked, or empty (as a platform leaves a text it has no
    translation for)."""
    return not text.strip() or text.lstrip().startswith(MARKER)


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def substitute(text: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


def check_own(
    path: Path, texts: dict[tuple, str], lines, problems: Problems, draft: bool = False
) -> None:
    """Problems a locale file has on its own: texts not translated (each a warning in a draft,
    which is a work in progress; an error elsewhere), unknown placeholders."""
    say = problems.warn if draft else problems.add
    for keys, text in texts.items():
        key = ".".join(map(str, keys))
        line = lines(*keys)
        if text.lstrip().startswith(MARKER):
            say(
                path,
                line,
                key,
                "not translated yet (still marked TRANSLATE:)",
                "replace the whole value, marker included, with the translation",
            )
        elif draft and not text.strip() and keys[-1] not in ("kind", "script", "direction"):
            say(path, line, key, "not translated yet (empty)", "write the translation")
        allowed = (*PLACEHOLDERS, *KEY_PLACEHOLDERS.get(keys, ()))
        for name in sorted(placeholders(text) - set(allowed)):
            problems.add(
                path,
                line,
                key,
                f"unknown placeholder {{{name}}}",
                f"use {', '.join('{' + p + '}' for p in allowed)}, or remove it",
            )


def compare(
    path: Path,
    texts: dict[tuple, str],
    lines,
    ref_path: Path,
    ref_texts: dict[tuple, str],
    problems: Problems,
) -> None:
    """Problems of a translation against the reference: placeholders, copied texts."""
    for keys, text in texts.items():
        ref = ref_texts.get(keys)
        if ref is None or keys[-1] in ("script", "direction", "kind", "url") or untranslated(text):
            continue
        key = ".".join(map(str, keys))
        mine, theirs = placeholders(text), placeholders(ref)
        if mine != theirs:
            want = ", ".join("{" + p + "}" for p in sorted(theirs)) or "no placeholder"
            problems.add(
                path,
                lines(*keys),
                key,
                f"placeholders differ from {ref_path.name} ({want})",
                "keep exactly the placeholders of the reference, untranslated",
            )
        words = re.findall(r"[^\W\d_]{2,}", text)
        if text == ref and len(words) >= 3 and not text.startswith(MARKER):
            problems.warn(
                path,
                lines(*keys),
                key,
                f"is the same as in {ref_path.name}",
                "translate it (or leave it if it is meant to stay as it is)",
            )

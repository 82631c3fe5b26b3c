"""A pseudo-locale: every text accented and about 40% longer, to test that layouts stretch."""

from __future__ import annotations

import re

import yaml

ACCENTS = str.maketrans("AaCcEeIiNnOoSsUuYyZz", "ÅåÇçÉéÎîÑñÖöŠšÜüÝýŽž")
KEEP = {"kind", "script", "direction", "url"}


def pseudo(value, key=""):
    if isinstance(value, dict):
        return {k: pseudo(v, k) for k, v in value.items()}
    if not isinstance(value, str) or key in KEEP:
        return value
    # placeholders ({wordmark}) stay as they are
    accented = "".join(
        part if part.startswith("{") else part.translate(ACCENTS)
        for part in re.split(r"(\{[a-z]+\})", value)
    )
    words = accented.split()
    extra = max(1, round(len(accented) * 0.4))
    padding = []
    i = 0
    while sum(len(w) + 1 for w in padding) < extra and words:
        padding.append(words[i % len(words)])
        i += 1
    if key == "figure":  # numbers stay short; pad them less
        return accented + "·"
    return " ".join([*words, *padding])[: len(accented) + extra + 12]


def pseudo_locale(en_text: str) -> str:
    data = yaml.safe_load(en_text)
    data = pseudo(data)
    data["language"] = {"name": "Pseudo", "english_name": "Pseudo-locale", "script": "Latn"}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)

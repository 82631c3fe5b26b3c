"""Judging a campaign URL, the payload of every QR code: a full http(s) address, ASCII, and
neither a shortener nor tracking parameters (both can tell someone who scanned what, where)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

TRACKING = re.compile(r"^(utm_.*|fbclid|gclid|yclid|mc_eid|igshid)$")
SHORTENERS = frozenset(
    {
        "bit.ly",
        "t.co",
        "tinyurl.com",
        "goo.gl",
        "ow.ly",
        "is.gd",
        "cutt.ly",
        "clck.ru",
        "vk.cc",
        "rebrand.ly",
        "buff.ly",
    }
)


def url_problems(url) -> list[tuple[str, str, str]]:
    """Problems of a QR payload: (problem, fix, severity)."""
    if not isinstance(url, str):
        return [("the URL is not text", "write it as https://…", "error")]
    out = []
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        out.append(
            (f"{url!r} is not an http(s) address", "write the full https://… address", "error")
        )
    if not url.isascii() or any(c.isspace() for c in url):
        out.append(
            (
                f"{url!r} has non-ASCII characters or spaces",
                "use the punycode / percent-encoded form",
                "error",
            )
        )
    if parts.hostname in SHORTENERS:
        out.append(
            (
                f"{parts.hostname} is a URL shortener: it can log who scans",
                "use the campaign's own address",
                "warning",
            )
        )
    tracking = [k for k, _ in parse_qsl(parts.query, keep_blank_values=True) if TRACKING.match(k)]
    if tracking:
        out.append(
            (
                f"tracking parameters {', '.join(tracking)} in {url!r}",
                "remove them: they identify where a scan came from",
                "warning",
            )
        )
    return out

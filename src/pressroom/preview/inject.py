"""The live-reload script, added to a page as it is served (never to the file on disk).

The download page pins its inline CSS and script by hash in a `<meta>` Content-Security-Policy
and allows no connections. The served copy gets one more `<script src>` from the preview's own
origin, and a policy that also allows scripts and connections from `'self'` (the status
endpoint): nothing else is relaxed, so a page that works in the preview works from file:// and
from a static host too.
"""

from __future__ import annotations

import re

SCRIPT = "/__pressroom/live.js"
STATUS = "/__pressroom/status"
_META = re.compile(r"<meta\b[^>]*\bhttp-equiv=([\"']?)Content-Security-Policy\1[^>]*>", re.I)
_CONTENT = re.compile(r"(\bcontent=)([\"'])(.*?)\2", re.I | re.S)


def inject(html: str, generation: int) -> str:
    """`html` with its policy widened for the preview and the live script before `</body>`.

    `generation` is the status generation the page was read at: the script reloads the page as
    soon as the status reports another one."""
    html = _META.sub(_widen_meta, html)
    tag = f'<script src="{SCRIPT}" data-generation="{int(generation)}"></script>\n'
    end = html.lower().rfind("</body>")
    return html[:end] + tag + html[end:] if end >= 0 else html + tag


def _widen_meta(meta: re.Match) -> str:
    return _CONTENT.sub(lambda m: m[1] + m[2] + allow_self(m[3]) + m[2], meta[0], count=1)


def allow_self(policy: str) -> str:
    """The policy with scripts and connections from `'self'` allowed; everything else as it was.

    A directive that is absent inherits `default-src`, so it is added as a copy of that with
    `'self'` (with no `default-src` either, it is not restricted and stays absent); `'none'`
    gives way to `'self'`. Only the first of a repeated directive counts, as
    in a browser."""
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words and words[0].lower() not in directives:
            directives[words[0].lower()] = words[1:]
    fallback = directives.get("default-src")
    for name in ("script-src", "connect-src"):
        inherited = directives.get(name, fallback)
        if inherited is None:
            continue  # neither it nor default-src: not restricted
        sources = [s for s in inherited if s.lower() != "'none'"]
        if "'self'" not in (s.lower() for s in sources):
            sources.append("'self'")
        directives[name] = sources
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def waiting_page(generation: int) -> str:
    """The page served at / before any build has written one (the first build failed): the
    live script shows the problems and loads the real page once a build succeeds."""
    return inject(
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>pressroom preview</title>\n</head>\n<body>\n"
        "<p>No page has been built yet: fix the problems listed below and save.</p>\n"
        "</body>\n</html>\n",
        generation,
    )

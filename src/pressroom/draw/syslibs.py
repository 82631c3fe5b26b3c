"""The system libraries pressroom needs beyond cairo: Pango, which WeasyPrint (the fact sheets)
opens. Whether it is there is a look-up only, so a build can say so, and which Debian packages
to install, before it writes anything."""

from __future__ import annotations

from pressroom.errors import SetupError

PANGO_FIX = "install Debian's Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0"


def check_setup() -> None:
    """Raise SetupError when Pango's libraries are missing."""
    import ctypes.util

    missing = [n for n in ("pango-1.0", "pangoft2-1.0") if ctypes.util.find_library(n) is None]
    if missing:
        raise SetupError(
            f"the fact sheets need the system libraries {', '.join('lib' + n for n in missing)}"
            f", which are not installed — {PANGO_FIX}"
        )

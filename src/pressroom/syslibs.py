"""The system libraries pressroom opens: whether Pango is there (WeasyPrint, which makes the
fact sheets, needs it; a look-up only, so a build can say so before it writes anything), and
opening libraries by their Linux names without the slow search that cffi bindings start with."""

from __future__ import annotations

import contextlib
import importlib

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


@contextlib.contextmanager
def sonames_only():
    """cffi bindings (cairocffi, WeasyPrint) open each system library under a list of names for
    every platform, and ask `ctypes.util.find_library` about each name the dynamic loader does
    not take as it is: on Linux that runs ldconfig, gcc and ld, up to fifty processes and 0.2 s
    before the names the loader knows (`libcairo.so.2`). Here those questions get no answer; a
    binding that then finds no library raises OSError, and its import is tried again the long
    way (see `import_binding`)."""
    import ctypes.util

    real = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = real


def import_binding(name: str):
    """Import the cffi binding `name` (cairocffi, WeasyPrint) quickly: its C declarations parsed
    beforehand (cdefs.py), its libraries opened by their Linux names (`sonames_only`), else,
    when that leaves one unopened, the long way. Raises OSError when a library is missing."""
    from pressroom.cdefs import parsed_beforehand

    with parsed_beforehand():
        try:
            with sonames_only():
                return importlib.import_module(name)
        except OSError:  # a system that names the library otherwise
            return importlib.import_module(name)

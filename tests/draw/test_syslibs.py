"""syslibs.py and cairolib.py: Pango looked up before a build writes anything, with the Debian
packages to install when it is missing; cairo and WeasyPrint imported as they document."""

from __future__ import annotations

import ctypes.util
import subprocess
import sys
import textwrap

import pytest

from pressroom.draw import syslibs
from pressroom.errors import SetupError
from pressroom.press import factsheet


def test_check_setup_passes_where_pango_is_installed():
    syslibs.check_setup()


def test_check_setup_names_the_missing_libraries_and_the_packages(monkeypatch):
    real = ctypes.util.find_library
    monkeypatch.setattr(ctypes.util, "find_library",
                        lambda name: None if name == "pangoft2-1.0" else real(name))
    with pytest.raises(SetupError) as raised:
        syslibs.check_setup()
    assert "libpangoft2-1.0" in str(raised.value) and "libpango-1.0," not in str(raised.value)
    assert syslibs.PANGO_FIX in str(raised.value)


def test_cairo_and_weasyprint_load_their_libraries():
    from pressroom.draw.cairolib import PNGSurface, Tree, cairo, cairo_lib, ffi

    assert cairo.cairo_version() > 0 and cairo_lib is cairo.cairo and ffi is cairo.ffi
    assert PNGSurface is not None and Tree is not None
    assert factsheet._weasyprint().HTML is not None
    assert factsheet._weasyprint() is factsheet._weasyprint()  # imported once


def test_a_weasyprint_that_cannot_open_pango_is_a_setup_error(tmp_path):
    """WeasyPrint raises OSError at import when a system library is missing."""
    fake = tmp_path / "weasyprint"
    fake.mkdir()
    (fake / "__init__.py").write_text(
        "raise OSError(\"cannot load library 'libpango-1.0-0': not found\")\n"
    )
    probe = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(tmp_path)!r})
        from pressroom.errors import SetupError
        from pressroom.press import factsheet
        try:
            factsheet._weasyprint()
        except SetupError as exc:
            print(exc)
        """
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "WeasyPrint cannot start" in done.stdout and syslibs.PANGO_FIX in done.stdout

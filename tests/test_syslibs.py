"""syslibs.py and cairolib.py: system libraries opened by their Linux names, no search."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pressroom import factsheet, syslibs


def test_lookups_get_no_answer_inside_sonames_only_and_come_back():
    import ctypes.util

    real = ctypes.util.find_library
    with pytest.raises(RuntimeError), syslibs.sonames_only():
        assert ctypes.util.find_library("c") is None  # no ldconfig, gcc or ld in between
        raise RuntimeError
    assert ctypes.util.find_library is real
    assert factsheet._weasyprint().HTML is not None


def test_cairo_and_weasyprint_open_their_libraries_without_starting_a_process():
    """cairocffi alone would run ldconfig, gcc and ld for its Windows and macOS names."""
    probe = (
        "import subprocess\n"
        "started = []\n"
        "real = subprocess.Popen.__init__\n"
        "def record(self, args, *a, **k):\n"
        "    started.append(args)\n"
        "    real(self, args, *a, **k)\n"
        "subprocess.Popen.__init__ = record\n"
        "from pressroom.cairolib import cairo\n"
        "from pressroom import factsheet\n"
        "factsheet._weasyprint()\n"
        "assert cairo.cairo_version() > 0\n"
        "print(len(started), started)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("0 "), done.stdout

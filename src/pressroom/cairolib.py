"""cairocffi and CairoSVG, imported here first: cairocffi gets its C declarations parsed
beforehand (cdefs.py), and opens libcairo by its Linux name without asking
`ctypes.util.find_library` about the names of other platforms (which runs gcc and ld, 20 ms
before every render process's first drawing; see syslibs.sonames_only)."""

from __future__ import annotations

from pressroom.cdefs import parsed_beforehand
from pressroom.syslibs import sonames_only

with parsed_beforehand():  # its C declarations parsed once per machine, not in every process
    try:
        with sonames_only():
            import cairocffi
    except OSError:  # a system that names libcairo otherwise: the long way
        import cairocffi

from cairosvg import svg2png  # noqa: E402  (cairocffi first)
from cairosvg.parser import Tree  # noqa: E402
from cairosvg.surface import PDFSurface, PNGSurface  # noqa: E402

cairo = cairocffi
cairo_lib = cairocffi.cairo
ffi = cairocffi.ffi

__all__ = ["PDFSurface", "PNGSurface", "Tree", "cairo", "cairo_lib", "ffi", "svg2png"]

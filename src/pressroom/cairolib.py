"""cairocffi and CairoSVG, imported here first: cairocffi gets its C declarations parsed
beforehand (cdefs.py), and opens libcairo by its Linux name without asking
`ctypes.util.find_library` about the names of other platforms (which runs gcc and ld, 20 ms
before every render process's first drawing; see syslibs.import_binding)."""

from __future__ import annotations

from pressroom.syslibs import import_binding

cairocffi = import_binding("cairocffi")

from cairosvg.parser import Tree  # noqa: E402  (cairocffi first)
from cairosvg.surface import PDFSurface, PNGSurface  # noqa: E402

cairo = cairocffi
cairo_lib = cairocffi.cairo
ffi = cairocffi.ffi

__all__ = ["PDFSurface", "PNGSurface", "Tree", "cairo", "cairo_lib", "ffi"]

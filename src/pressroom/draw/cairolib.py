"""cairocffi and CairoSVG, imported the way they document, in one place: the modules that draw
take cairo from here."""

from __future__ import annotations

import cairocffi
from cairosvg.parser import Tree
from cairosvg.surface import PDFSurface, PNGSurface

cairo = cairocffi
cairo_lib = cairocffi.cairo
ffi = cairocffi.ffi

__all__ = ["PDFSurface", "PNGSurface", "Tree", "cairo", "cairo_lib", "ffi"]

"""Text, pure: fonts and where they live (fonts, fontpaths), bidi levels (bidi), line-break
opportunities (linebreak), shaping with fallback (shaping) and fitting into a slot (fit)."""

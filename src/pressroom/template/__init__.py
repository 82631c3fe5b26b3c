"""SVG templates, step by step: load runs parse (xml), clean and refuse (clean), rebuild from
the allow-list (allow) with its CSS parsed and scoped (css), bound the work (bounds), inline
images (images, imagefile), colour (palette, colour), place (geometry, viewbox), name the slots
(slots), mirror for right-to-left languages (mirror) and cut into parts per message kind (parts)."""

"""SVG templates, step by step: parse (xml), clean and refuse (clean), rebuild from the
allow-list (allow) with its CSS parsed and scoped (css), bound the work (bounds), inline images
(images), colour (palette), place (geometry, viewbox), name the slots (slots), mirror for
right-to-left languages (mirror) and serialize per message kind (variants). `pressroom.template`
runs them."""

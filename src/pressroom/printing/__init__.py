"""Print: the CMYK build of every colour (cmyk), a cairo PDF recoloured (recolour) and finished
as PDF/X-4 (pdfx), as reproducible bytes (pdfbytes), with the bundled profile (icc/)."""

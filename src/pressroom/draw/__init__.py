"""Drawing a job: compose (lay out every text), fill (outlines, QR, logo into the template),
render (SVG to PNG or PDF with cairo: cairolib; syslibs), QR codes (qr, qrcheck)."""

"""Motion formats: stories and reels as MP4, animated from the same layout as the stills.

spec (formats.yaml's `motion:`) ▸ timeline (when each element comes in; pure) ▸ pieces (the art,
each text line and the QR code, each rendered once) ▸ frames (composited with cairo, only what
moved, converted to YUV) ▸ encode (H.264 with PyAV's libx264, reproducible, no metadata).
"""

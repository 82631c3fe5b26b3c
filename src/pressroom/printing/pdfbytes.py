"""A pikepdf document as reproducible bytes: the same document gives the same file."""

from __future__ import annotations

import io

import pikepdf


def pdf_bytes(pdf: pikepdf.Pdf, version: str | None = None) -> bytes:
    """Saved with a deterministic /ID, compressed streams and object streams; the XMP metadata
    left as it is (no version stamp); `version` forces the header's PDF version."""
    out = io.BytesIO()
    extra = {"force_version": version} if version else {}
    pdf.save(
        out,
        deterministic_id=True,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        fix_metadata_version=False,
        **extra,
    )
    return out.getvalue()

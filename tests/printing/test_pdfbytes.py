"""printing/pdfbytes.py: a pikepdf document saved as reproducible bytes: the same document gives
the same file (an /ID from its content, never the clock), streams compressed into object streams,
the XMP metadata left exactly as it was, and the header's version forced when asked."""

from __future__ import annotations

import io
import re
import time

import pikepdf
import pytest

from pressroom.printing.pdfbytes import pdf_bytes

CONTENT = b"0 0 1 rg 10 10 50 50 re f\n1 0 0 rg 70 10 50 50 re f\n" * 20


def document(content: bytes = CONTENT, xmp_version: str | None = None) -> pikepdf.Pdf:
    """A one-page document with an uncompressed content stream (and XMP metadata if asked)."""
    pdf = pikepdf.Pdf.new()
    pdf.add_blank_page(page_size=(200, 100))
    pdf.pages[0].Contents = pdf.make_stream(content)
    if xmp_version is not None:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["pdf:PDFVersion"] = xmp_version
            meta["dc:title"] = "Fact sheet"
    return pdf


def opened(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


def test_the_same_document_gives_the_same_bytes():
    assert pdf_bytes(document()) == pdf_bytes(document())
    pdf = document()
    assert pdf_bytes(pdf) == pdf_bytes(pdf)  # and saving twice changes nothing


def test_the_bytes_do_not_depend_on_the_clock():
    first = pdf_bytes(document())
    time.sleep(1.05 - time.time() % 1)  # into the next second: a time-based /ID would change
    assert pdf_bytes(document()) == first


def test_the_id_comes_from_the_content():
    one, other = opened(pdf_bytes(document())), opened(pdf_bytes(document(CONTENT + b"% more\n")))
    first, second = one.trailer.ID, other.trailer.ID
    assert len(first) == 2 and bytes(first[0]) == bytes(first[1])
    assert len(bytes(first[0])) == 16
    assert bytes(first[0]) != bytes(second[0])


def test_the_document_comes_back_whole_with_its_content_compressed():
    data = pdf_bytes(document())
    pdf = opened(data)
    assert len(pdf.pages) == 1
    assert [float(x) for x in pdf.pages[0].MediaBox] == [0, 0, 200, 100]
    contents = pdf.pages[0].Contents
    assert contents.Filter == pikepdf.Name.FlateDecode
    assert contents.read_bytes() == CONTENT
    assert CONTENT[:40] not in data  # no stream left as plain text
    assert len(data) < len(CONTENT)


def test_objects_are_packed_into_object_streams_with_a_cross_reference_stream():
    data = pdf_bytes(document())
    assert b"/ObjStm" in data
    assert b"/XRef" in data and b"\nxref\n" not in data  # no classic xref table
    assert float(opened(data).pdf_version) >= 1.5  # the first version with object streams


@pytest.mark.parametrize("version", ["1.6", "1.7", "2.0"])
def test_a_version_forces_the_header(version):
    data = pdf_bytes(document(), version)
    assert data.startswith(f"%PDF-{version}\n".encode())
    assert opened(data).pdf_version == version


def test_no_dates_are_added():
    data = pdf_bytes(document(xmp_version="1.4"), "1.6")
    pdf = opened(data)
    info = pdf.trailer.get("/Info")
    assert info is None or not ({"/CreationDate", "/ModDate"} & set(info.keys()))
    xmp = pdf.Root.Metadata.read_bytes()
    assert not re.search(rb"(Create|Modify|Metadata)Date", xmp)


def test_the_xmp_metadata_is_kept_byte_for_byte_with_no_version_stamp():
    pdf = document(xmp_version="1.4")
    before = pdf.Root.Metadata.read_bytes()
    saved = opened(pdf_bytes(pdf, "1.7"))
    after = saved.Root.Metadata.read_bytes()
    assert after == before
    assert b">1.4</pdf:PDFVersion>" in after  # not rewritten to the forced 1.7


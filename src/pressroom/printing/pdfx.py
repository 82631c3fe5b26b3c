"""Finish cairo's PDF as a PDF/X-4 poster (ISO 15930-7), in named steps:

1. recolour: every RGB colour becomes its CMYK build (printing/recolour.py, printing/cmyk.py);
2. boxes: MediaBox = BleedBox = trim + bleed, TrimBox inside; with crop marks the MediaBox
   grows by CROP_MARGIN on every side and the marks are drawn there, in 100% K;
3. output intent: /GTS_PDFX with the printing condition's name and its embedded CMYK profile;
4. metadata: the Info dictionary and the XMP packet PDF/X-4 requires, both fixed: Producer and
   Creator `pressroom` (none at all in the plain kit's posters, which must not say what made
   them: PDF/X-4 does not require them; their embedded profile is named after the printing
   condition alone, see printing/iccname.py), dates FIXED_DATE, Trapped False, GTS_PDFXVersion
   PDF/X-4, a title naming the asset, and a DocumentID derived from the page's content;
5. check: nothing RGB is left (a PrintError otherwise), then save as PDF 1.6 with a
   deterministic /ID.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
import zlib
from functools import lru_cache
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Name
from PIL import ImageCms

from pressroom.errors import PrintError
from pressroom.model import CROP_MARGIN, Format, Printing
from pressroom.printing.cmyk import Inks
from pressroom.printing.iccname import renamed
from pressroom.printing.pdfbytes import pdf_bytes
from pressroom.printing.recolour import Recolour, rgb_left

MM = 72 / 25.4  # PDF points per millimetre
PRODUCER = "pressroom"  # the fixed, documented Producer and Creator of every PDF
PDFX_VERSION = "PDF/X-4"
FIXED_DATE = "1980-01-01T00:00:00Z"  # PDF/X-4 needs dates; every poster has this one
REGISTRY = "http://www.color.org"  # where printing condition names such as FOGRA39 are kept
MARK_GAP, MARK_LENGTH, MARK_WIDTH = 2.0, 6.0, 0.25  # mm from the bleed edge, mm long, pt wide


def finish(
    raw: bytes, fmt: Format, inks: Inks, printing: Printing, title: str, anonymous: bool = False
) -> bytes:
    """Cairo's one-page PDF made a PDF/X-4 poster of `fmt`, reproducibly; `anonymous` leaves
    out the tool's name (Producer, Creator, CreatorTool, and the profile's own names)."""
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        page = pdf.pages[0]
        content = Recolour(pdf, inks).page(page)
        _boxes(pdf, page, fmt, content)
        profile = renamed(inks.profile, printing.condition) if anonymous else inks.profile
        _output_intent(pdf, printing, profile)
        _metadata(pdf, title, content, anonymous)
        left = rgb_left(pdf)
        if left:
            raise PrintError(f"{title}: RGB colour left in the poster PDF: {'; '.join(left)}")
        return pdf_bytes(pdf, version="1.6")


# --- boxes and crop marks ------------------------------------------------------------------------


def _boxes(pdf: pikepdf.Pdf, page: pikepdf.Page, fmt: Format, content: bytes) -> None:
    """TrimBox, BleedBox and MediaBox; with crop marks, `content` (the page's decoded stream)
    clipped to the bleed on a larger page, and the marks."""
    w, h = (v * MM for v in fmt.page_size)
    b = fmt.bleed * MM
    m = CROP_MARGIN * MM if fmt.crop_marks else 0.0
    if fmt.crop_marks:
        clip = f"q 1 0 0 1 {m:.4f} {m:.4f} cm 0 0 {w:.4f} {h:.4f} re W n\n"  # art stops at bleed
        moved = clip.encode() + content + b"\nQ\n"
        marks = _crop_marks((m + b, m + b, m + w - b, m + h - b), b)
        page.obj.Contents = pikepdf.Stream(pdf, zlib.compress(moved + marks))
        page.obj.Contents.Filter = Name.FlateDecode
    page.mediabox = pikepdf.Array([0, 0, w + 2 * m, h + 2 * m])
    page.obj.BleedBox = pikepdf.Array([m, m, m + w, m + h])
    page.obj.TrimBox = pikepdf.Array([m + b, m + b, m + w - b, m + h - b])


def _crop_marks(trim: tuple[float, float, float, float], bleed: float) -> bytes:
    """Two hairlines at each corner of the trim, starting MARK_GAP outside the bleed."""
    x0, y0, x1, y1 = trim
    near, far = bleed + MARK_GAP * MM, bleed + (MARK_GAP + MARK_LENGTH) * MM
    lines = []
    for x, y, sx, sy in ((x0, y0, -1, -1), (x1, y0, 1, -1), (x0, y1, -1, 1), (x1, y1, 1, 1)):
        lines.append(((x + sx * near, y), (x + sx * far, y)))  # horizontal, in line with the trim
        lines.append(((x, y + sy * near), (x, y + sy * far)))  # vertical
    ops = [f"q 0 0 0 1 K {MARK_WIDTH} w 0 J"]
    ops += [f"{a:.3f} {b:.3f} m {c:.3f} {d:.3f} l S" for (a, b), (c, d) in lines]
    ops.append("Q\n")
    return "\n".join(ops).encode()


# --- output intent and metadata ------------------------------------------------------------------


def _output_intent(pdf: pikepdf.Pdf, printing: Printing, profile: bytes) -> None:
    icc = pikepdf.Stream(pdf, _compressed(profile))
    icc.Filter, icc.N = Name.FlateDecode, 4
    intent = pikepdf.Dictionary(
        Type=Name.OutputIntent,
        S=Name.GTS_PDFX,
        OutputConditionIdentifier=printing.condition,
        OutputCondition=printing.condition_name,
        RegistryName=REGISTRY,
        Info=_profile_name(profile),
        DestOutputProfile=pdf.make_indirect(icc),
    )
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])


@lru_cache(maxsize=4)
def _compressed(profile: bytes) -> bytes:
    return zlib.compress(profile, 9)


@lru_cache(maxsize=4)
def _profile_name(profile: bytes) -> str:
    return ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(profile))).strip()


def _metadata(pdf: pikepdf.Pdf, title: str, content: bytes, anonymous: bool = False) -> None:
    digest = hashlib.sha256(title.encode() + b"\0" + content).digest()
    document_id = f"uuid:{uuid.UUID(bytes=digest[:16], version=4)}"
    date = "D:" + FIXED_DATE.replace("-", "").replace(":", "").replace("T", "")
    tool = {} if anonymous else {"Producer": PRODUCER, "Creator": PRODUCER}
    pdf.trailer.Info = pdf.make_indirect(
        pikepdf.Dictionary(
            Title=title,
            **tool,
            CreationDate=date,
            ModDate=date,
            Trapped=Name("/False"),
            GTS_PDFXVersion=PDFX_VERSION,
        )
    )
    xmp = pikepdf.Stream(pdf, xmp_packet(title, document_id, anonymous).encode())
    xmp.Type, xmp.Subtype = Name.Metadata, Name.XML
    pdf.Root.Metadata = pdf.make_indirect(xmp)


def xmp_packet(title: str, document_id: str, anonymous: bool = False) -> str:
    """The XMP packet of a poster: what PDF/X-4 requires, with fixed values, and nothing else
    (with `anonymous`, no CreatorTool or Producer)."""
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
   <xmp:CreateDate>{FIXED_DATE}</xmp:CreateDate>
   <xmp:ModifyDate>{FIXED_DATE}</xmp:ModifyDate>
   <xmp:MetadataDate>{FIXED_DATE}</xmp:MetadataDate>
   <xmp:CreatorTool>{PRODUCER}</xmp:CreatorTool>
   <xmpMM:DocumentID>{document_id}</xmpMM:DocumentID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdf:Producer>{PRODUCER}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <pdfxid:GTS_PDFXVersion>{PDFX_VERSION}</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
    if anonymous:
        packet = re.sub(r"\n *<(xmp:CreatorTool|pdf:Producer)>[^<]*</\1>", "", packet)
    return packet

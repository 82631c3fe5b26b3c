"""SVG templates: read, checked and prepared once per format, as a list of named steps.

A template is plain SVG a designer edits in Inkscape or Figma. Slots are rectangles named with
`data-slot="NAME"` (or a unique `id="slot-NAME"`) whose data- attributes say how text is set in
them (slotstyle.py); those attributes may instead be kept in a side table beside the template
(`story.slots.yaml`, sidetable.py), which re-exporting from Figma leaves as it is. Elements with
`data-kind="fact"` (or "slogan") appear only on assets of that kind; elements with
`data-with="qr"` only where the format shows that slot. The result is, per message kind and
direction, a list of SVG text parts with slots between them, so filling a template is joining
strings.

Safety: the template is a regular file inside the brand book (read/files.py); DTDs and entities are
refused before anything resolves them; the tree is rebuilt from the allow-list (template/allow.py:
unknown elements refused at their line, other attributes dropped), its CSS parsed (template/css.py)
and its references bounded (template/bounds.py); a reference (href, url()) may only point inside the
template (`#id`), except an <image>, which may name a file inside the brand book or carry a data:
URI. Such images are inlined at load: rasters re-encoded without metadata, SVG assets rebuilt like a
template and nested.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pressroom.errors import Problems
from pressroom.model import CAMPAIGN_SLOTS, FORMAT_OMITTABLE, MESSAGE_TEXTS, Brand, Format, Template
from pressroom.read.files import InputError, read_input
from pressroom.template.clean import check_safety, clean
from pressroom.template.drawable import refuse_undrawable
from pressroom.template.geometry import to_root
from pressroom.template.imagefile import Linked
from pressroom.template.imagefill import flatten_image_fills
from pressroom.template.images import inline_images
from pressroom.template.mirror import check_mirroring
from pressroom.template.opacity import group_opacity
from pressroom.template.palette import apply_palette
from pressroom.template.parts import CAMPAIGN, PLAIN, cut
from pressroom.template.sidestyle import apply_side_table
from pressroom.template.sidetable import SlotTable
from pressroom.template.slots import NAMES, find_slots, slot_name
from pressroom.template.viewbox import fit_to_format
from pressroom.template.xml import INKSCAPE, Doc, local, parents, parse, svg_text

KINDS = tuple(MESSAGE_TEXTS)
OMITTABLE = frozenset({"body", "cta", "claim"})  # texts a template may have no slot for
MAX_TEMPLATE_BYTES = 30_000_000  # SVG with embedded photos; linked images have their own limit


def load_template(
    path: Path,
    fmt: Format,
    brand: Brand,
    problems: Problems,
    book_root: Path | None = None,
    table: SlotTable | None = None,
) -> Template | None:
    """Read, check and prepare one template for one format; every problem goes to `problems`.

    `book_root` is the brand book folder (by default the folder above templates/): images the
    template links must lie inside it. `table` is the template's side table, if it has one
    (read by brandbook/sidefile.py).
    """
    book_root = (book_root or path.parent.parent).resolve()
    data = read_template(path, fmt, book_root, problems)
    if data is None:
        return None
    return make_template(data, path, fmt, brand, problems, book_root, table)[0]


def make_template(
    data: bytes,
    path: Path,
    fmt: Format,
    brand: Brand,
    problems: Problems,
    book_root: Path,
    table: SlotTable | None = None,
) -> tuple[Template | None, tuple[Linked, ...]]:
    """`load_template` once the template's bytes (`data`) are read: the template, and the image
    files it links (what it is made of besides `data`, `fmt`, `brand` and `table`)."""
    doc = parse(data, path, problems)
    if doc is None:
        return None, ()
    if local(doc.root.tag) != "svg":
        problems.add(path, 1, "", "the root element is not <svg>", "save the file as SVG")
        return None, ()
    before = len(problems.errors)
    doc.labels = {el: el.get(f"{{{INKSCAPE}}}label") for el in doc.root.iter()}
    clean(doc.root)
    check_safety(doc, problems)
    links = inline_images(doc, book_root, problems)
    flatten_image_fills(doc)  # Figma's image fills, which CairoSVG would draw cropped
    group_opacity(doc)  # a shape's opacity, which CairoSVG would draw on fill and stroke apart
    refuse_undrawable(doc, problems)  # what CairoSVG would draw unlike a browser
    styled = apply_side_table(doc, table, problems)  # before anything reads slot attributes
    apply_palette(doc, brand, problems)
    check_mirroring(doc, problems)
    _check_campaign(doc, problems)
    _check_transforms(doc, problems)
    omit = _omitted(doc, fmt, problems)
    scale = fit_to_format(doc, fmt, problems)
    if scale is None:
        return None, links
    _leave_out(doc, fmt)
    slots = find_slots(doc, fmt, brand, problems, styled)
    if len(problems.errors) > before or (table is not None and table.failed):
        return None, links  # (the side table's own problems were said as it was read)
    width, height = fmt.page_size
    parts = {kind: cut(doc.root, kind, False, width) for kind in KINDS}
    mirrored = {kind: cut(doc.root, kind, True, width) for kind in KINDS}
    plain = {
        (k, m): cut(doc.root, k, m, width, plain=True) for k in KINDS for m in (False, True)
    }
    source = svg_text(doc.root)
    digest = hashlib.sha256(source.encode()).hexdigest()
    template = Template(
        path.name, path, width, height, tuple(slots), parts, digest, omit, mirrored, scale,
        plain,
    )
    return template, links


def read_template(path: Path, fmt: Format, book_root: Path, problems: Problems) -> bytes | None:
    """The template's bytes, a regular file inside the brand book (see read/files.py)."""
    try:
        return read_input(
            path,
            book_root,
            "template",
            MAX_TEMPLATE_BYTES,
            too_large="link large images from brandbook/assets/ instead of embedding them",
        )
    except InputError as exc:
        fix = f"create it or fix `template:` of format {fmt.name} in formats.yaml"
        problems.add(path, exc.line, "", exc.problem, fix if exc.missing else exc.fix)
        return None


def _check_campaign(doc: Doc, problems: Problems) -> None:
    """`data-campaign` takes "only": the element is the campaign's identity, left out of the
    plain kit. `data-plain` takes "only": the element is the plain kit's alone (its own place
    for a text, or art for the room the marks leave), so it may not be a campaign mark."""
    for el in doc.root.iter():
        for attr, fix in (
            (CAMPAIGN, 'write data-campaign="only" to leave this element out of the plain kit'),
            (PLAIN, 'write data-plain="only" to draw this element in the plain kit alone'),
        ):
            value = el.get(attr)
            if value is not None and value != "only":
                problems.add(doc.path, doc.line(el), attr, f"is {value!r}", f"{fix}, or remove it")
        if el.get(PLAIN) == "only" and el.get(CAMPAIGN) == "only":
            problems.add(
                doc.path, doc.line(el), PLAIN, 'is "only", and so is data-campaign',
                "keep one: data-campaign for the other kits, data-plain for the plain kit",
            )
        if el.get(PLAIN) == "only" and slot_name(el) in CAMPAIGN_SLOTS:
            problems.add(
                doc.path, doc.line(el), PLAIN, f"is on the {slot_name(el)} slot, a campaign mark"
                " the plain kit never shows", "remove data-plain, or mark a text slot",
            )


def _check_transforms(doc: Doc, problems: Problems) -> None:
    """Every transform must be valid SVG: slots and mirrored images are placed through them."""
    for el in to_root(doc.root)[1]:
        problems.add(
            doc.path,
            doc.line(el),
            "transform",
            f"{el.get('transform')[:60]!r} is not a valid SVG transform",
            "write e.g. translate(10 20) rotate(5), or remove it",
        )


def _omitted(doc: Doc, fmt: Format, problems: Problems) -> frozenset[str]:
    """What this template and format leave out: the root's data-omit (texts the layout has no
    slot for) and the format's `omit` (slots it drops). data-with names slots too."""
    omit = frozenset((doc.root.get("data-omit") or "").split())
    for key in sorted(omit - OMITTABLE):
        problems.add(
            doc.path,
            doc.line(doc.root) or 1,
            "data-omit",
            f"{key!r} cannot be left out",
            f"only {', '.join(sorted(OMITTABLE))} may be omitted (facts keep their source)",
        )
    for el in doc.root.iter():
        for name in sorted(set((el.get("data-with") or "").split()) - NAMES):
            problems.add(
                doc.path,
                doc.line(el),
                "data-with",
                f"{name!r} is not a slot",
                f"name the slot this element belongs with: one of {', '.join(sorted(NAMES))}",
            )
    return omit | (frozenset(fmt.omit) & FORMAT_OMITTABLE)


def _leave_out(doc: Doc, fmt: Format) -> None:
    """Remove the slots the format leaves out, and the elements drawn with them."""
    gone = frozenset(fmt.omit)
    if not gone:
        return
    up = parents(doc.root)
    for el in list(doc.root.iter()):
        if el in up and (
            slot_name(el) in gone or gone & set((el.get("data-with") or "").split())
        ):
            up[el].remove(el)

"""Compose a job: lay out each of its texts in its slot and decide what fills every slot.

Everything that can be wrong with content (missing glyphs, text that cannot fit, a slot with no
content, content with no slot) is found here, before anything is rendered or written.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pressroom.errors import Problems, Uncovered
from pressroom.fill import QrFill, TextFill
from pressroom.fonts import load_face
from pressroom.layout import Box, FitError, fit
from pressroom.model import BRAND_SLOTS, MESSAGE_TEXTS, OPTIONAL_TEXTS, QR_SLOT, Brandbook, Slot
from pressroom.plan import Job
from pressroom.qrcheck import place_qr
from pressroom.shaping import uncovered
from pressroom.translation import MARKER


@dataclass(frozen=True)
class Composed:
    job: Job
    contents: dict[str, TextFill | QrFill]

    @property
    def mirrored(self) -> bool:
        return self.job.locale.direction == "rtl"


def compose(book: Brandbook, job: Job, problems: Problems) -> Composed | None:
    """Lay out every slot of `job`'s template; report problems; None if any."""
    template = book.templates.get(job.format.name)
    if template is None:
        return None
    kind = job.message.kind
    rtl = job.locale.direction == "rtl"
    # Right-to-left languages get the layout mirrored: slots and QR code swap sides (except
    # those the template keeps in place with data-mirror="no").
    slots = {
        s.name: replace(s, x=template.width - s.x - s.width) if rtl and s.mirrors else s
        for s in template.slots_for(kind)
    }
    before = len(problems.errors)
    msg = job.message
    texts = {**msg.texts, "wordmark": job.locale.wordmark, "url": _display_url(job.locale.url)}
    for key in MESSAGE_TEXTS[kind]:
        if key in msg.texts and key not in slots and key not in template.omit:
            problems.add(
                template.path,
                0,
                f"slot-{key}",
                f"the template has no slot for the {kind}'s {key!r}",
                f'add a rect with data-slot="{key}" (data-kind="{kind}")',
            )
    contents: dict[str, TextFill | QrFill] = {}
    palette = book.brand.palette
    for name, slot in slots.items():
        if name == QR_SLOT:
            box = (slot.x, slot.y, slot.width, slot.height)
            placed, found = place_qr(job.format, box, job.locale.url, template.scale)
            for problem, fix in found:
                problems.add(template.path, slot.line, f"slot-{name}", problem, fix)
            if placed is not None:
                code, square = placed
                dark = palette.get(slot.style.color or "", "#000000")
                light = palette.get(slot.style.on or "", "#FFFFFF")
                contents[name] = QrFill(code, square, dark, light)
            continue
        text = texts.get(name)
        if text is None:
            if name not in OPTIONAL_TEXTS and name not in BRAND_SLOTS:
                problems.add(
                    template.path,
                    slot.line,
                    f"slot-{name}",
                    f"a {kind} has no {name!r} to put in this slot",
                    f'add data-kind="{_other(kind)}" to the slot, or remove it',
                )
            continue
        if text.lstrip().startswith(MARKER):
            continue  # reported once as untranslated; not laid out
        filled = _fit_text(book, job, slot, name, text, problems)
        if filled is not None:
            contents[name] = filled
    if len(problems.errors) > before:
        return None
    return Composed(job, contents)


def _fit_text(book: Brandbook, job: Job, slot: Slot, name: str, text: str, problems: Problems):
    role = slot.style.font
    chain = tuple(load_face(p) for p in job.locale.fonts[role])  # the language's own chain
    path, line, key = _where(book, job, name)
    missing = uncovered(text, chain)
    if missing:  # one problem per text; ContentError merges them per locale file and role
        chars = "".join(u.char for u in missing)
        labels = tuple(f.label for f in chain)
        problems.items.append(Uncovered.of(problems.rel(path), line, key, role, chars, labels))
        return None
    box = Box(slot.x, slot.y, slot.width, slot.height, slot.style)
    try:
        block = fit(text, chain, box, job.locale.lang, job.locale.direction == "rtl")
    except FitError as exc:
        cut = max(5, round((1 - 1 / exc.need) * 100)) if exc.need > 1 else 5
        problems.add(
            path,
            line,
            key,
            f"does not fit slot-{name} of {job.format.name} ({job.format.template}): {exc.reason}",
            f"shorten it by about {cut}%, or give the slot more room",
        )
        return None
    colour = book.brand.palette.get(slot.style.color or "", "#000000")
    return TextFill(block, chain, colour)


def _where(book: Brandbook, job: Job, name: str) -> tuple:
    if name in BRAND_SLOTS:
        if name == "wordmark":
            return (
                job.locale.path,
                job.locale.lines.get(("campaign", "wordmark"), 0),
                "campaign.wordmark",
            )
        return book.brand.path, 0, f"urls.{job.locale.code}"
    msg = job.message
    return job.locale.path, msg.lines.get(name, msg.where.line), f"messages.{msg.id}.{name}"


def _display_url(url: str) -> str:
    return url.split("://", 1)[-1].rstrip("/")


def _other(kind: str) -> str:
    return next(k for k in MESSAGE_TEXTS if k != kind)

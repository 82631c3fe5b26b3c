"""Compose a job: lay out each of its texts in its slot and decide what fills every slot.

Everything that can be wrong with content (missing glyphs, text that cannot fit, a slot with no
content, content with no slot) is found here, before anything is rendered or written.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from pressroom.brandbook.translation import MARKER
from pressroom.draw.fill import LogoFill, QrFill, TextFill
from pressroom.draw.qrcheck import place_qr
from pressroom.errors import Problems, Uncovered, Unfit
from pressroom.kit.plan import Job, url_of
from pressroom.model import (
    BRAND_SLOTS,
    LOGO_SLOT,
    MESSAGE_TEXTS,
    OPTIONAL_TEXTS,
    QR_SLOT,
    Brandbook,
    Logo,
    Slot,
)
from pressroom.template.colour import luminance
from pressroom.text.fit import Box, FitError, fit
from pressroom.text.fonts import load_face
from pressroom.text.linebreak import rules_for
from pressroom.text.shaping import uncovered


@dataclass(frozen=True)
class Composed:
    job: Job
    contents: dict[str, TextFill | QrFill | LogoFill]

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
        for s in template.slots_for(kind, job.plain)
    }
    before = len(problems.errors)
    msg = job.message
    url = url_of(book, job)
    texts = dict(msg.texts)
    if url is not None:  # not in the plain kit
        texts.update(wordmark=job.locale.wordmark, url=_display_url(url))
    partner = book.brand.partner(job.kit)
    for key in MESSAGE_TEXTS[kind]:
        if key in msg.texts and key not in slots and key not in template.omit:
            problems.add(
                template.path,
                0,
                f"slot-{key}",
                f"the template has no slot for the {kind}'s {key!r}",
                f'add a rect with data-slot="{key}" or id="slot-{key}" (in Figma, a layer '
                f'named slot-{key}), for {kind}s only: data-kind="{kind}" (or the layer '
                f"slot-{key}-{kind})",
            )
    contents: dict[str, TextFill | QrFill | LogoFill] = {}
    palette = book.brand.palette
    for name, slot in slots.items():
        if name == LOGO_SLOT:  # a partner's logo; empty in the campaign's own kit
            if partner is not None:
                behind = luminance(palette.get(slot.style.on or "", "#FFFFFF"))
                contents[name] = logo_fill(partner.logo_on(behind), slot, rtl)
            continue
        if name == QR_SLOT:
            box = (slot.x, slot.y, slot.width, slot.height)
            placed, found = place_qr(job.format, box, url, template.scale)
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
                    f'add data-kind="{_other(kind)}" to the slot (in Figma, name the layer '
                    f"slot-{name}-{_other(kind)}, or give data-kind: {_other(kind)} in the "
                    "template's side table), or remove it",
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


def logo_fill(logo: Logo, slot: Slot, rtl: bool = False) -> LogoFill:
    """The logo fitted inside the slot with its aspect ratio kept, placed by the slot's
    data-align (start is the right edge in right-to-left layouts) and data-valign."""
    scale = min(slot.width / logo.width, slot.height / logo.height)
    w, h = logo.width * scale, logo.height * scale
    align = slot.style.align
    if rtl and align != "center":
        align = "end" if align == "start" else "start"
    x = slot.x + {"start": 0.0, "center": (slot.width - w) / 2, "end": slot.width - w}[align]
    y = slot.y + {"top": 0.0, "middle": (slot.height - h) / 2, "bottom": slot.height - h}[
        slot.style.valign
    ]
    box = f'x="{x:.3f}" y="{y:.3f}" width="{w:.3f}" height="{h:.3f}"'
    tag = logo.svg[1 : logo.svg.index(" ")]
    return LogoFill(f"<{tag} {box}{logo.svg[len(tag) + 1 :]}")


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
        rules = rules_for(job.locale.lang, job.locale.script, role, job.locale.breaking)
        block = fit(text, chain, box, job.locale.lang, job.locale.direction == "rtl", rules)
    except FitError as exc:
        cut = max(5, round((1 - 1 / exc.need) * 100)) if exc.need > 1 else 5
        reference, more = _reference_unfit(book, job, slot, name, exc)
        problems.items.append(Unfit(
            problems.rel(path),
            line,
            key,
            f"does not fit slot-{name} of {job.format.name} ({job.format.template}): {exc.reason}",
            f"shorten it by about {cut}%, or give the slot more room",
            "error",
            (problems.rel(book.templates[job.format.name].path), slot.line),
            f"slot-{name} of {job.format.name} ({slot.width:.0f}×{slot.height:.0f} px)",
            key,
            job.locale.code,
            reference,
            more,
        ))
        return None
    colour = book.brand.palette.get(slot.style.color or "", "#000000")
    return TextFill(block, chain, colour)


def _reference_unfit(book: Brandbook, job: Job, slot: Slot, name: str, exc: FitError):
    """(where the reference text is, % more room it needs) when the reference language's text
    for this slot does not fit it either (the slot is too small); ("", 0) when it fits."""
    code = book.brand.reference_locale
    if job.locale.code == code:
        need = exc.need
        path, line, _ = _where(book, job, name)
    else:
        ref = next((x for x in book.locales if x.code == code), None)
        if ref is None or (name not in BRAND_SLOTS and ref.message(job.message.id) is None):
            return "", 0
        twin = replace(job, locale=ref, message=ref.message(job.message.id) or job.message)
        path, line, _ = _where(book, twin, name)
        text = ref.wordmark if name == "wordmark" else twin.message.texts.get(name)
        if text is None or name == "url":
            return "", 0
        chain = tuple(load_face(p) for p in ref.fonts[slot.style.font])
        box = Box(slot.x, slot.y, slot.width, slot.height, slot.style)
        try:
            rules = rules_for(ref.lang, ref.script, slot.style.font, ref.breaking)
            fit(text, chain, box, ref.lang, ref.direction == "rtl", rules)
            return "", 0
        except FitError as ref_exc:
            need = ref_exc.need
        except Exception:  # a reference text its fonts cannot set is reported on its own
            return "", 0
    more = max(5, round((need - 1) * 100)) if need > 1 else 5
    return f"{Path(path).name}:{line}", more


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

"""Draw a template's slots, labelled, over a rendered asset: the picture in TRANSLATING.md.

    python scripts/annotate_slots.py story not-propaganda docs/story-slots.png
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from pressroom.brandbook import load
from pressroom.draw.compose import compose
from pressroom.draw.fill import document
from pressroom.draw.render import rasterize
from pressroom.errors import Problems
from pressroom.kit.plan import plan

ROOT = Path(__file__).resolve().parent.parent


def main(fmt: str, message: str, out: str, locale: str = "en") -> None:
    book, _ = load(ROOT / "brandbook")
    job = next(j for j in plan(book) if j.key == f"{locale}/{fmt}/{message}")
    template = book.templates[fmt]
    composed = compose(book, job, Problems())
    doc = document(template, job.message.kind, composed.contents, composed.mirrored)
    w, h = job.format.pixel_size
    image = rasterize(doc, w, h).convert("RGBA")
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    font = ImageFont.truetype(str(ROOT / "fonts" / "Inter-Bold.otf"), 30)
    scale = w / template.width
    for slot in template.slots_for(job.message.kind):
        box = [slot.x * scale, slot.y * scale, (slot.x + slot.width) * scale,
               (slot.y + slot.height) * scale]
        draw.rectangle(box, outline=(255, 107, 90, 255), width=4)
        label = slot.name
        tw = draw.textlength(label, font=font)
        draw.rectangle([box[2] - tw - 16, box[1] - 40, box[2], box[1]], fill=(255, 107, 90, 240))
        draw.text((box[2] - tw - 8, box[1] - 37), label, font=font, fill=(23, 17, 43, 255))
    shown = Image.alpha_composite(image, overlay).convert("RGB")
    shown.thumbnail((540, 960))
    shown.save(out, optimize=True)


if __name__ == "__main__":
    main(*sys.argv[1:])

"""`Asset`: one file of the kit as the manifest lists it, and its JSON form.

The manifest (docs/output.md) lists every asset with its path, kit, locale, format,
message, media type, size (px for a PNG or MP4, mm of the page for a PDF), a video's duration,
bytes, sha256, alt text, caption, QR payload (or null) and `build`, the digest of everything
that decided its bytes.
The page, the zips, the thumbnails and the incremental checks all read assets through this type.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import PurePosixPath

from pressroom.kit.plan import Job, url_of
from pressroom.model import MESSAGE_TEXTS, QR_SLOT, Brandbook, Message

PNG = "image/png"
PDF = "application/pdf"
MP4 = "video/mp4"
MEDIA_TYPES = {".png": PNG, ".pdf": PDF, ".mp4": MP4}


@dataclass(frozen=True)
class Asset:
    path: str  # relative to the output folder, with `/`
    kit: str  # "main": the campaign's own kit
    locale: str
    format: str
    message: str
    media_type: str
    width: int | float  # px for a PNG; mm for a PDF's page (bleed and crop marks included)
    height: int | float
    bytes: int
    sha256: str
    alt: str
    caption: str
    qr: str | None  # the URL its QR code encodes, if it has one
    build: str  # digest of everything that decides its bytes
    duration: float | None = None  # seconds, for a video

    @property
    def is_video(self) -> bool:
        return self.media_type == MP4

    @property
    def is_pdf(self) -> bool:
        return self.media_type == PDF

    @property
    def is_png(self) -> bool:
        return self.media_type == PNG

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.path).suffix

    @classmethod
    def of(
        cls, job: Job, rel: PurePosixPath | str, size: int, sha256: str, build: str, qr: str | None
    ) -> Asset:
        """The asset of one of `job`'s outputs, `size` bytes with digest `sha256`."""
        media_type = MEDIA_TYPES[PurePosixPath(rel).suffix]
        w, h = job.format.media_size if media_type == PDF else job.format.pixel_size
        return cls(
            str(rel),
            job.kit,
            job.locale.code,
            job.format.name,
            job.message.id,
            media_type,
            w,
            h,
            size,
            sha256,
            plain_alt(job) if job.plain else job.message.alt,
            plain_caption(job.message) if job.plain else job.message.caption,
            qr,
            build,
            job.format.motion.duration if media_type == MP4 else None,
        )

    def to_json(self) -> dict:
        """The manifest entry (sizes as width/height in px, or width_mm/height_mm; a video's
        duration in seconds)."""
        unit = "_mm" if self.is_pdf else ""
        entry = {
            "path": self.path,
            "kit": self.kit,
            "locale": self.locale,
            "format": self.format,
            "message": self.message,
            "media_type": self.media_type,
            f"width{unit}": self.width,
            f"height{unit}": self.height,
            "bytes": self.bytes,
            "sha256": self.sha256,
            "alt": self.alt,
            "caption": self.caption,
            "qr": self.qr,
            "build": self.build,
        }
        if self.is_video:
            entry["duration"] = self.duration
        return entry

    @classmethod
    def from_json(cls, entry: object) -> Asset | None:
        """The asset a manifest entry describes; None when the entry is not one this version
        writes (a manifest from an older version, or damaged): that asset is made again."""
        if not isinstance(entry, dict):
            return None
        unit = "_mm" if entry.get("media_type") == PDF else ""
        values = {f.name: entry.get(f.name) for f in fields(cls)}
        if "kit" not in entry:  # a manifest from before `variant` was renamed `kit`
            values["kit"] = entry.get("variant")
        values.update(width=entry.get(f"width{unit}"), height=entry.get(f"height{unit}"))
        for name, value in values.items():
            kinds = _KINDS.get(name, str)
            if not isinstance(value, kinds) or isinstance(value, bool):
                return None
        asset = cls(**values)
        return asset if MEDIA_TYPES.get(asset.suffix) == asset.media_type else None


def plain_alt(job: Job) -> str:
    """A plain asset's alt text: the locale's `page.plain_alt` pattern with `{text}`, the texts
    the asset shows joined with " / " (the message's own alt text names the campaign)."""
    texts = " / ".join(_texts(job.message))
    return job.locale.page["plain_alt"].replace("{text}", texts)


def plain_caption(message: Message) -> str:
    """A plain asset's caption: the texts it shows, one per line (the message's own caption
    carries the campaign's hashtags)."""
    return "\n".join(_texts(message))


def _texts(message: Message) -> list[str]:
    return [message.texts[k] for k in MESSAGE_TEXTS[message.kind] if message.texts.get(k)]


def qr_payload(book: Brandbook, job: Job) -> str | None:
    """The URL `job`'s QR code encodes, if its template draws one for its message (never in
    the plain kit)."""
    template = book.templates[job.format.name]
    slots = template.slots_for(job.message.kind, job.plain)
    return url_of(book, job) if any(s.name == QR_SLOT for s in slots) else None


# What each manifest field holds, where it is not a string.
_KINDS = {
    "width": (int, float),
    "height": (int, float),
    "bytes": int,
    "qr": (str, type(None)),
    "duration": (int, float, type(None)),
}

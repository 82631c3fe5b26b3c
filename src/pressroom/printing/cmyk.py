"""Print colour: the CMYK build of every screen colour a poster uses, for one printing condition.

A colour prints, in this order of precedence, as
1. its explicit build in brand.yaml (`print: cmyk: {NAME: [C, M, Y, K]}`, in percent);
2. 100% K when it is near-black (CIELAB L* ≤ 20 and chroma ≤ 25, as `ink` is): dark text and
   QR codes then print on the black plate alone, sharp whatever the press's registration;
3. its conversion through the condition's CMYK profile (littleCMS, through Pillow's ImageCms;
   relative colorimetric, rounded to whole percent as a designer writes a build).
No build exceeds MAX_INK (C, M and Y are scaled down, K kept). Images in templates go through
the profile's perceptual intent. The bundled profile and its recipe are in `icc/`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

from PIL import Image, ImageCms

from pressroom.errors import Problems
from pressroom.model import Printing
from pressroom.read.digest import file_sha256
from pressroom.read.yamlfile import YamlDoc

MAX_INK = 300  # percent: total area coverage of any build, image pixel or gradient point
NEAR_BLACK = (20.0, 25.0)  # CIELAB L* and chroma at or under which a colour prints 100% K
BUNDLED_PROFILE = "pressroom-FOGRA39-300.icc"

CMYK = tuple[float, float, float, float]  # 0..1 each, as PDF operators take them


def bundled_profile() -> bytes:
    return resources.files("pressroom.printing").joinpath("icc", BUNDLED_PROFILE).read_bytes()


@dataclass(frozen=True)
class Inks:
    """The builds of one brand's palette under one printing condition (hashable, cached)."""

    profile: bytes
    builds: tuple[tuple[str, CMYK], ...]  # '#RRGGBB' → build, palette colours first

    def cmyk(self, rgb) -> CMYK:
        """The build of an RGB colour given as 0..1 floats (what cairo writes)."""
        key = "#" + "".join(f"{round(min(max(float(v), 0.0), 1.0) * 255):02X}" for v in rgb)
        return self.colour(key)

    @cached_property
    def _by_colour(self) -> dict[str, CMYK]:
        return dict(self.builds)

    def colour(self, hex_colour: str) -> CMYK:
        found = self._by_colour.get(hex_colour.upper())
        return found if found is not None else _automatic(self.profile, hex_colour.upper())

    def image(self, image: Image.Image) -> Image.Image:
        """An RGB image converted to CMYK (perceptual intent), with no pixel over MAX_INK."""
        out = ImageCms.applyTransform(image.convert("RGB"), _transform(self.profile, "image"))
        return _limit_image(out)


def inks(printing: Printing, palette: dict[str, str]) -> Inks:
    """The Inks of a brand: explicit builds, near-black and profile conversions of the palette."""
    explicit = tuple(sorted(printing.cmyk.items()))
    return _inks(printing.profile, explicit, tuple(sorted(palette.items())))


@lru_cache(maxsize=8)
def _inks(profile_path: Path | None, explicit: tuple, palette: tuple) -> Inks:
    profile = profile_path.read_bytes() if profile_path is not None else bundled_profile()
    given = dict(explicit)
    builds = {}
    for name, hex_colour in palette:
        if name in given:
            builds[hex_colour.upper()] = _fraction(_limit(given[name]))
    return Inks(profile, tuple(sorted(builds.items())))


@lru_cache(maxsize=4096)
def _automatic(profile: bytes, hex_colour: str) -> CMYK:
    lightness, chroma = _lab(hex_colour)
    if lightness <= NEAR_BLACK[0] and chroma <= NEAR_BLACK[1]:
        return (0.0, 0.0, 0.0, 1.0)
    pixel = Image.new("RGB", (1, 1), hex_colour)
    c, m, y, k = ImageCms.applyTransform(pixel, _transform(profile, "vector")).getpixel((0, 0))
    percent = tuple(round(v * 100 / 255) for v in (c, m, y, k))
    return _fraction(_limit(percent))


def _fraction(percent) -> CMYK:
    return tuple(round(v / 100, 4) for v in percent)


def _limit(percent) -> tuple[float, ...]:
    """A build within MAX_INK: C, M and Y scaled down together, K kept."""
    c, m, y, k = (float(v) for v in percent)
    if c + m + y + k <= MAX_INK:
        return (c, m, y, k)
    scale = max(MAX_INK - k, 0) / (c + m + y)
    return tuple(int(v * scale) for v in (c, m, y)) + (k,)  # floor: never over the limit


def _limit_image(image: Image.Image) -> Image.Image:
    import numpy as np

    pixels = np.asarray(image).astype(np.int32)
    total = pixels.sum(axis=2)
    limit = MAX_INK * 255 // 100
    over = total > limit
    if not over.any():
        return image
    k = pixels[..., 3]
    cmy = pixels[..., :3].sum(axis=2)
    scale = np.where(over, np.maximum(limit - k, 0) / np.maximum(cmy, 1), 1.0)
    pixels[..., :3] = np.floor(pixels[..., :3] * scale[..., None])
    return Image.fromarray(pixels.astype(np.uint8), "CMYK")


@lru_cache(maxsize=8)
def _transform(profile: bytes, use: str):
    intent = ImageCms.Intent.PERCEPTUAL if use == "image" else ImageCms.Intent.RELATIVE_COLORIMETRIC
    cmyk = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    return ImageCms.buildTransform(_srgb(), cmyk, "RGB", "CMYK", renderingIntent=intent)


@lru_cache(maxsize=1)
def _srgb():
    return ImageCms.createProfile("sRGB")


@lru_cache(maxsize=4096)
def _lab(hex_colour: str) -> tuple[float, float]:
    """CIELAB L* and chroma (D50) of an sRGB colour."""
    lab = ImageCms.createProfile("LAB")
    transform = ImageCms.buildTransform(_srgb(), lab, "RGB", "LAB")
    l8, a8, b8 = ImageCms.applyTransform(Image.new("RGB", (1, 1), hex_colour), transform).getpixel(
        (0, 0)
    )
    a, b = a8 - 128, b8 - 128
    return l8 * 100 / 255, (a * a + b * b) ** 0.5


# --- brand.yaml's print: section -----------------------------------------------------------------


def read_printing(
    raw, doc: YamlDoc, root: Path, palette: dict[str, str], problems: Problems
) -> Printing:
    """The `print:` section of brand.yaml; defaults where it is absent. Its keys and types are
    the schema's to judge (brand.schema.json); this adds what a schema cannot: builds of colours
    in the palette within the ink limit, one build per screen colour, a readable CMYK profile
    inside the brand book, and a condition named for it."""
    if not isinstance(raw, dict):
        return Printing()
    path = doc.path
    named = ("condition", "condition_name")
    fields = {k: raw[k].strip() for k in named if isinstance(raw.get(k), str) and raw[k].strip()}
    if isinstance(raw.get("profile"), str):
        profile = _read_profile(raw["profile"], doc, root, problems)
        if profile is not None:
            fields["profile"] = profile
            fields["profile_digest"] = file_sha256(profile)
            if "condition_name" not in fields:  # not the bundled FOGRA39 text: the profile's own
                fields["condition_name"] = ImageCms.getProfileDescription(str(profile)).strip()
        if "condition" not in raw:
            problems.add(
                path,
                doc.line("print", "profile"),
                "print.condition",
                "a brand book's own profile needs the name of its printing condition",
                "add condition: (the identifier your print shop gives, e.g. FOGRA51)",
            )
    elif fields.get("condition", Printing.condition) != Printing.condition:
        problems.add(
            path,
            doc.line("print", "condition"),
            "print.condition",
            f"{fields['condition']!r} is not the condition of the bundled profile (FOGRA39)",
            "add profile: (that condition's CMYK .icc file in brandbook/), or remove condition",
        )
    builds = raw.get("cmyk") if isinstance(raw.get("cmyk"), dict) else {}
    fields["cmyk"] = _read_builds(builds, doc, palette, problems)
    return Printing(**fields)


def _read_builds(raw: dict, doc: YamlDoc, palette: dict[str, str], problems: Problems) -> dict:
    path = doc.path
    builds = {}
    for name, value in raw.items():
        key, line = f"print.cmyk.{name}", doc.line("print", "cmyk", name)
        if name not in palette:
            problems.add(
                path,
                line,
                key,
                f"{name!r} is not in the palette",
                f"use one of {', '.join(sorted(palette))}",
            )
            continue
        numbers = isinstance(value, list) and len(value) == 4
        numbers = numbers and all(
            isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 100 for v in value
        )
        if not numbers:
            continue  # the schema has said so
        if sum(value) > MAX_INK:
            problems.add(
                path,
                line,
                key,
                f"{sum(value):g}% of ink in total is over the {MAX_INK}% limit",
                "take some C, M and Y out (K carries the darkness)",
            )
            continue
        builds[name] = tuple(float(v) for v in value)
    by_colour: dict[str, tuple] = {}
    for name in sorted(palette):
        if not isinstance(palette[name], str):
            continue
        build = builds.get(name)
        other = by_colour.setdefault(palette[name].upper(), (name, build))
        if other[1] != build:
            problems.add(
                path,
                doc.line("print", "cmyk", name),
                f"print.cmyk.{name}",
                f"{name} and {other[0]} are the same screen colour but would print differently",
                "give them the same build, or different screen colours",
            )
    return builds


def _read_profile(value: str, doc: YamlDoc, root: Path, problems: Problems) -> Path | None:
    path, line = doc.path, doc.line("print", "profile")
    folder = root.resolve()
    file = (folder / value).resolve()
    if folder not in file.parents or not file.is_file():
        problems.add(
            path,
            line,
            "print.profile",
            f"{value!r} is not a file inside the brand book",
            "copy the print shop's CMYK .icc profile into brandbook/ and name it relative to it",
        )
        return None
    try:
        profile = ImageCms.ImageCmsProfile(str(file)).profile
        space, device = profile.xcolor_space.strip(), profile.device_class
    except (OSError, ImageCms.PyCMSError):
        space, device = "unreadable", ""
    if space != "CMYK" or device != "prtr":
        problems.add(
            path,
            line,
            "print.profile",
            f"{value!r} is not a CMYK output (printer) profile ({space or 'unknown'})",
            "use the CMYK profile of the printing condition, e.g. from the print shop",
        )
        return None
    return file

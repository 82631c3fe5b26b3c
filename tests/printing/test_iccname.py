"""The plain kit's posters embed the CMYK profile under the printing condition's name alone:
the bundled profile's own description names pressroom."""

from __future__ import annotations

import io

from PIL import Image, ImageCms

from pressroom.printing.cmyk import bundled_profile
from pressroom.printing.iccname import renamed


def _profile(data: bytes) -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(io.BytesIO(data))


def test_a_renamed_profile_says_only_the_new_name():
    original = bundled_profile()
    assert b"pressroom" in original  # the check can fail
    data = renamed(original, "FOGRA39")
    assert len(data) == len(original) and b"pressroom" not in data
    profile = _profile(data)
    for read in (ImageCms.getProfileDescription, ImageCms.getProfileManufacturer,
                 ImageCms.getProfileModel):
        assert read(profile).strip() == "FOGRA39"


def test_a_renamed_profile_converts_colours_as_before():
    """Only names change: littleCMS gives the same CMYK for every colour of a ramp."""
    ramp = Image.frombytes("RGB", (256, 1), bytes(v for i in range(256) for v in (i, 255 - i, 90)))
    srgb = ImageCms.createProfile("sRGB")
    out = []
    for data in (bundled_profile(), renamed(bundled_profile(), "FOGRA39")):
        transform = ImageCms.buildTransform(srgb, _profile(data), "RGB", "CMYK")
        out.append(ImageCms.applyTransform(ramp, transform).tobytes())
    assert out[0] == out[1]


def test_a_profile_of_another_version_is_left_as_it_is():
    data = bytearray(bundled_profile())
    data[8] = 4  # ICC v4: its names are mluc tags under a checksum, not rewritten
    assert renamed(bytes(data), "FOGRA39") == bytes(data)
    assert renamed(b"short", "FOGRA39") == b"short"

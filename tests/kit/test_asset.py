"""Asset: the manifest entry as a frozen type, and its JSON form."""

from __future__ import annotations

import dataclasses

import pytest

from pressroom.brandbook import load
from pressroom.kit.asset import Asset, qr_payload
from pressroom.kit.plan import plan
from tests.kit.test_incremental import copy_mini


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    found, _ = load(copy_mini(tmp_path_factory.mktemp("asset") / "bb"))
    return found


def test_of_a_job_fills_every_field(book):
    jobs = {j.key: j for j in plan(book)}
    sheet = jobs["ru/sheet/equal"]
    pdf, png = (
        Asset.of(sheet, rel, 10, "s" * 64, "d" * 64, qr_payload(book, sheet))
        for rel in sheet.outputs
    )
    assert (pdf.path, pdf.kit, pdf.locale, pdf.format, pdf.message) == (
        "ru/sheet/equal.pdf",
        "main",
        "ru",
        "sheet",
        "equal",
    )
    assert pdf.is_pdf and (pdf.width, pdf.height) == sheet.format.media_size
    assert png.is_png and (png.width, png.height) == sheet.format.pixel_size
    assert pdf.alt == sheet.message.alt and pdf.caption == sheet.message.caption
    assert pdf.build == "d" * 64 and pdf.bytes == 10


def test_json_has_the_readme_shape_and_reads_back(book):
    for job in plan(book):
        for rel in job.outputs:
            a = Asset.of(job, rel, 10, "s" * 64, "d" * 64, qr_payload(book, job))
            entry = a.to_json()
            unit = "_mm" if a.is_pdf else ""
            assert list(entry) == [
                "path",
                "kit",
                "locale",
                "format",
                "message",
                "media_type",
                f"width{unit}",
                f"height{unit}",
                "bytes",
                "sha256",
                "alt",
                "caption",
                "qr",
                "build",
            ]
            assert Asset.from_json(entry) == a


def test_qr_payload_is_the_locale_url_where_the_template_has_a_qr_slot(book):
    payloads = {j.key: qr_payload(book, j) for j in plan(book)}
    assert payloads["en/sheet/equal"] == book.locale("en").url
    assert payloads["en/card/equal"] is None  # the card leaves its QR code out (formats.yaml)
    assert set(payloads.values()) <= {None, *(x.url for x in book.locales)}


BASE = {
    "path": "en/card/a.png",
    "kit": "main",
    "locale": "en",
    "format": "card",
    "message": "a",
    "media_type": "image/png",
    "width": 10,
    "height": 20,
    "bytes": 3,
    "sha256": "s",
    "alt": "x",
    "caption": "y",
    "qr": None,
    "build": "d",
}


@pytest.mark.parametrize(
    "change",
    [
        {"kit": None},  # written by a version without kits
        {"bytes": "3"},
        {"bytes": True},
        {"width": None},
        {"qr": 5},
        {"media_type": "application/pdf"},  # a .png path
        {"path": ["en"]},
    ],
)
def test_an_entry_this_version_does_not_write_is_not_read(change):
    assert Asset.from_json(BASE) is not None
    assert Asset.from_json({**BASE, **change}) is None
    assert Asset.from_json([BASE]) is None


def test_an_entry_from_before_kit_was_named_so_is_read():
    old = {"variant" if k == "kit" else k: v for k, v in BASE.items()}
    assert Asset.from_json(old) == Asset.from_json(BASE)
    assert Asset.from_json(BASE).to_json()["kit"] == "main"


def test_asset_is_frozen():
    a = Asset.from_json(BASE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.path = "x"

"""Motion assets of a real build, read back with PyAV (FFmpeg): the stream is what the product
promises, the file is fast-start and anonymous, the last frame is the still, its QR code scans,
and the text comes in in order."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import av
import numpy as np
import pytest
import zxingcpp
from av.video.reformatter import Interpolation
from PIL import Image

from pressroom.brandbook import load
from pressroom.kit.plan import Selection
from tests.conftest import BRANDBOOK, SAMPLE_MESSAGES

BOOK, _ = load(BRANDBOOK)
MOTION = [f for f in BOOK.formats if f.is_motion]
MAX_BYTES = 1_500_000
SAMPLE_EVERY = 5  # frames: 6 per second
SMALL = 4  # luma is compared at 1/4 size
COARSE = 8  # … and in blocks of 8 × 8 of those (32 px) to judge the whole picture
EVERY_HALF_SECOND = 15  # frames
# swscale's default YUV to RGB is off by one or two levels; this one is not (measured: bias 0)
EXACT = Interpolation.POINT | Interpolation.ACCURATE_RND | Interpolation.FULL_CHR_H_INT


def test_the_default_brand_book_has_motion_formats():
    assert {f.name for f in MOTION} == {"story-motion", "post-motion"}


def _mp4s(out: Path) -> list[dict]:
    assets = json.loads((out / "manifest.json").read_text())["assets"]
    return [a for a in assets if a["media_type"] == "video/mp4"]


def test_every_motion_asset_is_built_with_its_cover(sample_build):
    found = {a["path"] for a in _mp4s(sample_build)}
    wanted = {f"{x.code}/{f.name}/{m}.mp4" for x in BOOK.locales for f in MOTION
              for m in SAMPLE_MESSAGES}
    assert found == wanted
    for rel in wanted:
        cover = Image.open(sample_build / rel.replace(".mp4", ".png"))
        assert cover.size == BOOK.format(rel.split("/")[1]).pixel_size


def test_manifest_describes_each_video(sample_build):
    for a in _mp4s(sample_build):
        fmt = BOOK.format(a["format"])
        assert (a["width"], a["height"]) == fmt.pixel_size
        assert a["duration"] == fmt.motion.duration
        assert a["bytes"] <= MAX_BYTES, (a["path"], a["bytes"])


# --- reading a clip back -------------------------------------------------------------------------


@dataclass(frozen=True)
class Clip:
    codec: str
    profile: str
    pix_fmt: str
    size: tuple[int, int]
    rate: float
    frames: int
    seconds: float
    streams: tuple[str, ...]
    colour: tuple[str, ...]
    container_meta: dict
    stream_meta: dict
    nal_types: frozenset[int]
    lumas: dict[int, np.ndarray]  # sampled frames' luma at 1/SMALL size, and the last one
    last: Image.Image  # the last frame in RGB


@cache
def clip(path: Path) -> Clip:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        ctx = stream.codec_context
        nal_types = set()
        for packet in container.demux(stream):
            nal_types |= _nal_types(bytes(packet))
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        lumas, n, last = {}, -1, None
        for n, frame in enumerate(container.decode(stream)):
            last = frame
            if n % SAMPLE_EVERY == 0:
                lumas[n] = _small_luma(frame)
        lumas[n] = _small_luma(last)
        rgb = last.reformat(format="rgb24", src_colorspace="ITU709", src_color_range="MPEG",
                            dst_color_range="JPEG", interpolation=EXACT).to_image()
        return Clip(
            ctx.name,
            ctx.profile,
            ctx.pix_fmt,
            (ctx.width, ctx.height),
            float(stream.average_rate),
            n + 1,
            float(stream.duration * stream.time_base),
            tuple(s.type for s in container.streams),
            (str(last.colorspace), str(last.color_range)),
            dict(container.metadata),
            dict(stream.metadata),
            frozenset(nal_types),
            lumas,
            rgb,
        )


def _small_luma(frame) -> np.ndarray:
    y = frame.to_ndarray()[: frame.height].astype(np.float32)  # yuv420p: the Y plane first
    return _blocks(y, SMALL).round().astype(np.uint8)


def _blocks(image: np.ndarray, n: int) -> np.ndarray:
    h, w = (k - k % n for k in image.shape)
    return image[:h, :w].astype(np.float32).reshape(h // n, n, w // n, n).mean(axis=(1, 3))


def _nal_types(avcc: bytes) -> set[int]:
    """NAL unit types of an MP4 sample (4-byte lengths before each unit)."""
    found, i = set(), 0
    while i + 4 < len(avcc):
        size = int.from_bytes(avcc[i : i + 4], "big")
        found.add(avcc[i + 4] & 0x1F)
        i += 4 + size
    return found


def _boxes(data: bytes, start: int = 0, end: int | None = None) -> list[tuple[bytes, int, int]]:
    """(type, start, end) of the MP4 boxes between start and end."""
    end = len(data) if end is None else end
    out, i = [], start
    while i + 8 <= end:
        size = int.from_bytes(data[i : i + 4], "big")
        kind = data[i + 4 : i + 8]
        if size == 1:
            size = int.from_bytes(data[i + 8 : i + 16], "big")
        size = size or end - i
        out.append((kind, i, i + size))
        i += size
    return out


def _all(sample_build) -> list[tuple[dict, Path]]:
    return [(a, sample_build / a["path"]) for a in _mp4s(sample_build)]


# --- the stream ----------------------------------------------------------------------------------


def test_every_clip_is_h264_high_yuv420p_30_fps_8_s_without_sound(sample_build):
    for a, path in _all(sample_build):
        c = clip(path)
        fmt = BOOK.format(a["format"])
        assert c.streams == ("video",), path  # no audio track
        assert (c.codec, c.profile, c.pix_fmt) == ("h264", "High", "yuv420p"), path
        assert c.size == fmt.pixel_size
        assert c.rate == 30 and c.frames == fmt.motion.frames == 240
        assert c.seconds == pytest.approx(fmt.motion.duration, abs=1 / 60)
        assert c.colour == ("1", "1") or c.colour == ("ITU709", "MPEG"), c.colour


def test_moov_comes_before_mdat_and_no_box_holds_a_date(sample_build):
    for _, path in _all(sample_build):
        data = path.read_bytes()
        top = [kind for kind, _, _ in _boxes(data)]
        assert top[0] == b"ftyp" and b"moov" in top and b"mdat" in top
        assert top.index(b"moov") < top.index(b"mdat"), top  # fast start
        moov = next((s, e) for kind, s, e in _boxes(data) if kind == b"moov")
        times = []
        for header in (b"mvhd", b"tkhd", b"mdhd"):
            for m in re.finditer(header, data[moov[0] : moov[1]]):
                at = moov[0] + m.start() + 4  # version, flags, then the two times
                version = data[at]
                width = 8 if version == 1 else 4
                times += [data[at + 4 : at + 4 + 2 * width]]
        assert len(times) >= 3 and all(t == bytes(len(t)) for t in times), path


def test_no_tool_version_or_personal_metadata(sample_build):
    for _, path in _all(sample_build):
        data = path.read_bytes()
        lowered = data.lower()
        for needle in (b"x264", b"lavf", b"lavc", b"ffmpeg", b"libav", b"\xa9too", b"\xa9xyz",
                       b"\xa9nam", b"\xa9day", b"creation_time", b"location", b"pressroom"):
            assert needle not in lowered, (path, needle)
        c = clip(path)
        assert set(c.container_meta) <= {"major_brand", "minor_version", "compatible_brands"}
        assert set(c.stream_meta) <= {"language", "handler_name", "vendor_id"}
        assert c.stream_meta.get("handler_name", "VideoHandler") == "VideoHandler"
        assert 6 not in c.nal_types  # no SEI (x264 writes its version and settings in one)
        assert c.nal_types <= {1, 5}  # slices only; SPS and PPS live in the avcC box


# --- what it shows -------------------------------------------------------------------------------


def _rgb(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("RGB")).astype(np.int16)


def test_the_last_frame_is_the_still(sample_build):
    for a, path in _all(sample_build):
        last = _rgb(clip(path).last)
        cover = _rgb(Image.open(path.with_suffix(".png")))
        still_format = a["format"].removesuffix("-motion")
        still = _rgb(Image.open(sample_build / a["locale"] / still_format / f"{a['message']}.png"))
        assert (cover == still).all()  # the cover is the still, pixel for pixel
        diff = np.abs(last - still)
        assert diff.mean() < 2, (path, diff.mean())
        assert np.percentile(diff, 99.5) < 40, (path, np.percentile(diff, 99.5))


def test_the_last_frame_qr_code_scans(sample_build):
    for a, path in _all(sample_build):
        found = [r.text for r in zxingcpp.read_barcodes(clip(path).last)
                 if r.format == zxingcpp.BarcodeFormat.QRCode]
        assert found == [a["qr"]], path


def _small_box(slot) -> tuple[int, int, int, int]:
    """A slot's box on the 1/SMALL luma (the sample brand book's locales are left to right)."""
    box = (slot.x, slot.y, slot.x + slot.width, slot.y + slot.height)
    return tuple(round(v / SMALL) for v in box)


def _appears(c: Clip, box: tuple[int, int, int, int], level: float = 1.0) -> int:
    """The first sampled frame in which something shows in the box that the first frame lacks."""
    x0, y0, x1, y1 = box
    first = c.lumas[0][y0:y1, x0:x1].astype(np.float32)
    return next(
        n for n in sorted(c.lumas) if np.abs(c.lumas[n][y0:y1, x0:x1] - first).mean() > level
    )


def test_text_comes_in_in_order_and_the_last_three_seconds_hold(sample_build):
    for a, path in _all(sample_build):
        c = clip(path)
        fmt = BOOK.format(a["format"])
        kind = "fact" if a["message"] == SAMPLE_MESSAGES[1] else "slogan"
        slots = {s.name: s for s in BOOK.templates[fmt.name].slots_for(kind)}
        # The picture only ever gets closer to the complete layout, seen in 32 px blocks every
        # half second (a line sliding in is briefly both missing and misplaced in fine detail) …
        last = _blocks(c.lumas[max(c.lumas)], COARSE)
        seen = [n for n in sorted(c.lumas) if n % EVERY_HALF_SECOND == 0] + [max(c.lumas)]
        diffs = [(n, float(np.abs(_blocks(c.lumas[n], COARSE) - last).mean())) for n in seen]
        for (_, before), (n, after) in zip(diffs, diffs[1:], strict=False):
            assert after <= before + 0.02, (path, n, before, after)
        assert diffs[0][1] > 4 * max(diffs[6][1], 0.05)  # … and starts far from it (3 s)
        # … and the last `hold` seconds show it, unmoving.
        hold = fmt.motion.frames - round(fmt.motion.hold * fmt.motion.fps)
        assert all(d < 0.05 for n, d in diffs if n >= hold), path
        final = c.lumas[max(c.lumas)].astype(np.float32)
        still = [float(np.abs(c.lumas[n] - final).max()) for n in sorted(c.lumas) if n >= hold]
        assert max(still) <= 3, (path, still)  # not even the encoder's noise moves (4 px blocks)
        # The main text is there from the first frame (a messenger's preview, the cover) …
        main = slots["headline" if kind == "slogan" else "figure"]
        x0, y0, x1, y1 = _small_box(main)
        first = c.lumas[0][y0:y1, x0:x1].astype(np.float32)
        assert np.abs(first - final[y0:y1, x0:x1]).mean() < 1.0, path
        assert first.std() > 10, path  # and it is ink, not an empty field
        # … and every other slot comes in in the order of the steps.
        when = {}
        for name in ("wordmark", "body", "claim", "cta", "qr"):
            if name in slots:
                when[name] = _appears(c, _small_box(slots[name]))
        order = [when[n] for n in ("wordmark", "body", "claim", "cta", "qr") if n in when]
        assert order == sorted(order) and len(set(order)) == len(order), (path, when)
        assert when["wordmark"] > 0  # not there from the first frame


# --- a small brand book with a motion format: right to left, and rebuilds -----------------------

CLIP = """clip:
  use: a small test clip
  width: 400
  height: 300
  unit: px
  safe: [10, 10, 10, 10]
  omit: [qr]
  kits: [main]  # as the default motion formats
  template: card.svg
  motion:
    duration: 6
    hold: 3
    enter: 0.5
    slide: 40
    steps:
      - {slots: [headline, figure], by: line, after: 0.2, stagger: 0.2}
      - {slots: [body, claim, source], after: 0.3}
      - {slots: [cta], after: 0.3}
"""


@pytest.fixture(scope="module")
def mini_clip(tmp_path_factory) -> tuple[Path, Path]:
    """The mini brand book with a 6 s clip format and an Arabic locale, built once."""
    from pressroom.build import build
    from tests.conftest import REPO

    book = tmp_path_factory.mktemp("clip") / "mini"
    shutil.copytree(REPO / "tests" / "data" / "mini", book)
    brand = book / "brand.yaml"
    brand.write_text(
        brand.read_text()
        .replace("../../../fonts", str(REPO / "fonts"))
        .replace("NotoSans-Bold.ttf]", "NotoSans-Bold.ttf, NotoSansArabic-Bold.ttf]")
        .replace("NotoSans-Regular.ttf]", "NotoSans-Regular.ttf, NotoSansArabic-Regular.ttf]")
    )
    shutil.copy(REPO / "tests" / "data" / "arabic" / "ar.yaml", book / "locales" / "ar.yaml")
    with (book / "formats.yaml").open("a") as fh:
        fh.write(CLIP)
    out = book.parent / "out"
    build(book, out, Selection(formats=("clip",)))
    return book, out


def _ink_x(luma: np.ndarray, rows: slice, cols: slice, paper: float) -> tuple[float, np.ndarray]:
    """Mean x of the ink (what differs from the paper) in a box, and the rows that have ink."""
    ink = np.abs(luma[rows, cols].astype(np.float32) - paper) > 40
    ys, xs = np.nonzero(ink)
    return float(xs.mean()), np.unique(ys)


@pytest.mark.parametrize("code, side", [("en", -1), ("ar", 1)])
def test_right_to_left_comes_in_from_the_right(mini_clip, code, side):
    """While the first headline line comes in, its ink is left of its place in English and
    right of it in Arabic (the whole layout is mirrored there, and so is the slide)."""
    _, out = mini_clip
    with av.open(str(out / code / "clip" / "equal.mp4")) as container:
        frames = [f.to_ndarray()[: f.height] for f in container.decode(video=0)]
    paper = float(np.median(frames[-1]))
    cols = slice(0, 400)
    moving, rows = _ink_x(frames[9], slice(30, 180), cols, paper)  # 0.3 s: line 1 on its way
    band = slice(30 + rows.min(), 30 + rows.max() + 1)
    placed, _ = _ink_x(frames[-1], band, cols, paper)
    assert side * (moving - placed) > 5, (moving, placed)


def test_a_clip_is_rebuilt_only_when_its_timing_changes(mini_clip, tmp_path):
    from pressroom.build import build

    book, built = mini_clip
    out = tmp_path / "out"
    shutil.copytree(built, out)
    assert build(book, out, Selection(formats=("clip",))).built == 0
    path = book / "formats.yaml"
    path.write_text(path.read_text().replace("    enter: 0.5\n", "    enter: 0.6\n"))
    try:
        again = build(book, out, Selection(formats=("clip",)))
    finally:
        path.write_text(path.read_text().replace("    enter: 0.6\n", "    enter: 0.5\n"))
    clips = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.mp4"))
    assert len(clips) == 6 and again.built == 12  # every clip and its cover, nothing else

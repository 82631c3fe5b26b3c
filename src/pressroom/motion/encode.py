"""H.264 in MP4 with PyAV (FFmpeg and libx264 from its wheels): reproducible and anonymous.

- x264 runs on one thread with fixed settings (`X264`): its output is then a function of the
  frames alone (x264's assembly is bit-exact with its C code on every CPU).
- x264 writes its version and settings into the stream as an SEI message; FFmpeg's
  `filter_units` bitstream filter drops every SEI unit (this stream has no other kind).
- The MP4 muxer runs with `+bitexact` (no `Lavf…` encoder tag) and no creation time (the
  mvhd/tkhd/mdhd times stay 0), and with `+faststart`: the moov box goes before the mdat, so a
  phone starts playing before the whole file has arrived. Faststart rewrites the file, which
  FFmpeg does by opening it again by name: the clip is made in an anonymous in-memory file
  (memfd, named through /proc/self/fd) and read back, so nothing is written to any disk; where
  there is no memfd (not Linux), in a private temporary folder. output/ is written only by the
  build's writer.
- BT.709, limited range, and tagged so in the stream, which is how phones and browsers show HD.
"""

from __future__ import annotations

import os
import tempfile
from fractions import Fraction
from pathlib import Path

import av
import av.bitstream
import numpy as np

CODEC = "libx264"
# ultrafast's speed with High profile's tools (CABAC, 8×8 transforms), adaptive quantization and
# deblocking, which make the file about 40% smaller for a few per cent more time; constant
# quality; one keyframe. No B-frames: with them, a still picture shimmers by up to 40 levels in a
# few pixels every few frames of the hold (measured); without, it is still (≤ 3 levels) for 25%
# more bytes.
X264 = {
    "preset": "ultrafast",
    "profile": "high",
    "crf": "20",
    "threads": "1",
    "x264-params": "cabac=1:8x8dct=1:bframes=0:aq-mode=1:deblock=1:keyint=300",
}
MUXER = {"movflags": "+faststart", "fflags": "+bitexact"}
SEI = 6  # H.264 NAL unit type of supplemental enhancement information
BT709 = 1  # colour primaries, transfer and matrix: ITU-R BT.709
LIMITED = 1  # AVCOL_RANGE_MPEG


class Encoder:
    """Frames in (I420 planes), MP4 bytes out. Use as a context manager."""

    def __init__(self, width: int, height: int, fps: int):
        self._scratch = _Scratch()
        self.container = av.open(self._scratch.name, "w", format="mp4", options=MUXER)
        stream = self.container.add_stream(CODEC, rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        ctx = stream.codec_context
        ctx.time_base = Fraction(1, fps)
        ctx.color_primaries = ctx.color_trc = ctx.colorspace = BT709
        ctx.color_range = LIMITED
        ctx.thread_count = 1
        ctx.flags |= av.codec.context.Flags.bitexact
        ctx.options = dict(X264)
        self.stream = stream
        self.filter: av.bitstream.BitStreamFilterContext | None = None
        self.count = 0
        self._last: av.VideoFrame | None = None

    def __enter__(self) -> Encoder:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def add(self, planes: np.ndarray | None) -> None:
        """The next frame: `planes` (I420), or None to show the previous frame again."""
        if planes is not None or self._last is None:
            frame = av.VideoFrame.from_ndarray(planes, format="yuv420p")
            frame.color_range = LIMITED
            frame.colorspace = BT709
            self._last = frame
        self._last.pts = self.count
        self.count += 1
        self._mux(self.stream.encode(self._last))

    def finish(self) -> bytes:
        """Flush the encoder, write the file (moov first) and return its bytes."""
        self._mux(self.stream.encode(None))
        if self.filter is not None:
            self._write(self.filter.filter(None))
        self.container.close()
        self.container = None
        return self._scratch.read()

    def close(self) -> None:
        if self.container is not None:
            self.container.close()
            self.container = None
        self._scratch.close()

    def _mux(self, packets) -> None:
        for packet in packets:
            if self.filter is None:  # made once the encoder has its parameters
                self.filter = av.bitstream.BitStreamFilterContext(
                    f"filter_units=remove_types={SEI}", self.stream
                )
            self._write(self.filter.filter(packet))

    def _write(self, packets) -> None:
        for packet in packets:
            packet.stream = self.stream
            self.container.mux(packet)


class _Scratch:
    """A file FFmpeg can open by name twice, in memory where the system allows it."""

    def __init__(self):
        self._fd = self._folder = None
        if hasattr(os, "memfd_create") and Path("/proc/self/fd").is_dir():
            self._fd = os.memfd_create("pressroom-clip", os.MFD_CLOEXEC)
            self.name = f"/proc/self/fd/{self._fd}"
        else:
            self._folder = tempfile.TemporaryDirectory(prefix="pressroom-mp4-")
            self.name = str(Path(self._folder.name) / "clip.mp4")

    def read(self) -> bytes:
        if self._fd is None:
            return Path(self.name).read_bytes()
        return os.pread(self._fd, os.fstat(self._fd).st_size, 0)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None

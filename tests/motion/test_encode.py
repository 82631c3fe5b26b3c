"""The encoder on a tiny clip: reproducible, fast-start, and without the tool's fingerprints that
a plain PyAV encode of the same frames has."""

from __future__ import annotations

import av
import numpy as np
import pytest

from pressroom.motion.encode import X264, Encoder

W, H, FPS = 64, 48, 30


def _frames():
    for n in range(12):
        planes = np.full((H * 3 // 2, W), 128, np.uint8)
        planes[:H] = 40
        planes[10 : 20, n * 3 : n * 3 + 16] = 220  # a bar moving right
        yield planes if n < 9 else None  # then held


def _ours() -> bytes:
    with Encoder(W, H, FPS) as encoder:
        for planes in _frames():
            encoder.add(planes)
        return encoder.finish()


def _plain(path) -> bytes:
    """The same frames through PyAV with its defaults (and our x264 settings)."""
    with av.open(str(path), "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = W, H, "yuv420p"
        stream.codec_context.options = dict(X264)
        last = None
        for n, planes in enumerate(_frames()):
            if planes is not None:
                last = av.VideoFrame.from_ndarray(planes, format="yuv420p")
            last.pts = n
            container.mux(stream.encode(last))
        container.mux(stream.encode(None))
    return path.read_bytes()


def _top_boxes(data: bytes) -> list[bytes]:
    kinds, i = [], 0
    while i + 8 <= len(data):
        kinds.append(data[i + 4 : i + 8])
        i += int.from_bytes(data[i : i + 4], "big")
    return kinds


def test_two_encodes_are_byte_identical():
    assert _ours() == _ours()


def test_our_file_is_fast_start_and_anonymous_where_a_plain_one_is_not(tmp_path):
    ours, plain = _ours(), _plain(tmp_path / "plain.mp4")
    assert b"x264 - core" in plain and b"Lavf" in plain  # what the test below would catch
    assert _top_boxes(plain).index(b"mdat") < _top_boxes(plain).index(b"moov")
    assert b"x264" not in ours and b"Lavf" not in ours and b"Lavc" not in ours
    boxes = _top_boxes(ours)
    assert boxes[0] == b"ftyp" and boxes.index(b"moov") < boxes.index(b"mdat")


def test_the_clip_plays_back_what_went_in(tmp_path):
    path = tmp_path / "ours.mp4"
    path.write_bytes(_ours())
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.profile == "High"
        frames = [f.to_ndarray()[:H] for f in container.decode(stream)]
    assert len(frames) == 12
    assert abs(int(frames[0][15, 5]) - 220) < 8 and abs(int(frames[0][30, 40]) - 40) < 8
    assert np.abs(frames[-1].astype(int) - frames[8]).max() <= 2  # the held frames


def test_nothing_is_written_to_disk_on_the_way(tmp_path, monkeypatch):
    """FFmpeg's faststart reopens the file by name: that file is in memory (a memfd)."""
    import os
    import tempfile

    if not hasattr(os, "memfd_create"):
        pytest.skip("no memfd here: a private temporary folder is used instead")
    def refuse(*args, **kwargs):
        raise AssertionError("a temporary file was made")

    for name in ("TemporaryDirectory", "NamedTemporaryFile", "mkstemp", "mkdtemp"):
        monkeypatch.setattr(tempfile, name, refuse)
    monkeypatch.chdir(tmp_path)
    assert _ours()[4:8] == b"ftyp"
    assert list(tmp_path.iterdir()) == []

"""pressroom's side of the story benchmark, run in a fresh process.

usage: python -m bench.stories BRANDBOOK OUT JOBS

Times `build()` of the story format only, clean, with JOBS processes (0: all cores). As the peers
are timed after their start-up, the modules are imported first; the page, zips, manifest and sums
are in the time. Then checks the files: mean PNG bytes, and the largest difference of any pixel
from the lossless render of the same story. Prints one line `BENCH {json}`.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    book_dir, out, jobs = Path(argv[0]), Path(argv[1]), int(argv[2]) or None
    # Start-up, which the peers' times leave out too: the modules a build uses.
    import pressroom.brandbook  # noqa: F401
    import pressroom.draw.compose  # noqa: F401
    import pressroom.draw.render  # noqa: F401
    import pressroom.site.page  # noqa: F401
    from pressroom.build import build
    from pressroom.kit.plan import Selection

    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    result = build(book_dir, out, Selection(formats=("story",)), jobs=jobs)
    seconds = time.perf_counter() - started
    pngs = sorted(out.glob("*/story/*.png"))
    report = {
        "stories": len(pngs),
        "built": result.built,
        "seconds": seconds,
        "mean_png_bytes": sum(p.stat().st_size for p in pngs) / max(1, len(pngs)),
        **_quality(book_dir, out),
    }
    print("BENCH " + json.dumps(report), flush=True)
    return 0


def _quality(book_dir: Path, out: Path) -> dict:
    """Largest channel difference between each written PNG and the lossless render."""
    import numpy as np
    from PIL import Image

    from pressroom.build import prepare
    from pressroom.draw.render import rasterize
    from pressroom.kit.plan import Selection, plan

    book, documents, _ = prepare(book_dir, Selection(formats=("story",)), jobs=1)
    worst, share, palette = 0, 0.0, 0
    jobs = plan(book, Selection(formats=("story",)))
    for job, doc in zip(jobs, documents, strict=True):
        w, h = job.format.pixel_size
        lossless = np.asarray(rasterize(doc, w, h)).astype(np.int16)
        with Image.open(io.BytesIO((out / job.outputs[0]).read_bytes())) as image:
            palette += image.mode == "P"
            written = np.asarray(image.convert("RGB")).astype(np.int16)
        diff = np.abs(written - lossless).max(axis=2)
        worst = max(worst, int(diff.max()))
        share = max(share, float((diff > 2).mean()))
    return {"max_pixel_diff": worst, "max_share_over_2": share, "palette_pngs": palette}


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

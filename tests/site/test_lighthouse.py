"""Lighthouse (pinned in tests/lighthouse/package-lock.json) audits the built page, served on
127.0.0.1 with Debian's Chromium: SEO at least 0.95, accessibility and best practices 1.0; and,
mobile performance at least 0.95 (the best of up to three runs: the score times the page's work
on a CPU that other tests share), and every performance audit that does not depend on how busy
the machine is: no layout shift, nothing render-blocking, images sized, none loaded off-screen
or larger than shown, a light page, a small DOM. bench/lighthouse.py measures every page's
score on a quiet machine; tests/site/test_weight.py bounds a whole kit's page's elements, the
steady part of its blocking time.

The brand book is built with its base_url pointing at the local server (under /share/, as the
campaign will host it), so the canonical and hreflang links are on the audited host, as they
will be on the real one. One language's page is audited: every page comes from one template.
About 30 s. The report is kept in tests/_actual/lighthouse/ for a person to read.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import threading

import pytest

from pressroom.build import build
from pressroom.kit.plan import Selection
from tests.conftest import BRANDBOOK, FONTS, REPO, SAMPLE_MESSAGES

LIGHTHOUSE = REPO / "tests" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"
KEPT = REPO / "tests" / "_actual" / "lighthouse"
MINIMUM = {"seo": 0.95, "accessibility": 1.0, "best-practices": 1.0}
PERFORMANCE = 0.95  # mobile (Lighthouse's default: slow 4G, a CPU four times slower)
# Performance audits whose outcome is the page's, not the machine's load: each must pass.
STEADY = (
    "cumulative-layout-shift", "render-blocking-resources", "unsized-images", "offscreen-images",
    "uses-responsive-images", "uses-optimized-images", "modern-image-formats", "font-display",
    "total-byte-weight", "dom-size", "lcp-lazy-loaded",
    "unminified-css", "unused-css-rules", "duplicated-javascript", "legacy-javascript",
)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def hosted(tmp_path_factory):
    """The page built for http://127.0.0.1:PORT/share/ and served there."""
    root = tmp_path_factory.mktemp("lighthouse")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root / "www"))
    )
    base = f"http://127.0.0.1:{server.server_address[1]}/share/"
    shutil.copytree(BRANDBOOK, root / "brandbook")
    shutil.copytree(FONTS, root / "fonts")
    brand = root / "brandbook" / "brand.yaml"
    text = brand.read_text()
    assert "base_url: https://queer.kz/share/" in text
    brand.write_text(text.replace("base_url: https://queer.kz/share/", f"base_url: {base}"))
    build(
        root / "brandbook",
        root / "www" / "share",
        Selection(  # the audited page's language and the primary's, with their kits
            messages=SAMPLE_MESSAGES,
            formats=("story", "link-card", "poster-a4"),
            locales=("ru", "en"),
        ),
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


def _audit(url: str, categories: str, report_file) -> dict:
    subprocess.run(
        [
            "node", str(LIGHTHOUSE), url,
            f"--only-categories={categories}",
            "--chrome-flags=--headless --no-sandbox --disable-gpu",
            "--output=json", f"--output-path={report_file}", "--quiet",
            "--max-wait-for-load=60000",
        ],
        check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=240,
    )
    return json.loads(report_file.read_text())


def test_lighthouse_scores(hosted):
    if not LIGHTHOUSE.is_file():
        pytest.fail(f"{LIGHTHOUSE} is missing: run `bash scripts/test` (it runs npm ci)")
    KEPT.mkdir(parents=True, exist_ok=True)
    report = _audit(hosted, "seo,accessibility,best-practices,performance", KEPT / "report.json")
    scores, failing = {}, []
    for name, category in report["categories"].items():
        scores[name] = category["score"]
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                failing.append(f"{name}: {ref['id']}: {audit['title']}")
    # The performance score times the page's work on this CPU, which other tests share: like
    # Lighthouse's own advice (several runs), it is measured again, twice at most, when a run
    # falls short, and the best run counts. What the load cannot move is checked below.
    runs = [scores["performance"]]
    while runs[-1] < PERFORMANCE and len(runs) < 3:
        again = _audit(hosted, "performance", KEPT / f"report-performance-{len(runs)}.json")
        runs.append(again["categories"]["performance"]["score"])
    scores["performance"] = max(runs)
    (KEPT / "scores.json").write_text(
        json.dumps({"scores": scores, "performance_runs": runs, "failing": failing}, indent=1)
    )
    for name, minimum in {**MINIMUM, "performance": PERFORMANCE}.items():
        assert scores[name] >= minimum, (name, scores[name], runs, failing)
    audits = report["audits"]
    unsteady = {
        name: audits[name].get("displayValue") or audits[name]["score"]
        for name in STEADY
        if name in audits and audits[name]["score"] is not None and audits[name]["score"] < 0.9
    }
    assert unsteady == {}, unsteady
    assert audits["cumulative-layout-shift"]["numericValue"] == 0
    assert audits["total-byte-weight"]["numericValue"] < 400 * 1024

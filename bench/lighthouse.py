"""Lighthouse's mobile performance score of every download page, on a quiet machine.

usage: python -m bench.lighthouse [RUNS] [--reuse]   (--reuse: audit the kit the last run built)

A copy of brandbook/ is built whole (every language, format and kit) for
http://127.0.0.1:PORT/share/ and served there by the standard library, its pages gzip-compressed
as any static host sends them (an uncompressed 280 KB page alone costs about 1 s of simulated
slow 4G); Lighthouse (pinned in
tests/lighthouse/) audits each page RUNS times (3 by default) with its default mobile settings
(a mid-range phone: simulated slow 4G, the CPU slowed down four times), and the median score of
each page is kept. The target (issue 25) is at least 0.95 for every page. The score depends on
how busy the machine is (Lighthouse times the page's work on this CPU): runs wait for a quiet
machine (bench/common.quiet), and the load is printed beside each score. The test
tests/site/test_lighthouse.py runs the same audit on one page and checks what does not depend
on the load (layout shift, render-blocking resources, image sizes, bytes).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading

from bench.common import REPO, WORK, quiet, say

LIGHTHOUSE = REPO / "tests" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
TARGET = 0.95
PORT = 8766  # fixed: the pages' absolute links name it


class _Host(http.server.SimpleHTTPRequestHandler):
    """A static host as the campaign's will be: pages sent gzip-compressed (GitHub Pages,
    Netlify and Cloudflare all compress HTML), everything else as it is."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants and path.endswith(".html") and os.path.isfile(path)):
            return super().send_head()
        with open(path, "rb") as f:
            data = gzip.compress(f.read(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


def measure(runs: int = 3, reuse: bool = False) -> dict:
    """Each page's scores; `reuse`: audit the kit the last run built (when there is one)."""
    root = WORK / "lighthouse"
    built = (root / "www" / "share" / "manifest.json").is_file()
    if not (reuse and built):
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(REPO / "brandbook", root / "brandbook")
        shutil.copytree(REPO / "fonts", root / "fonts")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", PORT), functools.partial(_Host, directory=str(root / "www"))
    )
    base = f"http://127.0.0.1:{PORT}/share/"
    if not (reuse and built):
        brand = root / "brandbook" / "brand.yaml"
        brand.write_text(brand.read_text().replace("https://queer.kz/share/", base))
        say("lighthouse: building the whole kit")
        subprocess.run(
            [sys.executable, "-m", "pressroom", "build", "--brandbook", root / "brandbook",
             "--out", root / "www" / "share"],
            env=dict(os.environ, PYTHONPATH=str(REPO / "src")), check=True, capture_output=True,
        )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    pages = sorted(
        p.relative_to(root / "www" / "share").as_posix()
        for p in (root / "www" / "share").rglob("*.html")
    )
    results = {}
    try:
        for page in pages:
            scores = []
            for n in range(runs):
                quiet(45)
                load = os.getloadavg()[0]
                report = root / f"report-{page.replace('/', '_')}-{n}.json"
                subprocess.run(
                    ["node", str(LIGHTHOUSE), base + page, "--only-categories=performance",
                     "--chrome-flags=--headless --no-sandbox --disable-gpu",
                     "--output=json", f"--output-path={report}", "--quiet"],
                    env=dict(os.environ, CHROME_PATH="/usr/bin/chromium"), check=True,
                    timeout=300,
                )
                data = json.loads(report.read_text())
                scores.append({"load": load, **summary(data)})
                say(f"lighthouse: {page} run {n + 1}: {scores[-1]}")
            results[page] = {
                "runs": scores,
                "median": statistics.median(s["score"] for s in scores),
            }
    finally:
        server.shutdown()
    return results


def summary(report: dict) -> dict:
    """What a run says of a page: its score, largest paint, blocking time, bytes and elements,
    and its main-thread work by kind (ms, as Lighthouse scales it to the slowed-down CPU: less
    noisy than the score)."""
    audits = report["audits"]
    work = {
        item["group"]: item["duration"]
        for item in audits["mainthread-work-breakdown"]["details"]["items"]
    }
    return {
        "score": report["categories"]["performance"]["score"],
        # Lighthouse's own measure of this CPU at the run (higher: faster), to compare sittings
        "benchmark_index": report["environment"]["benchmarkIndex"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "elements": audits["dom-size"]["numericValue"],
        "main_thread": audits["mainthread-work-breakdown"]["numericValue"],
        "style_layout": work.get("styleLayout", 0),
        "script": work.get("scriptEvaluation", 0) + work.get("scriptParseCompile", 0),
        "parse": work.get("parseHTML", 0),
    }


def main(argv: list[str]) -> int:
    reuse = "--reuse" in argv
    argv = [a for a in argv if a != "--reuse"]
    runs = int(argv[0]) if argv else 3
    results = measure(runs, reuse)
    print(json.dumps(results, indent=1))
    print("| page | median score | runs (score / load / LCP ms / TBT ms / KB / main thread ms: "
          "all, style & layout, script / CPU benchmark index) | elements | target | met |")
    print("|---|---|---|---|---|---|")
    ok = True
    for page, r in results.items():
        met = r["median"] >= TARGET
        ok &= met
        runs_text = "; ".join(
            f"{s['score']:.2f} / {s['load']:.1f} / {s['lcp']:.0f} / {s['tbt']:.0f} / "
            f"{s['bytes'] / 1024:.0f} / {s['main_thread']:.0f}, {s['style_layout']:.0f}, "
            f"{s['script']:.0f} / {s['benchmark_index']:.0f}"
            for s in r["runs"]
        )
        print(f"| {page} | {r['median']:.2f} | {runs_text} | {r['runs'][0]['elements']:.0f} | "
              f"≥ {TARGET} | {'yes' if met else '**NO**'} |")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))


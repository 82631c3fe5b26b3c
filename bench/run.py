"""The benchmark: pressroom against satori + resvg-js and headless Chromium, and its own targets.

usage: python -m bench [--quick]

1. Stories. The peers (`../shared/bench/peers`, or $PRESSROOM_PEERS) are copied into bench/_work/
   and installed there (`npm ci`; a venv that sees this Python's packages, plus `segno`). Each
   renders one 1080×1920 story per line of texts.txt (the lines repeated REPEAT times), with the
   same font file (fonts/NotoSans-Bold.ttf) and QR URL. pressroom renders the same texts as the
   headlines of a synthesized brand book (bench/_work/stories/), story format only, in one
   process and on all cores.
2. The kit. Clean builds of a copy of brandbook/ (all cores, then one process: byte-identical?),
   a rebuild with nothing changed, a rebuild after one locale file changed, and peak memory.
3. Scaling. Clean builds with 3 locales and with 30 (27 synthesized from en/ru/kk).
4. The live preview (bench/serve.py): from saving a headline to `pressroom serve` serving the
   new PNG, over 10 edits.
5. PNG size (bench/png_size.py): every PNG of the kit against `oxipng -o4` of the same file, and
   encode time per asset against the encoder before issue 11.

Prints one Markdown table (also written to bench/_work/table.md, with the raw numbers in
bench/_work/results.json). Exit status 1 when a target is missed or a peer could not run.
Nothing here is a test: timings vary with the machine and its load.
"""

from __future__ import annotations

import datetime
import filecmp
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from bench import motion, png_size
from bench import serve as preview

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / "_work"
FONT = REPO / "fonts" / "NotoSans-Bold.ttf"
URL = "https://queer.kz/"
REPEAT = 5  # texts.txt has 8 lines: 40 stories per renderer
# 27 more languages for the scaling run, each a copy of en, ru or kk under its own code.
EXTRA_LOCALES = "de fr es it pt pl uk tr uz ky tg az hy ka ro cs sk sl hr sr bg mk lt lv et fi sv"
WORDMARK = r"(?m)^(  wordmark: [^#\n]*?)\s*(#.*)?$"
QUIET_LOAD = 1.2  # 1-minute load average below which a timed run starts
QUIET_WAIT = 600  # seconds to wait for that at most
TARGETS = {
    "speed": 3.0,  # × satori's stories per second
    "size": 2.0,  # satori's mean PNG bytes ÷ pressroom's
    "noop": 0.05,  # no-op rebuild ÷ full build
    "scaling": 11.0,  # 30-locale build ÷ 3-locale build
    "memory": 500.0,  # MB, any one process
    "check": 0.3,  # pressroom check ÷ full build ("well under a full build's time")
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    global REPEAT
    if "--quick" in argv:
        REPEAT = 1
    WORK.mkdir(parents=True, exist_ok=True)
    results: dict = {"date": datetime.date.today().isoformat(), "machine": _machine()}
    results["stories"] = _stories()
    results["kit"] = _kit()
    results["scaling"] = _scaling()
    results["serve"] = preview.measure(WORK, quiet=_quiet)
    results["motion"] = motion.run()
    _say("png: the kit's PNGs against oxipng -o4 (cached by file digest)")
    _quiet()
    results["png"] = png_size.measure(WORK / "kit" / "brandbook")
    results["loads"] = LOADS
    (WORK / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    table, ok = _table(results)
    table += "\n" + png_size.table(results["png"])
    (WORK / "table.md").write_text(table)
    print(table)
    return 0 if ok else 1


# --- peers ---------------------------------------------------------------------------------------


def _peers_source() -> Path | None:
    for candidate in (os.environ.get("PRESSROOM_PEERS"), REPO.parent / "shared/bench/peers"):
        if candidate and (Path(candidate) / "texts.txt").is_file():
            return Path(candidate)
    return None


def _stories() -> dict:
    source = _peers_source()
    out: dict = {}
    if source is None:
        _say(
            "PEERS MISSING: no ../shared/bench/peers (or $PRESSROOM_PEERS) with texts.txt; "
            "the satori and Chromium columns stay empty and the speed and size targets are unmet"
        )
        texts = ["We are against the ban", "Мы против запрета", "Біз тыйымға қарсымыз"]
    else:
        peers = WORK / "peers"
        _copy_peers(source, peers)
        texts = [t for t in (peers / "texts.txt").read_text("utf-8").splitlines() if t]
    texts = texts * REPEAT
    (WORK / "texts.txt").write_text("".join(t + "\n" for t in texts), "utf-8")
    book = _story_book(texts)
    for label, jobs in (("pressroom_1", 1), ("pressroom_all", 0)):
        _say(f"pressroom: {len(texts)} stories, {'one process' if jobs == 1 else 'all cores'}")
        cmd = [sys.executable, "-m", "bench.stories", book, WORK / f"out-{label}", jobs]
        _quiet()
        out[label] = _bench_line(cmd)
    if source is not None:
        out["satori"] = _satori(WORK / "peers")
        out["chromium"] = _chromium(WORK / "peers")
    return out


def _copy_peers(source: Path, peers: Path) -> None:
    peers.mkdir(parents=True, exist_ok=True)
    for file in source.iterdir():
        if file.is_file():
            target = peers / file.name
            if not target.exists() or target.read_bytes() != file.read_bytes():
                target.unlink(missing_ok=True)
                shutil.copyfile(file, target)


def _satori(peers: Path) -> dict:
    stamp = peers / "node_modules" / ".lock-copy"
    lock = (peers / "package-lock.json").read_bytes()
    if not stamp.is_file() or stamp.read_bytes() != lock:
        _say("satori: npm ci")
        _run(["npm", "ci", "--no-audit", "--no-fund"], cwd=peers)
        stamp.write_bytes(lock)
    _say("satori + resvg-js: rendering")
    cmd = ["node", "satori_story.mjs", str(WORK / "texts.txt"), str(WORK / "out-satori")]
    return _peer_json(cmd + [str(FONT), URL], peers)


def _chromium(peers: Path) -> dict:
    venv = WORK / "venv"
    python = venv / "bin" / "python"
    if not python.exists():
        _say("chromium: venv (sees this Python's packages)")
        _run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)])
    probe = subprocess.run([python, "-c", "import playwright, segno"], capture_output=True)
    if probe.returncode:
        _say("chromium: pip install playwright segno")
        _run([python, "-m", "pip", "install", "-q", "playwright", "segno"])
    browser = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(browser).exists():
        _say("chromium: no /usr/bin/chromium (Debian package `chromium`); skipped")
        return {}
    _say("headless Chromium: rendering")
    cmd = [python, "chromium_story.py", str(WORK / "texts.txt"), str(WORK / "out-chromium")]
    return _peer_json(cmd + [str(FONT), URL], peers)


def _peer_json(cmd: list, cwd: Path) -> dict:
    _quiet()
    try:
        done = _run(cmd, cwd=cwd)
    except subprocess.CalledProcessError as exc:
        _say(f"peer failed: {exc}")
        return {}
    line = [x for x in done.stdout.splitlines() if x.startswith("{")][-1]
    return json.loads(line)


# --- pressroom's story brand book ----------------------------------------------------------------


def _story_book(texts: list[str]) -> Path:
    """brandbook/ with one locale whose slogans' headlines are `texts`, every font role set to
    the font file the peers use, and the peers' QR URL."""
    root = WORK / "stories"
    book = _copy_kit(root)
    brand = _read(book / "brand.yaml")
    brand["fonts"] = {role: [FONT.name] for role in brand["fonts"]}
    brand["urls"] = {"default": URL}
    brand["reference_locale"] = brand["primary_locale"] = "en"
    _write(book / "brand.yaml", brand)
    en = _read(REPO / "brandbook" / "locales" / "en.yaml")
    en["messages"] = {
        f"story-{n:02d}": {
            "kind": "slogan",
            "headline": text,
            "body": "Share it with someone who should see it.",
            "cta": "Say no to the ban",
            "alt": f"Story: {text}"[:100],
            "caption": text,
        }
        for n, text in enumerate(texts, 1)
    }
    for old in (book / "locales").glob("*.yaml"):
        old.unlink()
    _write(book / "locales" / "en.yaml", en)
    return book


def _copy_kit(root: Path, locales: tuple[str, ...] | None = None) -> Path:
    """A fresh copy of brandbook/ (only `locales`, if given) with fonts/ beside it."""
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(REPO / "brandbook", root / "brandbook")
    shutil.copytree(REPO / "fonts", root / "fonts")
    if locales is not None:
        for file in (root / "brandbook" / "locales").glob("*.yaml"):
            if file.stem not in locales:
                file.unlink()
    return root / "brandbook"


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


def _write(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), "utf-8")


# --- the kit -------------------------------------------------------------------------------------


def _kit() -> dict:
    book = _copy_kit(WORK / "kit")
    out_a, out_b = WORK / "kit-out-a", WORK / "kit-out-b"
    res: dict = {}
    _say("kit: clean build, all cores")
    res["full"] = _pressroom(["build", "--brandbook", book, "--out", out_a], clean=out_a)
    _say("kit: clean build, one process")
    res["full_1"] = _pressroom(
        ["build", "--brandbook", book, "--out", out_b, "--jobs", "1"], clean=out_b
    )
    res["identical"], res["files"] = _same_tree(out_a, out_b)
    _say("kit: pressroom check (validates everything, writes nothing)")
    res["check"] = _pressroom(["check", "--brandbook", book])
    _say("kit: rebuild, nothing changed")
    res["noop"] = _pressroom(["build", "--brandbook", book, "--out", out_a])
    before = _mtimes(out_a)
    ru = book / "locales" / "ru.yaml"
    text = ru.read_text("utf-8")
    ru.write_text(text.replace("Равные в Казахстане", "Равные в Казахстане!", 1), "utf-8")
    _say("kit: rebuild after one change to ru.yaml (its wordmark)")
    res["locale"] = _pressroom(["build", "--brandbook", book, "--out", out_a])
    after = _mtimes(out_a)
    changed = sorted(p for p in after if before.get(p) != after[p])
    res["locale_changed_assets"] = [p for p in changed if p.count("/") == 2]
    res["locale_other_assets_changed"] = [
        p for p in res["locale_changed_assets"] if not p.startswith("ru/")
    ]
    res["ru_assets"] = sum(1 for p in after if p.startswith("ru/"))
    res["locale_changed_other"] = [p for p in changed if p.count("/") != 2]
    ru.write_text(text, "utf-8")
    return res


def _scaling() -> dict:
    res: dict = {}
    book3 = _copy_kit(WORK / "kit3", ("en", "ru", "kk"))
    _say("scaling: clean build, 3 locales")
    out3, out30 = WORK / "out3", WORK / "out30"
    res["3"] = _pressroom(["build", "--brandbook", book3, "--out", out3], clean=out3)
    book30 = _copy_kit(WORK / "kit30", ("en", "ru", "kk"))
    folder = book30 / "locales"
    brand = _read(book30 / "brand.yaml")
    for n, code in enumerate(EXTRA_LOCALES.split()):
        # Each language its own wordmark and campaign page: assets as distinct as real ones.
        text = (folder / f"{('en', 'ru', 'kk')[n % 3]}.yaml").read_text("utf-8")
        text = re.sub(WORDMARK, rf"\1 {code.upper()}", text, count=1)
        (folder / f"{code}.yaml").write_text(text, "utf-8")
        brand["urls"][code] = f"{URL}{code}/"
    _write(book30 / "brand.yaml", brand)
    _say("scaling: clean build, 30 locales")
    res["30"] = _pressroom(["build", "--brandbook", book30, "--out", out30], clean=out30)
    return res


def _pressroom(args: list, clean: Path | None = None) -> dict:
    """Run `pressroom ARGS` in a fresh interpreter; wall time as seen from here, memory."""
    if clean is not None:
        shutil.rmtree(clean, ignore_errors=True)
    _quiet()
    started = time.perf_counter()
    report = _bench_line([sys.executable, "-m", "bench.measure", *map(str, args)])
    report["wall"] = time.perf_counter() - started
    return report


def _bench_line(cmd: list) -> dict:
    done = _run(cmd, cwd=REPO)
    summary = [x for x in done.stdout.splitlines() if x.startswith("built ")]
    line = [x for x in done.stdout.splitlines() if x.startswith("BENCH ")][-1]
    report = json.loads(line[len("BENCH ") :])
    if summary:
        report["summary"] = summary[-1]
        words = summary[-1].split()
        report["built"], report["unchanged"] = int(words[1]), int(words[3].strip("("))
    return report


def _same_tree(a: Path, b: Path) -> tuple[bool, int]:
    files_a = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    same = files_a == files_b and all(filecmp.cmp(a / f, b / f, shallow=False) for f in files_a)
    return same, len(files_a)


def _mtimes(root: Path) -> dict[str, int]:
    return {
        p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()
    }


# --- the table -----------------------------------------------------------------------------------


def _table(r: dict) -> tuple[str, bool]:
    s, k, sc = r["stories"], r["kit"], r["scaling"]
    p1, pall = s.get("pressroom_1", {}), s.get("pressroom_all", {})
    sat, chrome = s.get("satori", {}), s.get("chromium", {})

    def rate(x: dict, key: str = "seconds") -> float | None:
        if "total_ms" in x:
            return x["stories"] / (x["total_ms"] / 1000)
        return x["stories"] / x[key] if x.get(key) else None

    r1, rall, rs, rc = rate(p1), rate(pall), rate(sat), rate(chrome)
    cores = r["machine"]["cores"]
    speed = rall / rs if rall and rs else None
    size = sat["mean_png_bytes"] / pall["mean_png_bytes"] if sat and pall else None
    noop = k["noop"]["wall"] / k["full"]["wall"]
    check_share = k["check"]["wall"] / k["full"]["wall"]
    scale = sc["30"]["wall"] / sc["3"]["wall"]
    runs = [k["full"], k["full_1"], k["noop"], k["locale"], sc["3"], sc["30"]]
    memory = max(max(x["maxrss_self_mb"], x["maxrss_children_mb"]) for x in runs)
    memory_full = max(k["full"]["maxrss_self_mb"], k["full"]["maxrss_children_mb"])
    locale_ok = k["locale"]["built"] == k["ru_assets"] and not k["locale_other_assets_changed"]
    checks = {
        "speed": speed is not None and speed >= TARGETS["speed"],
        "size": size is not None and size >= TARGETS["size"],
        "noop": noop <= TARGETS["noop"],
        "scaling": scale <= TARGETS["scaling"],
        "memory": memory <= TARGETS["memory"],
        "identical": k["identical"],
        "locale": locale_ok,
        "check": k["check"]["exit"] == 0 and check_share <= TARGETS["check"],
        "png": r["png"]["met"],
    }

    def f(x, fmt="{:.1f}"):
        return "–" if x is None else fmt.format(x)

    def yes(ok: bool) -> str:
        return "yes" if ok else "**NO**"

    m = r["machine"]
    rows = [
        ("stories per second, one process", f(r1), f(rs), f(rc), "", ""),
        (f"stories per second, all cores ({cores})", f(rall), "", "", "", ""),
        (
            "pressroom ÷ satori, stories per second",
            f(speed, "{:.1f}×") + (f" ({r1 / rs:.1f}× in one process)" if r1 and rs else ""),
            "1×",
            f(rc / rs if rc and rs else None, "{:.2f}×"),
            "≥ 3×",
            yes(checks["speed"]),
        ),
        (
            "mean story PNG bytes",
            f(pall.get("mean_png_bytes"), "{:,.0f}"),
            f(sat.get("mean_png_bytes"), "{:,.0f}"),
            f(chrome.get("mean_png_bytes"), "{:,.0f}"),
            "",
            "",
        ),
        (
            "satori's PNG bytes ÷ pressroom's",
            f(size, "{:.1f}×"),
            "",
            "",
            "≥ 2×",
            yes(checks["size"]),
        ),
        (
            "largest pixel difference from the lossless render (of 255)",
            f"{pall.get('max_pixel_diff', '–')} (> 2 on ≤ {pall.get('max_share_over_2', 0):.1%})",
            "",
            "",
            "no visible loss",
            "",
        ),
        (
            "screen PNG bytes ÷ oxipng -o4 of the same files (whole kit)",
            f"{r['png']['kinds']['screen']['ratio']:.3f}",
            "",
            "",
            f"≤ {png_size.TARGET}",
            yes(checks["png"]),
        ),
        (
            f"full build, {k['files']} files (one process)",
            f"{k['full']['wall']:.1f} s ({k['full_1']['wall']:.1f} s)",
            "",
            "",
            "",
            "",
        ),
        (
            "pressroom check of the whole kit (issue 3: well under a full build)",
            f"{k['check']['wall']:.2f} s = {check_share:.0%} of full",
            "",
            "",
            f"≤ {TARGETS['check']:.0%}",
            yes(checks["check"]),
        ),
        (
            "rebuild, nothing changed",
            f"{k['noop']['wall']:.2f} s = {noop:.1%} of full",
            "",
            "",
            "≤ 5%",
            yes(checks["noop"]),
        ),
        (
            "rebuild after ru.yaml changed: assets rebuilt / ru assets",
            f"{k['locale']['built']} / {k['ru_assets']}, others untouched, "
            f"{k['locale']['wall']:.1f} s",
            "",
            "",
            "only that locale",
            yes(checks["locale"]),
        ),
        (
            "two clean builds (all cores, one process) byte-identical",
            "yes" if k["identical"] else "no",
            "",
            "",
            "identical",
            yes(checks["identical"]),
        ),
        (
            "3 → 30 locales, clean build",
            f"{sc['3']['wall']:.1f} s → {sc['30']['wall']:.1f} s = {scale:.1f}×",
            "",
            "",
            "≤ 11×",
            yes(checks["scaling"]),
        ),
        (
            "peak memory of any one process (full build; any run)",
            f"{memory_full:.0f} MB; {memory:.0f} MB",
            "",
            "",
            "≤ 500 MB",
            yes(checks["memory"]),
        ),
    ]
    if "motion" in r:  # bench/motion.py: the motion formats' own targets
        motion_rows, motion_checks = motion.rows(r["motion"])
        rows += motion_rows
        checks.update(motion_checks)
    loads = r.get("loads") or [0.0]
    head = (
        f"Measured {r['date']} on {m['cpu']}, {cores} cores, Python {m['python']}; "
        f"{s.get('pressroom_all', {}).get('stories', 0)} stories per renderer "
        f"(texts.txt × {REPEAT}); load average when runs started: "
        f"{min(loads):.1f}–{max(loads):.1f}.\n\n"
    )
    lines = [
        "| measure | pressroom | satori + resvg-js | Chromium | target | met |",
        "|---|---|---|---|---|---|",
    ]
    serve_rows, checks["serve"] = preview.rows(r["serve"])
    rows += serve_rows
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return head + "\n".join(lines) + "\n", all(checks.values()) and bool(sat) and bool(chrome)


# --- helpers -------------------------------------------------------------------------------------


def _machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"cpu": cpu, "cores": cores, "python": platform.python_version()}


def _run(cmd: list, cwd: Path | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, check=False
    )
    if done.returncode:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise subprocess.CalledProcessError(done.returncode, cmd, done.stdout, done.stderr)
    return done


LOADS: list[float] = []  # the 1-minute load average at the start of each timed run


def _quiet(most: float = QUIET_WAIT) -> None:
    """Wait (up to `most` seconds) until the machine is nearly idle: timings on a shared machine
    mean little while something else runs. Records the load each run started with."""
    if not hasattr(os, "getloadavg"):
        return
    waited = 0.0
    while os.getloadavg()[0] > QUIET_LOAD and waited < most:
        if waited == 0:
            _say(f"waiting for a quieter machine (load {os.getloadavg()[0]:.1f})")
        time.sleep(5)
        waited += 5
    LOADS.append(os.getloadavg()[0])


def _say(text: str) -> None:
    print(f"[bench] {text}", file=sys.stderr, flush=True)

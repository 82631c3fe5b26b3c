"""The benchmark: pressroom against satori + resvg-js and headless Chromium, and its own targets.

usage: python -m bench [--quick] [--stories]   (--stories: the story measures only)

1. Stories. The peers (`../shared/bench/peers`, or $PRESSROOM_PEERS) are copied into bench/_work/
   and installed there (`npm ci`; a venv that sees this Python's packages, plus `segno`). Each
   renders one 1080×1920 story per line of texts.txt (the lines repeated REPEAT times: 48
   stories), with the same font file (fonts/NotoSans-Bold.ttf) and QR URL. pressroom renders the
   same texts as the headlines of a synthesized brand book (bench/_work/stories/), story format
   only, timed inside one process after its imports (in one process and on all cores, like the
   peers' own times). Then the whole process from outside (bench/process.py: start-up, render,
   fact sheets, page, thumbnails, zips; by default and with --jobs 1) on every kit's stories of
   a copy of brandbook/ (240), against satori on as many stories in the same rounds.
2. The kit. Clean builds of a copy of brandbook/ (all cores, then one process: byte-identical?),
   a rebuild with nothing changed, a rebuild after one locale file changed, and peak memory.
3. Scaling. Clean builds with 3 locales and with 30 (27 synthesized from en/ru/kk); and
   coalition kits (bench/partners.py): 10 synthesized partners, 12 kits against the main one.
4. The live preview (bench/serve.py): from saving a headline to `pressroom serve` serving the
   new PNG, over 10 edits.
5. PNG size (bench/png_size.py): every PNG of the kit against `oxipng -o4` of the same file, and
   encode time per asset against the encoder before issue 11.
6. QR codes (bench/qr_scan.py): every QR code of the kit's one-process build, as a phone photo
   of a poster at a distance or a messenger's copy of a screen format, read by zxing-cpp and
   OpenCV.

Prints one Markdown table (also written to bench/_work/table.md, with the raw numbers in
bench/_work/results.json). Exit status 1 when a target is missed or a peer could not run.
Nothing here is a test: timings vary with the machine and its load.
"""

from __future__ import annotations

import datetime
import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from bench import motion, png_size, qr_scan
from bench import partners as partner_kits
from bench import serve as preview
from bench.common import LOADS, REPO, WORK, machine, quiet, run, say, timed
from bench.process import story_count, whole_process
from bench.table import table

FONT = REPO / "fonts" / "NotoSans-Bold.ttf"
URL = "https://queer.kz/"
REPEAT = 6  # texts.txt has 8 lines: 48 stories per renderer
# 27 more languages for the scaling run, each a copy of en, ru or kk under its own code.
EXTRA_LOCALES = "de fr es it pt pl uk tr uz ky tg az hy ka ro cs sk sl hr sr bg mk lt lv et fi sv"
WORDMARK = r"(?m)^(  wordmark: [^#\n]*?)\s*(#.*)?$"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    global REPEAT
    if "--quick" in argv:
        REPEAT = 1
    WORK.mkdir(parents=True, exist_ok=True)
    results: dict = {"date": datetime.date.today().isoformat(), "machine": machine()}
    results["stories"] = _stories()
    if "--stories" not in argv:
        results["kit"] = _kit()
        say("qr: the kit's QR codes as phone photos and messenger copies (zxing-cpp, OpenCV)")
        results["qr"] = qr_scan.scan(WORK / "kit-out-b")
        results["scaling"] = _scaling()
        results["partners"] = partner_kits.measure()
        results["serve"] = preview.measure(WORK, quiet=quiet)
        results["motion"] = motion.run()
        say("png: the kit's PNGs against oxipng -o4 (cached by file digest)")
        quiet()
        results["png"] = png_size.measure(WORK / "kit" / "brandbook")
    results["loads"] = LOADS
    results["repeat"] = REPEAT
    (WORK / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    text, ok = table(results)
    if "png" in results:
        text += "\n" + png_size.table(results["png"])
    if "partners" in results:
        text += "\n" + partner_kits.table(results["partners"])
        ok = ok and partner_kits.rows(results["partners"])[1]
    (WORK / "table.md").write_text(text)
    print(text)
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
        say(
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
        say(f"pressroom: {len(texts)} stories, {'one process' if jobs == 1 else 'all cores'}")
        cmd = [sys.executable, "-m", "bench.stories", book, WORK / f"out-{label}", jobs]
        quiet()
        out[label] = _bench_line(cmd)
    if source is not None:
        out["satori"] = _satori(WORK / "peers")
    # The whole process on every kit's stories of the brand book (start-up paid once), against
    # satori on as many stories, in the same rounds.
    kit = _copy_kit(WORK / "story-kit", kits=True)
    count = story_count(kit)
    peer = None
    if source is not None:
        kit_texts = WORK / "texts-kit.txt"
        lines = [t for t in (WORK / "texts.txt").read_text("utf-8").splitlines() if t]
        kit_texts.write_text("".join(lines[n % len(lines)] + "\n" for n in range(count)), "utf-8")
        peer = (_satori_cmd(kit_texts, WORK / "out-satori-kit"), WORK / "peers")
    out["process"] = whole_process(kit, peer)
    if source is not None:
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
        say("satori: npm ci")
        run(["npm", "ci", "--no-audit", "--no-fund"], cwd=peers)
        stamp.write_bytes(lock)
    say("satori + resvg-js: rendering")
    return _peer_json(_satori_cmd(), peers)


def _satori_cmd(texts: Path | None = None, out: Path | None = None) -> list[str]:
    texts, out = texts or WORK / "texts.txt", out or WORK / "out-satori"
    return ["node", "satori_story.mjs", str(texts), str(out), str(FONT), URL]


def _chromium(peers: Path) -> dict:
    venv = WORK / "venv"
    python = venv / "bin" / "python"
    if not python.exists():
        say("chromium: venv (sees this Python's packages)")
        run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)])
    probe = subprocess.run([python, "-c", "import playwright, segno"], capture_output=True)
    if probe.returncode:
        say("chromium: pip install playwright segno")
        run([python, "-m", "pip", "install", "-q", "playwright", "segno"])
    browser = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(browser).exists():
        say("chromium: no /usr/bin/chromium (Debian package `chromium`); skipped")
        return {}
    say("headless Chromium: rendering")
    cmd = [python, "chromium_story.py", str(WORK / "texts.txt"), str(WORK / "out-chromium")]
    return _peer_json(cmd + [str(FONT), URL], peers)


def _peer_json(cmd: list, cwd: Path) -> dict:
    """The peer's own JSON line, with `process_seconds`: its whole process, timed from here."""
    try:
        done, wall = timed(cmd, cwd=cwd)
    except subprocess.CalledProcessError as exc:
        say(f"peer failed: {exc}")
        return {}
    line = [x for x in done.stdout.splitlines() if x.startswith("{")][-1]
    return {**json.loads(line), "process_seconds": wall}


# --- pressroom's story brand book ----------------------------------------------------------------


STORY_LOCALES = ("en", "ru", "kk", "kk-Latn")  # the shipped languages the stories are split over
PER_LOCALE = 12  # messages a locale holds, as in the shipped brand book (its fact sheet fits)


def _story_book(texts: list[str]) -> Path:
    """brandbook/ whose slogans' headlines are `texts`, split over the shipped languages in
    locales of at most PER_LOCALE messages each (a locale of 48 slogans would have a fact sheet
    over its two pages), every font role set to the font file the peers use, and the peers' QR
    URL."""
    root = WORK / "stories"
    book = _copy_kit(root)
    brand = _read(book / "brand.yaml")
    brand["fonts"] = {role: [FONT.name] for role in brand["fonts"]}
    brand["urls"] = {"default": URL}
    brand["reference_locale"] = brand["primary_locale"] = "en"
    brand.pop("languages", None)
    _write(book / "brand.yaml", brand)
    count = -(-len(texts) // PER_LOCALE)
    assert count <= len(STORY_LOCALES), f"at most {PER_LOCALE * len(STORY_LOCALES)} stories"
    per = -(-len(texts) // count)
    formats = _read(book / "formats.yaml")
    for old in (book / "locales").glob("*.yaml"):
        old.unlink()
    for i, code in enumerate(STORY_LOCALES[:count]):
        data = _only_formats(_read(REPO / "brandbook" / "locales" / f"{code}.yaml"), formats)
        chunk = texts[i * per : (i + 1) * per]
        chunk += texts[: per - len(chunk)]  # (the last locale filled up from the start)
        data["messages"] = {
            f"story-{n:02d}": {
                "kind": "slogan",
                "headline": text,
                "body": "Share it with someone who should see it.",
                "cta": "Say no to the ban",
                "alt": f"Story: {text}"[:100],
                "caption": text,
            }
            for n, text in enumerate(chunk, 1)
        }
        _write(book / "locales" / f"{code}.yaml", data)
    return book


def _copy_kit(
    root: Path, locales: tuple[str, ...] | None = None, *, kits: bool = False, motion: bool = False
) -> Path:
    """A fresh copy of brandbook/ (only `locales`, if given) with fonts/ beside it. Unless
    `kits`, the campaign's own kit only (no partners, every format `kits: [main]`), and
    unless `motion`, the still formats only: the measures compare like with like (stop 7's kit,
    the peers' stories); bench/partners.py and bench/motion.py measure the rest."""
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(REPO / "brandbook", root / "brandbook")
    shutil.copytree(REPO / "fonts", root / "fonts")
    book = root / "brandbook"
    if locales is not None:
        for file in (book / "locales").glob("*.yaml"):
            if file.stem not in locales:
                file.unlink()
    formats = _read(book / "formats.yaml")
    if not motion:
        formats = {name: spec for name, spec in formats.items() if "motion" not in spec}
    if not kits:
        brand = _read(book / "brand.yaml")
        brand.pop("partners", None)
        _write(book / "brand.yaml", brand)
        formats = {name: {**spec, "kits": ["main"]} for name, spec in formats.items()}
    _write(book / "formats.yaml", formats)
    for file in (book / "locales").glob("*.yaml"):  # format names only for formats kept
        locale = _read(file)
        if set(locale.get("formats", {})) - set(formats):
            _write(file, _only_formats(locale, formats))
    return book


def _only_formats(locale: dict, formats) -> dict:
    """A locale's data without the names of formats that are not in `formats`."""
    names = {k: v for k, v in locale.get("formats", {}).items() if k in formats}
    return {**locale, "formats": names} if "formats" in locale else locale


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


def _write(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), "utf-8")


# --- the kit -------------------------------------------------------------------------------------


def _kit() -> dict:
    book = _copy_kit(WORK / "kit")
    out_a, out_b = WORK / "kit-out-a", WORK / "kit-out-b"
    res: dict = {}
    say("kit: clean build, all cores")
    res["full"] = _pressroom(["build", "--brandbook", book, "--out", out_a], clean=out_a)
    say("kit: clean build, one process")
    res["full_1"] = _pressroom(
        ["build", "--brandbook", book, "--out", out_b, "--jobs", "1"], clean=out_b
    )
    res["identical"], res["files"] = _same_tree(out_a, out_b)
    say("kit: pressroom check (validates everything, writes nothing)")
    res["check"] = _pressroom(["check", "--brandbook", book])
    say("kit: rebuild, nothing changed")
    res["noop"] = _pressroom(["build", "--brandbook", book, "--out", out_a])
    before = _mtimes(out_a)
    ru = book / "locales" / "ru.yaml"
    text = ru.read_text("utf-8")
    ru.write_text(text.replace("Равные в Казахстане", "Равные в Казахстане!", 1), "utf-8")
    say("kit: rebuild after one change to ru.yaml (its wordmark)")
    res["locale"] = _pressroom(["build", "--brandbook", book, "--out", out_a])
    after = _mtimes(out_a)
    changed = sorted(p for p in after if before.get(p) != after[p])
    asset = re.compile(r"(plain/|partners/[^/]+/)?([^/]+)/[^/]+/[^/]+\.(png|pdf|mp4)")
    res["locale_changed_assets"] = [p for p in changed if asset.fullmatch(p)]
    res["locale_other_assets_changed"] = [
        p for p in res["locale_changed_assets"] if asset.fullmatch(p)[2] != "ru"
    ]
    res["ru_assets"] = sum(1 for p in after if (m := asset.fullmatch(p)) and m[2] == "ru")
    res["locale_changed_other"] = [p for p in changed if not asset.fullmatch(p)]
    ru.write_text(text, "utf-8")
    return res


def _scaling() -> dict:
    res: dict = {}
    book3 = _copy_kit(WORK / "kit3", ("en", "ru", "kk"))
    say("scaling: clean build, 3 locales")
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
    say("scaling: clean build, 30 locales")
    res["30"] = _pressroom(["build", "--brandbook", book30, "--out", out30], clean=out30)
    return res


def _pressroom(args: list, clean: Path | None = None) -> dict:
    """Run `pressroom ARGS` in a fresh interpreter; wall time as seen from here, memory."""
    if clean is not None:
        shutil.rmtree(clean, ignore_errors=True)
    quiet()
    started = time.perf_counter()
    report = _bench_line([sys.executable, "-m", "bench.measure", *map(str, args)])
    report["wall"] = time.perf_counter() - started
    return report


def _bench_line(cmd: list) -> dict:
    done = run(cmd, cwd=REPO)
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

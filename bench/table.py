"""The benchmark's table: every measure beside its target."""

from __future__ import annotations

from bench import motion, png_size, qr_scan
from bench import serve as preview

TARGETS = {
    "speed": 3.0,  # × satori's stories per second, timed inside the process after imports
    "process": 5.0,  # × satori's stories per second, pressroom timed as a whole process
    "size": 2.0,  # satori's mean PNG bytes ÷ pressroom's
    "noop": 0.05,  # no-op rebuild ÷ full build
    "scaling": 11.0,  # 30-locale build ÷ 3-locale build
    "memory": 500.0,  # MB, any one process
    "check": 0.3,  # pressroom check ÷ full build ("well under a full build's time")
}
Row = tuple[str, str, str, str, str, str]  # measure, pressroom, satori, Chromium, target, met


def table(r: dict) -> tuple[str, bool]:
    """The Markdown table of what was run (stories; the kit and scaling unless left out), and
    whether every target is met."""
    checks: dict[str, bool] = {}
    rows = _story_rows(r, checks)
    if "kit" in r:
        rows += _kit_rows(r, checks)
    if "qr" in r:  # bench/qr_scan.py: the kit's QR codes as phones meet them
        qr_rows, checks["qr"] = qr_scan.rows(r["qr"])
        rows += qr_rows
    if "serve" in r:
        serve_rows, checks["serve"] = preview.rows(r["serve"])
        rows += serve_rows
    if "motion" in r:  # bench/motion.py: the motion formats' own targets
        motion_rows, motion_checks = motion.rows(r["motion"])
        rows += motion_rows
        checks.update(motion_checks)
    s, m = r["stories"], r["machine"]
    loads = r.get("loads") or [0.0]
    head = (
        f"Measured {r['date']} on {m['cpu']}, {m['cores']} cores, Python {m['python']}; "
        f"{s.get('pressroom_all', {}).get('stories', 0)} stories per renderer "
        f"(texts.txt × {r.get('repeat')}); load average when runs started: "
        f"{min(loads):.1f}–{max(loads):.1f}.\n\n"
    )
    lines = [
        "| measure | pressroom | satori + resvg-js | Chromium | target | met |",
        "|---|---|---|---|---|---|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    peers = bool(s.get("satori")) and bool(s.get("chromium"))
    return head + "\n".join(lines) + "\n", all(checks.values()) and peers


def _rate(x: dict, key: str = "seconds") -> float | None:
    """Stories per second: a peer's own in-process time, or ours."""
    if "total_ms" in x:
        return x["stories"] / (x["total_ms"] / 1000)
    return x["stories"] / x[key] if x.get(key) else None


def _f(x, fmt: str = "{:.1f}") -> str:
    return "–" if x is None else fmt.format(x)


def _yes(ok: bool) -> str:
    return "yes" if ok else "**NO**"


def _story_rows(r: dict, checks: dict[str, bool]) -> list[Row]:
    s = r["stories"]
    p1, pall = s.get("pressroom_1", {}), s.get("pressroom_all", {})
    sat, chrome = s.get("satori", {}), s.get("chromium", {})
    r1, rall, rs, rc = _rate(p1), _rate(pall), _rate(sat), _rate(chrome)
    speed = rall / rs if rall and rs else None
    proc = s.get("process", {})
    whole, whole_1 = proc.get("default", {}), proc.get("jobs_1", {})
    rw, rw1 = _rate(whole), _rate(whole_1)
    beside = proc.get("satori", {})  # satori run in the same rounds as the whole processes
    rb = _rate(beside)
    ratio = rw / rb if rw and rb else None
    satori_whole = beside["stories"] / beside["process_seconds"] if beside else None
    size = sat["mean_png_bytes"] / pall["mean_png_bytes"] if sat and pall else None
    checks["speed"] = speed is not None and speed >= TARGETS["speed"]
    checks["process"] = ratio is not None and ratio >= TARGETS["process"]
    checks["process_identical"] = bool(proc.get("identical"))
    checks["size"] = size is not None and size >= TARGETS["size"]
    cores = r["machine"]["cores"]
    in_one = f" ({r1 / rs:.1f}× in one process)" if r1 and rs else ""
    with_1 = f" ({rw1 / rb:.1f}× with --jobs 1)" if rw1 and rb else ""
    to_whole = f"; {rw / satori_whole:.1f}× satori's whole process" if rw and satori_whole else ""
    diff = f"{pall.get('max_pixel_diff', '–')} (> 2 on ≤ {pall.get('max_share_over_2', 0):.1%})"
    return [
        ("stories per second, one process, after imports", _f(r1), _f(rs), _f(rc), "", ""),
        (f"stories per second, all cores ({cores}), after imports", _f(rall), "", "", "", ""),
        (
            "pressroom ÷ satori, stories per second, after imports",
            _f(speed, "{:.1f}×") + in_one,
            "1×",
            _f(rc / rs if rc and rs else None, "{:.2f}×"),
            f"≥ {TARGETS['speed']:g}×",
            _yes(checks["speed"]),
        ),
        (
            f"{whole.get('stories', 0)}-story build, whole process (start-up, render, page, "
            "thumbnails, zips), median of 3: default (--jobs 1)",
            _f(whole.get("seconds"), "{:.2f} s") + _f(whole_1.get("seconds"), " ({:.2f} s)"),
            _f(beside["total_ms"] / 1000 if beside else None, "{:.2f} s after start-up")
            + _f(beside.get("process_seconds"), "; {:.2f} s whole process"),
            "",
            "",
            "",
        ),
        (
            "pressroom's whole process ÷ satori, stories per second",
            _f(ratio, "{:.1f}×") + with_1 + to_whole,
            "1×",
            "",
            f"≥ {TARGETS['process']:g}×",
            _yes(checks["process"]),
        ),
        (
            "whole-process outputs, default and --jobs 1, byte-identical",
            "yes" if proc.get("identical") else "no",
            "",
            "",
            "identical",
            _yes(checks["process_identical"]),
        ),
        (
            "mean story PNG bytes",
            _f(pall.get("mean_png_bytes"), "{:,.0f}"),
            _f(sat.get("mean_png_bytes"), "{:,.0f}"),
            _f(chrome.get("mean_png_bytes"), "{:,.0f}"),
            "",
            "",
        ),
        (
            "satori's PNG bytes ÷ pressroom's",
            _f(size, "{:.1f}×"),
            "",
            "",
            "≥ 2×",
            _yes(checks["size"]),
        ),
        (
            "largest pixel difference from the lossless render (of 255)",
            diff,
            "",
            "",
            "no visible loss",
            "",
        ),
    ]


def _kit_rows(r: dict, checks: dict[str, bool]) -> list[Row]:
    k, sc = r["kit"], r["scaling"]
    png = r.get("png")
    if png is not None:
        checks["png"] = png["met"]
    noop = k["noop"]["wall"] / k["full"]["wall"]
    check_share = k["check"]["wall"] / k["full"]["wall"]
    scale = sc["30"]["wall"] / sc["3"]["wall"]
    runs = [k["full"], k["full_1"], k["noop"], k["locale"], sc["3"], sc["30"]]
    memory = max(max(x["maxrss_self_mb"], x["maxrss_children_mb"]) for x in runs)
    memory_full = max(k["full"]["maxrss_self_mb"], k["full"]["maxrss_children_mb"])
    locale_ok = k["locale"]["built"] == k["ru_assets"] and not k["locale_other_assets_changed"]
    checks["noop"] = noop <= TARGETS["noop"]
    checks["scaling"] = scale <= TARGETS["scaling"]
    checks["memory"] = memory <= TARGETS["memory"]
    checks["identical"] = k["identical"]
    checks["locale"] = locale_ok
    checks["check"] = k["check"]["exit"] == 0 and check_share <= TARGETS["check"]
    rows: list[Row] = []
    if png is not None:
        rows.append(
            (
                "screen PNG bytes ÷ oxipng -o4 of the same files (whole kit)",
                f"{png['kinds']['screen']['ratio']:.3f}",
                "",
                "",
                f"≤ {png_size.TARGET}",
                _yes(checks["png"]),
            )
        )
    return rows + [
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
            _yes(checks["check"]),
        ),
        (
            "rebuild, nothing changed",
            f"{k['noop']['wall']:.2f} s = {noop:.1%} of full",
            "",
            "",
            "≤ 5%",
            _yes(checks["noop"]),
        ),
        (
            "rebuild after ru.yaml changed: assets rebuilt / ru assets",
            f"{k['locale']['built']} / {k['ru_assets']}, others untouched, "
            f"{k['locale']['wall']:.1f} s",
            "",
            "",
            "only that locale",
            _yes(checks["locale"]),
        ),
        (
            "two clean builds (all cores, one process) byte-identical",
            "yes" if k["identical"] else "no",
            "",
            "",
            "identical",
            _yes(checks["identical"]),
        ),
        (
            "3 → 30 locales, clean build",
            f"{sc['3']['wall']:.1f} s → {sc['30']['wall']:.1f} s = {scale:.1f}×",
            "",
            "",
            "≤ 11×",
            _yes(checks["scaling"]),
        ),
        (
            "peak memory of any one process (full build; any run)",
            f"{memory_full:.0f} MB; {memory:.0f} MB",
            "",
            "",
            "≤ 500 MB",
            _yes(checks["memory"]),
        ),
    ]

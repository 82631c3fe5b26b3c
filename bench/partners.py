"""Coalition kits at scale (issue 12): the default brand book with 10 synthesized partners, so
12 kits (main, 10 partners, plain) × 4 locales × 12 messages × 11 formats.

usage: python -m bench.partners   (also part of `python -m bench`)

Runs, each in a fresh process (bench/measure.py: wall and CPU time, peak memory of this process
and of any worker): a clean build of the main kit alone (`--kit main`), a clean build of
every kit, a rebuild with nothing changed, and a rebuild after one partner's logo changed (only
that partner's assets may be rendered). The targets: every kit in at most 13× the main kit's
time, at most 400 MB in any process, the no-op rebuild under 5% of the full build. CPU time
ratios are reported too: they suffer less than wall time from a shared machine's load.
"""

from __future__ import annotations

import json
import os
import re
import sys

from bench.common import LOADS, WORK, say

PARTNERS = 10
TARGETS = {"ratio": 13.0, "memory": 400.0, "noop": 0.05}
# Ten inks for the synthesized logos, so that every partner's art is its own.
INKS = ["#7A1F5C", "#1F5C7A", "#2E7A1F", "#7A5C1F", "#5C1F7A", "#1F7A5C", "#7A2E1F", "#1F2E7A",
        "#5C7A1F", "#7A1F2E"]


def partner_book():
    """A copy of the kit whose partners are 10 synthesized ones (logos recoloured from the
    example partners' files), every third with `qr: own`, and its 11 still formats (the issue's
    measure: the motion formats are made in the main kit only, so they would flatter the
    ratio)."""
    from bench.run import _copy_kit, _read, _write

    book = _copy_kit(WORK / "partners", kits=True)
    folder = book / "assets" / "partners"
    sources = sorted(folder.glob("*-on-light.svg"))
    brand = _read(book / "brand.yaml")
    partners = []
    for n in range(PARTNERS):
        pid = f"partner-{n + 1:02d}"
        light = sources[n % len(sources)]
        dark = light.with_name(light.name.replace("-on-light", "-on-dark"))
        # The light version's ink and the dark version's accent take the partner's colour.
        (folder / f"{pid}-on-light.svg").write_text(light.read_text().replace("#1B1B1F", INKS[n]))
        (folder / f"{pid}-on-dark.svg").write_text(dark.read_text().replace("#FFB000", INKS[n]))
        entry = {
            "id": pid,
            "name": f"Partner {n + 1} (synthesized)",
            "logo": {"light": f"assets/partners/{pid}-on-light.svg",
                     "dark": f"assets/partners/{pid}-on-dark.svg"},
        }
        if n % 3 == 2:
            entry.update(url=f"https://example.org/{pid}/", qr="own")
        partners.append(entry)
    brand["partners"] = partners
    _write(book / "brand.yaml", brand)
    return book


def measure() -> dict:
    from bench.run import _mtimes, _pressroom

    book = partner_book()
    out_main, out = WORK / "partners-out-main", WORK / "partners-out"
    res: dict = {"partners": PARTNERS, "load_before": os.getloadavg()[0]}
    say("partners: clean build of the main kit alone")
    res["main"] = _pressroom(
        ["build", "--brandbook", book, "--out", out_main, "--kit", "main"], clean=out_main
    )
    say(f"partners: clean build of every kit (main, {PARTNERS} partners, plain)")
    res["all"] = _pressroom(["build", "--brandbook", book, "--out", out], clean=out)
    res["files"] = sum(1 for p in out.rglob("*") if p.is_file())
    say("partners: rebuild, nothing changed")
    res["noop"] = _pressroom(["build", "--brandbook", book, "--out", out])
    before = _mtimes(out)
    logo = book / "assets" / "partners" / "partner-04-on-light.svg"
    logo.write_text(logo.read_text().replace(INKS[3], "#123456"))
    say("partners: rebuild after one partner's logo changed")
    res["one"] = _pressroom(["build", "--brandbook", book, "--out", out])
    after = _mtimes(out)
    asset = re.compile(r"(plain/|partners/[^/]+/)?[^/]+/[^/]+/[^/]+\.(png|pdf)")
    changed = [p for p in after if before.get(p) != after[p] and asset.fullmatch(p)]
    res["one_changed"] = len(changed)
    res["one_outside"] = [p for p in changed if not p.startswith("partners/partner-04/")]
    res["partner_assets"] = sum(
        1 for p in after if p.startswith("partners/partner-04/") and asset.fullmatch(p)
    )
    res["loads"] = LOADS[-4:]
    return res


def cpu(run: dict) -> float:
    return run["cpu_self"] + run["cpu_children"]


def rows(r: dict) -> tuple[list[tuple[str, ...]], bool]:
    """Table rows (measure, pressroom, target, met) and whether every target is met."""
    ratio = r["all"]["wall"] / r["main"]["wall"]
    cpu_ratio = cpu(r["all"]) / cpu(r["main"])
    noop = r["noop"]["wall"] / r["all"]["wall"]
    memory = max(max(x["maxrss_self_mb"], x["maxrss_children_mb"])
                 for x in (r["main"], r["all"], r["noop"], r["one"]))
    one_ok = not r["one_outside"] and r["one"]["built"] == r["partner_assets"]
    met = {
        "ratio": ratio <= TARGETS["ratio"],
        "memory": memory <= TARGETS["memory"],
        "noop": noop <= TARGETS["noop"],
        "one": one_ok,
    }
    kits = r["partners"] + 2

    def yes(ok: bool) -> str:
        return "yes" if ok else "**NO**"

    out = [
        ("main kit alone, clean build (wall; CPU of all processes)",
         f"{r['main']['wall']:.1f} s; {cpu(r['main']):.1f} s", "", ""),
        (f"{kits} kits ({r['partners']} partners), clean build, {r['files']} files",
         f"{r['all']['wall']:.1f} s; {cpu(r['all']):.1f} s", "", ""),
        (f"{kits} kits ÷ main kit: wall (CPU)", f"{ratio:.1f}× ({cpu_ratio:.1f}×)",
         f"≤ {TARGETS['ratio']:g}×", yes(met["ratio"])),
        ("rebuild, nothing changed", f"{r['noop']['wall']:.2f} s = {noop:.1%} of full",
         "< 5%", yes(met["noop"])),
        ("one partner's logo changed: assets rendered / that partner's assets",
         f"{r['one']['built']} / {r['partner_assets']}, others untouched, "
         f"{r['one']['wall']:.1f} s", "only that partner", yes(met["one"])),
        ("peak memory of any one process (any run)", f"{memory:.0f} MB",
         f"≤ {TARGETS['memory']:g} MB", yes(met["memory"])),
    ]
    return out, all(met.values())


def table(r: dict) -> str:
    found, _ = rows(r)
    loads = r.get("loads") or [r["load_before"]]
    lines = [
        f"Coalition kits, load average {min(loads):.1f}–{max(loads):.1f} when runs started:",
        "",
        "| measure | pressroom | target | met |",
        "|---|---|---|---|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in found]
    return "\n".join(lines) + "\n"


def main() -> int:
    WORK.mkdir(parents=True, exist_ok=True)
    results = measure()
    (WORK / "partners.json").write_text(json.dumps(results, indent=1) + "\n")
    text = table(results)
    print(text)
    return 0 if rows(results)[1] else 1


if __name__ == "__main__":
    sys.exit(main())

"""Every link points to a file that exists (issue 25): a build that leaves out the primary
language (ru) is served over HTTP, and every absolute address under base_url that its pages,
fact sheets and the fact sheets' QR codes name is requested: all answer 200."""

from __future__ import annotations

import re
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pikepdf
import pytest
import zxingcpp
from PIL import Image

from pressroom.brandbook import load
from tests.conftest import BRANDBOOK, run, static_server

pytestmark = pytest.mark.slow  # a build of two languages, two kits and their fact sheets

LOCALES = ("en", "kk")  # not ru, the primary language
SELECTIONS = {"campaign and partner": ("main", "steppe-rights"), "partner only": ("open-doors",)}


@pytest.fixture(scope="module", params=list(SELECTIONS))
def built(request, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("links") / "out"
    args = ["build", "--brandbook", BRANDBOOK, "--out", out, "--message", "not-propaganda",
            "--format", "story", "--format", "link-card"]
    for code in LOCALES:
        args += ["--locale", code]
    for kit in SELECTIONS[request.param]:
        args += ["--kit", kit]
    result = run(*args)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def host(built):
    with static_server(built) as url:
        yield url


def _links(built: Path, base: str, tmp: Path) -> dict[tuple[str, str], None]:
    """Every absolute address under `base`, with where it was found."""
    found: dict[tuple[str, str], None] = {}
    pattern = re.compile(r'(?:href|src|content)="(' + re.escape(base) + r'[^"]*)"')
    for page in sorted(built.rglob("*.html")):
        for url in pattern.findall(page.read_text(encoding="utf-8")):
            found[url, str(page.relative_to(built))] = None
    for sheet in sorted(built.glob("downloads/*-factsheet.pdf")):
        where = str(sheet.relative_to(built))
        with pikepdf.open(sheet) as pdf:
            for page in pdf.pages:
                for annot in page.get("/Annots", []):
                    uri = str(annot.get("/A", {}).get("/URI", ""))
                    if uri.startswith(base):
                        found[uri, where] = None
        prefix = tmp / sheet.stem
        subprocess.run(["pdftoppm", "-r", "150", "-png", sheet, prefix], check=True)
        for png in sorted(tmp.glob(f"{sheet.stem}*.png")):
            for code in zxingcpp.read_barcodes(Image.open(png)):
                assert code.text.startswith(base), (where, code.text)
                found[code.text, f"{where} (QR code)"] = None
    return found


def test_every_link_and_qr_code_under_base_url_answers(built, host, tmp_path):
    book, _ = load(BRANDBOOK)
    base = book.brand.base_url
    links = _links(built, base, tmp_path)
    assert sum("(QR code)" in where for _, where in links) == len(LOCALES)
    assert any(where.startswith("partners/") for _, where in links)
    broken = []
    for url, where in sorted(links):
        local = host + url[len(base):]
        try:
            with urllib.request.urlopen(local) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        if status != 200:
            broken.append(f"{where}: {url} → {status}")
    assert not broken, "\n".join(broken)
    pages = sorted(built.rglob("index.html"))
    assert pages and not list(built.rglob("ru.html"))
    for page in pages:  # English, the first language built, is the index page
        folder = page.parent.relative_to(built).as_posix().strip(".")
        home = base + (f"{folder}/" if folder else "")
        assert f'hreflang="en" href="{home}"' in page.read_text(encoding="utf-8")

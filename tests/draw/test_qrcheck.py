"""A QR code sized for where it is met: module size from the format, the strongest error
correction that fits, whole pixels on screens, a decode at half size, and problems that name the
format, the URL, the size needed and the fix."""

from __future__ import annotations

import shutil

import pytest

from pressroom.draw import qrcheck
from pressroom.draw.fill import QrFill
from pressroom.draw.qr import MM_PER_METRE, QUIET, make_qr
from pressroom.model import Format
from tests.conftest import REPO, run

MINI = REPO / "tests" / "data" / "mini"
SCREEN = Format("thumb", "", 400, 300, "px", (0, 0, 0, 0), "card.svg")
POSTER = Format("sheet", "", 100, 70, "mm", (0, 0, 0, 0), "sheet.svg", bleed=3, qr_distance_m=1.5)
URL = "https://example.org/ru/"
H_CELLS = make_qr(URL, "H").cells


def test_module_sizes_come_from_the_format():
    assert qrcheck.module_size(SCREEN) == 6
    assert qrcheck.module_size(Format("t", "", 9, 9, "px", (0,) * 4, "t.svg", qr_module_px=8)) == 8
    assert qrcheck.module_size(POSTER) == pytest.approx(1.5 * MM_PER_METRE)


def test_a_screen_code_gets_whole_pixels_on_the_pixel_grid():
    side = H_CELLS * 6 + 17.5  # room for 6 px modules and some to spare
    (code, box), problems = qrcheck.place_qr(SCREEN, (10.3, 20.7, side, side + 40), URL)
    assert problems == () and code.level == "H"
    x, y, w, h = box
    assert w == h == H_CELLS * 6
    assert x == round(x) and y == round(y)
    assert abs((x + w / 2) - (10.3 + side / 2)) <= 0.5  # centred in the slot
    assert abs((y + h / 2) - (20.7 + (side + 40) / 2)) <= 0.5


def test_a_print_code_fills_its_slot_exactly():
    side = H_CELLS * 1.5 * MM_PER_METRE + 1
    (code, box), problems = qrcheck.place_qr(POSTER, (5, 6, side + 4, side), URL)
    assert problems == () and code.level == "H"
    assert box == pytest.approx((7, 6, side, side))


def test_a_slot_too_small_for_level_h_steps_down_to_the_level_that_fits():
    url = "https://partner.example.org/kk/"  # 31 bytes: version 4 at H, 3 at Q
    q_cells = make_qr(url, "Q").cells
    assert q_cells < make_qr(url, "H").cells
    (code, _), problems = qrcheck.place_qr(SCREEN, (0, 0, q_cells * 6, q_cells * 6), url)
    assert problems == () and code.level == "Q"


def test_a_slot_too_small_for_any_level_names_format_url_need_and_fix():
    least = make_qr(URL, "L").cells
    placed, ((problem, fix),) = qrcheck.place_qr(SCREEN, (0, 0, least * 6 - 1, 400), URL)
    assert placed is None
    assert problem == (
        f"in thumb the QR code of {URL} needs at least {least * 6} px to scan on a phone and "
        f"after a messenger recompresses it ({least} modules of 6 px, quiet zone included; "
        f"{H_CELLS * 6} px keeps error correction H), the slot is {least * 6 - 1} px"
    )
    assert fix.startswith(f"make the qr slot of card.svg at least {H_CELLS * 6} px wide,")
    assert "shorten the URL in brand.yaml, or add `omit: [qr, url]` to thumb" in fix
    _, ((problem, fix),) = qrcheck.place_qr(POSTER, (0, 0, 50, 50), URL)
    assert problem.startswith(f"in sheet the QR code of {URL} needs at least ")
    assert "mm to scan from 1.5 m (" in problem and problem.endswith("the slot is 50 mm")
    _, ((_, fix),) = qrcheck.place_qr(SCREEN, (0, 0, 100, 100), URL, 0.5)
    assert f"at least {H_CELLS * 12} wide ({H_CELLS * 6} px in thumb)," in fix


def test_the_half_size_decode_really_runs():
    fill = QrFill(make_qr(URL), (10, 20, H_CELLS * 6, H_CELLS * 6), "#111111", "#FFFFFF")
    assert qrcheck._decodes_at_half_size(fill) == URL
    blank = QrFill(make_qr(URL), (10, 20, H_CELLS * 6, H_CELLS * 6), "#FFFFFF", "#FFFFFF")
    assert qrcheck._decodes_at_half_size(blank) is None


def test_a_code_that_does_not_decode_at_half_size_is_a_problem(monkeypatch):
    monkeypatch.setattr(qrcheck, "_decodes_at_half_size", lambda fill: None)
    qrcheck._place.cache_clear()
    try:
        placed, ((problem, _),) = qrcheck.place_qr(SCREEN, (0, 0, 300, 300), URL)
    finally:
        qrcheck._place.cache_clear()
    assert placed is None
    assert problem == f"in thumb the QR code of {URL} does not decode at half size"


def test_quiet_zone_is_four_modules():
    assert make_qr(URL).cells == make_qr(URL).modules + 2 * QUIET


@pytest.fixture
def mini(tmp_path):
    book = tmp_path / "mini"
    shutil.copytree(MINI, book)
    (book / "brand.yaml").write_text(
        (book / "brand.yaml").read_text().replace("../../../fonts", str(REPO / "fonts"))
    )
    return book


def test_check_refuses_a_screen_format_whose_code_is_too_small(mini):
    formats = mini / "formats.yaml"
    formats.write_text(formats.read_text().replace("  omit: [qr]", ""))
    result = run("check", "--brandbook", mini)
    assert result.exit_code == 1
    card = (mini / "templates" / "card.svg").read_text().splitlines()
    line = next(i for i, t in enumerate(card, 1) if "slot-qr" in t)
    assert f"card.svg:{line}: slot-qr: in card the QR code of {URL} needs at least" in result.output
    assert "or add `omit: [qr, url]` to card in formats.yaml" in result.output


def test_check_refuses_a_poster_code_too_small_for_its_distance(mini):
    formats = mini / "formats.yaml"
    formats.write_text(formats.read_text().replace("qr_distance_m: 0.25", "qr_distance_m: 3"))
    result = run("check", "--brandbook", mini)
    assert result.exit_code == 1
    assert "slot-qr: in sheet the QR code of" in result.output
    assert "to scan from 3 m" in result.output

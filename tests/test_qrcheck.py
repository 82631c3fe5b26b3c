"""A screen format's QR code must scan: at least 5 px per module, and decoding at half size."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from pressroom import qrcheck
from pressroom.cli import main
from pressroom.fill import QrFill
from pressroom.model import Format
from pressroom.qr import QUIET, make_qr
from tests.conftest import REPO

MINI = REPO / "tests" / "data" / "mini"
SCREEN = Format("thumb", "", 400, 300, "px", (0, 0, 0, 0), "card.svg")
URL = "https://example.org/ru/"


def qr(side: float, x: float = 10.3, y: float = 20.7) -> QrFill:
    return QrFill(make_qr(URL), (x, y, side, side), "#111111", "#FFFFFF")


def test_a_code_with_room_passes_and_really_decodes_at_half_size():
    cells = make_qr(URL).modules + 2 * QUIET
    fill = qr(cells * 5.2)
    assert qrcheck._decodes_at_half_size(fill) == URL
    assert qrcheck.screen_qr_problems(SCREEN, fill) == ()


def test_under_five_px_per_module_is_a_problem_naming_the_format_and_the_fix():
    cells = make_qr(URL).modules + 2 * QUIET
    ((problem, fix),) = qrcheck.screen_qr_problems(SCREEN, qr(cells * 4.9))
    assert problem == f"in thumb the QR code of {URL} has 4.9 px per module, under 5: " \
        "phones cannot read it reliably"
    assert f"make the qr slot of card.svg at least {cells * 5} px wide," in fix
    assert "or add `omit: [qr, url]` to thumb in formats.yaml" in fix
    ((_, fix),) = qrcheck.screen_qr_problems(SCREEN, qr(cells * 4.9), 0.5)
    assert f"at least {cells * 10} wide ({cells * 5} px in thumb)," in fix


def test_a_code_that_does_not_decode_at_half_size_is_a_problem(monkeypatch):
    monkeypatch.setattr(qrcheck, "_decodes_at_half_size", lambda fill: None)
    qrcheck._judge.cache_clear()
    cells = make_qr(URL).modules + 2 * QUIET
    ((problem, _),) = qrcheck.screen_qr_problems(SCREEN, qr(cells * 6 + 0.5))
    qrcheck._judge.cache_clear()
    assert problem == f"in thumb the QR code of {URL} does not decode at half size"


def test_print_formats_keep_their_own_rule():
    poster = Format("sheet", "", 100, 70, "mm", (0, 0, 0, 0), "sheet.svg", bleed=3, qr_min=20)
    assert qrcheck.screen_qr_problems(poster, qr(21)) == ()


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
    result = CliRunner().invoke(main, ["check", "--brandbook", str(mini)])
    assert result.exit_code == 1
    card = (mini / "templates" / "card.svg").read_text().splitlines()
    line = next(i for i, t in enumerate(card, 1) if "slot-qr" in t)
    assert (
        f"card.svg:{line}: slot-qr: in card the QR code of https://example.org/ru/ has 3.0 px per"
        " module, under 5" in result.output
    )
    assert "or add `omit: [qr, url]` to card in formats.yaml" in result.output

"""Every file the build reads is a regular file inside its folder (read/files.py).

A symbolic link that leads out of the brand book (or out of the font folder) is refused for every
kind of input, at the file or line that names it, with nothing written and no byte of the file
it leads to in the output. Named pipes, devices and folders where a file is expected are refused
before anything waits on them; links that stay inside are followed. The "nothing changed?"
digest of the inputs never opens a link, a pipe or a device.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

from pressroom.brandbook import load
from pressroom.kit import incremental
from pressroom.kit.incremental import inputs_of
from pressroom.kit.plan import Selection
from pressroom.read import yamlfile
from pressroom.read.files import InputError, read_input
from pressroom.template import imagefile as assets
from pressroom.template import load as template
from pressroom.text.fontpaths import MAX_FONT_BYTES
from tests.conftest import REPO, line_of
from tests.test_security import MINI_FONTS, copy_book, hang_guard, refused, run

SECRET = "TOKEN=ghp_0utside5ecret"  # what every file outside the brand book holds
CARD = Path("templates") / "card.svg"


@pytest.fixture
def mini(tmp_path) -> Path:
    return copy_book(tmp_path)


def outside(tmp_path: Path, name: str, data: bytes | str) -> Path:
    """A file outside the brand book (beside it), holding `data`."""
    folder = tmp_path / "elsewhere"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


def link_out(book: Path, rel: str | Path, tmp_path: Path, data: bytes | str) -> None:
    """Replace the brand book's file `rel` with a link to a file outside holding `data`."""
    path = book / rel
    target = outside(tmp_path, path.name, data)
    path.unlink(missing_ok=True)
    path.symlink_to(target)


def with_secret(text: str) -> str:
    """A valid file of the brand book that would carry SECRET into the output if read."""
    return text.replace("Share it", SECRET, 1) if "Share it" in text else text + f"# {SECRET}\n"


def refused_without_secret(book: Path, tmp_path: Path, *needles: str) -> str:
    output = refused(book, tmp_path, *needles)
    assert SECRET not in output and "elsewhere" not in output, output
    return output


# --- links out of the brand book ---------------------------------------------------------------


@pytest.mark.parametrize(
    "rel,where",
    [
        ("locales/ru.yaml", "ru.yaml: "),
        ("locales/en.yaml", "en.yaml: "),
        ("formats.yaml", "formats.yaml: "),
        ("brand.yaml", "brand.yaml: "),
        (str(CARD), "card.svg: "),
    ],
)
def test_a_link_out_of_the_brand_book_is_refused_where_it_is(mini, tmp_path, rel, where):
    link_out(mini, rel, tmp_path, with_secret((mini / rel).read_text()))
    refused_without_secret(
        mini, tmp_path, where, "is a symbolic link that leads outside bb/", "copy the file into"
    )


def test_a_linked_folder_out_of_the_brand_book_is_refused(mini, tmp_path):
    elsewhere = tmp_path / "elsewhere-locales"
    shutil.move(mini / "locales", elsewhere)
    (elsewhere / "ru.yaml").write_text(with_secret((elsewhere / "ru.yaml").read_text()))
    (mini / "locales").symlink_to(elsewhere, target_is_directory=True)
    refused_without_secret(mini, tmp_path, "ru.yaml: ", "leads outside bb/")


def test_a_font_linked_out_of_the_font_folder_is_refused_at_its_line(tmp_path):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for name in MINI_FONTS:
        shutil.copy(REPO / "fonts" / name, fonts / name)
    book = copy_book(tmp_path, fonts=fonts)
    real = outside(tmp_path, "Inter-Regular.otf", (fonts / "Inter-Regular.otf").read_bytes())
    (fonts / "Inter-Regular.otf").unlink()
    (fonts / "Inter-Regular.otf").symlink_to(real)
    line = line_of(book / "brand.yaml", "Inter-Regular.otf")
    refused_without_secret(
        book,
        tmp_path,
        f"brand.yaml:{line}: fonts.text: the font file 'Inter-Regular.otf' is a symbolic link "
        "that leads outside fonts/",
    )


def test_a_partner_logo_linked_out_is_refused_at_its_line(mini, tmp_path):
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 2"><title>{SECRET}</title>'
    (mini / "assets").mkdir()
    (mini / "assets" / "logo.svg").symlink_to(outside(tmp_path, "logo.svg", svg + "</svg>"))
    with open(mini / "brand.yaml", "a") as fh:
        fh.write(
            "partners:\n  - id: kin\n    name: Kin\n"
            "    logo: {light: assets/logo.svg, dark: assets/logo.svg}\n"
        )
    line = line_of(mini / "brand.yaml", "logo:")
    refused_without_secret(
        mini, tmp_path, f"brand.yaml:{line}: partners.kin.logo.light:", "symbolic link"
    )


def test_links_that_stay_inside_are_followed(mini):
    shared = mini / "shared"
    shared.mkdir()
    for rel in ("locales/ru.yaml", str(CARD)):
        target = shared / Path(rel).name
        shutil.move(mini / rel, target)
        (mini / rel).symlink_to(os.path.relpath(target, (mini / rel).parent))
    (mini / "formats.yaml").rename(shared / "formats.yaml")
    (mini / "formats.yaml").symlink_to(shared / "formats.yaml")
    book, problems = load(mini)
    assert not problems.errors, problems.errors
    assert "ru" in {loc.code for loc in book.locales} and "card" in book.templates


# --- what is not a file ------------------------------------------------------------------------


@pytest.mark.parametrize("rel", ["locales/ru.yaml", "formats.yaml", str(CARD)])
def test_a_named_pipe_is_refused_without_waiting_for_it(mini, tmp_path, rel):
    (mini / rel).unlink()
    os.mkfifo(mini / rel)
    with hang_guard(20):
        refused(mini, tmp_path, f"{Path(rel).name}: ", "is a named pipe, not a file")


def test_a_named_pipe_as_font_is_refused(tmp_path):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for name in MINI_FONTS:
        shutil.copy(REPO / "fonts" / name, fonts / name)
    (fonts / "Inter-Regular.otf").unlink()
    os.mkfifo(fonts / "Inter-Regular.otf")
    book = copy_book(tmp_path, fonts=fonts)
    line = line_of(book / "brand.yaml", "Inter-Regular.otf")
    with hang_guard(20):
        refused(
            book,
            tmp_path,
            f"brand.yaml:{line}: fonts.text: Inter-Regular.otf is a named pipe, not a file",
        )


def test_a_named_pipe_as_image_is_refused(mini, tmp_path):
    (mini / "assets").mkdir()
    os.mkfifo(mini / "assets" / "pipe.png")
    card = mini / CARD
    card.write_text(
        card.read_text().replace(
            "</svg>", '<image x="1" y="1" width="9" height="9" href="../assets/pipe.png"/></svg>'
        )
    )
    line = line_of(card, "pipe.png")
    with hang_guard(20):
        refused(mini, tmp_path, f"card.svg:{line}: image:", "'../assets/pipe.png' is not a file")


def test_a_named_pipe_beside_a_template_is_not_read_for_advice(mini, tmp_path):
    """A template of the wrong shape gets advice naming the templates that fit: a pipe among
    them is passed over, not waited on."""
    card = mini / CARD
    card.write_text(card.read_text().replace('viewBox="0 0 400 300"', 'viewBox="0 0 300 400"'))
    os.mkfifo(mini / "templates" / "pipe.svg")
    with hang_guard(20):
        refused(mini, tmp_path, "card.svg:", "viewBox")


def test_a_folder_or_a_device_where_a_file_belongs_is_refused(mini, tmp_path):
    (mini / CARD).unlink()
    (mini / CARD).mkdir()
    (mini / "locales" / "ru.yaml").unlink()
    (mini / "locales" / "ru.yaml").symlink_to("/dev/zero")  # outside, so refused as a link
    with hang_guard(20):
        refused(mini, tmp_path, "card.svg: ", "is a folder, not a file", "ru.yaml: ", "leads out")
    with pytest.raises(InputError, match="is a device, not a file"):
        read_input(Path("/dev/zero"), Path("/dev"), "file", 10)


def test_a_file_that_is_not_yaml_is_never_quoted(mini, tmp_path):
    (mini / "locales" / "ru.yaml").write_text(SECRET + "\n")
    (mini / "locales" / "en.yaml").write_bytes(b"\x89PNG\r\n\x1a\n" + SECRET.encode())
    (mini / CARD).write_text(SECRET)
    out = refused(
        mini,
        tmp_path,
        "ru.yaml:1: the file is one text, not a map of keys",
        "en.yaml:1: the file is not valid UTF-8",
        "card.svg:1: not well-formed SVG",
    )
    # Only the value of the one byte that is not UTF-8 is named: never a character of text.
    assert SECRET not in out and "ghp_" not in out and "PNG" not in out, out


def test_size_limits_are_read_no_further(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: 1\n" * 10 + b"b" * 100)
    with pytest.raises(InputError) as err:
        read_input(big, tmp_path, "file", 60, too_large="split it", lines=True)
    assert (err.value.line, err.value.problem, err.value.fix) == (
        11,
        "the file is over the 60 byte limit (reached at this line)",
        "split it",
    )
    assert read_input(big, tmp_path, "file", 150) == big.read_bytes()
    # The inputs digest reads every file a build may read, and no file larger than that.
    largest = max(yamlfile.MAX_BYTES, template.MAX_TEMPLATE_BYTES, assets.MAX_FILE_BYTES)
    assert largest <= incremental.HASHED_BYTES and MAX_FONT_BYTES >= 100_000_000


# --- the inputs digest -------------------------------------------------------------------------


def test_the_inputs_digest_opens_no_link_pipe_or_device(mini, tmp_path):
    before = inputs_of(mini, Selection())
    (mini / "assets").mkdir()
    (mini / "assets" / "zero").symlink_to("/dev/zero")
    os.mkfifo(mini / "assets" / "pipe")
    secret = outside(tmp_path, "secret.txt", SECRET)
    (mini / "assets" / "secret.txt").symlink_to(secret)
    with hang_guard(20):
        found = inputs_of(mini, Selection())
        assert found is not None and found.digest != before.digest  # they are listed...
        secret.write_text("changed")
        assert inputs_of(mini, Selection()) == found  # ...but what a link leads out to is not
        (mini / "assets" / "secret.txt").unlink()
        (mini / "assets" / "secret.txt").symlink_to(tmp_path / "another")
        assert inputs_of(mini, Selection()).digest != found.digest
        book, problems = load(mini)  # files nothing uses are not read by the build either
    assert not problems.errors, problems.errors


def test_a_build_with_an_unused_link_to_a_device_finishes(mini, tmp_path):
    (mini / "assets").mkdir()
    (mini / "assets" / "zero.png").symlink_to("/dev/zero")
    with hang_guard(60):
        result = run("check", "--brandbook", mini)
    assert result.exit_code == 0, result.output


def test_an_image_over_the_limit_is_refused_before_it_is_read(mini, tmp_path, monkeypatch):
    (mini / "assets").mkdir()
    Image.new("RGB", (64, 64), "#5B2A86").save(mini / "assets" / "big.png")
    monkeypatch.setattr(assets, "MAX_FILE_BYTES", 100)
    with pytest.raises(assets.AssetError, match=r"'assets/big.png' is over the 100 byte limit"):
        assets.load_ref("assets/big.png", mini, mini)

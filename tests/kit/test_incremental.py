"""Incremental and reproducible builds: what a rebuild renders, rewrites and keeps."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from pressroom.brandbook import load
from pressroom.build import build
from pressroom.kit.incremental import Inputs, carry_over, inputs_of, up_to_date
from pressroom.kit.plan import Digests, Selection, plan
from pressroom.kit.writer import Output
from tests.conftest import REPO

MINI = REPO / "tests" / "data" / "mini"
ALL = 24  # 2 kits (main, plain) × 2 locales × 2 messages × (card PNG + sheet PDF and PNG)


def copy_mini(dest: Path, fonts: Path = REPO / "fonts") -> Path:
    shutil.copytree(MINI, dest)
    brand = dest / "brand.yaml"
    brand.write_text(brand.read_text().replace("font_dir: ../../../fonts", f"font_dir: {fonts}"))
    return dest


@pytest.fixture
def mini(tmp_path) -> Path:
    return copy_mini(tmp_path / "bb")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def state(out: Path) -> dict[str, tuple[int, bytes]]:
    """Every file's mtime and bytes."""
    return {
        p.relative_to(out).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def changed(before: dict, after: dict) -> set[str]:
    return {p for p in after if before.get(p) != after[p]} | (set(before) - set(after))


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text())


def assets(paths) -> set[str]:
    """The asset paths among `paths`: [kit folder/]locale/format/message.ext."""
    return {p for p in paths if re.fullmatch(r"(plain/|partners/[^/]+/)?[^/]+/[^/]+/[^/]+", p)
            and not p.startswith(("thumbs/", "downloads/")) and "/downloads/" not in p}


def first_build(mini: Path, out: Path) -> dict:
    result = build(mini, out)
    assert (result.built, result.unchanged) == (ALL, 0)
    time.sleep(0.01)  # so that a rewrite would show in the mtimes
    return state(out)


def test_nothing_changed_renders_and_rewrites_nothing(mini, tmp_path):
    out = tmp_path / "out"
    before = first_build(mini, out)
    again = build(mini, out)
    assert (again.built, again.unchanged) == (0, ALL)
    assert changed(before, state(out)) == set()  # not even the zips, page, manifest or sums


def test_one_locale_file_changed_renders_only_that_locale(mini, tmp_path):
    out = tmp_path / "out"
    before = first_build(mini, out)
    edit(mini / "locales" / "ru.yaml", "headline: Равные права для всех", "headline: Равные права")
    edit(mini / "locales" / "ru.yaml", 'figure: "80+"', 'figure: "90+"')
    result = build(mini, out)
    ru = {a["path"] for a in manifest(out)["assets"] if a["locale"] == "ru"}
    assert (result.built, result.unchanged) == (len(ru), ALL - len(ru))
    diff = changed(before, state(out))
    assert assets(diff) == ru  # every ru asset is new, no en asset was touched
    assert "downloads/ru.zip" in diff and "downloads/en.zip" not in diff
    assert {"manifest.json", "SHA256SUMS"} <= diff


def test_one_message_changed_renders_only_its_assets(mini, tmp_path):
    out = tmp_path / "out"
    before = first_build(mini, out)
    edit(mini / "locales" / "ru.yaml", "headline: Равные права для всех", "headline: Равные права")
    result = build(mini, out)
    assert result.built == 6  # card PNG, sheet PDF, sheet PNG; main and plain
    mine = {"ru/card/equal.png", "ru/sheet/equal.pdf", "ru/sheet/equal.png"}
    plain = {"plain/ru/card/01.png", "plain/ru/sheet/01.pdf", "plain/ru/sheet/01.png"}
    assert assets(changed(before, state(out))) == mine | plain


def test_alt_text_changes_the_manifest_only(mini, tmp_path):
    out = tmp_path / "out"
    before = first_build(mini, out)
    edit(mini / "locales" / "ru.yaml", "alt: Карточка", "alt: Новая карточка")
    result = build(mini, out)
    assert result.built == 0
    assert assets(changed(before, state(out))) == set()
    alts = {a["path"]: a["alt"] for a in manifest(out)["assets"]}
    assert alts["ru/card/equal.png"].startswith("Новая карточка")


@pytest.mark.slow  # about 2 s or more: a build or check of its own
def test_template_changed_renders_only_its_format(mini, tmp_path):
    out = tmp_path / "out"
    first_build(mini, out)
    card = mini / "templates" / "card.svg"
    card.write_text(card.read_text().replace("</svg>", '<circle r="5" fill="#111111"/></svg>'))
    result = build(mini, out)
    assert result.built == 8  # 2 kits × 2 locales × 2 messages, card only


@pytest.mark.slow  # about 2 s or more: a build or check of its own
def test_palette_changed_renders_everything(mini, tmp_path):
    out = tmp_path / "out"
    first_build(mini, out)
    edit(mini / "brand.yaml", 'accent: "#5B2A86"', 'accent: "#5B2A87"')
    assert build(mini, out).built == ALL


@pytest.mark.slow  # about 2 s or more: a build or check of its own
def test_font_file_changed_renders_everything(tmp_path):
    fonts = tmp_path / "fonts"
    shutil.copytree(REPO / "fonts", fonts)
    mini = copy_mini(tmp_path / "bb", fonts)
    out = tmp_path / "out"
    first_build(mini, out)
    face = fonts / "NotoSans-Regular.ttf"
    face.write_bytes(face.read_bytes() + b"\0\0\0\0")  # same glyphs, different file
    assert build(mini, out).built == ALL


def test_digest_from_another_tool_version_renders_again(mini, tmp_path):
    out = tmp_path / "out"
    first_build(mini, out)
    doc = manifest(out)
    for a in doc["assets"]:
        a["build"] = "0" * 64
    (out / "manifest.json").write_text(json.dumps(doc))
    assert build(mini, out).built == ALL


@pytest.mark.parametrize("damage", ["truncate", "same-size edit", "delete"])
def test_damaged_file_is_rendered_again(mini, tmp_path, damage):
    out = tmp_path / "out"
    first_build(mini, out)
    target = out / "en" / "card" / "equal.png"
    good = target.read_bytes()
    if damage == "truncate":
        target.write_bytes(good[: len(good) // 2])
    elif damage == "same-size edit":
        target.write_bytes(good[:-20] + bytes(b ^ 0xFF for b in good[-20:]))
    else:
        target.unlink()
    result = build(mini, out)
    assert (result.built, result.unchanged) == (1, ALL - 1)
    assert target.read_bytes() == good


def test_force_renders_everything_and_changes_no_byte(mini, tmp_path):
    out = tmp_path / "out"
    first_build(mini, out)
    files = {p: b for p, (_, b) in state(out).items()}
    assert build(mini, out, force=True).built == ALL
    assert {p: b for p, (_, b) in state(out).items()} == files


def test_any_number_of_jobs_gives_the_same_files(mini, tmp_path):
    outs = [tmp_path / "one", tmp_path / "two"]
    build(mini, outs[0], jobs=1)
    build(mini, outs[1], jobs=2)
    a, b = ({p: b for p, (_, b) in state(o).items()} for o in outs)
    assert sorted(a) == sorted(b)
    for path in a:
        assert a[path] == b[path], path


def test_same_brand_book_elsewhere_gives_the_same_digests(tmp_path):
    books = [copy_mini(tmp_path / "a"), copy_mini(tmp_path / "somewhere" / "else")]
    digests = []
    for book_dir in books:
        book, _ = load(book_dir)
        digest = Digests(book)
        digests.append([digest(job) for job in plan(book)])
    assert digests[0] == digests[1]
    assert len(set(digests[0])) == len(digests[0])  # one per job


def test_source_date_epoch_sets_zip_times(mini, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    out = tmp_path / "out"
    build(mini, out)
    with zipfile.ZipFile(out / "downloads" / "ru.zip") as zf:
        assert {i.date_time for i in zf.infolist()} == {(2023, 11, 14, 22, 13, 20)}


@pytest.mark.slow  # about 2 s or more: a build or check of its own
def test_partial_build_keeps_the_other_locales(mini, tmp_path):
    out = tmp_path / "out"
    before = first_build(mini, out)
    edit(mini / "locales" / "en.yaml", 'figure: "80+"', 'figure: "90+"')
    edit(mini / "locales" / "ru.yaml", 'figure: "80+"', 'figure: "90+"')
    result = build(mini, out, Selection(locales=("ru",)))
    assert (result.built, result.unchanged) == (6, 6)  # ru only: its "cases" assets
    mine = {"ru/card/cases.png", "ru/sheet/cases.pdf", "ru/sheet/cases.png"}
    plain = {"plain/ru/card/02.png", "plain/ru/sheet/02.pdf", "plain/ru/sheet/02.png"}
    assert assets(changed(before, state(out))) == mine | plain
    assert len(manifest(out)["assets"]) == ALL
    assert build(mini, out).built == 6  # now en's


def test_damaged_zip_or_page_is_written_again(mini, tmp_path):
    out = tmp_path / "out"
    before = first_build(mini, out)
    zip_file, page = out / "downloads" / "en.zip", out / "index.html"
    zip_file.write_bytes(zip_file.read_bytes()[:-10] + b"\0" * 10)  # same size, other bytes
    page.write_text("<p>defaced</p>")
    result = build(mini, out)
    assert result.built == 0
    assert zip_file.read_bytes() == before["downloads/en.zip"][1]
    assert page.read_bytes() == before["index.html"][1]


def test_a_file_added_to_the_output_is_summed(mini, tmp_path):
    out = tmp_path / "out"
    first_build(mini, out)
    (out / "notes.txt").write_text("added by hand")
    build(mini, out)
    assert "notes.txt" in (out / "SHA256SUMS").read_text()


def test_a_new_source_date_epoch_rewrites_the_zips(mini, tmp_path, monkeypatch):
    out = tmp_path / "out"
    first_build(mini, out)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build(mini, out).built == 0
    with zipfile.ZipFile(out / "downloads" / "en.zip") as zf:
        assert {i.date_time for i in zf.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_manifest_records_the_inputs_and_stays_reproducible(tmp_path):
    outs = []
    for name in ("a", "b"):
        book = copy_mini(tmp_path / name / "bb")
        build(book, tmp_path / name / "out")
        outs.append(manifest(tmp_path / name / "out"))
    assert outs[0] == outs[1]
    assert len(outs[0]["inputs"]) == 64


# --- incremental.py, piece by piece ------------------------------------------------------------


def test_inputs_digest_covers_files_fonts_selection_and_epoch(tmp_path, monkeypatch):
    fonts = tmp_path / "fonts"
    shutil.copytree(REPO / "fonts", fonts)
    book_dir = copy_mini(tmp_path / "bb", fonts)
    base = inputs_of(book_dir, Selection())
    assert base is not None and len(base.digest) == 64
    assert inputs_of(book_dir, Selection()) == base
    assert inputs_of(book_dir, Selection(locales=("ru",))).digest != base.digest
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert inputs_of(book_dir, Selection()).digest != base.digest
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    (book_dir / "assets").mkdir(exist_ok=True)
    (book_dir / "assets" / "new.txt").write_text("any file of the brand book")
    changed_book = inputs_of(book_dir, Selection())
    assert changed_book.digest != base.digest
    face = fonts / "NotoSans-Regular.ttf"
    face.write_bytes(face.read_bytes() + b"\0")
    assert inputs_of(book_dir, Selection()).digest != changed_book.digest
    book, _ = load(book_dir)
    assert base.covers(book)
    (book_dir / "brand.yaml").write_text("fonts: [")
    assert inputs_of(book_dir, Selection()) is None  # the build will say what is wrong


def test_up_to_date_needs_the_same_inputs_and_an_untouched_folder(mini, tmp_path):
    out = tmp_path / "out"
    build(mini, out)
    inputs = inputs_of(mini, Selection())
    assert up_to_date(Output(out), inputs) == ALL
    other = Inputs("0" * 64, inputs.fonts)
    assert up_to_date(Output(out), other) is None
    (out / "en" / "card" / "equal.png").write_bytes(b"damaged")
    assert up_to_date(Output(out), inputs) is None


def test_carry_over_keeps_only_unselected_jobs_whose_files_are_there(mini, tmp_path):
    out = tmp_path / "out"
    build(mini, out)
    book, _ = load(mini)
    assert carry_over(book, Output(out), Selection()) == []
    kept = carry_over(book, Output(out), Selection(locales=("ru",)))
    assert {a.path for a in kept} == {p for p in state(out) if p.startswith(("en/", "plain/en/"))}
    (out / "en" / "card" / "equal.png").unlink()
    kept = carry_over(book, Output(out), Selection(locales=("ru",)))
    assert "en/card/equal.png" not in {a.path for a in kept} and len(kept) == ALL // 2 - 1


# --- partners: one kit each ---------------------------------------------------------------------

PARTNER = """partners:
  - id: kin
    name: Kin
    logo: {light: assets/kin-light.svg, dark: assets/kin-dark.svg}
"""
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 10">'
    '<rect width="40" height="10" fill="%s"/></svg>'
)


def with_logo_slot(mini: Path) -> None:
    """The card gets a logo slot, and the brand book the logos a partner names."""
    edit(mini / "templates" / "card.svg", '<rect id="slot-qr"',
         '<rect data-slot="logo" x="280" y="30" width="110" height="40" data-on="paper"/>\n'
         '  <rect id="slot-qr"')
    (mini / "assets").mkdir(exist_ok=True)
    (mini / "assets" / "kin-light.svg").write_text(LOGO % "#111111")
    (mini / "assets" / "kin-dark.svg").write_text(LOGO % "#FFFFFF")


def test_adding_a_partner_renders_only_its_kit(mini, tmp_path):
    with_logo_slot(mini)
    out = tmp_path / "out"
    before = first_build(mini, out)
    (mini / "brand.yaml").write_text((mini / "brand.yaml").read_text() + PARTNER)
    result = build(mini, out)
    assert (result.built, result.unchanged) == (ALL // 2, ALL)
    diff = changed(before, state(out))
    assert assets(diff) == {p for p in assets(state(out)) if p.startswith("partners/kin/")}
    assert not {p for p in diff if p.startswith(("en/", "ru/", "plain/", "downloads/"))}
    assert {"partners/kin/index.html", "partners/kin/downloads/en.zip"} <= diff


@pytest.mark.slow  # about 2 s or more: a build or check of its own
def test_changing_one_partner_renders_only_its_kit(mini, tmp_path):
    with_logo_slot(mini)
    (mini / "assets" / "pal-light.svg").write_text(LOGO % "#222222")
    (mini / "assets" / "pal-dark.svg").write_text(LOGO % "#EEEEEE")
    other = PARTNER.replace("kin", "pal").replace("partners:\n", "")
    (mini / "brand.yaml").write_text((mini / "brand.yaml").read_text() + PARTNER + other)
    out = tmp_path / "out"
    result = build(mini, out)
    assert result.built == 2 * ALL  # main, plain, kin, pal
    before = state(out)
    time.sleep(0.01)
    (mini / "assets" / "kin-light.svg").write_text(LOGO % "#333333")  # on paper: the light one
    result = build(mini, out)
    assert (result.built, result.unchanged) == (ALL // 2, 3 * ALL // 2)
    drawn = assets(changed(before, state(out)))
    assert drawn and all(p.startswith("partners/kin/") for p in drawn)
    assert "partners/kin/en/card/equal.png" in drawn  # the card shows the logo: new pixels


def test_a_zip_of_unchanged_files_is_kept_without_reading_them(mini, tmp_path, monkeypatch):
    from pressroom.site import page

    out = tmp_path / "out"
    first_build(mini, out)
    made = []
    real = page.stored_zip

    def counted(names, *args):
        made.append(sorted(names))
        return real(made[-1], *args)

    monkeypatch.setattr(page, "stored_zip", counted)
    edit(mini / "locales" / "ru.yaml", "headline: Равные права для всех", "headline: Равные права")
    build(mini, out)
    entries = {name for names in made for name in names}
    assert len(made) == 2  # ru's zips, of the main and the plain kit: en's are kept as they are
    assert all(name.startswith(("ru/", "plain/ru/")) for name in entries), entries
    made.clear()
    build(mini, out, force=True)  # every asset rendered again, to the same bytes
    assert made == []  # so every zip is kept
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(mini, out)
    assert len(made) == 4  # every zip dated anew


def test_a_zip_damaged_inside_is_written_again_though_its_directory_is_right(mini, tmp_path):
    out = tmp_path / "out"
    before = first_build(mini, out)
    zip_file = out / "downloads" / "en.zip"
    data = bytearray(zip_file.read_bytes())
    data[200:210] = b"\0" * 10  # inside an entry: the directory at its end is as it was
    zip_file.write_bytes(bytes(data))
    build(mini, out)
    assert zip_file.read_bytes() == before["downloads/en.zip"][1]


def test_a_warm_build_hashes_only_the_files_that_may_have_changed(mini, tmp_path, monkeypatch):
    """A preview's builds (one Memo) hash a published file again only when `stat` says it may
    have changed, and SHA256SUMS still describes every byte, even a file altered by hand with
    its size and modification time kept."""
    from pressroom.brandbook.memo import Memo
    from pressroom.kit import writer
    from pressroom.read import filehashes
    from pressroom.read.digest import file_sha256

    monkeypatch.setattr(filehashes, "SETTLED", 0)
    out, memo = tmp_path / "out", Memo()
    build(mini, out, memo=memo)
    build(mini, out, force=True, memo=memo)  # every file hashed (and remembered) once
    read = []  # every file hashed, published (through FileHashes) or staged
    for module in (filehashes, writer):
        monkeypatch.setattr(module, "file_sha256", lambda p: read.append(p) or file_sha256(p))
    edit(mini / "locales" / "ru.yaml", "headline: Равные права для всех", "headline: Равные права")
    build(mini, out, Selection(locales=("ru",)), memo=memo)
    files = [p for p in out.rglob("*") if p.is_file()]
    assert 0 < len(read) < len(files) / 2
    kept = out / "en" / "card" / "equal.png"
    st = kept.stat()
    data = bytearray(kept.read_bytes())
    data[-20] ^= 0xFF
    kept.write_bytes(bytes(data))
    os.utime(kept, ns=(st.st_atime_ns, st.st_mtime_ns))
    edit(mini / "locales" / "ru.yaml", "headline: Равные права", "headline: Равные права для всех")
    build(mini, out, Selection(locales=("ru",)), memo=memo)
    lines = (out / "SHA256SUMS").read_text().splitlines()
    sums = {name: digest for digest, name in (line.split("  ") for line in lines)}
    assert sums == {p.relative_to(out).as_posix(): file_sha256(p) for p in out.rglob("*")
                    if p.is_file() and p.name != "SHA256SUMS"}

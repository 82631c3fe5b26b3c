"""`pressroom locale export` and `import`: a translation platform's round trip through gettext PO
files (read and written here by polib, as Poedit or Crowdin would, and by translate-toolkit, the
engine under Weblate) loses nothing, offers only what is to be translated, brings a half-done
file back as a draft, and flags the texts whose reference changed since they were translated."""

from __future__ import annotations

import polib
import pytest
from translate.storage import po as ttk_po

from pressroom.brandbook import load
from pressroom.brandbook.po import export
from pressroom.brandbook.translation import MARKER
from tests.conftest import BRANDBOOK, edit, line_of, run

SHIPPED = sorted(p.stem for p in (BRANDBOOK / "locales").glob("*.yaml") if p.stem != "en")


def export_file(book, code, tmp_path, *extra):
    out = tmp_path / f"{code or 'template'}.po"
    args = ["locale", "export", *([code] if code else ["--template"]), "--out", out]
    result = run(*args, "--brandbook", book, *extra)
    assert result.exit_code == 0, result.output
    return out


def import_file(book, po, *extra):
    return run("locale", "import", po, "--brandbook", book, *extra)


# --- export --------------------------------------------------------------------------------------


def test_export_offers_only_what_is_translated(book_copy):
    po = export(book_copy, "ru")
    contexts = [e.msgctxt for e in po]
    assert len(po) == 136 == len(po.translated_entries())
    assert not [c for c in contexts if c.split(".")[-1] in ("kind", "script", "direction", "url")]
    assert po.metadata["Language"] == "ru"
    headline = po.find("messages.not-propaganda.headline", by="msgctxt")
    assert headline.msgid == "We are not propaganda — we are people"
    assert headline.msgstr and headline.msgstr != headline.msgid
    assert headline.occurrences == [("locales/en.yaml", str(line_of(
        BRANDBOOK / "locales" / "en.yaml", "headline: \"We are not propaganda")))]


def test_each_note_lands_on_its_own_text(book_copy):
    """The reference file's end-of-line notes go with the key on their line, never the next;
    each entry says its role, its limit and where it appears."""
    po = export(book_copy, None)
    notes = {e.msgctxt: e.comment for e in po}
    assert "<= 45 characters" in notes["messages.not-propaganda.headline"]
    assert "<= 45" not in notes["messages.not-propaganda.body"]
    assert "<= 110 characters" in notes["messages.not-propaganda.body"]
    assert "<= 32 characters" in notes["messages.not-propaganda.cta"]
    assert "<= 32" not in notes["messages.not-propaganda.alt"]
    assert "Role: slogan: the slogan itself." in notes["messages.not-propaganda.headline"]
    assert "At most 40 characters." in notes["campaign.wordmark"]
    assert "fact sheet" in notes["messages.astana-raids.sources.0.title"]
    assert all(e.msgstr == "" for e in po) and po.metadata["Language"] == ""
    url = po.find("page.plain_alt", by="msgctxt") or po.find("press.licence_text", by="msgctxt")
    assert "python-brace-format" in url.flags


# --- the round trip ------------------------------------------------------------------------------


@pytest.mark.parametrize("code", SHIPPED)
def test_export_then_import_is_byte_identical(book_copy, tmp_path, code):
    path = book_copy / "locales" / f"{code}.yaml"
    before = path.read_bytes()
    po = export_file(book_copy, code, tmp_path)
    result = import_file(book_copy, po)
    assert result.exit_code == 0 and "unchanged" in result.output, result.output
    assert path.read_bytes() == before


def test_a_platform_round_trip_through_translate_toolkit_is_byte_identical(book_copy, tmp_path):
    """translate-toolkit (Weblate's engine) reads the file and writes it back as it stores it."""
    path = book_copy / "locales" / "kk.yaml"
    before = path.read_bytes()
    po = export_file(book_copy, "kk", tmp_path)
    store = ttk_po.pofile.parsefile(str(po))
    assert len([u for u in store.units if not u.isheader()]) == 136
    po.write_bytes(bytes(store))
    assert import_file(book_copy, po).exit_code == 0
    assert path.read_bytes() == before


def half_translated(book, tmp_path, code="de", fuzzy: str | None = None):
    """A POT translated half-way in a PO editor (polib): the first message, the wordmark and
    every second text of the rest."""
    po = polib.pofile(str(export_file(book, None, tmp_path)))
    po.metadata["Language"] = code
    for n, entry in enumerate(po):
        first = entry.msgctxt.startswith("messages.not-propaganda.")
        if first or entry.msgctxt == "campaign.wordmark" or n % 2:
            entry.msgstr = "DE " + entry.msgid
        if fuzzy and entry.msgctxt == fuzzy:
            entry.msgstr = "DE " + entry.msgid  # a suggestion, marked "needs work"
            entry.flags.append("fuzzy")
    out = tmp_path / f"{code}.po"
    po.save(str(out))
    return out


def test_a_half_translated_file_comes_back_as_a_draft_never_in_english(book_copy, tmp_path):
    po = half_translated(book_copy, tmp_path, fuzzy="messages.love-is-not-a-crime.cta")
    result = import_file(book_copy, po)
    assert result.exit_code == 0, result.output
    de = book_copy / "locales" / "de.yaml"
    text = de.read_text()
    assert text.splitlines()[0].startswith("# yaml-language-server: $schema=")
    book, problems = load(book_copy)
    assert [d.code for d in book.drafts] == ["de"] and "de" not in [x.code for x in book.locales]
    assert not problems.errors
    data = __import__("yaml").safe_load(text)
    for mid, m in data["messages"].items():
        for key, value in m.items():
            if key in ("kind", "sources"):
                continue
            assert value.startswith(("DE ", MARKER)), (mid, key, value)
    cta = data["messages"]["love-is-not-a-crime"]["cta"]
    assert cta == f"{MARKER} DE Send it to someone you love"  # fuzzy: a draft value
    assert data["language"]["script"] == "Latn"
    # judged alone, the draft previews its finished message
    book, problems = load(book_copy, ("de",))
    assert not problems.errors
    assert [m.id for m in book.locale("de").messages] == ["not-propaganda"]


def test_a_right_to_left_language_keeps_its_script_and_direction(book_copy, tmp_path):
    po = half_translated(book_copy, tmp_path, code="fa")
    assert import_file(book_copy, po).exit_code == 0
    data = __import__("yaml").safe_load((book_copy / "locales" / "fa.yaml").read_text())
    assert data["language"]["script"] == "Arab" and data["language"]["direction"] == "rtl"


def test_a_po_file_of_another_language_is_refused(book_copy, tmp_path):
    fa = book_copy / "locales" / "fa.yaml"
    po = half_translated(book_copy, tmp_path, code="fa")
    run("locale", "new", "fa", "--brandbook", book_copy)
    edit(fa, 'script: "Arab"', 'script: "Latn"')
    edit(fa, 'direction: "rtl"', 'direction: "ltr"')
    before = fa.read_bytes()
    result = import_file(book_copy, po)
    assert result.exit_code == 1
    assert f"fa.yaml:{line_of(fa, 'script:')}: language.script: fa is written right to left " \
        "in Arabic, but the file says script: Latn, direction: ltr — set script: Arab and " \
        "direction: rtl in fa.yaml" in result.output
    assert fa.read_bytes() == before
    po_file = polib.pofile(str(half_translated(book_copy, tmp_path, code="de")))
    po_file.metadata["Plural-Forms"] = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : 1);"
    po_file.save(str(tmp_path / "de.po"))
    result = import_file(book_copy, tmp_path / "de.po")
    assert result.exit_code == 1
    assert "Plural-Forms: says nplurals=3, but de has 2 plural forms" in result.output
    assert not (book_copy / "locales" / "de.yaml").exists()
    result = import_file(book_copy, tmp_path / "de.po", "--locale", "ru")
    assert result.exit_code == 1 and "the PO file is for de (its Language header), not ru" \
        in result.output


def test_a_template_or_a_stranger_entry_is_refused_at_its_line(book_copy, tmp_path):
    ru = book_copy / "locales" / "ru.yaml"
    before = ru.read_bytes()
    pot = export_file(book_copy, None, tmp_path)
    result = import_file(book_copy, pot, "--locale", "ru")
    assert result.exit_code == 1 and "not the template (POT)" in result.output
    po = polib.pofile(str(export_file(book_copy, "ru", tmp_path)))
    po.append(polib.POEntry(msgctxt="messages.gone.headline", msgid="Gone", msgstr="Нет"))
    po.save(str(tmp_path / "ru.po"))
    result = import_file(book_copy, tmp_path / "ru.po")
    line = line_of(tmp_path / "ru.po", 'msgctxt "messages.gone.headline"')
    assert result.exit_code == 1
    assert f"ru.po:{line}: messages.gone.headline: msgctxt 'messages.gone.headline' is not a " \
        "text of en.yaml" in result.output
    assert ru.read_bytes() == before


# --- stale translations --------------------------------------------------------------------------


def test_a_changed_reference_is_flagged_and_exported_fuzzy(book_copy, tmp_path):
    """A translation made through import records its English; when the English changes,
    check warns at the key, list counts it, export marks it fuzzy with the old text, and a
    translator's new translation clears it."""
    po = polib.pofile(str(export_file(book_copy, "ru", tmp_path)))
    cta = po.find("messages.not-propaganda.cta", by="msgctxt")
    cta.msgstr = "Нет запрету!"
    po.save(str(tmp_path / "ru.po"))
    assert import_file(book_copy, tmp_path / "ru.po").exit_code == 0
    ru = book_copy / "locales" / "ru.yaml"
    assert "# en: Say no to the ban" in ru.read_text()
    en = book_copy / "locales" / "en.yaml"
    edit(en, 'cta: "Say no to the ban"', 'cta: "Stop the ban"')
    result = run("check", "--brandbook", book_copy, "--locale", "ru")
    line = line_of(ru, "Нет запрету!")
    assert f"ru.yaml:{line}: messages.not-propaganda.cta: warning: en.yaml changed since this " \
        "was translated: “Say no to the ban” → “Stop the ban”" in result.output
    assert result.output.count("changed since this was translated") == 1
    listed = run("list", "--brandbook", book_copy).output
    assert any(row.split()[:1] == ["ru"] and row.split()[-1] == "1" for row in listed.splitlines())
    again = export(book_copy, "ru").find("messages.not-propaganda.cta", by="msgctxt")
    assert "fuzzy" in again.flags and again.previous_msgid == "Say no to the ban"
    assert again.msgid == "Stop the ban" and again.msgstr == "Нет запрету!"
    again.msgstr = "Останови запрет"
    again.flags.remove("fuzzy")
    fixed = export(book_copy, "ru")
    fixed.find("messages.not-propaganda.cta", by="msgctxt").__dict__.update(
        msgstr="Останови запрет", flags=[], previous_msgid=None
    )
    fixed.save(str(tmp_path / "ru2.po"))
    assert import_file(book_copy, tmp_path / "ru2.po").exit_code == 0
    assert "# en: Stop the ban" in ru.read_text()
    result = run("check", "--brandbook", book_copy, "--locale", "ru")
    assert "changed since" not in result.output and result.exit_code == 0


def test_a_message_added_to_the_reference_is_added_by_import(book_copy, tmp_path):
    en = book_copy / "locales" / "en.yaml"
    edit(en, "  love-is-not-a-crime:\n", '  new-one:\n    kind: slogan\n    headline: "A new one"\n'
         '    cta: "Act"\n    alt: "Poster: A new one"\n    caption: "A new one. Act."\n'
         "  love-is-not-a-crime:\n")
    po = polib.pofile(str(export_file(book_copy, "ru", tmp_path)))
    new = [e for e in po if e.msgctxt.startswith("messages.new-one.")]
    assert [e.msgstr for e in new] == ["", "", "", ""]
    for e in new:
        e.msgstr = "Новое " + e.msgid
    po.save(str(tmp_path / "ru.po"))
    assert import_file(book_copy, tmp_path / "ru.po").exit_code == 0
    book, problems = load(book_copy, ("ru",))
    assert not problems.errors, [str(p) for p in problems.items]
    ids = [m.id for m in book.locale("ru").messages]
    assert ids.index("new-one") == ids.index("not-propaganda") + 1
    assert book.locale("ru").message("new-one").texts["headline"] == "Новое A new one"

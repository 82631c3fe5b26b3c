"""The loader: what is judged (shared files, the selected locales), drafts, and every problem of
brand.yaml, formats.yaml and the locales in words, at its line, once."""

from __future__ import annotations

import json
import shutil

import jsonschema
import pytest

from pressroom.brandbook import load
from pressroom.brandbook.schemas import BRAND, FORMATS, LOCALE, schema
from pressroom.model import FontFile
from tests.conftest import BRANDBOOK, REPO, edit, line_of, problem_lines, run

TRANSLATIONS = REPO / "tests" / "data" / "translations"


def texts(problems) -> list[str]:
    return [str(p) for p in problems.items]


def add_locale(book, code: str) -> None:
    shutil.copy(TRANSLATIONS / f"{code}.yaml", book / "locales" / f"{code}.yaml")


def new_draft(book, code="de"):
    assert run("locale", "new", code, "--brandbook", book).exit_code == 0
    return book / "locales" / f"{code}.yaml"


def break_uk(book):
    """A translation with one error: a slogan without its call to action."""
    add_locale(book, "uk")
    uk = book / "locales" / "uk.yaml"
    cta = next(line for line in uk.read_text().splitlines() if line.startswith("    cta:"))
    edit(uk, cta + "\n", "")
    return uk


# --- drafts --------------------------------------------------------------------------------------


def test_a_draft_is_left_out_with_one_warning(book_copy):
    de = new_draft(book_copy)
    edit(de, 'name: "TRANSLATE: the language\'s name in itself"', "name: Deutsch")
    edit(de, 'english_name: "TRANSLATE: the language\'s name in English"', "english_name: German")
    book, problems = load(book_copy)
    assert [x.code for x in book.locales] == ["en", "kk-Latn", "kk", "ru"]
    assert [(d.code, d.translated, d.total) for d in book.drafts] == [("de", 2, 136)]
    mine = [p for p in problems.items if "de.yaml" in p.path]
    assert [str(p) for p in mine] == [
        "brandbook/locales/de.yaml: warning: draft, 2 of 136 texts translated: not built — "
        "pressroom check --locale de lists what is left; build --locale de previews its "
        "finished messages"
    ]
    assert not problems.errors


def test_a_draft_judged_alone_lists_every_text_left(book_copy):
    de = new_draft(book_copy)
    book, problems = load(book_copy, ("de",))
    assert not problems.errors
    untranslated = [p for p in problems.warnings if "not translated yet" in p.problem]
    assert len(untranslated) == 136
    line = line_of(de, "  headline:")
    found = "\n".join(texts(problems))
    assert f"de.yaml:{line}: messages.not-propaganda.headline: warning: not translated" in found
    assert "de.yaml: warning: draft, 0 of 136 texts translated: no message has all its texts " \
        "translated yet, so nothing is built" in found
    assert book.locale("de").draft and book.locale("de").messages == ()


def test_a_draft_judged_alone_keeps_its_finished_messages(book_copy):
    """A draft previews the messages whose texts (and the wordmark) are all translated; an
    empty text, as a platform leaves one, is not translated either."""
    de = new_draft(book_copy)
    text = de.read_text()
    for key, value in (
        ("wordmark", "Gleich in Kasachstan"),
        ("headline", "Wir sind keine Propaganda"),
        ("body", "Wir sind Menschen."),
        ("cta", "Sag nein"),
        ("alt", "Plakat"),
        ("caption", "Wir sind Menschen. #EqualInKazakhstan"),
    ):
        start = text.index(f"  {key}: ", 0 if key == "wordmark" else text.index("messages:"))
        end = text.index("\n", start)
        text = text[:start] + f"  {key}: {value!r}" + text[end:]
    start = text.index("  headline: ", text.index("love-is-not-a-crime"))
    text = text[:start] + '  headline: ""' + text[text.index("\n", start):]
    de.write_text(text)
    book, problems = load(book_copy, ("de",))
    assert not problems.errors, texts(problems)
    assert [m.id for m in book.locale("de").messages] == ["not-propaganda"]
    assert book.locale("de").draft
    found = "\n".join(texts(problems))
    assert "messages.love-is-not-a-crime.headline: warning: not translated yet (empty)" in found
    assert "builds its 1 finished message (not-propaganda) as a preview; 11 wait" in found


def test_a_draft_that_cannot_be_read_yet_is_still_a_draft(book_copy):
    de = new_draft(book_copy)
    edit(de, "  headline:", "\theadline:")
    book, problems = load(book_copy)
    assert not problems.errors and [d.code for d in book.drafts] == ["de"]
    assert "de.yaml: warning: draft, 0 of 136 texts translated" in "\n".join(texts(problems))


# --- every locale stands alone -------------------------------------------------------------------


def test_a_selected_locale_is_judged_alone(book_copy):
    new_draft(book_copy)
    break_uk(book_copy)
    add_locale(book_copy, "vi")  # only a warning: no campaign URL of its own
    book, problems = load(book_copy, ("ru",))
    assert problems.items == []
    assert {x.code for x in book.locales} == {"en", "kk", "kk-Latn", "ru", "vi"}  # uk: broken
    book, problems = load(book_copy)
    found = "\n".join(texts(problems))
    assert "uk.yaml" in found and "de.yaml: warning: draft" in found and "vi.yaml: warning" in found


def test_the_reference_locale_is_always_judged(book_copy):
    edit(book_copy / "locales" / "en.yaml", "  title:", "  titel:")
    _, problems = load(book_copy, ("ru",))
    assert [p.path for p in problems.errors] == ["brandbook/locales/en.yaml"]


def test_locale_codes_are_matched_in_any_case(book_copy):
    book, problems = load(book_copy, ("KK-latn",))
    assert not problems.items and "kk-Latn" in [x.code for x in book.locales]
    _, problems = load(book_copy, ("xx",))
    assert texts(problems) == [
        "brandbook: --locale: there is no locale 'xx' — use one of en, kk, kk-Latn, ru"
    ]


def test_a_locale_file_named_in_another_case_gets_its_canonical_code(book_copy):
    add_locale(book_copy, "vi")
    (book_copy / "locales" / "vi.yaml").rename(book_copy / "locales" / "VI.yaml")
    book, problems = load(book_copy, ("vi",))
    assert not problems.errors and book.locale("vi").path.name == "VI.yaml"


def test_a_brand_problem_does_not_hide_locale_problems(book_copy):
    brand = book_copy / "brand.yaml"
    edit(brand, 'ink: "#17112B"', 'ink: "#17112"')
    edit(book_copy / "locales" / "ru.yaml", "  title:", "  titel:")
    book, problems = load(book_copy)
    assert book is None
    found = "\n".join(texts(problems))
    assert f"brand.yaml:{line_of(brand, 'ink:')}: palette.ink: '#17112' is not a colour" in found
    assert "ru.yaml:" in found and "unknown key 'titel' — did you mean 'title'? rename it" in found


# --- one problem, one line -----------------------------------------------------------------------


def test_a_missing_text_is_one_problem_and_never_template_advice(book_copy):
    ru = book_copy / "locales" / "ru.yaml"
    cta = next(line for line in ru.read_text().splitlines() if line.startswith("    cta:"))
    edit(ru, cta + "\n", "")
    result = run("check", "--brandbook", book_copy, "--locale", "ru")
    assert result.exit_code == 1
    line = line_of(ru, "  not-propaganda:")
    assert problem_lines(result.output) == [
        f"brandbook/locales/ru.yaml:{line}: messages.not-propaganda.cta: a slogan needs 'cta' — "
        "add cta: … to this message"
    ]
    assert "slot-" not in result.output and ".svg" not in result.output


@pytest.mark.parametrize(
    "old,new,at,expected",
    [
        # a missing key: once, at the map that lacks it
        (
            "  title:",
            "  # title:",
            "page:",
            "page.title: 'title' is missing — add title: … under page",
        ),
        # an unknown key: once, at the key
        ("  copy:", "  notes: x\n  copy:", "notes:", "page.notes: unknown key 'notes' — remove it"),
        # a misspelt key: once, not also as missing
        (
            "  title:",
            "  titel:",
            "titel:",
            "page.titel: unknown key 'titel' — did you mean 'title'?",
        ),
        (
            '    figure: "300"',
            "    figure: 300",
            "figure: 300",
            "messages.astana-raids.figure: is the number 300, must be text — write it as text "
            "(quote it if needed)",
        ),
    ],
    ids=["missing", "unknown", "misspelt", "type"],
)
def test_key_problems_are_reported_once_at_the_key(book_copy, old, new, at, expected):
    ru = book_copy / "locales" / "ru.yaml"
    edit(ru, old, new)
    _, problems = load(book_copy, ("ru",))
    assert texts(problems)[0].startswith(f"brandbook/locales/ru.yaml:{line_of(ru, at)}: {expected}")
    assert len(problems.items) == 1, texts(problems)


def test_a_locale_without_its_own_url_is_warned_with_the_url_it_gets(book_copy):
    add_locale(book_copy, "vi")
    _, problems = load(book_copy, ("vi",))
    assert texts(problems) == [
        "brandbook/locales/vi.yaml: warning: no campaign URL of its own: its QR codes will open "
        "https://queer.kz/ (urls.default in brand.yaml) — add a line `vi: https://…` under urls: "
        "in brand.yaml"
    ]
    edit(
        book_copy / "brand.yaml",
        "  kk: https://queer.kz/kk/",
        "  kk: https://queer.kz/kk/\n  VI: https://queer.kz/vi/",
    )
    book, problems = load(book_copy, ("vi",))
    assert problems.items == [] and book.locale("vi").url == "https://queer.kz/vi/"


def test_a_language_shares_its_url_with_its_script_variants():
    """kk-Latn opens the kk page, with no warning: it is the same language."""
    book, problems = load(BRANDBOOK, ("kk-Latn",))
    assert problems.items == [] and book.locale("kk-Latn").url == "https://queer.kz/kk/"


# --- brand.yaml and formats.yaml: schemas, in words ---------------------------------------------


def test_every_edited_file_points_at_its_shipped_schema():
    for path, name in (
        (BRANDBOOK / "brand.yaml", BRAND),
        (BRANDBOOK / "formats.yaml", FORMATS),
        (BRANDBOOK / "locales" / "en.yaml", LOCALE),
    ):
        up = "../" * (len(path.relative_to(REPO).parts) - 1)
        first = path.read_text().splitlines()[0]
        assert first == f"# yaml-language-server: $schema={up}src/pressroom/brandbook/{name}"
        jsonschema.Draft202012Validator.check_schema(schema(name))
        assert (REPO / "src" / "pressroom" / "brandbook" / name).is_file()
    assert json.loads((REPO / "src/pressroom/brandbook" / BRAND).read_text())["$id"].endswith(BRAND)


@pytest.mark.parametrize(
    "file,old,new,at,expected",
    [
        (
            "brand.yaml",
            "name: Equal in Kazakhstan",
            "nmae: Equal in Kazakhstan",
            "nmae:",
            "nmae: unknown key 'nmae' — did you mean 'name'? rename it",
        ),
        (
            "brand.yaml",
            'paper: "#FFF8EC"',
            "paper: white",
            "paper:",
            "palette.paper: 'white' is not a colour written #RRGGBB — write it like \"#5B2A86\"",
        ),
        (
            "brand.yaml",
            "  en: https://queer.kz/en/",
            "  en: queer.kz/en/",
            "  en: ",
            "urls.en: 'queer.kz/en/' is not an http(s) address — write the full https://… address",
        ),
        (
            "brand.yaml",
            "  en: https://queer.kz/en/",
            "  en_GB: https://queer.kz/en/",
            "en_GB",
            "urls.en_GB: 'en_GB' is neither a language code (BCP 47) nor default — use a locale",
        ),
        (
            "brand.yaml",
            "primary_locale: ru",
            "primary_locale: russian",
            "primary_locale",
            "primary_locale: 'russian' is not a language code (BCP 47)",
        ),
        (
            "brand.yaml",
            "display: [InterDisplay-Black.otf,",
            "display: [InterDisplay-Blak.otf,",
            "display:",
            "fonts.display: font file 'InterDisplay-Blak.otf' is not in",
        ),
        (
            "brand.yaml",
            "display: [NotoSans-Black.ttf]",
            "display: [NotoSans-Black.ttf#1]",
            "[NotoSans-Black.ttf#1]",
            "languages.vi.fonts.display: NotoSans-Black.ttf#1 holds one "
            "font, not a collection: '#1' names no face — write NotoSans-Black.ttf without #1",
        ),
        (
            "brand.yaml",
            "    fonts:\n      display:",
            "    fonts:\n      dsplay:",
            "dsplay:",
            "languages.vi.fonts.dsplay: 'dsplay' is not a font role of brand.yaml — use one of "
            "display, strong, text",
        ),
        (
            "formats.yaml",
            "  unit: px",
            "  unit: pt",
            "unit: pt",
            "story.unit: is 'pt' — use one of px, mm",
        ),
        (
            "formats.yaml",
            "  safe: [270, 65, 672, 65]",
            "  safe: [270, 65, 672]",
            "safe: [270",
            "story.safe: has 3 values, must have 4 — write [top, right, bottom, left] margins",
        ),
        (
            "formats.yaml",
            "  height: 1920",
            "  height: -1920",
            "height: -1920",
            "story.height: is -1920, must be more than 0 — write a number more than 0",
        ),
        (
            "formats.yaml",
            "  template: story.svg",
            "  template: ../story.svg",
            "../story",
            "story.template: '../story.svg' is not the name of an .svg file in brandbook/",
        ),
        (
            "formats.yaml",
            "  checked: 2026-11-22",
            "  chekced: 2026-11-22",
            "chekced",
            "story.chekced: unknown key 'chekced' — did you mean 'checked'? rename it",
        ),
    ],
)
def test_brand_and_formats_problems_in_words_at_their_line(book_copy, file, old, new, at, expected):
    path = book_copy / file
    edit(path, old, new)
    _, problems = load(book_copy)
    found = texts(problems)
    want = f"brandbook/{file}:{line_of(path, at)}: {expected}"
    assert [p for p in found if p.startswith(want)], "\n".join(found)
    assert len(problems.items) == 1, found


def test_an_empty_brand_file_is_said_so(book_copy):
    (book_copy / "formats.yaml").write_text("# nothing yet\n")
    _, problems = load(book_copy)
    assert texts(problems) == [
        "brandbook/formats.yaml:1: the file is empty (or holds only comments) — list the output "
        "formats: name, then width, height, unit, safe and template"
    ]


def test_fonts_of_a_language_go_in_front_of_its_chains():
    book, _ = load(BRANDBOOK)
    vi = book.brand.chains("vi")
    assert [f.name for f in vi["display"][:3]] == [
        "NotoSans-Black.ttf",
        "InterDisplay-Black.otf",
        "NotoSansArabic-Black.ttf",
    ]  # and listed once
    assert vi["text"] == book.brand.fonts["text"]
    assert book.brand.chains("vi-VN") == vi and book.brand.chains("ru") == book.brand.fonts
    assert all(isinstance(f, FontFile) for f in vi["display"])


@pytest.mark.parametrize("kind", ["[]", "{}", "[slogan]"])
def test_a_kind_that_is_not_text_is_a_problem_not_a_crash(book_copy, kind):
    ru = book_copy / "locales" / "ru.yaml"
    edit(ru, "kind: slogan", f"kind: {kind}")
    result = run("check", "--brandbook", book_copy, "--locale", "ru")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    line = line_of(ru, f"kind: {kind}")
    assert f"locales/ru.yaml:{line}: messages.not-propaganda.kind: is " in result.output

"""brandbook/locales.py: locale files found by their BCP 47 code, each read and judged on its own
(its own problems, its campaign URL, its script, whether it is a draft), then compared with the
reference locale; every problem at its file and line, with its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from pressroom.brandbook.localechecks import MAX_SOURCES
from pressroom.brandbook.locales import EMPTY_FIX, compare, find, read_locale
from pressroom.langtags import RESERVED_FIX
from pressroom.model import Brand, Draft, Source
from tests.conftest import REPO, edit, line_of

MINI = REPO / "tests" / "data" / "mini"
URLS = {"default": "https://example.org/", "ru": "https://example.org/ru/"}


@pytest.fixture
def book(tmp_path) -> Path:
    root = tmp_path / "bb"
    shutil.copytree(MINI, root)
    return root


def brand_of(book: Path, urls=None, primary="en") -> Brand:
    """A brand made by hand: only its URLs, primary locale and lines matter here."""
    return Brand("Mini", "en", primary, dict(URLS if urls is None else urls), {}, {},
                 book / "brand.yaml", {("urls",): 6})


def read(book: Path, code: str, brand="default", name: str | None = None):
    file = book / "locales" / f"{name or code}.yaml"
    found = read_locale(file, code, brand_of(book) if brand == "default" else brand, book)
    return found, [str(p) for p in found.problems.items]


def copy_locale(book: Path, source: str, name: str) -> Path:
    target = book / "locales" / f"{name}.yaml"
    shutil.copy(book / "locales" / f"{source}.yaml", target)
    return target


def at(path: Path, needle: str) -> str:
    return f"bb/locales/{path.name}:{line_of(path, needle)}:"


# --- find ----------------------------------------------------------------------------------------


def test_locale_files_are_found_by_their_canonical_code(book):
    shutil.move(book / "locales" / "ru.yaml", book / "locales" / "KK-latn.yaml")
    (book / "locales" / "notes.txt").write_text("not a locale")
    files, misnamed = find(book / "locales", book)
    assert files == {"en": book / "locales" / "en.yaml",
                     "kk-Latn": book / "locales" / "KK-latn.yaml"}
    assert misnamed == []


def test_file_names_that_are_no_code_or_repeat_one_are_each_a_problem(book):
    for name in ("english", "nul", "EN", "Con-Latn"):
        copy_locale(book, "en", name)
    files, misnamed = find(book / "locales", book)
    assert set(files) == {"en", "ru"} and files["en"].name == "en.yaml"  # the canonical name wins
    said = {file.name: [str(p) for p in problems.items] for file, problems in misnamed}
    assert said == {
        "EN.yaml": ["bb/locales/EN.yaml: names the same locale as en.yaml (language codes ignore "
                    "case) — keep one of the two files"],
        "english.yaml": ["bb/locales/english.yaml: 'english' is not a language code (BCP 47) — "
                         "name the file like kk.yaml, kk-Latn.yaml or pt-BR.yaml"],
        "nul.yaml": [f"bb/locales/nul.yaml: 'nul' starts with a device name reserved on Windows "
                     f"— {RESERVED_FIX}"],
        "Con-Latn.yaml": [f"bb/locales/Con-Latn.yaml: 'Con-Latn' starts with a device name "
                          f"reserved on Windows — {RESERVED_FIX}"],
    }


def test_no_locale_folder_finds_nothing(tmp_path):
    assert find(tmp_path / "locales", tmp_path) == ({}, [])


# --- one locale, read on its own -----------------------------------------------------------------


def test_the_reference_locale_is_read_whole(book):
    found, said = read(book, "en")
    assert said == [] and found.draft is None and found.dropped == []
    locale = found.locale
    source = yaml.safe_load((book / "locales" / "en.yaml").read_text())
    assert (locale.code, locale.name, locale.english_name) == ("en", "English", "English")
    assert (locale.script, locale.direction, locale.wordmark) == ("Latn", "ltr", "Mini")
    assert locale.url == "https://example.org/"  # the primary locale: the default, silently
    assert [m.id for m in locale.messages] == ["equal", "cases"]
    equal = locale.message("equal")
    assert equal.texts == {k: source["messages"]["equal"][k] for k in ("headline", "body", "cta")}
    assert (equal.alt, equal.caption) == (source["messages"]["equal"]["alt"],
                                          source["messages"]["equal"]["caption"])
    assert equal.where.line == line_of(book / "locales" / "en.yaml", "  equal:")
    assert locale.message("cases").sources == (
        Source("ILGA-Europe: Annual Review 2025",
               "https://ilga-europe.org/report/annual-review-2025"),
    )
    assert locale.format_names == {"card": "Card", "sheet": "Sheet"}
    assert locale.page["plain_alt"] == "Image with the text: {text}"  # filled in per message


def test_placeholders_are_filled_with_the_wordmark_and_the_locales_url(book):
    ru = book / "locales" / "ru.yaml"
    edit(ru, "caption: Равные права для всех.", 'caption: "Равные права: {url} — {wordmark}"')
    found, said = read(book, "ru")
    assert said == []
    locale = found.locale
    assert locale.url == "https://example.org/ru/"
    assert locale.message("equal").caption == "Равные права: https://example.org/ru/ — Мини"
    assert locale.press["licence_text"] == "Можно распространять, указав Мини."
    assert locale.texts[("press", "licence_text")] == "Можно распространять, указав {wordmark}."


def test_a_locale_without_its_own_url_is_warned_which_page_its_codes_open(book):
    copy_locale(book, "en", "de")
    found, said = read(book, "de")
    assert found.locale.url == "https://example.org/"
    assert said == [
        "bb/locales/de.yaml: warning: no campaign URL of its own: its QR codes will open "
        "https://example.org/ (urls.default in brand.yaml) — add a line `de: https://…` under "
        "urls: in brand.yaml"
    ]


def test_a_locale_takes_its_languages_url_silently(book):
    copy_locale(book, "en", "en-GB")
    brand = brand_of(book, {"en": "https://example.org/en/"})
    found, said = read(book, "en-GB", brand)
    assert said == [] and found.locale.url == "https://example.org/en/"


def test_no_url_at_all_is_an_error_at_the_brands_urls(book):
    found, said = read(book, "en", brand_of(book, {"ru": "https://example.org/ru/"}))
    assert found.locale.url == ""
    assert said == [
        "bb/brand.yaml:6: urls: no campaign URL for en — add a line `en: https://…` under urls: "
        "in brand.yaml, or a default"
    ]


def test_without_a_brand_a_locale_is_still_read_with_no_url(book):
    found, said = read(book, "ru", brand=None)
    assert said == []
    assert found.locale.url == "" and found.locale.fonts == {}


def test_a_script_subtag_that_disagrees_with_the_file_is_said_at_the_script(book):
    path = copy_locale(book, "ru", "kk-Latn")
    found, said = read(book, "kk-Latn")
    assert found.locale is not None
    assert f"{at(path, 'script:')} language.script: is 'Cyrl' but the file name says Latn — " \
        "set script: Latn, or rename the file" in said


@pytest.mark.parametrize(
    "script, direction, expected",
    [("Arab", None, "rtl"), ("Hebr", None, "rtl"), ("Latn", None, "ltr"), ("Arab", "ltr", "ltr")],
)
def test_the_direction_follows_the_script_unless_given(book, script, direction, expected):
    path = book / "locales" / "en.yaml"
    extra = f"\n  direction: {direction}" if direction else ""
    edit(path, "  script: Latn", f"  script: {script}{extra}")
    found, _ = read(book, "en")
    assert found.locale.direction == expected


# --- messages ------------------------------------------------------------------------------------


def test_a_message_missing_a_text_is_dropped_with_one_problem_and_the_rest_kept(book):
    path = book / "locales" / "en.yaml"
    edit(path, "    cta: Share it\n", "")
    found, said = read(book, "en")
    assert found.dropped == ["equal"]
    assert [m.id for m in found.locale.messages] == ["cases"]
    assert said == [
        f"{at(path, '  equal:')} messages.equal.cta: a slogan needs 'cta' — add cta: … to this "
        "message"
    ]


def test_a_slogan_without_its_optional_body_is_kept(book):
    edit(book / "locales" / "en.yaml", "    body: A short supporting line.\n", "")
    found, said = read(book, "en")
    assert said == []
    assert found.locale.message("equal").texts == {"headline": "Equal rights for everyone",
                                                   "cta": "Share it"}


def test_a_text_of_another_kind_is_dropped_and_said_at_its_line(book):
    path = book / "locales" / "en.yaml"
    edit(path, "    cta: Share it\n", "    cta: Share it\n    figure: '42'\n")
    found, said = read(book, "en")
    assert found.dropped == ["equal"]
    assert said == [
        f"{at(path, 'figure: ')} messages.equal.figure: a slogan has no 'figure' — a slogan has "
        "headline, body, cta; remove it or change kind"
    ]


def test_a_text_with_a_bidi_control_drops_its_message_before_any_layout(book):
    path = book / "locales" / "en.yaml"
    edit(path, "    claim: Cases of violence documented in one year.",
         '    claim: "Cases \\u202Eof violence"')
    found, said = read(book, "en")
    assert found.dropped == ["cases"]
    assert [m.id for m in found.locale.messages] == ["equal"]
    assert len(said) == 1
    assert said[0].startswith(f"{at(path, 'claim:')} messages.cases.claim: has the bidi control "
                              "U+202E")


def test_a_long_alt_text_is_a_warning_and_the_message_is_kept(book):
    path = book / "locales" / "en.yaml"
    alt = "A card " + "x" * 100
    edit(path, "alt: A card that says Equal rights for everyone.", f"alt: {alt}")
    found, said = read(book, "en")
    assert found.dropped == [] and found.locale.message("equal").alt == alt
    assert said == [
        f"{at(path, alt)} messages.equal.alt: warning: alt text is {len(alt)} characters; "
        "platforms advise about 100 — shorten it to the essentials"
    ]


def test_more_sources_than_a_locale_may_have_are_said_once_at_the_first_over(book):
    path = book / "locales" / "en.yaml"
    per_fact, facts = 7, 4  # 28 sources: the 25th is the 4th source of the 4th fact
    assert (facts - 1) * per_fact < MAX_SOURCES < facts * per_fact
    sources = "    sources:\n" + "".join(
        f"      - title: Source {n}\n        url: https://example.org/{n}\n"
        for n in range(per_fact)
    )
    fact = ("  fact-{n}:\n    kind: fact\n    figure: '{n}'\n    claim: A claim.\n"
            "    source: A source\n" + sources + "    alt: A fact.\n    caption: A fact.\n")
    text = path.read_text() + "".join(fact.format(n=n) for n in range(facts - 1))
    path.write_text(text + fact.format(n=facts - 1))
    found, said = read(book, "en")
    lines = path.read_text().splitlines()
    last_fact = lines.index(f"  fact-{facts - 1}:")
    over = MAX_SOURCES - (1 + (facts - 1) * per_fact)  # the mini's own fact has one source
    line = [i for i, text in enumerate(lines, 1) if i > last_fact and "- title:" in text][over]
    assert said == [
        f"bb/locales/en.yaml:{line}: messages.fact-{facts - 1}.sources: the facts have "
        f"{1 + facts * per_fact} sources, over {MAX_SOURCES} in a locale — give each fact its one "
        "or two best sources: the fact sheet prints every one"
    ]


# --- drafts and unreadable files -----------------------------------------------------------------


def test_a_file_with_marked_texts_is_a_draft_counting_what_is_translated(book):
    path = book / "locales" / "ru.yaml"
    edit(path, "headline: Равные права для всех", 'headline: "TRANSLATE: Equal rights"')
    edit(path, "cta: Поделись", 'cta: "  TRANSLATE: Share it"')
    found, said = read(book, "ru")
    texts = [v for k, v in _strings(yaml.safe_load(path.read_text()))
             if k not in ("kind", "script", "direction", "url")]
    assert found.draft == Draft("ru", path, len(texts) - 2, len(texts))
    assert [p.split(" — ")[0] for p in said] == [
        f"{at(path, 'headline:')} messages.equal.headline: warning: not translated yet (still "
        "marked TRANSLATE:)",
        f"{at(path, 'cta:')} messages.equal.cta: warning: not translated yet (still marked "
        "TRANSLATE:)",
        f"bb/locales/ru.yaml: warning: draft, {len(texts) - 2} of {len(texts)} texts translated: "
        "builds its 1 finished message (cases) as a preview; 1 wait for their texts",
    ]
    assert not found.problems.errors and found.locale.draft


def _strings(data, key=None):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(v, k)
    elif isinstance(data, list):
        for v in data:
            yield from _strings(v, key)
    elif isinstance(data, str):
        yield key, data


def test_an_unreadable_file_with_marked_lines_is_still_a_draft(book):
    path = book / "locales" / "de.yaml"
    path.write_text(
        "language:\n"
        '  name: "TRANSLATE: the name"\n'
        "\tbroken: here\n"
        "messages:\n"
        "  a:\n"
        "    kind: slogan\n"
        "    # headline: a comment is no value\n"
        "    headline: 'TRANSLATE: Hi'\n"
        "    cta: Go\n"
    )
    found, said = read(book, "de")
    # values: name, broken, headline, cta (kind is kept as it is); marked: name, headline
    assert found.draft == Draft("de", path, 2, 4)
    assert found.locale is None
    assert said == [
        "bb/locales/de.yaml:3: a tab character: YAML is indented with spaces, never tabs — indent "
        "with spaces (two per level), as the lines around it are"
    ]


def test_an_unreadable_file_without_marked_lines_is_no_draft(book):
    path = book / "locales" / "ru.yaml"
    path.write_text(path.read_text().replace("  title:", "\ttitle:"))
    found, said = read(book, "ru")
    assert found.draft is None and found.locale is None
    assert said == [
        f"{at(path, chr(9))} a tab character: YAML is indented with spaces, never tabs — indent "
        "with spaces (two per level), as the lines around it are"
    ]


def test_a_file_with_schema_problems_still_says_its_marked_texts_and_missing_texts(book):
    path = book / "locales" / "ru.yaml"
    edit(path, "  title:", "  titel:")
    edit(path, "  intro: Тестовые файлы.", '  intro: "TRANSLATE: Test files."')
    edit(path, "    cta: Поделись\n", "")
    found, said = read(book, "ru")
    assert found.locale is None
    assert said == [
        f"{at(path, 'titel:')} page.titel: unknown key 'titel' — did you mean 'title'? rename it",
        f"{at(path, 'intro:')} page.intro: warning: not translated yet (still marked "
        "TRANSLATE:) — replace the whole value, marker included, with the translation",
        f"{at(path, '  equal:')} messages.equal.cta: a slogan needs 'cta' — add cta: … to this "
        "message",
    ]


def test_an_empty_locale_file_says_where_to_start(book):
    (book / "locales" / "ru.yaml").write_text("# to do\n")
    found, said = read(book, "ru")
    assert found.locale is None and found.data == {}
    assert said == [
        f"bb/locales/ru.yaml:1: the file is empty (or holds only comments) — {EMPTY_FIX}"
    ]


# --- compared with the reference -----------------------------------------------------------------


def compared(book: Path, code: str = "ru") -> list[str]:
    ref, _ = read(book, "en")
    mine, _ = read(book, code)
    before = len(mine.problems.items)
    compare(mine, ref)
    return [str(p) for p in mine.problems.items[before:]]


def test_a_translation_like_its_reference_has_nothing_to_say(book):
    assert compared(book) == []


def test_a_message_missing_from_a_translation_is_said_at_its_messages(book):
    path = book / "locales" / "ru.yaml"
    text = path.read_text()
    path.write_text(text[: text.index("  cases:")])
    assert compared(book) == [
        f"{at(path, 'messages:')} messages.cases: message 'cases' of en.yaml is missing — copy it "
        "from en.yaml and translate it (or run: pressroom locale new ru)"
    ]


def test_a_message_the_reference_lacks_is_said_at_it(book):
    path = book / "locales" / "ru.yaml"
    text = path.read_text()
    equal = text[text.index("  equal:"): text.index("  cases:")]
    path.write_text(text + equal.replace("  equal:", "  extra:"))
    assert compared(book) == [
        f"{at(path, 'extra:')} messages.extra: message 'extra' is not in en.yaml — remove it, or "
        "add it to en.yaml first"
    ]


def test_a_changed_kind_is_said_at_the_kind(book):
    path = book / "locales" / "ru.yaml"
    edit(path, "    kind: fact\n    figure: \"80+\"\n    claim: Случаев насилия задокументировано "
         "за год.\n    source: \"Источник: тест\"\n", "    kind: slogan\n    headline: Случаи\n"
         "    cta: Смотри\n")
    edit(path, "    sources:\n      - title: \"ILGA-Europe: ежегодный обзор 2025\"\n        url: "
         "https://ilga-europe.org/report/annual-review-2025\n", "")
    line = _last_line(path, "kind: slogan")  # the second message's
    assert compared(book) == [
        f"bb/locales/ru.yaml:{line}: messages.cases.kind: is 'slogan', en.yaml says 'fact' — "
        "set kind: fact"
    ]


def _last_line(path: Path, needle: str) -> int:
    return max(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_placeholders_that_differ_from_the_reference_are_said(book):
    path = book / "locales" / "ru.yaml"
    edit(path, "указав {wordmark}.", "указав {url}.")
    assert compared(book) == [
        f"{at(path, 'licence_text:')} press.licence_text: placeholders differ from en.yaml "
        "({wordmark}) — keep exactly the placeholders of the reference, untranslated"
    ]


def test_a_long_text_copied_from_the_reference_is_a_warning(book):
    path = book / "locales" / "ru.yaml"
    edit(path, "caption: Равные права для всех.", "caption: Equal rights for everyone.")
    edit(path, "cta: Поделись", "cta: Share it")  # two words: may stay as it is
    assert compared(book) == [
        f"{at(path, 'caption: Equal')} messages.equal.caption: warning: is the same as in "
        "en.yaml — translate it (or leave it if it is meant to stay as it is)"
    ]


def test_a_translation_that_could_not_be_built_is_not_compared(book):
    path = book / "locales" / "ru.yaml"
    path.write_text(path.read_text().replace("  title:", "  titel:").replace(
        "    figure: \"80+\"\n", "    figure: \"80+\"\n    extra_key: 1\n"))
    text = path.read_text()
    path.write_text(text[: text.index("  cases:")])
    assert compared(book) == []


# --- a locale agrees with itself: its script and direction against its letters -----------------


def arabic_as(book: Path, name: str, script: str, direction: str) -> Path:
    target = book / "locales" / f"{name}.yaml"
    shutil.copy(REPO / "tests" / "data" / "translations" / "ar.yaml", target)
    edit(target, "  script: Arab", f"  script: {script}")
    edit(target, "  direction: rtl", f"  direction: {direction}")
    return target


def test_a_file_whose_letters_are_of_another_script_is_refused_with_the_fix(book):
    path = arabic_as(book, "fa", "Latn", "ltr")
    _, said = read(book, "fa")
    wrong = [x for x in said if "language.script" in x]
    assert len(wrong) == 1, said
    assert wrong[0].startswith(at(path, "  script: Latn"))
    assert "are Arabic" in wrong[0] and "set script: Arab and direction: rtl" in wrong[0]


def test_a_direction_against_the_script_is_refused(book):
    path = arabic_as(book, "fa", "Arab", "ltr")
    _, said = read(book, "fa")
    assert any(x.startswith(at(path, "  direction: ltr")) and "set direction: rtl" in x
               for x in said), said


def test_a_draft_counts_only_its_translated_letters(book):
    """A `locale new` draft holds the reference's English under TRANSLATE: markers: they say
    nothing of its script."""
    from pressroom.brandbook.newlocale import new_locale

    path = new_locale(book, "fa")
    assert 'script: "Arab"' in path.read_text()  # what `locale new` knows of Persian
    _, said = read(book, "fa")
    assert not [x for x in said if "language.script" in x], said


@pytest.mark.parametrize(("code", "script"), [("ja", "Jpan"), ("ko", "Kore"), ("zh", "Hans")])
def test_composite_scripts_count_all_their_parts(code, script):
    from pressroom.langtags import SCRIPT_PARTS, letters_by_script

    texts = {
        "ja": "私たちはプロパガンダではない。人間だ。",
        "ko": "우리는 선전물이 아니라 사람입니다",
        "zh": "我们不是宣传品，我们是人。",
    }[code]
    assert set(letters_by_script([texts])) <= SCRIPT_PARTS[script]

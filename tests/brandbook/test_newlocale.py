"""brandbook/newlocale.py (`pressroom locale new`): a new locale file with every key of its source,
each text marked TRANSLATE: under a comment with the source's text, addresses and kinds kept,
the code written in canonical case; a bad, reserved or taken code is refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from pressroom.brandbook.newlocale import (
    SCHEMA_LINE,
    BadLocaleCode,
    LocaleExists,
    new_locale,
)
from pressroom.brandbook.translation import MARKER
from pressroom.errors import PressroomError
from pressroom.langtags import RESERVED_FIX
from tests.conftest import REPO, edit

MINI = REPO / "tests" / "data" / "mini"
KEPT = {"kind", "url"}  # values copied as they are


@pytest.fixture
def book(tmp_path) -> Path:
    root = tmp_path / "bb"
    shutil.copytree(MINI, root)
    return root


def leaves(data, keys=()) -> dict[tuple, object]:
    """Every scalar of a YAML document by its key path."""
    if isinstance(data, dict):
        pairs = data.items()
    elif isinstance(data, list):
        pairs = enumerate(data)
    else:
        return {keys: data}
    return {k: v for key, value in pairs for k, v in leaves(value, keys + (key,)).items()}


def test_every_text_of_the_reference_is_marked_and_everything_else_kept(book):
    path = new_locale(book, "de")
    assert path == book / "locales" / "de.yaml"
    source = yaml.safe_load((book / "locales" / "en.yaml").read_text())
    made = yaml.safe_load(path.read_text())
    assert list(made) == list(source)  # the same sections, in the same order
    want = {
        keys: value if keys[-1] in KEPT else f"{MARKER} {value}"
        for keys, value in leaves(source).items()
        if keys[0] != "language"
    }
    got = {keys: value for keys, value in leaves(made).items() if keys[0] != "language"}
    assert got == want
    assert got[("messages", "cases", "figure")] == "TRANSLATE: 80+"
    assert got[("messages", "cases", "sources", 0, "url")] == (
        "https://ilga-europe.org/report/annual-review-2025"
    )


def test_the_language_section_is_new_and_its_script_follows_the_code(book):
    made = yaml.safe_load(new_locale(book, "de").read_text())
    assert made["language"] == {
        "name": "TRANSLATE: the language's name in itself",
        "english_name": "TRANSLATE: the language's name in English",
        "script": "Latn",
    }
    assert yaml.safe_load(new_locale(book, "uk").read_text())["language"]["script"] == "Cyrl"
    assert yaml.safe_load(new_locale(book, "kk-Latn").read_text())["language"]["script"] == "Latn"


@pytest.mark.parametrize("code, script", [("ar", "Arab"), ("he", "Hebr"), ("ur", "Arab")])
def test_a_right_to_left_language_gets_its_direction(book, code, script):
    language = yaml.safe_load(new_locale(book, code).read_text())["language"]
    assert (language["script"], language["direction"]) == (script, "rtl")


def test_each_marked_text_has_the_source_text_in_a_comment_above_it(book):
    lines = new_locale(book, "de").read_text().splitlines()
    at = lines.index('    headline: "TRANSLATE: Equal rights for everyone"')
    assert lines[at - 1] == "    # en: Equal rights for everyone"
    at = lines.index('    kind: "slogan"')
    assert not lines[at - 1].lstrip().startswith("#")  # a kept value has no comment


def test_the_header_says_how_the_file_was_made_and_what_to_do(book):
    lines = new_locale(book, "de").read_text().splitlines()
    assert lines[0] == (MINI / "locales" / "en.yaml").read_text().splitlines()[0]
    assert lines[1] == "# de: made by `pressroom locale new de --from en`. Replace every value"
    assert "TRANSLATING.md" in lines[4] and "pressroom check" in lines[4]
    assert "keep it" in lines[3]


def test_without_a_schema_line_in_the_source_the_shipped_one_is_used(book):
    en = book / "locales" / "en.yaml"
    en.write_text("\n".join(en.read_text().splitlines()[1:]) + "\n")
    first = new_locale(book, "de").read_text().splitlines()[0]
    assert first == SCHEMA_LINE
    assert first.endswith("../../src/pressroom/brandbook/locale.schema.json")


def test_a_code_is_written_in_canonical_case(book):
    path = new_locale(book, "PT-br")
    assert path.name == "pt-BR.yaml"
    assert "pressroom locale new pt-BR --from en" in path.read_text()
    assert new_locale(book, "zh-hans").name == "zh-Hans.yaml"


def test_the_source_can_be_another_locale(book):
    path = new_locale(book, "be", source="RU")
    text = path.read_text()
    assert "pressroom locale new be --from ru" in text
    assert "    # ru: Равные права для всех\n" in text
    made = yaml.safe_load(text)
    assert made["messages"]["equal"]["headline"] == "TRANSLATE: Равные права для всех"


def test_the_default_source_is_the_brands_reference_locale(book):
    edit(book / "brand.yaml", "reference_locale: en", "reference_locale: ru")
    text = new_locale(book, "be").read_text()
    assert "--from ru" in text and "# ru: Мини" in text


def test_texts_that_need_quoting_come_back_exactly(book):
    tricky = 'Say "yes": it\'s #1 — {wordmark}\n  next line'
    edit(book / "locales" / "en.yaml", "headline: Equal rights for everyone",
         f"headline: {json.dumps(tricky)}")
    path = new_locale(book, "de")
    made = yaml.safe_load(path.read_text())
    assert made["messages"]["equal"]["headline"] == f"{MARKER} {tricky}"
    assert "    # en: Say \"yes\": it's #1 — {wordmark} next line" in path.read_text()


def test_the_file_is_written_whole_with_no_temporary_file_left(book):
    new_locale(book, "de")
    assert sorted(p.name for p in (book / "locales").iterdir()) == ["de.yaml", "en.yaml",
                                                                   "ru.yaml"]


def test_without_a_locale_folder_there_is_no_source_and_nothing_is_written(book):
    shutil.rmtree(book / "locales")
    with pytest.raises(PressroomError) as exc:
        new_locale(book, "de")
    assert str(exc.value) == (
        f"cannot read {book / 'locales' / 'en.yaml'}: the file does not exist — fix it first "
        "(pressroom check shows how)"
    )
    assert not (book / "locales").exists()


# --- refused -------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["ru", "RU", "Ru"])
def test_an_existing_locale_in_any_case_is_refused_and_left_as_it_was(book, code):
    before = (book / "locales" / "ru.yaml").read_bytes()
    with pytest.raises(LocaleExists) as exc:
        new_locale(book, code)
    assert str(exc.value) == (
        f"{book / 'locales' / 'ru.yaml'} already exists — edit it, or choose another code"
    )
    assert (book / "locales" / "ru.yaml").read_bytes() == before


@pytest.mark.parametrize("code", ["english", "en_GB", "e", "en-", "../en", "en-Latn-GB-x"])
def test_a_code_that_is_not_bcp47_is_refused_with_examples(book, code):
    with pytest.raises(BadLocaleCode) as exc:
        new_locale(book, code)
    message = str(exc.value)
    assert message.startswith(f"{code!r} is not a BCP 47 language code — ")
    assert "kk-Latn" in message and "pt-BR" in message
    assert sorted(p.name for p in (book / "locales").iterdir()) == ["en.yaml", "ru.yaml"]


@pytest.mark.parametrize("code", ["nul", "CON", "aux-Latn", "com1"])
def test_a_name_windows_reserves_is_refused(book, code):
    with pytest.raises(BadLocaleCode) as exc:
        new_locale(book, code)
    assert str(exc.value) == (
        f"{code!r} starts with a device name reserved on Windows — {RESERVED_FIX}"
    )


def test_a_source_that_cannot_be_read_is_refused_with_its_problem(book):
    (book / "locales" / "en.yaml").write_text("language:\n\tname: x\n")
    with pytest.raises(PressroomError) as exc:
        new_locale(book, "de")
    message = str(exc.value)
    assert message.startswith(f"cannot read {book / 'locales' / 'en.yaml'}: a tab character")
    assert message.endswith("— fix it first (pressroom check shows how)")
    assert not (book / "locales" / "de.yaml").exists()


def test_an_empty_or_missing_source_is_refused(book):
    (book / "locales" / "en.yaml").write_text("# nothing\n")
    with pytest.raises(PressroomError, match=r"en\.yaml: it is empty — fix it first"):
        new_locale(book, "de")
    with pytest.raises(PressroomError, match=r"xx\.yaml: the file does not exist"):
        new_locale(book, "de", source="xx")


@pytest.mark.parametrize("item", ["sources: [just text]", "sources: [{}]", "sources: [3]"])
def test_a_list_item_that_is_not_a_map_is_copied_to_translate_never_a_traceback(tmp_path, item):
    """`locale new` copies what it finds; `check` then says what is wrong with it."""
    import yaml

    from pressroom.brandbook.newlocale import new_locale

    root = tmp_path / "bb"
    (root / "locales").mkdir(parents=True)
    (root / "brand.yaml").write_text("reference_locale: en\n")
    (root / "locales" / "en.yaml").write_text(
        "language: {name: English, english_name: English, script: Latn}\n"
        f"messages:\n  a:\n    kind: fact\n    claim: A claim\n    {item}\n"
    )
    written = yaml.safe_load(new_locale(root, "de").read_text())
    found = written["messages"]["a"]["sources"]
    assert len(found) == 1 and found[0] in ("TRANSLATE: just text", {}, 3)

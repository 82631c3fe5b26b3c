"""A draft previewed (issue: translators): `build --locale CODE` of a half-translated locale
writes its finished messages and a preview page that nothing links to; the page, the zips and
the press room of a build leave it out."""

from __future__ import annotations

import re

import polib
import pytest

from tests.conftest import run

pytestmark = pytest.mark.slow  # two real builds


def test_a_draft_builds_its_finished_messages_as_an_unlinked_preview(book_copy, tmp_path):
    pot = tmp_path / "de.po"
    assert run("locale", "export", "--template", "--out", pot, "--brandbook", book_copy)\
        .exit_code == 0
    po = polib.pofile(str(pot))
    po.metadata["Language"] = "de"
    for n, entry in enumerate(po):
        if entry.msgctxt.startswith("messages.not-propaganda.") or n % 2 \
                or entry.msgctxt == "campaign.wordmark":
            entry.msgstr = "DE " + entry.msgid
    po.save(str(pot))
    assert run("locale", "import", pot, "--brandbook", book_copy).exit_code == 0
    out = tmp_path / "out"
    result = run("build", "--brandbook", book_copy, "--out", out, "--locale", "de",
                 "--locale", "ru", "--format", "square", "--message", "not-propaganda",
                 "--message", "love-is-not-a-crime", "--kit", "main")
    assert result.exit_code == 0, result.output
    assert re.search(r"draft, \d+ of 136 texts translated: builds its 1 finished message "
                     r"\(not-propaganda\) as a preview; 11 wait for their texts", result.output)
    assert sorted(p.name for p in (out / "de" / "square").iterdir()) == ["not-propaganda.png"]
    assert sorted(p.name for p in (out / "ru" / "square").iterdir()) == [
        "love-is-not-a-crime.png", "not-propaganda.png"
    ]
    preview = (out / "de.html").read_text()
    assert '<meta name="robots" content="noindex">' in preview and "Draft preview" in preview
    assert 'href="de/square/not-propaganda.png"' in preview
    assert "downloads/de.zip" not in preview and 'rel="canonical"' not in preview
    index = (out / "index.html").read_text()
    assert "de.html" not in index and "de/square" not in index
    downloads = sorted(p.name for p in (out / "downloads").iterdir())
    assert "ru.zip" in downloads and not [n for n in downloads if n.startswith("de")]
    sums = (out / "SHA256SUMS").read_text()
    assert "de/square/not-propaganda.png" in sums  # what was written is summed
    # a full build leaves the draft out, and its preview with it
    result = run("build", "--brandbook", book_copy, "--out", out, "--format", "square",
                 "--message", "not-propaganda", "--kit", "main")
    assert result.exit_code == 0, result.output
    assert not (out / "de.html").exists() and not (out / "de").exists()

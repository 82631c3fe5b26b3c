"""Messages in the translator's terms: missing characters named by script or group, with the
font family and the Debian package that cover them."""

from __future__ import annotations

from pressroom.errors import _by_script


def test_missing_glyphs_are_named_by_group_with_their_font():
    said = _by_script("「」、ー。カ平ሰ🏳★")
    assert said[0].startswith("CJK punctuation (「」、ー。): Noto Sans CJK")
    assert any(s.startswith("Ethiopic (ሰ): Noto Sans Ethiopic, Debian package fonts-noto-core")
               for s in said)
    assert any(s.startswith("emoji (🏳): add the colour emoji font") for s in said)
    assert any(s.startswith("symbols (★): Noto Sans Symbols 2") for s in said)  # not an emoji

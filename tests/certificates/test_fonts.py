"""Font registration and the glyph check."""

from __future__ import annotations

import threading
import unicodedata

import pytest
from reportlab.pdfbase import pdfmetrics

from certificates.pdf.errors import ForbiddenCharacterError
from certificates.pdf.fonts import FONT_DIR, clean_text
from certificates.rendering import MissingGlyphError, check_glyphs, register_fonts

VOWELS = "aăâeêioôơuưy"
TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng


def vietnamese_letters() -> str:
    """Every accented Vietnamese letter (134 with a tone or a vowel mark, plus đ), both cases."""
    letters = {unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES}
    letters |= set("ăâêôơưđ")
    letters |= {c.upper() for c in letters}
    return "".join(sorted(letters))


def test_font_files_and_licence_ship_with_the_package():
    names = {path.name for path in FONT_DIR.iterdir()}

    assert {
        "LiberationSerif-Regular.ttf",
        "LiberationSerif-Bold.ttf",
        "LiberationSerif-Italic.ttf",
        "LiberationSerif-BoldItalic.ttf",
        "LICENSE",
    } <= names
    assert "SIL Open Font License" in (FONT_DIR / "LICENSE").read_text()


def test_register_fonts_twice_returns_the_same_registration():
    first = register_fonts()

    second = register_fonts()

    assert second is first
    assert set(first.names.values()) <= set(pdfmetrics.getRegisteredFontNames())


def test_register_fonts_from_many_threads_registers_once():
    results = []

    threads = [threading.Thread(target=lambda: results.append(register_fonts())) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len({id(r) for r in results}) == 1


@pytest.mark.parametrize("role", ["regular", "bold", "italic", "bold_italic"])
def test_every_face_has_every_vietnamese_letter(role):
    letters = vietnamese_letters()
    assert len(letters) == 2 * (12 * 5 + 7)

    assert check_glyphs(letters, role=role) == letters


def test_check_glyphs_returns_composed_text_for_decomposed_input():
    decomposed = unicodedata.normalize("NFD", vietnamese_letters())

    result = check_glyphs(decomposed)

    assert result == unicodedata.normalize("NFC", decomposed)
    assert len(result) < len(decomposed)


def test_check_glyphs_refuses_chinese_and_names_the_character():
    with pytest.raises(MissingGlyphError) as caught:
        check_glyphs("Ông 王小明", context="register number 3", field="recipient")

    error = caught.value
    assert (error.char, error.codepoint) == ("王", 0x738B)
    assert str(error).startswith("U+738B 王 ")
    assert "register number 3" in str(error)
    assert "field recipient" in str(error)


def test_check_glyphs_refuses_control_characters():
    # Refused as a forbidden character (awards.text) before the font is asked.
    with pytest.raises(ForbiddenCharacterError, match=r"U\+0000"):
        check_glyphs("An\x00")


def test_clean_text_collapses_line_breaks_and_runs_of_spaces():
    assert clean_text("  Ông\tNguyễn \r\n Văn   An ") == "Ông Nguyễn Văn An"

"""The four Liberation Serif faces, registered once per process, and the glyph check.

Liberation Serif (SIL OFL 1.1, see ``certificates/fonts/LICENSE``) is metric-compatible
with Times New Roman, the face Vietnamese administrative documents are set in, and
covers every Vietnamese letter. The files are used unmodified: the licence reserves
the name "Liberation" for modified fonts.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from awards.text import first_forbidden_character

from .errors import ForbiddenCharacterError, MissingGlyphError

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"

# Role used in layouts -> (ReportLab font name, file name).
FACES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "regular": ("LiberationSerif", "LiberationSerif-Regular.ttf"),
        "bold": ("LiberationSerif-Bold", "LiberationSerif-Bold.ttf"),
        "italic": ("LiberationSerif-Italic", "LiberationSerif-Italic.ttf"),
        "bold_italic": ("LiberationSerif-BoldItalic", "LiberationSerif-BoldItalic.ttf"),
    }
)
FAMILY = "LiberationSerif"
# ReportLab font name -> role, for code that only has the font name (platypus styles).
ROLE_BY_FONT: Mapping[str, str] = MappingProxyType({name: role for role, (name, _) in FACES.items()})

__all__ = ["MissingGlyphError", "check_glyphs", "clean_text", "font_name", "register_fonts"]


@dataclass(frozen=True)
class FontSet:
    """What the drawing code needs to know about the registered faces."""

    names: Mapping[str, str]  # role -> ReportLab font name
    cmaps: Mapping[str, frozenset[int]]  # role -> code points the face can draw


_lock = threading.Lock()
_fontset: FontSet | None = None


def register_fonts() -> FontSet:
    """Register the four faces with ReportLab once per process; safe to call often.

    Registering per document costs ~13 ms and made a 500-page PDF 22x slower
    (docs/architecture.md, "Performance"), and ReportLab silently keeps the first font registered under
    a name, so this is done once under a lock.
    """
    global _fontset
    if _fontset is not None:
        return _fontset
    with _lock:
        if _fontset is None:
            names: dict[str, str] = {}
            cmaps: dict[str, frozenset[int]] = {}
            registered = set(pdfmetrics.getRegisteredFontNames())
            for role, (name, filename) in FACES.items():
                if name in registered:
                    font = pdfmetrics.getFont(name)
                    if not isinstance(font, TTFont):
                        raise RuntimeError(f"font name {name!r} is already taken by another font")
                else:
                    font = TTFont(name, str(FONT_DIR / filename))
                    pdfmetrics.registerFont(font)
                names[role] = name
                cmaps[role] = frozenset(font.face.charToGlyph)
            pdfmetrics.registerFontFamily(
                FAMILY,
                normal=names["regular"],
                bold=names["bold"],
                italic=names["italic"],
                boldItalic=names["bold_italic"],
            )
            _fontset = FontSet(names=MappingProxyType(names), cmaps=MappingProxyType(cmaps))
    return _fontset


def font_name(role: str) -> str:
    """ReportLab font name of a face role ('regular', 'bold', 'italic', 'bold_italic')."""
    return register_fonts().names[role]


def clean_text(text: str) -> str:
    """NFC-normalise and collapse runs of whitespace (line breaks included) to one space.

    ReportLab draws decomposed (NFD) text with misplaced accents, so everything is
    composed before it is measured, checked or drawn.
    """
    return " ".join(unicodedata.normalize("NFC", text).split())


def check_glyphs(text: str, *, role: str = "regular", context: str = "", field: str = "") -> str:
    """Return ``text`` cleaned (see :func:`clean_text`) after checking every character.

    Raises :class:`MissingGlyphError` naming the first character the face cannot draw.
    """
    cleaned = clean_text(text)
    # The input rule (awards.text), again at the last step: old rows may predate it.
    forbidden = first_forbidden_character(cleaned)
    if forbidden:
        raise ForbiddenCharacterError(forbidden, context=context, field=field)
    cmap = register_fonts().cmaps[role]
    for char in cleaned:
        if ord(char) not in cmap:
            raise MissingGlyphError(char, font=font_name(role), context=context, field=field)
    return cleaned

"""Where the ink of a line of text really goes: glyph outlines' vertical extents.

Vietnamese stacks marks above capitals (Ệ, Ẫ) and below the baseline (ạ, ệ): a
font's nominal ascent and descent do not bound them. Line spacing that must clear
every mark and underlines that must pass below every descender are computed from
the glyphs of the very text being drawn (read once per face with fontTools).
"""

from __future__ import annotations

import threading
from functools import lru_cache

from fontTools.ttLib import TTFont

from .fonts import FACES, FONT_DIR, ROLE_BY_FONT

_lock = threading.Lock()


@lru_cache(maxsize=8)
def _extents(role: str) -> tuple[dict[int, tuple[float, float]], float]:
    """Code point -> (yMin, yMax) in ems, and the face's cap height in ems."""
    with _lock:
        font = TTFont(FONT_DIR / FACES[role][1], lazy=True)
        units = font["head"].unitsPerEm
        glyf = font["glyf"]
        table = {}
        for code, name in font.getBestCmap().items():
            glyph = glyf[name]
            if getattr(glyph, "numberOfContours", 0):
                table[code] = (glyph.yMin / units, glyph.yMax / units)
        cap = font["OS/2"].sCapHeight / units
        font.close()
    return table, cap


def ink(text: str, font: str, size: float) -> tuple[float, float]:
    """(lowest, highest) ink of ``text`` in points relative to its baseline (the
    lowest is negative below the baseline); (0, 0) for blank text."""
    table, _cap = _extents(ROLE_BY_FONT[font])
    low = high = 0.0
    for char in text:
        bounds = table.get(ord(char))
        if bounds is not None:
            low, high = min(low, bounds[0]), max(high, bounds[1])
    return low * size, high * size


def cap_height(font: str) -> float:
    """Height of the capitals in ems (0.65 for Liberation Serif Bold)."""
    return _extents(ROLE_BY_FONT[font])[1]

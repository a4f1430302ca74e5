"""Ink that must not touch: the flag's two-line unit name (every Vietnamese tone
mark cleared), the motto's underline below the descenders. Glyph boxes are read
back from the PDF (pdfplumber: each character's font, size and baseline) and
measured with the glyph outlines of the embedded font (fontTools)."""

from __future__ import annotations

import io
from functools import lru_cache

import pdfplumber
import pytest
from fontTools.ttLib import TTFont

from certificates.pdf.fonts import FACES, FONT_DIR
from certificates.rendering import TextFitError, load_layout, render_certificates
from demo.province import ORGANIZATIONS
from tests.certificates.samples import certificate

FACE_FILES = dict(FACES.values())
LONG_NAME = "TRUNG TÂM CÔNG NGHỆ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH"


@lru_cache(maxsize=8)
def _outlines(font_name: str):
    font = TTFont(FONT_DIR / FACE_FILES[font_name])
    return font["glyf"], font.getBestCmap(), font["head"].unitsPerEm


def _ink_boxes(pdf: bytes) -> list[dict]:
    """Every drawn character with its true ink box (x0, x1, bottom, top), PDF points."""
    boxes = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for char in document.pages[0].chars:
            if not char["text"].strip():
                continue
            font_name = char["fontname"].split("+")[-1]
            glyf, cmap, units = _outlines(font_name)
            glyph = glyf[cmap[ord(char["text"])]]
            size = char["size"]  # the font size as drawn (the page's scaling included)
            e, f = char["matrix"][4:]  # the glyph's origin on its baseline
            boxes.append(
                {
                    "text": char["text"],
                    "x0": e + glyph.xMin / units * size,
                    "x1": e + glyph.xMax / units * size,
                    "bottom": f + glyph.yMin / units * size,
                    "top": f + glyph.yMax / units * size,
                    "baseline": round(f, 2),
                    "size": size,
                }
            )
    return boxes


def _lines(pdf: bytes) -> list[list[dict]]:
    """The sheet's text lines (characters sharing a baseline), top line first."""
    by_baseline: dict[float, list[dict]] = {}
    for box in _ink_boxes(pdf):
        by_baseline.setdefault(box["baseline"], []).append(box)
    lines = [sorted(chars, key=lambda c: c["x0"]) for chars in by_baseline.values()]
    return sorted(lines, key=lambda chars: -chars[0]["baseline"])


def _text(line: list[dict]) -> str:
    return "".join(c["text"] for c in line)


def _name_lines(pdf: bytes, name: str) -> tuple[list[dict], list[list[dict]]]:
    """The line above the unit's name on the flag (the inscription), and the name's lines."""
    lines = _lines(pdf)
    (above,) = [i for i, line in enumerate(lines) if _text(line).startswith("ĐƠNVỊDẪNĐẦU")]
    taken, rest = [], name.replace(" ", "")
    for line in lines[above + 1 :]:
        if not rest.startswith(_text(line)):
            break
        taken.append(line)
        rest = rest[len(_text(line)) :]
    assert rest == "", (name, [_text(line) for line in lines])
    return lines[above], taken


def _clear(upper: list[dict], lower: list[dict]) -> None:
    """No glyph box of ``upper`` meets one of ``lower`` (PDF y grows upwards)."""
    for a in upper:
        for b in lower:
            assert not (a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["bottom"] < b["top"]), (a, b)


def _longest_demo_unit() -> str:
    return max((name for _c, name, *_rest in ORGANIZATIONS), key=len).upper()


@pytest.mark.parametrize("name", [LONG_NAME, "demo"])
def test_the_flags_two_line_unit_name_never_overlaps_itself(name):
    name = _longest_demo_unit() if name == "demo" else name
    pdf = render_certificates([certificate(layout_code="flag_inscription", recipient_name=name)])

    inscription, lines = _name_lines(pdf, name)

    assert len(lines) == (2 if name == LONG_NAME else len(lines))
    for upper, lower in zip([inscription, *lines], lines, strict=False):
        assert min(c["bottom"] for c in upper) > max(c["top"] for c in lower)
        _clear(upper, lower)


def test_the_unit_name_keeps_its_letter_height_and_stays_the_largest_line():
    pdf = render_certificates([certificate(layout_code="flag_inscription", recipient_name=LONG_NAME)])
    spec = load_layout("flag_inscription").artboard.fields["recipient"]
    boxes = _ink_boxes(pdf)
    _inscription, (upper, lower) = _name_lines(pdf, LONG_NAME)

    # Capital height on the flag (real millimetres; the sheet is drawn at 1:4).
    cap = max(c["top"] - c["bottom"] for c in upper if c["text"] in "TRUNGM")
    assert cap * 25.4 / 72 * 4 >= spec.min_letter_height_mm - 0.1
    others = [c["size"] for c in boxes if c["baseline"] not in (upper[0]["baseline"], lower[0]["baseline"])]
    flag_line = max(s for s in others if s < upper[0]["size"] * 2)
    assert upper[0]["size"] >= flag_line * 0.99


def test_a_name_too_long_even_for_two_lines_at_the_minimum_height_is_refused():
    with pytest.raises(TextFitError, match="recipient"):
        render_certificates(
            [certificate(layout_code="flag_inscription", recipient_name=" ".join([LONG_NAME] * 3))]
        )


@pytest.mark.parametrize("layout_code", ["merit_chairman", "generic"])
def test_the_mottos_underline_passes_below_every_descender(layout_code):
    pdf = render_certificates([certificate(layout_code=layout_code)])
    boxes = _ink_boxes(pdf)
    by_baseline: dict[float, list[dict]] = {}
    for box in boxes:
        by_baseline.setdefault(box["baseline"], []).append(box)
    (motto,) = [
        sorted(line, key=lambda c: c["x0"])
        for line in by_baseline.values()
        if "".join(c["text"] for c in sorted(line, key=lambda c: c["x0"])).startswith("Độclập")
    ]
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        baseline = motto[0]["baseline"]
        rules = [
            r
            for r in page.rects
            if r["width"] > 50 and 0 < baseline - (page.height - r["top"]) < motto[0]["size"]
        ]
    assert "".join(c["text"] for c in motto).startswith("Độclập")
    assert len(rules) == 1
    rule_top = page.height - rules[0]["top"]
    lowest = min(c["bottom"] for c in motto)  # the "p" of "lập" and "phúc", the dot of "ậ"
    assert rule_top < lowest - 0.3

"""Shared pieces of the A4 administrative documents (decision, council minutes).

These use platypus (paragraphs and tables that break across pages). Platypus parses
paragraph text as markup, so every piece of user text goes through :func:`para`,
which NFC-normalises it, checks its glyphs and escapes it; markup only ever comes
from this code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Paragraph, Table, TableStyle

from .fonts import ROLE_BY_FONT, check_glyphs, font_name, register_fonts
from .formatting import vietnamese_date

# Decree 30/2020/NĐ-CP, Annex I: A4, margins top/bottom 20-25 mm, left 30-35 mm,
# right 15-20 mm; body text 13-14 pt, first line indented 1-1.27 cm.
PAGE_MARGINS_MM = {"top": 20.0, "bottom": 20.0, "left": 30.0, "right": 15.0}
BODY_SIZE = 14.0

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    body_italic: ParagraphStyle
    centre: ParagraphStyle
    centre_bold: ParagraphStyle
    centre_italic: ParagraphStyle
    header: ParagraphStyle  # the two header blocks, 13 pt, centred in their column
    header_bold: ParagraphStyle
    small: ParagraphStyle
    small_bold_italic: ParagraphStyle
    cell: ParagraphStyle
    cell_centre: ParagraphStyle
    cell_right: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_bold_centre: ParagraphStyle
    cell_bold_right: ParagraphStyle


def make_styles(*, cell_size: float = 12.0) -> Styles:
    register_fonts()
    regular, bold = font_name("regular"), font_name("bold")
    italic, bold_italic = font_name("italic"), font_name("bold_italic")

    def style(name: str, font: str, size: float, align: int, **kw: float) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=font,
            fontSize=size,
            leading=kw.pop("leading", size * 1.25),
            alignment=align,
            **kw,
        )

    return Styles(
        body=style("body", regular, BODY_SIZE, TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=6),
        body_italic=style(
            "body_italic", italic, BODY_SIZE, TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=4
        ),
        centre=style("centre", regular, BODY_SIZE, TA_CENTER),
        centre_bold=style("centre_bold", bold, BODY_SIZE, TA_CENTER),
        centre_italic=style("centre_italic", italic, BODY_SIZE, TA_CENTER),
        header=style("heading", regular, 13, TA_CENTER, leading=15),
        header_bold=style("heading_bold", bold, 13, TA_CENTER, leading=15),
        small=style("small", regular, 11, TA_LEFT, leading=13),
        small_bold_italic=style("small_bold_italic", bold_italic, 12, TA_LEFT, leading=14),
        cell=style("cell", regular, cell_size, TA_LEFT, leading=cell_size * 1.2),
        cell_centre=style("cell_centre", regular, cell_size, TA_CENTER, leading=cell_size * 1.2),
        cell_right=style("cell_right", regular, cell_size, TA_RIGHT, leading=cell_size * 1.2),
        cell_bold=style("cell_bold", bold, cell_size, TA_LEFT, leading=cell_size * 1.2),
        cell_bold_centre=style("cell_bold_centre", bold, cell_size, TA_CENTER, leading=cell_size * 1.2),
        cell_bold_right=style("cell_bold_right", bold, cell_size, TA_RIGHT, leading=cell_size * 1.2),
    )


def safe(text: str, *, font: str, context: str, field: str) -> str:
    """Clean, glyph-check and escape user text for a Paragraph."""
    role = ROLE_BY_FONT.get(font, "regular")
    return escape(check_glyphs(text, role=role, context=context, field=field))


def para(
    text: str,
    style: ParagraphStyle,
    *,
    context: str,
    field: str,
    prefix_markup: str = "",
    suffix_markup: str = "",
) -> Paragraph:
    """A Paragraph of user text. ``prefix_markup`` / ``suffix_markup`` are this
    module's own markup (e.g. ``<b>Điều 1.</b> ``), never user input."""
    return Paragraph(
        prefix_markup + safe(text, font=style.fontName, context=context, field=field) + suffix_markup,
        style,
    )


class CentredRule(Flowable):
    """A short horizontal rule centred in the available width (under headings).

    The gap above clears the dots under Vietnamese letters ('ạ', 'ộ') of the line
    before, which hang ~3 pt below a paragraph's bottom edge.
    """

    def __init__(
        self, width: float, *, thickness: float = 0.6, above: float = 4.0, below: float = 2.0
    ) -> None:
        super().__init__()
        self.rule_width = width
        self.thickness = thickness
        self.above = above
        self.below = below
        self._available = width

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._available = available_width
        return available_width, self.above + self.below

    def draw(self) -> None:
        canv = self.canv
        canv.setLineWidth(self.thickness)
        left = (self._available - self.rule_width) / 2
        canv.line(left, self.below, left + self.rule_width, self.below)


def heading_table(
    *,
    left: Sequence[Flowable],
    right: Sequence[Flowable],
    width: float,
    left_share: float = 0.4,
) -> Table:
    """The two-column document header: issuing body left, national heading right."""
    table = Table(
        [[list(left), list(right)]],
        colWidths=[width * left_share, width * (1 - left_share)],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def national_heading(
    styles: Styles, *, place: str, on: date, context: str, dated: bool = True
) -> list[Flowable]:
    """National name, motto with a rule under it, and '<place>, ngày … tháng … năm …'
    (Decree 30/2020 wants the date even when no place is given)."""
    motto_width = _text_width(NATIONAL_MOTTO, styles.header_bold)
    flowables: list[Flowable] = [
        Paragraph(escape(NATIONAL_NAME), styles.header_bold),
        Paragraph(escape(NATIONAL_MOTTO), _sized(styles.header_bold, 14)),
        CentredRule(motto_width * 14 / 13),
    ]
    if dated:
        day = vietnamese_date(on)
        flowables.append(
            para(
                f"{place}, {day}" if place else day[:1].upper() + day[1:],
                _sized(styles.centre_italic, 14, space_before=4),
                context=context,
                field="place",
            )
        )
    return flowables


def restyle(style: ParagraphStyle, **changes: float) -> ParagraphStyle:
    """A variant of a style (``spaceBefore=6`` …) without touching the original."""
    return ParagraphStyle(f"{style.name}+", parent=style, **changes)


def _sized(style: ParagraphStyle, size: float, *, space_before: float = 0) -> ParagraphStyle:
    return ParagraphStyle(
        f"{style.name}_{size:g}",
        parent=style,
        fontSize=size,
        leading=size * 1.2,
        spaceBefore=space_before,
    )


def _text_width(text: str, style: ParagraphStyle) -> float:
    return stringWidth(text, style.fontName, style.fontSize)


def number_later_pages(canv: Canvas, doc: BaseDocTemplate) -> None:
    """Decree 30/2020: page numbers centred in the top margin, from the second page."""
    page = canv.getPageNumber()
    if page < 2:
        return
    canv.saveState()
    canv.setFont(font_name("regular"), 13)
    width, height = doc.pagesize
    canv.drawCentredString(width / 2, height - 12 * mm, str(page))
    canv.restoreState()

"""A decision's annex (the list of recipients) as .xlsx and .docx, laid out like the PDF's.

Offices paste it into their own reports. The rows are the ones the PDF prints
(`certificates.decision_and_minutes.decision_content`), in the same order, with the same
heading, reference line, total and amount in words.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from certificates.decision_and_minutes import decision_content
from certificates.pdf.formatting import format_vnd, vietnamese_date
from certificates.rendering import DecisionContent
from nominations.models import Decision


def annex_headers(content: DecisionContent) -> tuple[str, str, str, str]:
    """The PDF's column titles (the name column named for the recipients' kind); a
    collectives-only annex keeps its third column, for the office's own notes."""
    return ("STT", content.name_heading, content.detail_heading or "Ghi chú", "Số tiền (đồng)")


_FONT = "Times New Roman"


def annex_reference(content: DecisionContent) -> str:
    reference = f"(Kèm theo Quyết định số {content.number} {vietnamese_date(content.signed_on)}"
    if content.issuer_name:
        reference += f" của {content.issuer_name}"
    return reference + ")"


# --- .xlsx ----------------------------------------------------------------------------------------


def annex_xlsx(decision: Decision) -> bytes:
    content = decision_content(decision)
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    for letter, width in zip("ABCD", (7, 34, 52, 18), strict=True):
        sheet.column_dimensions[letter].width = width
    bold = Font(name=_FONT, bold=True, size=12)
    plain = Font(name=_FONT, size=12)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    thin = Side(style="thin")
    grid = Border(left=thin, right=thin, top=thin, bottom=thin)

    def merged_line(row: int, text: str, font: Font) -> None:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        cell = sheet.cell(row=row, column=1, value=text)
        cell.data_type = "s"
        cell.font, cell.alignment = font, centre

    merged_line(1, content.recipients_heading, bold)
    merged_line(2, annex_reference(content), Font(name=_FONT, italic=True, size=12))
    header_row = 4
    for column, title in enumerate(annex_headers(content), start=1):
        cell = sheet.cell(row=header_row, column=column, value=title)
        cell.font, cell.alignment, cell.border = bold, centre, grid
    row = header_row
    for index, recipient in enumerate(content.recipients, start=1):
        row += 1
        values = (index, recipient.name, recipient.detail, recipient.amount)
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # a name is never a formula
            cell.font, cell.border = plain, grid
            cell.alignment = Alignment(
                vertical="center", wrap_text=True, horizontal="center" if column == 1 else None
            )
        sheet.cell(row=row, column=4).number_format = "#,##0"
    row += 1
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
    total_label = sheet.cell(row=row, column=1, value="Tổng cộng")
    total_label.font, total_label.alignment = bold, centre
    total = sheet.cell(row=row, column=4, value=content.total_amount)
    total.font, total.number_format = bold, "#,##0"
    for column in range(1, 5):
        sheet.cell(row=row, column=column).border = grid
    words = sheet.cell(row=row + 2, column=1, value=f"Bằng chữ: {content.total_in_words}")
    words.data_type = "s"
    words.font = Font(name=_FONT, italic=True, size=12)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- .docx ----------------------------------------------------------------------------------------


def _paragraph(document, text: str, *, bold=False, italic=False, centre=True, size=13):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centre else WD_ALIGN_PARAGRAPH.LEFT
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    run.font.name = _FONT
    return paragraph


def _cell(cell, text: str, *, bold=False, align=WD_ALIGN_PARAGRAPH.LEFT) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(12)
    run.font.name = _FONT


def _repeat_header(row) -> None:
    # Word repeats a row marked <w:tblHeader/> on every page, as the PDF does.
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def annex_docx(decision: Decision) -> bytes:
    content = decision_content(decision)
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    _paragraph(document, content.recipients_heading, bold=True)
    _paragraph(document, annex_reference(content), italic=True)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, title in zip(table.rows[0].cells, annex_headers(content), strict=True):
        _cell(cell, title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _repeat_header(table.rows[0])
    for index, recipient in enumerate(content.recipients, start=1):
        cells = table.add_row().cells
        _cell(cells[0], str(index), align=WD_ALIGN_PARAGRAPH.CENTER)
        _cell(cells[1], recipient.name)
        _cell(cells[2], recipient.detail)
        _cell(cells[3], format_vnd(recipient.amount), align=WD_ALIGN_PARAGRAPH.RIGHT)
    cells = table.add_row().cells
    merged = cells[0].merge(cells[2])
    _cell(merged, "Tổng cộng", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _cell(cells[3], format_vnd(content.total_amount), bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    for row in table.rows:
        for cell, width in zip(row.cells, (Mm(12), Mm(55), Mm(70), Mm(28)), strict=True):
            cell.width = width
    paragraph = document.add_paragraph()
    label = paragraph.add_run("Bằng chữ: ")
    label.bold, label.italic = True, True
    words = paragraph.add_run(content.total_in_words)
    words.italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

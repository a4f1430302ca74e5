"""The award decision (Quyết định) with its annexed list of recipients, as one PDF.

Layout of Decree 30/2020/NĐ-CP (Annex I): A4 portrait, Liberation Serif 13-14 pt;
issuing body and number top left, national heading, place and date top right; the
annex on a new page as a table that breaks across pages with its header repeated.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from .documents import (
    PAGE_MARGINS_MM,
    CentredRule,
    Styles,
    heading_table,
    make_styles,
    national_heading,
    number_later_pages,
    para,
    restyle,
    safe,
)
from .errors import ContentError
from .formatting import format_vnd, vietnamese_date


@dataclass(frozen=True)
class DecisionRecipient:
    name: str
    detail: str  # position and unit
    amount: int  # đồng


@dataclass(frozen=True)
class DecisionContent:
    authority_upper: str  # 'ỦY BAN NHÂN DÂN'
    authority_lower: str  # 'TỈNH BẮC NINH'
    number: str  # '46/QĐ-UBND'
    place: str
    signed_on: date
    title: str  # 'Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh'
    legal_bases: tuple[str, ...]  # 'Căn cứ Luật Thi đua, khen thưởng …;'
    article1: str
    article2: str
    article3: str
    recipients_heading: str  # 'DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN …'
    recipients: tuple[DecisionRecipient, ...]
    total_amount: int
    total_in_words: str  # 'Bảy triệu không trăm hai mươi nghìn đồng'
    recipients_of_copies: tuple[str, ...]  # 'Nơi nhận'
    signer_title_lines: tuple[str, ...]  # ('KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH')
    signer_name: str
    # The signing authority's line above the legal bases; derived from the authority
    # when empty: 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH'.
    issuer_title: str = ""
    # Who issued it, for the annex's '(Kèm theo Quyết định số … của …)', e.g.
    # 'Chủ tịch Ủy ban nhân dân tỉnh Bắc Ninh'; omitted when empty.
    issuer_name: str = ""


def _issuer_title(content: DecisionContent) -> str:
    if content.issuer_title:
        return content.issuer_title
    return f"CHỦ TỊCH {content.authority_upper} {content.authority_lower}"


def _header(content: DecisionContent, styles: Styles, width: float, context: str) -> Table:
    authority_rule = CentredRule(22 * mm)
    left: list[Flowable] = [
        para(content.authority_upper.upper(), styles.header, context=context, field="authority_upper"),
        para(
            content.authority_lower.upper(),
            styles.header_bold,
            context=context,
            field="authority_lower",
        ),
        authority_rule,
        para(
            f"Số: {content.number}",
            restyle(styles.header, spaceBefore=4),
            context=context,
            field="number",
        ),
    ]
    right = national_heading(styles, place=content.place, on=content.signed_on, context=context)
    return heading_table(left=left, right=right, width=width, left_share=0.38)


def _body(content: DecisionContent, styles: Styles, context: str) -> list[Flowable]:
    story: list[Flowable] = [
        Spacer(0, 8 * mm),
        Paragraph("QUYẾT ĐỊNH", styles.centre_bold),
        para(content.title, styles.centre_bold, context=context, field="title"),
        CentredRule(40 * mm),
        Spacer(0, 4 * mm),
        para(
            _issuer_title(content).upper(),
            restyle(styles.centre_bold, spaceAfter=8),
            context=context,
            field="issuer_title",
        ),
    ]
    for i, basis in enumerate(content.legal_bases):
        story.append(para(basis, styles.body_italic, context=context, field=f"legal_bases[{i}]"))
    story.append(Paragraph("QUYẾT ĐỊNH:", restyle(styles.centre_bold, spaceBefore=6, spaceAfter=8)))
    for number, text in enumerate((content.article1, content.article2, content.article3), start=1):
        story.append(
            para(
                text,
                styles.body,
                context=context,
                field=f"article{number}",
                prefix_markup=f"<b>Điều {number}.</b> ",
            )
        )
    story.append(Spacer(0, 4 * mm))
    story.append(KeepTogether([_closing(content, styles, context)]))
    return story


def _closing(content: DecisionContent, styles: Styles, context: str) -> Table:
    """'Nơi nhận' bottom left, the signature block bottom right."""
    copies: list[Flowable] = [Paragraph("Nơi nhận:", styles.small_bold_italic)]
    for i, line in enumerate(content.recipients_of_copies):
        line = line.strip()
        if not line.startswith("-"):
            line = f"- {line}"  # each addressee on its own dashed line (Decree 30)
        copies.append(para(line, styles.small, context=context, field=f"recipients_of_copies[{i}]"))
    signature: list[Flowable] = [
        para(line.upper(), styles.centre_bold, context=context, field=f"signer_title_lines[{i}]")
        for i, line in enumerate(content.signer_title_lines)
    ]
    signature.append(Spacer(0, 28 * mm))  # signature and seal
    signature.append(para(content.signer_name, styles.centre_bold, context=context, field="signer_name"))
    table = Table([[copies, signature]], colWidths=[75 * mm, 90 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _annex(content: DecisionContent, styles: Styles, width: float, context: str) -> list[Flowable]:
    reference = f"(Kèm theo Quyết định số {content.number} {vietnamese_date(content.signed_on)}"
    if content.issuer_name:
        reference += f" của {content.issuer_name}"
    reference += ")"
    story: list[Flowable] = [
        PageBreak(),
        para(content.recipients_heading, styles.centre_bold, context=context, field="recipients_heading"),
        para(reference, styles.centre_italic, context=context, field="annex_reference"),
        CentredRule(40 * mm),
        Spacer(0, 4 * mm),
    ]
    rows: list[list[object]] = [
        [
            Paragraph("STT", styles.cell_bold_centre),
            Paragraph("Họ và tên", styles.cell_bold_centre),
            Paragraph("Chức vụ, đơn vị", styles.cell_bold_centre),
            Paragraph("Số tiền (đồng)", styles.cell_bold_centre),
        ]
    ]
    for index, recipient in enumerate(content.recipients, start=1):
        where = f"{context}, recipient {index}"
        rows.append(
            [
                Paragraph(str(index), styles.cell_centre),
                Paragraph(
                    safe(recipient.name, font=styles.cell.fontName, context=where, field="name"), styles.cell
                ),
                Paragraph(
                    safe(recipient.detail, font=styles.cell.fontName, context=where, field="detail"),
                    styles.cell,
                ),
                Paragraph(format_vnd(recipient.amount), styles.cell_right),
            ]
        )
    rows.append(
        [
            Paragraph("Tổng cộng", styles.cell_bold_centre),
            "",
            "",
            Paragraph(format_vnd(content.total_amount), styles.cell_bold_right),
        ]
    )
    total_row = len(rows) - 1
    table = Table(
        rows,
        colWidths=[12 * mm, 55 * mm, width - 12 * mm - 55 * mm - 28 * mm, 28 * mm],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "#000000"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("SPAN", (0, total_row), (2, total_row)),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    story.append(table)
    story.append(Spacer(0, 3 * mm))
    story.append(
        para(
            content.total_in_words,
            restyle(styles.body_italic, firstLineIndent=0),
            context=context,
            field="total_in_words",
            prefix_markup="<b>Bằng chữ:</b> ",
        )
    )
    return story


def render_decision(content: DecisionContent) -> bytes:
    """The decision and its annexed list as one PDF (A4 portrait, Decree 30/2020 layout).

    Raises ``MissingGlyphError`` / ``ContentError`` (``ValueError``s) for bad content.
    """
    if sum(r.amount for r in content.recipients) != content.total_amount:
        raise ContentError(
            f"decision {content.number}: total_amount {content.total_amount} is not the "
            f"sum of the recipients' amounts {sum(r.amount for r in content.recipients)}"
        )
    styles = make_styles(cell_size=12)
    context = f"decision {content.number}"
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        topMargin=PAGE_MARGINS_MM["top"] * mm,
        bottomMargin=PAGE_MARGINS_MM["bottom"] * mm,
        leftMargin=PAGE_MARGINS_MM["left"] * mm,
        rightMargin=PAGE_MARGINS_MM["right"] * mm,
        title=f"Quyết định số {content.number}",
        invariant=1,
        pageCompression=1,
    )
    width = doc.width
    story: list[Flowable] = [_header(content, styles, width, context)]
    story += _body(content, styles, context)
    if content.recipients:
        story += _annex(content, styles, width, context)
    doc.build(story, onFirstPage=lambda c, d: None, onLaterPages=number_later_pages)
    return buffer.getvalue()

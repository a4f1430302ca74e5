"""The award decision (Quyết định) with its annexed list of recipients, as one PDF.

Layout of Decree 30/2020/NĐ-CP (Annex I): A4 portrait, Liberation Serif 13-14 pt;
issuing body (its whole name bold: it is the issuer, not a parent body over one)
and number top left, national heading, place and date top right; the annex on a
new page as a table that breaks across pages with its header repeated. A draft
has no number and no signer's name, and "DỰ THẢO" across every page.
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

from .a4_parts import (
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
from .fonts import font_name
from .formatting import format_vnd, vietnamese_date

DRAFT_MARK = "DỰ THẢO"


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
    # 'Chủ tịch Ủy ban nhân dân tỉnh'; omitted when empty.
    issuer_name: str = ""
    # A draft: no number, no signer's name, "DỰ THẢO" drawn across every page.
    draft: bool = False
    # The annex's column titles: the name column for the recipients' kind; no
    # unit column when empty (collectives carry their unit in their name).
    name_heading: str = "Họ và tên"
    detail_heading: str = "Chức vụ, đơn vị"


def shown_number(content: DecisionContent) -> str:
    """'46/QĐ-UBND'; a draft leaves the number itself blank ('/QĐ-UBND', drawn after a gap)."""
    if not content.draft:
        return content.number
    _, slash, suffix = content.number.partition("/")
    return slash + suffix


# The blank a draft leaves for the number, as a typist would.
_NUMBER_GAP = "&nbsp;" * 12


def _issuer_title(content: DecisionContent) -> str:
    if content.issuer_title:
        return content.issuer_title
    return f"CHỦ TỊCH {content.authority_upper} {content.authority_lower}"


def _header(content: DecisionContent, styles: Styles, width: float, context: str) -> Table:
    authority_rule = CentredRule(22 * mm)
    left: list[Flowable] = [
        para(content.authority_upper.upper(), styles.header_bold, context=context, field="authority_upper"),
        para(
            content.authority_lower.upper(),
            styles.header_bold,
            context=context,
            field="authority_lower",
        ),
        authority_rule,
        para(
            shown_number(content),
            restyle(styles.header, spaceBefore=4),
            context=context,
            field="number",
            prefix_markup="Số: " + (_NUMBER_GAP if content.draft else ""),
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
    if not content.draft:
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
    reference = f"{shown_number(content)} {vietnamese_date(content.signed_on)}"
    # "của Chủ tịch …" on its own line: the phrase never breaks inside the issuer's title.
    issuer = ""
    if content.issuer_name:
        issuer = "<br/>" + safe(
            f"của {content.issuer_name}",
            font=styles.centre_italic.fontName,
            context=context,
            field="issuer_name",
        )
    story: list[Flowable] = [PageBreak()]
    # The heading breaks only where the text says ('\n': "… ĐƯỢC TẶNG" / "BẰNG KHEN CỦA …").
    for i, line in enumerate(content.recipients_heading.splitlines()):
        story.append(
            para(line.strip(), styles.centre_bold, context=context, field=f"recipients_heading[{i}]")
        )
    story += [
        para(
            reference,
            styles.centre_italic,
            context=context,
            field="annex_reference",
            prefix_markup="(Kèm theo Quyết định số " + (_NUMBER_GAP if content.draft else ""),
            suffix_markup=issuer + ")",
        ),
        CentredRule(40 * mm, above=6),
        Spacer(0, 4 * mm),
    ]
    story.append(_annex_table(content, styles, width, context))
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


def _annex_table(content: DecisionContent, styles: Styles, width: float, context: str) -> Table:
    with_detail = bool(content.detail_heading)
    headings = [
        "STT",
        content.name_heading,
        *([content.detail_heading] if with_detail else []),
        "Số tiền (đồng)",
    ]
    rows: list[list[object]] = [[Paragraph(h, styles.cell_bold_centre) for h in headings]]
    for index, recipient in enumerate(content.recipients, start=1):
        where = f"{context}, recipient {index}"
        cells: list[object] = [
            Paragraph(str(index), styles.cell_centre),
            Paragraph(
                safe(recipient.name, font=styles.cell.fontName, context=where, field="name"), styles.cell
            ),
        ]
        if with_detail:
            cells.append(
                Paragraph(
                    safe(recipient.detail, font=styles.cell.fontName, context=where, field="detail"),
                    styles.cell,
                )
            )
        cells.append(Paragraph(format_vnd(recipient.amount), styles.cell_right))
        rows.append(cells)
    blanks = [""] * (len(headings) - 2)
    rows.append(
        [
            Paragraph("Tổng cộng", styles.cell_bold_centre),
            *blanks,
            Paragraph(format_vnd(content.total_amount), styles.cell_bold_right),
        ]
    )
    total_row = len(rows) - 1
    if with_detail:
        widths = [12 * mm, 55 * mm, width - 12 * mm - 55 * mm - 30 * mm, 30 * mm]
    else:
        widths = [12 * mm, width - 12 * mm - 30 * mm, 30 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "#000000"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("SPAN", (0, total_row), (len(headings) - 2, total_row)),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def draw_draft_mark(canv, doc) -> None:
    """ "DỰ THẢO" across the page, light grey, behind nothing that must stay legible."""
    canv.saveState()
    width, height = doc.pagesize
    canv.setFillColorRGB(0.75, 0.75, 0.75)
    canv.setFont(font_name("bold"), 96)
    canv.translate(width / 2, height / 2)
    canv.rotate(45)
    canv.drawCentredString(0, -32, DRAFT_MARK)
    canv.restoreState()


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
    if content.draft:

        def first(canv, doc_):
            draw_draft_mark(canv, doc_)

        def later(canv, doc_):
            draw_draft_mark(canv, doc_)
            number_later_pages(canv, doc_)

        doc.build(story, onFirstPage=first, onLaterPages=later)
    else:
        doc.build(story, onFirstPage=lambda c, d: None, onLaterPages=number_later_pages)
    return buffer.getvalue()

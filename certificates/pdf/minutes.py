"""Minutes of a council (or standing board) review meeting, with each nominee's tally."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
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
from .formatting import vietnamese_date


@dataclass(frozen=True)
class MinutesItem:
    nominee: str
    award: str
    members: int  # members of the council (or board)
    present: int
    yes: int
    no: int
    abstain: int
    written: int  # written opinions of absent members
    recused: int
    outcome: str  # 'Đề nghị khen thưởng' / 'Không đề nghị'


@dataclass(frozen=True)
class MinutesContent:
    title: str  # 'BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG'
    session_title: str
    meeting_date: date
    place: str
    attendance: tuple[tuple[str, str], ...]  # (member, 'Có mặt' / 'Vắng mặt (…)')
    secret_ballot: bool
    items: tuple[MinutesItem, ...]
    chair_name: str
    secretary_name: str
    # Optional issuing body shown top left, e.g. ('UBND TỈNH BẮC NINH',
    # 'HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG'); the national heading is centred without it.
    organisation_lines: tuple[str, ...] = ()
    chair_title: str = "CHỦ TRÌ"
    secretary_title: str = "THƯ KÝ"


TALLY_HEADERS = (
    "STT",
    "Cá nhân, tập thể được đề nghị",
    "Hình thức khen thưởng",
    "Số thành viên",
    "Có mặt",
    "Đồng ý",
    "Không đồng ý",
    "Không biểu quyết",
    "Ý kiến bằng văn bản",
    "Không tham gia",
    "Kết quả",
)


def _heading(content: MinutesContent, styles: Styles, width: float, context: str) -> Flowable:
    right = national_heading(styles, place="", on=content.meeting_date, context=context, dated=False)
    if not content.organisation_lines:
        return heading_table(left=[], right=right, width=width, left_share=0.2)
    left: list[Flowable] = []
    last = len(content.organisation_lines) - 1
    for i, line in enumerate(content.organisation_lines):
        style = styles.header_bold if i == last else styles.header
        left.append(para(line.upper(), style, context=context, field=f"organisation_lines[{i}]"))
    left.append(CentredRule(22 * mm))
    return heading_table(left=left, right=right, width=width, left_share=0.4)


def _attendance(content: MinutesContent, styles: Styles, width: float, context: str) -> Table:
    rows: list[list[object]] = [
        [
            Paragraph("STT", styles.cell_bold_centre),
            Paragraph("Thành viên", styles.cell_bold_centre),
            Paragraph("Tham dự", styles.cell_bold_centre),
        ]
    ]
    for index, (member, status) in enumerate(content.attendance, start=1):
        where = f"{context}, member {index}"
        rows.append(
            [
                Paragraph(str(index), styles.cell_centre),
                Paragraph(
                    safe(member, font=styles.cell.fontName, context=where, field="member"), styles.cell
                ),
                Paragraph(
                    safe(status, font=styles.cell.fontName, context=where, field="status"), styles.cell
                ),
            ]
        )
    table = Table(rows, colWidths=[14 * mm, width * 0.5, width - 14 * mm - width * 0.5], repeatRows=1)
    table.setStyle(_grid())
    return table


def _grid() -> TableStyle:
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, "#000000"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
    )


def _tally(content: MinutesContent, styles: Styles, width: float, context: str) -> Table:
    header_style = restyle(styles.cell_bold_centre, fontSize=9, leading=10.5)
    cell = restyle(styles.cell, fontSize=10, leading=12)
    number = restyle(styles.cell_centre, fontSize=10, leading=12)
    rows: list[list[object]] = [[Paragraph(h, header_style) for h in TALLY_HEADERS]]
    for index, item in enumerate(content.items, start=1):
        where = f"{context}, item {index}"
        rows.append(
            [
                Paragraph(str(index), number),
                Paragraph(safe(item.nominee, font=cell.fontName, context=where, field="nominee"), cell),
                Paragraph(safe(item.award, font=cell.fontName, context=where, field="award"), cell),
                *(
                    Paragraph(str(value), number)
                    for value in (
                        item.members,
                        item.present,
                        item.yes,
                        item.no,
                        item.abstain,
                        item.written,
                        item.recused,
                    )
                ),
                Paragraph(safe(item.outcome, font=cell.fontName, context=where, field="outcome"), cell),
            ]
        )
    numeric = 12 * mm
    fixed = 9 * mm + 7 * numeric
    rest = width - fixed
    widths = [9 * mm, rest * 0.42, rest * 0.3, *([numeric] * 7), rest * 0.28]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(_grid())
    return table


def _signatures(content: MinutesContent, styles: Styles, width: float, context: str) -> Table:
    def block(title: str, name: str, field: str) -> list[Flowable]:
        return [
            para(title.upper(), styles.centre_bold, context=context, field=f"{field}_title"),
            Spacer(0, 22 * mm),
            para(name, styles.centre_bold, context=context, field=f"{field}_name"),
        ]

    table = Table(
        [
            [
                block(content.secretary_title, content.secretary_name, "secretary"),
                block(content.chair_title, content.chair_name, "chair"),
            ]
        ],
        colWidths=[width / 2, width / 2],
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def render_minutes(content: MinutesContent) -> bytes:
    """The minutes as an A4 portrait PDF: heading, attendance, tallies, signatures."""
    styles = make_styles(cell_size=12)
    context = f"minutes {content.meeting_date.isoformat()}"
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        topMargin=PAGE_MARGINS_MM["top"] * mm,
        bottomMargin=PAGE_MARGINS_MM["bottom"] * mm,
        leftMargin=25 * mm,  # the 11-column tally needs the width
        rightMargin=PAGE_MARGINS_MM["right"] * mm,
        title=content.title,
        invariant=1,
        pageCompression=1,
    )
    width = doc.width
    present = sum(1 for _, status in content.attendance if status.strip().lower().startswith("có mặt"))
    ballot = "bỏ phiếu kín" if content.secret_ballot else "biểu quyết công khai"
    story: list[Flowable] = [
        _heading(content, styles, width, context),
        Spacer(0, 8 * mm),
        para(content.title.upper(), styles.centre_bold, context=context, field="title"),
        para(content.session_title, styles.centre_bold, context=context, field="session_title"),
        Spacer(0, 4 * mm),
        para(
            f"Thời gian: {vietnamese_date(content.meeting_date)}. Địa điểm: {content.place}.",
            restyle(styles.body, firstLineIndent=0),
            context=context,
            field="place",
        ),
        Paragraph(
            f"<b>I. Thành phần tham dự:</b> {present}/{len(content.attendance)} thành viên có mặt.",
            restyle(styles.body, firstLineIndent=0),
        ),
        _attendance(content, styles, width, context),
        Spacer(0, 4 * mm),
        Paragraph(
            f"<b>II. Kết quả biểu quyết</b> (hình thức: {ballot}):",
            restyle(styles.body, firstLineIndent=0),
        ),
        _tally(content, styles, width, context),
        Spacer(0, 4 * mm),
        # The closing sentence travels with the signatures: never sign a blank page.
        KeepTogether(
            [
                Paragraph(
                    "Cuộc họp kết thúc cùng ngày. Biên bản đã được thông qua trước các thành viên dự họp.",
                    restyle(styles.body, firstLineIndent=0, spaceAfter=8),
                ),
                _signatures(content, styles, width, context),
            ]
        ),
    ]
    doc.build(story, onFirstPage=lambda c, d: None, onLaterPages=number_later_pages)
    return buffer.getvalue()

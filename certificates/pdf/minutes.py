"""Minutes of a council (or standing board) review meeting, with each nominee's tally.

Decree 30/2020 layout: A4 portrait, left margin 30 mm; the issuing body (the
council, under its parent) and the number top left, the national heading, place
and date top right; opening time, attendance with the chair and the secretary,
each item's counts with the share reached against its threshold, the closing
time, and the secretary's and chair's signatures.
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
    # '3/5 = 60,0 % < 80 % của tổng số thành viên': the threshold that applied.
    share: str = ""


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
    # 'Số: 03/BB-HĐTĐKT'; a blank number leaves the gap a typist would.
    number: str = ""
    number_suffix: str = "/BB-HĐTĐKT"
    # The place name of the heading's date line ('Bắc Ninh'); the meeting room is `place`.
    place_name: str = ""
    opened_at: str = ""  # '14 giờ 00'
    closed_at: str = ""  # '16 giờ 30'
    closed_on: date | None = None  # when not the meeting day


TALLY_HEADERS = (
    "STT",
    "Cá nhân, tập thể được đề nghị (hình thức khen thưởng)",
    "Thành viên / có mặt",
    "Đồng ý",
    "Không đồng ý",
    "Không biểu quyết",
    "Tỷ lệ đạt so với ngưỡng, kết quả",
)

_NUMBER_GAP = "&nbsp;" * 10


def _heading(content: MinutesContent, styles: Styles, width: float, context: str) -> Flowable:
    right = national_heading(styles, place=content.place_name, on=content.meeting_date, context=context)
    left: list[Flowable] = []
    last = len(content.organisation_lines) - 1
    for i, line in enumerate(content.organisation_lines):
        # The parent body regular, the issuing council bold (Decree 30/2020, Annex I).
        style = styles.header_bold if i > 0 or last == 0 else styles.header
        left.append(para(line.upper(), style, context=context, field=f"organisation_lines[{i}]"))
    if left:
        left.append(CentredRule(22 * mm))
    left.append(
        para(
            (content.number or "") + ("" if "/" in content.number else content.number_suffix),
            restyle(styles.header, spaceBefore=4),
            context=context,
            field="number",
            prefix_markup="Số: " + ("" if content.number else _NUMBER_GAP),
        )
    )
    return heading_table(left=left, right=right, width=width, left_share=0.42)


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


def _result_markup(item: MinutesItem, style, where: str) -> str:
    """'3/5 = 60,0 % < 80 % của tổng số thành viên: <b>Không đề nghị</b>', with the written opinions counted."""
    share = safe(item.share, font=style.fontName, context=where, field="share")
    outcome = safe(item.outcome, font=style.fontName, context=where, field="outcome")
    text = f"{share}: <b>{outcome}</b>" if share else f"<b>{outcome}</b>"
    if item.written:
        text += f" (trong đó {item.written} ý kiến bằng văn bản)"
    return text


def _tally(content: MinutesContent, styles: Styles, width: float, context: str) -> Table:
    header_style = restyle(styles.cell_bold_centre, fontSize=9, leading=10.5)
    cell = restyle(styles.cell, fontSize=10.5, leading=12.5)
    small = restyle(styles.cell, fontSize=10, leading=12)
    number = restyle(styles.cell_centre, fontSize=10.5, leading=12.5)
    rows: list[list[object]] = [[Paragraph(h, header_style) for h in TALLY_HEADERS]]
    for index, item in enumerate(content.items, start=1):
        where = f"{context}, item {index}"
        nominee = safe(item.nominee, font=cell.fontName, context=where, field="nominee")
        award = safe(item.award, font=cell.fontName, context=where, field="award")
        rows.append(
            [
                Paragraph(str(index), number),
                Paragraph(f"{nominee} <i>({award})</i>", cell),
                Paragraph(f"{item.members} / {item.present}", number),
                *(Paragraph(str(value), number) for value in (item.yes, item.no, item.abstain)),
                Paragraph(_result_markup(item, small, where), small),
            ]
        )
    numeric = 15 * mm
    rest = width - 9 * mm - 4 * numeric
    widths = [9 * mm, rest * 0.45, *([numeric] * 4), rest * 0.55]
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


def _opening(content: MinutesContent, styles: Styles, context: str) -> list[Flowable]:
    plain = restyle(styles.body, firstLineIndent=0)
    when = (
        f"{content.opened_at}, {vietnamese_date(content.meeting_date)}"
        if content.opened_at
        else (vietnamese_date(content.meeting_date)[:1].upper() + vietnamese_date(content.meeting_date)[1:])
    )
    return [
        para(f"Thời gian bắt đầu: {when}.", plain, context=context, field="opened_at"),
        para(f"Địa điểm: {content.place}.", plain, context=context, field="place"),
    ]


def _closing_line(content: MinutesContent) -> str:
    if not content.closed_at:
        return "Cuộc họp kết thúc cùng ngày. Biên bản đã được thông qua trước các thành viên dự họp./."
    day = (
        "cùng ngày"
        if content.closed_on in (None, content.meeting_date)
        else vietnamese_date(content.closed_on)
    )
    return (
        f"Cuộc họp kết thúc lúc {content.closed_at} {day}. "
        "Biên bản đã được thông qua trước các thành viên dự họp./."
    )


def render_minutes(content: MinutesContent) -> bytes:
    """The minutes as an A4 portrait PDF: heading, opening, attendance, tallies, closing, signatures."""
    styles = make_styles(cell_size=12)
    context = f"minutes {content.meeting_date.isoformat()}"
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        topMargin=PAGE_MARGINS_MM["top"] * mm,
        bottomMargin=PAGE_MARGINS_MM["bottom"] * mm,
        leftMargin=PAGE_MARGINS_MM["left"] * mm,  # 30 mm (Decree 30/2020: 30-35 mm)
        rightMargin=PAGE_MARGINS_MM["right"] * mm,
        title=" ".join(content.title.split()),
        invariant=1,
        pageCompression=1,
    )
    width = doc.width
    present = sum(1 for _, status in content.attendance if status.strip().lower().startswith("có mặt"))
    members = sum(
        1 for _, status in content.attendance if not status.strip().lower().startswith(("chủ trì", "thư ký"))
    )
    ballot = "bỏ phiếu kín" if content.secret_ballot else "biểu quyết công khai"
    plain = restyle(styles.body, firstLineIndent=0)
    story: list[Flowable] = [
        _heading(content, styles, width, context),
        Spacer(0, 8 * mm),
        # The title breaks only where the text says ("… THƯỜNG TRỰC" / "HỘI ĐỒNG …").
        *(
            para(line.strip().upper(), styles.centre_bold, context=context, field=f"title[{i}]")
            for i, line in enumerate(content.title.splitlines())
        ),
        para(content.session_title, styles.centre_bold, context=context, field="session_title"),
        Spacer(0, 4 * mm),
        *_opening(content, styles, context),
        Paragraph(f"<b>I. Thành phần tham dự:</b> {present}/{members} thành viên có mặt.", plain),
        _attendance(content, styles, width, context),
        Spacer(0, 4 * mm),
        Paragraph(f"<b>II. Kết quả biểu quyết</b> (hình thức: {ballot}):", plain),
        _tally(content, styles, width, context),
        Spacer(0, 4 * mm),
        # The closing sentence travels with the signatures: never sign a blank page.
        KeepTogether(
            [
                Paragraph(_closing_line(content), restyle(plain, spaceAfter=8)),
                _signatures(content, styles, width, context),
            ]
        ),
    ]
    doc.build(story, onFirstPage=lambda c, d: None, onLaterPages=number_later_pages)
    return buffer.getvalue()
